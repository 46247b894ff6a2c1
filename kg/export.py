"""Export: serialise the graph in each format and write all outputs atomically.

Turtle, TriG, N-Triples and N-Quads are streamed from the Oxigraph store, sorted, so the
same input gives byte-identical files; JSON-LD is compacted with kg's published context
(`ontology/context.jsonld`); GraphML (for Gephi) and the HTML view are drawn from the union."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import BinaryIO

from rdflib import Graph

from kg.atomic import Content, write_atomic
from kg.errors import ConfigError
from kg.facts import Facts, facts_of
from kg.formats import DEFAULT_FORMATS, FORMAT_FILES
from kg.graph import PREFIXES
from kg.network import gexf, graphml
from kg.oxrdf import StoreGraph
from kg.paths import ontology_dir
from kg.store import GraphStore
from kg.view import render_html

FORMATS = FORMAT_FILES  # --format name -> file name
__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "RENDERERS",
    "Sources",
    "render",
    "write_atomic",
    "writers",
]


@dataclass(frozen=True)
class Sources:
    """What a renderer draws from: the Oxigraph store (named graphs) and its union, read
    through the rdflib Graph methods GraphML uses, or scanned once into `facts` (the view)."""

    store: GraphStore
    union: StoreGraph | Graph

    @cached_property
    def facts(self) -> Facts:
        """The union as the HTML view reads it: scanned once for the page and every
        entity page drawn with it."""
        return facts_of(self.union)

    def forget_facts(self) -> None:
        """Let the scan go once what needs it is drawn (the largest thing a render holds:
        ~155 MB at 3,200 articles); asked again, it is made again."""
        self.__dict__.pop("facts", None)


# a renderer writes one file from the sources into a seekable binary file
Renderer = Callable[[Sources, BinaryIO], None]


def _rdf(fmt: str) -> Renderer:
    def write(src: Sources, out: BinaryIO) -> None:
        src.store.write(fmt, out, prefixes={p: str(ns) for p, ns in PREFIXES.items()})

    return write


def _text(draw: Callable[[Sources], str | bytes]) -> Renderer:
    def write(src: Sources, out: BinaryIO) -> None:
        data = draw(src)
        out.write(data.encode("utf-8") if isinstance(data, str) else data)

    return write


def writers(
    store: GraphStore, formats: tuple[str, ...], *, src: Sources | None = None
) -> dict[str, Content]:
    """File name -> a function that writes it (see `kg.atomic.write_atomic`): each file is
    made while it is written, so no two are held in memory at once. `src`: sources the
    caller draws other pages from too (default: the store's)."""
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}; choose from {', '.join(RENDERERS)}")
    src = src or Sources(store, store.union())
    return {FORMAT_FILES[fmt]: partial(RENDERERS[fmt], src) for fmt in formats}


def render(store: GraphStore, formats: tuple[str, ...]) -> dict[str, bytes]:
    """File name -> content, in memory (for small graphs and tests)."""
    files: dict[str, bytes] = {}
    for name, write in writers(store, formats).items():
        buf = io.BytesIO()
        write(buf)  # type: ignore[operator]
        files[name] = buf.getvalue()
    return files


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
RENDERERS: dict[str, Renderer] = {
    "ttl": _rdf("ttl"),
    "trig": _rdf("trig"),
    "nq": _rdf("nq"),
    "nt": _rdf("nt"),
    "jsonld": _text(lambda src: jsonld(src.store.rdflib_graph())),
    "graphml": _text(lambda src: graphml(src.union)),
    "gexf": _text(lambda src: gexf(src.union)),
    "html": _text(lambda src: render_html(src.facts)),
}
