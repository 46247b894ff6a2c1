"""Export: serialise the graph in each format and write all outputs atomically.

Turtle, TriG, N-Triples and N-Quads come from the Oxigraph store, sorted, so the same input
gives byte-identical files; JSON-LD is compacted with kg's published context
(`ontology/context.jsonld`); GraphML (for Gephi) and the HTML view are drawn from the union."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

from kg.atomic import write_atomic
from kg.errors import ConfigError
from kg.formats import DEFAULT_FORMATS, FORMAT_FILES
from kg.graph import PREFIXES
from kg.network import gexf, graphml
from kg.paths import ontology_dir
from kg.store import GraphStore, StoreGraph
from kg.view import render_html

FORMATS = FORMAT_FILES  # --format name -> file name
__all__ = ["DEFAULT_FORMATS", "FORMATS", "RENDERERS", "Sources", "render", "write_atomic"]


@dataclass(frozen=True)
class Sources:
    """What a renderer draws from: the Oxigraph store (named graphs) and its union, read
    through the rdflib Graph methods the view and GraphML use."""

    store: GraphStore
    union: StoreGraph | Graph


def _rdf(fmt: str) -> Callable[[Sources], bytes]:
    def write(src: Sources) -> bytes:
        return src.store.serialize(fmt, prefixes={p: str(ns) for p, ns in PREFIXES.items()})

    return write


def render(store: GraphStore, formats: tuple[str, ...]) -> dict[str, bytes]:
    """File name -> content, all in memory, so nothing is written unless all succeed."""
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}; choose from {', '.join(RENDERERS)}")
    src = Sources(store, store.union())
    return {FORMAT_FILES[fmt]: RENDERERS[fmt](src) for fmt in formats}


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


# --format name -> renderer; add a format here and its file name in kg/formats.py
RENDERERS: dict[str, Callable[[Sources], bytes]] = {
    "ttl": _rdf("ttl"),
    "trig": _rdf("trig"),
    "nq": _rdf("nq"),
    "nt": _rdf("nt"),
    "jsonld": lambda src: jsonld(src.store.rdflib_graph()).encode("utf-8"),
    "graphml": lambda src: graphml(src.union),
    "gexf": lambda src: gexf(src.union),
    "html": lambda src: render_html(src.union).encode("utf-8"),
}
