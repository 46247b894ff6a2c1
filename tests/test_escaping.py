"""Any string an article can hold becomes a valid IRI (through name folding and minting)
or literal that round-trips through every RDF format kg writes, and that rapper (Raptor,
a second, independent parser) accepts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef

from kg.export import jsonld
from kg.names import fold
from kg.store import GraphStore
from kg.vocab import Minter, slugify

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
# RFC 3987 forbids these in an IRI; Turtle and N-Quads cannot write them unescaped
IRI_SAFE = re.compile(r'[^\x00-\x20<>"{}|^`\\]+')
# (not the empty string: rdflib's JSON-LD writer drops "" beside another value of the same
# property, and kg writes no empty literal; a name is never empty)
NAMES = st.text(min_size=1, max_size=80) | st.sampled_from(
    ['"} ; DROP ALL ; {"', "</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>",
     '"""', "\\", "\\u0022", "@prefix x: <y> .", "a\u200fb\u200dc", "🙂", "\x00\x01\x7f", "\r\n"]
)  # fmt: skip


@given(NAMES)
def test_folding_is_stable_and_plain(name: str) -> None:
    key = fold(name)
    assert fold(key) == key and key == key.strip() and "  " not in key
    assert key.isascii()


def graph_of(names: list[str]) -> GraphStore:
    minter, store = Minter("https://example.org/kg/"), GraphStore()
    quads = [
        ox.Quad(
            ox.NamedNode(str(minter.entity("Person", slugify(name)))),
            LABEL,
            ox.Literal(name),
            ox.NamedNode(str(minter.document(slugify(name) + f"-{i}"))),
        )
        for i, name in enumerate(names)
    ]
    store.replace(quads)
    return store


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=5))
def test_any_name_round_trips_through_every_format(names: list[str]) -> None:
    store = graph_of(names)
    want = set(names)
    iris = {q.subject.value for q in store.graph_quads()} | {
        q.graph_name.value for q in store.graph_quads()
    }
    assert all(IRI_SAFE.fullmatch(iri) for iri in iris), iris
    for fmt, parse in (("ttl", "turtle"), ("nt", "nt")):
        g = Graph().parse(data=store.serialize(fmt).decode("utf-8"), format=parse)
        assert {str(o) for o in g.objects()} == want, fmt
    for fmt, parse in (("trig", "trig"), ("nq", "nquads")):
        ds = Dataset()
        ds.parse(data=store.serialize(fmt).decode("utf-8"), format=parse)
        assert {str(o) for _, _, o, _ in ds.quads()} == want, fmt
    doc = jsonld(store.rdflib_graph())
    g = Graph().parse(data=doc, format="json-ld")
    assert {str(o) for o in g.objects() if isinstance(o, Literal)} == want
    assert all(isinstance(s, URIRef) for s in g.subjects())
    json.loads(doc)


RAPPER = shutil.which("rapper")


@pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed")
@settings(max_examples=40, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=8))
def test_rapper_accepts_what_kg_writes(names: list[str]) -> None:
    store = graph_of(names)
    for fmt, syntax, out, statements in (
        ("ttl", "turtle", "ntriples", len(set(names))),  # the union: each triple once
        ("nq", "nquads", "nquads", len(names)),  # each name in its own graph
        ("trig", "trig", "nquads", len(names)),
    ):
        proc = subprocess.run(
            [RAPPER, "-q", "-i", syntax, "-o", out, "-", "http://example.org/"],
            input=store.serialize(fmt), capture_output=True,
        )  # fmt: skip
        assert proc.returncode == 0, (fmt, proc.stderr.decode()[-300:])
        assert len([ln for ln in proc.stdout.splitlines() if ln.strip()]) == statements, fmt


HOSTILE = [
    '"} ; DROP ALL ; {"',
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
]


def test_kg_view_of_a_hostile_name_writes_it_only_as_text(tmp_path) -> None:  # noqa: ANN001
    """`kg view NAME` finds the entity by walking the graph (no query text is built), and
    the page holds the name escaped in its title and as JSON data, never as markup."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.vocab import KG

    g = Graph()
    minter = Minter()
    for name in HOSTILE:
        node = minter.entity("Person", slugify(name) + "-p")
        g.add((node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Person))
        g.add((node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(name)))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    for name in HOSTILE:
        out = tmp_path / "page.html"
        result = CliRunner().invoke(
            main, ["view", str(tmp_path / "graph.ttl"), name, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;" in page.split("<title>")[1].split("</title>")[0] or '"' in name
