"""Every export format read back by a parser other than the one that wrote it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph

pytestmark = pytest.mark.model
RAPPER_SYNTAX = {
    "graph.ttl": "turtle",
    "graph.trig": "trig",
    "graph.nt": "ntriples",
    "graph.nq": "nquads",
}


def rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("rapper missing: .ci/run must install raptor2-utils")
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    return found


@pytest.mark.parametrize("name", sorted(RAPPER_SYNTAX))
def test_rapper_reads_it(seeds_build: Path, name: str) -> None:
    result = subprocess.run(
        [rapper(), "-i", RAPPER_SYNTAX[name], "-c", str(seeds_build / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "returned" in result.stderr and "error" not in result.stderr.lower()


@pytest.mark.parametrize("name", sorted(RAPPER_SYNTAX))
def test_oxigraph_reads_it(seeds_build: Path, name: str) -> None:
    fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
    items = list(ox.parse(path=str(seeds_build / name), format=fmt))
    triples = {(str(q.subject), str(q.predicate), str(q.object)) for q in items}
    ttl = {
        (str(t.subject), str(t.predicate), str(t.object))
        for t in ox.parse(path=str(seeds_build / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    }
    assert triples == ttl


def test_jsonld_has_the_published_context(seeds_build: Path) -> None:
    doc = json.loads((seeds_build / "graph.jsonld").read_text(encoding="utf-8"))
    published = json.loads(
        (Path(__file__).parent.parent / "ontology" / "context.jsonld").read_text(encoding="utf-8")
    )
    assert doc["@context"] == published["@context"]
    g = Graph().parse(seeds_build / "graph.jsonld", format="json-ld")
    assert len(g) == len(Graph().parse(seeds_build / "graph.ttl", format="turtle"))


def test_graphml_for_gephi(seeds_build: Path, seeds_graph: Graph) -> None:
    net = nx.read_graphml(seeds_build / "graph.graphml")
    types = {d["class"] for _, d in net.nodes(data=True)}
    assert {"Person", "Group", "Place", "Killing", "Demand"} <= types
    labels = {d["label"] for _, d in net.nodes(data=True)}
    assert "Qassem Soleimani" in labels
    assert {d["label"] for *_, d in net.edges(data=True)} >= {"agent", "target", "leaderOf"}
