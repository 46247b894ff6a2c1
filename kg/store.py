"""The graph store: an Oxigraph store (pyoxigraph), in memory or on disk, and fast,
deterministic RDF I/O. rdflib builds and validates; Oxigraph keeps, queries and serialises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError

# --format name -> Oxigraph format, and whether it holds named graphs
RDF_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
}


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise GraphError(f"cannot store RDF term {term!r}")


def quads_of(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of an rdflib Dataset; the default graph stays the default graph."""
    default = ds.default_graph.identifier
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g is None or g == default else to_ox(g)
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def _key(q: ox.Quad | ox.Triple) -> tuple[str, ...]:
    graph = str(q.graph_name) if isinstance(q, ox.Quad) else ""
    return (graph, str(q.subject), str(q.predicate), str(q.object))


def _sorted_prefixes(data: bytes) -> bytes:
    """The @prefix block in a fixed order (Oxigraph writes it in its map's order)."""
    lines = data.split(b"\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")), len(lines))
    return b"\n".join(sorted(lines[:n]) + lines[n:])


class GraphStore:
    """kg's graph: an Oxigraph store in memory (default) or in a folder (`--store DIR`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            self.store = ox.Store(str(path)) if path else ox.Store()
        except OSError as exc:
            raise GraphError(f"cannot open store {path}: {exc}; is another kg using it?") from exc
        self.path = path

    def replace(self, quads: Iterable[ox.Quad]) -> int:
        """Make the store hold exactly these quads; returns how many."""
        quads = list(quads)
        self.store.clear()
        self.store.bulk_extend(quads)
        if self.path:
            self.store.flush()
        return len(quads)

    def sorted_quads(self) -> list[ox.Quad]:
        return sorted(self.store.quads_for_pattern(None, None, None, None), key=_key)

    def sorted_triples(self) -> list[ox.Triple]:
        """The union of all graphs, each triple once, sorted."""
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.store}
        return sorted(triples, key=_key)

    def serialize(self, fmt: str, *, prefixes: dict[str, str] | None = None) -> bytes:
        """Turtle, TriG, N-Triples or N-Quads, byte-identical for the same content."""
        rdf_format, quads = RDF_FORMATS[fmt]
        items = self.sorted_quads() if quads else self.sorted_triples()
        if fmt in {"nt", "nq"}:
            prefixes = None  # line formats have no prefixes
        data = ox.serialize(items, format=rdf_format, prefixes=prefixes)
        return _sorted_prefixes(data)
