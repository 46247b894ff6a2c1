"""The union graph as the HTML view reads it: every triple once, as plain strings, indexed
by subject and predicate, made in one pass over the store (or over an rdflib graph).

The view asks a dozen questions of each of tens of thousands of nodes. Asked of the store
one pattern at a time, through rdflib terms, the page took 9.7 s at 3,200 articles (much of
it converting terms to rdflib's); from one scan into dictionaries of strings, 4.2 s."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.oxrdf import ONTOLOGY_GRAPH, StoreGraph

__all__ = ["Facts", "Iri", "Objects", "add_object", "facts_of"]


class Iri(str):
    """An IRI among the objects (a literal is a plain str: its lexical form)."""

    __slots__ = ()


# a subject's objects under one predicate, each once, in the order the source gave them:
# a 1-tuple for the nine pairs in ten that have one (48 bytes against a dict's 184: 135 MB
# less at 1.3 million triples), a dict used as an ordered set for more
Objects = tuple[str] | dict[str, None]


@dataclass
class Facts:
    """subject -> predicate IRI -> objects (`Objects`: read them by iterating or `in`).
    IRIs are `Iri`s, literals their lexical form (str), blank nodes '_:id'."""

    by_subject: dict[str, dict[str, Objects]] = field(default_factory=dict)

    def add(self, s: str, p: str, o: str) -> None:
        add_object(self.by_subject.setdefault(s, {}), p, o)

    def about(self, s: str) -> dict[str, Objects]:
        """Every predicate of a subject, with its objects."""
        return self.by_subject.get(s, {})

    def objects(self, s: str, p: str) -> list[str]:
        return list(self.by_subject.get(s, {}).get(p, ()))

    def value(self, s: str, p: str) -> str | None:
        return next(iter(self.by_subject.get(s, {}).get(p, ())), None)

    def least(self, s: str, p: str) -> str | None:
        """The least of its values (as text): the view shows one where the graph could hold more
        (a value that differs between articles), the same whatever order they were read in."""
        return min(self.by_subject.get(s, {}).get(p, ()), default=None)

    def subject_objects(self, p: str) -> Iterator[tuple[str, str]]:
        for s, props in self.by_subject.items():
            for o in props.get(p, ()):
                yield s, o

    def subjects(self, p: str, o: str | None = None) -> list[str]:
        return [
            s for s, props in self.by_subject.items() if p in props and (o is None or o in props[p])
        ]

    def inverse(self, p: str) -> dict[str, list[str]]:
        """object -> the subjects that have it under `p` (one pass for all objects)."""
        out: dict[str, list[str]] = {}
        for s, o in self.subject_objects(p):
            out.setdefault(o, []).append(s)
        return out


def add_object(props: dict[str, Objects], p: str, o: str) -> None:
    """Add `o` to the objects of `p` among a subject's `props`, unless it is there."""
    objects = props.get(p)
    if objects is None:
        props[p] = (o,)
    elif type(objects) is tuple:
        if objects[0] != o:
            props[p] = {objects[0]: None, o: None}
    else:
        objects[o] = None


def facts_of(g: Facts | StoreGraph | Graph) -> Facts:
    """The facts of a store's union (one scan, the ontology's graph left out) or of an
    rdflib graph."""
    if isinstance(g, Facts):
        return g
    if isinstance(g, StoreGraph):
        return _scan(g.store)
    facts = Facts()
    for s, p, o in g.triples((None, None, None)):
        facts.add(_rdf_term(s), str(p), _rdf_term(o))
    return facts


def _scan(store: ox.Store) -> Facts:
    """The hot loop of a view of a large graph (680,000 quads at 3,200 articles): graph by
    graph, so the ontology's is skipped without a test per quad; each IRI made once."""
    by_subject: dict[str, dict[str, Objects]] = {}
    iris: dict[str, Iri] = {}
    named, intern = ox.NamedNode, sys.intern  # a few dozen predicates: one string each
    graphs = [g for g in store.named_graphs() if g != ONTOLOGY_GRAPH]
    for graph in [ox.DefaultGraph(), *graphs]:
        for q in store.quads_for_pattern(None, None, None, graph):
            s, o = q.subject, q.object
            if type(s) is named:
                s = s.value
                s = iris.get(s) or iris.setdefault(s, Iri(s))
            else:
                s = f"_:{s.value}"
            if type(o) is named:
                o = o.value
                o = iris.get(o) or iris.setdefault(o, Iri(o))
            else:
                o = f"_:{o.value}" if type(o) is ox.BlankNode else o.value
            props = by_subject.get(s)
            if props is None:
                props = by_subject[s] = {}
            add_object(props, intern(q.predicate.value), o)
    return Facts(by_subject)


def _rdf_term(t: Node) -> str:
    if isinstance(t, URIRef):
        return Iri(t)
    return f"_:{t}" if isinstance(t, BNode) else str(t)
