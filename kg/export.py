"""Export: serialise the graph in each format and write all outputs atomically.

Turtle, TriG, N-Triples and N-Quads come from the Oxigraph store, sorted, so the same input
gives byte-identical files; JSON-LD is compacted with kg's published context
(`ontology/context.jsonld`); GraphML (for Gephi) and the HTML view are drawn from the union."""

from __future__ import annotations

import json
import os
import tempfile
from io import BytesIO
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, URIRef

from kg.errors import KGError
from kg.graph import PREFIXES, union_graph
from kg.lexicon import ontology_dir
from kg.store import RDF_FORMATS, GraphStore
from kg.view import render_html
from kg.vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, RELATIONS

FORMATS = {  # --format name -> file name
    "ttl": "graph.ttl",
    "trig": "graph.trig",
    "nq": "graph.nq",
    "nt": "graph.nt",
    "jsonld": "graph.jsonld",
    "graphml": "graph.graphml",
    "html": "graph.html",
}
DEFAULT_FORMATS = ("ttl", "trig", "html")


def render(
    ds: Dataset, store: GraphStore, formats: tuple[str, ...], *, union: Graph | None = None
) -> dict[str, bytes]:
    """File name -> content, all in memory, so nothing is written unless all succeed.
    `union` is the merged graph if the caller has it already."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise KGError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if union is None:
        union = union_graph(ds) if {"jsonld", "graphml", "html"} & set(formats) else Graph()
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt in RDF_FORMATS:
            out[FORMATS[fmt]] = store.serialize(fmt, prefixes=prefixes)
        elif fmt == "jsonld":
            out[FORMATS[fmt]] = jsonld(union).encode("utf-8")
        elif fmt == "graphml":
            out[FORMATS[fmt]] = graphml(union)
        else:
            out[FORMATS[fmt]] = render_html(union).encode("utf-8")
    return out


def jsonld(g: Graph) -> str:
    """JSON-LD compacted with kg's context, which the document carries inline."""
    context = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads(g.serialize(format="json-ld", context=context["@context"]))
    for node in doc.get("@graph", []):  # rdflib's order follows its store: sort for diffs
        for key, val in node.items():
            if isinstance(val, list):
                node[key] = sorted(val, key=lambda v: json.dumps(v, sort_keys=True))
    doc.get("@graph", []).sort(key=lambda n: n.get("@id", ""))
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False)


def graphml(g: Graph) -> bytes:
    """People, groups, places and events as nodes; relations and roles as labelled edges."""
    net = nx.MultiDiGraph()
    kinds = {f"{KG._NS}{c}": c for c in (*ENTITY_CLASSES, *EVENT_CLASSES)}
    for node, cls in sorted(g.subject_objects(RDF.type)):
        if str(cls) in kinds and isinstance(node, URIRef):
            net.add_node(
                str(node), label=str(g.value(node, RDFS.label) or node), type=kinds[str(cls)]
            )
    for name in (*RELATIONS, "agent", "target", "place"):
        for s, o in sorted(g.subject_objects(KG[name])):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), label=name)
    buf = BytesIO()
    nx.write_graphml(net, buf)
    return buf.getvalue()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file to a temporary sibling, then rename all into place. A failure
    before the renames leaves the previous outputs as they were."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((tmp, out_dir / name))
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise KGError(
            f"cannot write to {out_dir}: {exc.strerror}; check the path and space"
        ) from exc
    mode = 0o666 & ~_umask()
    for tmp, final in staged:
        os.chmod(tmp, mode)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, final)
    return [final for _, final in staged]
