"""Oxigraph and rdflib side by side: terms converted both ways, and a store's union read
through the rdflib `Graph` methods kg's renderers use."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError
from kg.schema import NS

# the named graph that holds the ontology in a store, so `rdfs:subClassOf*` works in SPARQL
# on the store (`kg serve --store`); never part of an export
ONTOLOGY_GRAPH = ox.NamedNode(NS.rstrip("#"))


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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        return Literal(term.value, datatype=None if dtype == _XSD_STRING else URIRef(dtype))
    return BNode(term.value)


def quads_of(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of an rdflib Dataset; the default graph stays the default graph."""
    default = ds.default_graph.identifier
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g is None or g == default else to_ox(g)
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


class StoreGraph:
    """The union of a store's named graphs, read through the few rdflib `Graph` methods
    the HTML view and GraphML use (rdflib terms in and out), so they draw from the store
    without a second, whole-corpus copy of the graph in rdflib. IRIs are converted once
    each (a view asks of each node a dozen times), and each method converts only the
    terms it returns."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._to: dict[Node, ox.Term] = {}
        self._from: dict[ox.NamedNode, URIRef] = {}

    def _ox(self, term: Node | None) -> ox.Term | None:
        if term is None:
            return None
        found = self._to.get(term)
        if found is None:
            found = to_ox(term)
            if isinstance(term, URIRef):
                self._to[term] = found
        return found

    def _rdf(self, term: ox.Term) -> Node:
        if isinstance(term, ox.NamedNode):
            found = self._from.get(term)
            if found is None:
                found = self._from[term] = URIRef(term.value)
            return found
        return from_ox(term)

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[ox.Quad]:
        quads = self.store.quads_for_pattern(self._ox(s), self._ox(p), self._ox(o), None)
        return (q for q in quads if q.graph_name != ONTOLOGY_GRAPH)

    def triples(self, pattern: tuple) -> Iterator[tuple[Node, Node, Node]]:
        seen = set()
        for q in self._quads(*pattern):
            t = (q.subject, q.predicate, q.object)
            if t not in seen:
                seen.add(t)
                yield self._rdf(q.subject), self._rdf(q.predicate), self._rdf(q.object)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        seen = set()
        for q in self._quads(subject, predicate, None):
            if q.object not in seen:
                seen.add(q.object)
                yield self._rdf(q.object)

    def subjects(self, predicate: Node, obj: Node | None = None) -> Iterator[Node]:
        seen = set()
        for q in self._quads(None, predicate, obj):
            if q.subject not in seen:
                seen.add(q.subject)
                yield self._rdf(q.subject)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return ((s, o) for s, _, o in self.triples((None, predicate, None)))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((p, o) for _, p, o in self.triples((subject, None, None)))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)
