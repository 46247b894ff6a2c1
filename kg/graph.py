"""Graph: resolved records -> an RDF Dataset, one named graph per source article."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO
from rdflib.term import Node

from kg.models import Article, Entity
from kg.resolve import Resolution, ResolvedEvent, ResolvedRelation
from kg.store import quad_key, to_ox
from kg.vocab import GEO, KG, WD, Minter, class_iri, relation_iri, slugify, unique_slugs

PREFIXES = {
    "kg": KG._NS,
    "rdfs": RDFS._NS,
    "xsd": XSD._NS,
    "prov": PROV,
    "skos": SKOS,
    "schema": SDO,
    "owl": OWL,
    "wd": WD,
    "geo": GEO._NS,
}


def date_literal(iso: str) -> Literal:
    """'2020' -> xsd:gYear, '2020-01' -> xsd:gYearMonth, '2020-01-03' -> xsd:date."""
    dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(iso)]
    return Literal(iso, datatype=dtype)


def decimal_literal(x: float, places: int) -> Literal:
    """The XSD 1.1 canonical xsd:decimal ('0.9' not '0.900', '32' not '32.0'): the form
    Oxigraph stores and writes, so the rdflib Dataset and every export agree term for term."""
    text = f"{x:.{places}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return Literal("0" if text in {"-0", ""} else text, datatype=XSD.decimal)


def confidence_literal(c: float) -> Literal:
    return decimal_literal(c, 3)


class QuadSink:
    """Named graphs as pyoxigraph quads: rdflib terms in (each converted once), quads out,
    so a build fills the Oxigraph store without an rdflib Dataset. It offers the one
    Dataset method the builder uses, `graph(name)`."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self._terms: dict[Node, ox.Term] = {}

    def term(self, t: Node) -> ox.Term:
        found = self._terms.get(t)
        if found is None:
            found = self._terms[t] = to_ox(t)
        return found

    def graph(self, name: URIRef) -> _QuadGraph:
        return _QuadGraph(self, self.term(name))


class _QuadGraph:
    def __init__(self, sink: QuadSink, name: ox.Term) -> None:
        self.sink, self.name = sink, name

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        t = self.sink.term
        s, p, o = triple
        self.sink.quads.append(ox.Quad(t(s), t(p), t(o), self.name))


def new_dataset(minter: Minter) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    ds.bind("id", minter.base)
    return ds


class GraphBuilder:
    """Writes entities, relations and events into per-article named graphs of `target`:
    an rdflib Dataset (the default) or a QuadSink."""

    def __init__(
        self,
        minter: Minter,
        doc_ids: Iterable[str] = (),
        rels: Iterable[ResolvedRelation] = (),
        *,
        target: Dataset | QuadSink | None = None,
    ) -> None:
        self.minter = minter
        self.assertion_slugs = _assertion_slugs(rels)
        # distinct articles never share a document IRI, whatever their ids slug to
        self.doc_slugs = unique_slugs({d: slugify(d, max_len=80) for d in doc_ids})
        self.target = target if target is not None else new_dataset(minter)

    def doc_iri(self, doc_id: str) -> URIRef:
        return self.minter.document(self.doc_slugs.get(doc_id) or slugify(doc_id, max_len=80))

    def graph_for(self, doc_id: str) -> Graph | _QuadGraph:
        return self.target.graph(self.doc_iri(doc_id))

    def entity_iri(self, e: Entity) -> URIRef:
        return self.minter.entity(e.cls, e.key)

    def add_document(self, a: Article) -> None:
        g, d = self.graph_for(a.doc_id), self.doc_iri(a.doc_id)
        g.add((d, RDF.type, KG.Document))
        g.add((d, RDFS.label, Literal(a.title)))
        g.add((d, SDO.headline, Literal(a.title)))
        g.add((d, KG.sourceFile, Literal(a.path)))
        g.add((d, KG.contentHash, Literal(a.sha256)))
        if a.publisher:
            g.add((d, KG.publisher, Literal(a.publisher)))
        if a.date:
            g.add((d, SDO.datePublished, date_literal(a.date)))
        if a.url:
            g.add((d, SDO.url, URIRef(a.url)))
        if a.author:
            g.add((d, SDO.author, Literal(a.author)))

    def add_entities(self, res: Resolution, doc_id: str) -> None:
        """The entities one article names, in its graph."""
        g, d = self.graph_for(doc_id), self.doc_iri(doc_id)
        for key, forms in res.surface[doc_id].items():
            e = res.entities[key]
            node = self.entity_iri(e)
            g.add((node, RDF.type, class_iri(e.cls)))
            g.add((node, RDFS.label, Literal(e.label)))
            g.add((d, KG.mentions, node))
            for form in forms - {e.label}:
                g.add((node, SKOS.altLabel, Literal(form)))
            for alias in e.hidden_labels:  # found by search ("KH"), not shown as seen
                g.add((node, SKOS.hiddenLabel, Literal(alias)))
            if e.wikidata:
                g.add((node, OWL.sameAs, WD[e.wikidata]))
            if e.coordinates:
                lat, long = e.coordinates
                g.add((node, GEO.lat, decimal_literal(lat, 4)))  # WGS84, to ~10 m
                g.add((node, GEO.long, decimal_literal(long, 4)))

    def add_relation(self, res: Resolution, r: ResolvedRelation) -> None:
        s = self.entity_iri(res.entities[r.subject])
        o = self.entity_iri(res.entities[r.object])
        p = relation_iri(r.predicate)
        node = self.minter.assertion(self.assertion_slugs[(r.subject, r.predicate, r.object)])
        for doc_id in r.docs:
            g = self.graph_for(doc_id)
            g.add((s, p, o))
            g.add((node, RDF.type, KG.RelationAssertion))
            g.add((node, KG.assertedSubject, s))
            g.add((node, KG.assertedProperty, p))
            g.add((node, KG.assertedObject, o))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri(doc_id)))
            g.add((node, KG.sourceCount, Literal(len(r.docs))))
            g.add((node, KG.confidence, confidence_literal(r.confidence)))
            for rule in r.rules:
                g.add((node, KG.rule, Literal(rule)))
            for src, ev in r.evidence:
                if src == doc_id:  # each sentence in the graph of the article it is from
                    g.add((node, KG.evidence, Literal(ev)))

    def add_event(self, res: Resolution, e: ResolvedEvent) -> None:
        node = self.minter.event(e.key)
        for doc_id in e.docs:
            g = self.graph_for(doc_id)
            g.add((node, RDF.type, class_iri(e.cls)))
            g.add((node, RDFS.label, Literal(event_label(res, e))))
            g.add((node, PROV.wasDerivedFrom, self.doc_iri(doc_id)))
            g.add((node, KG.sourceCount, Literal(len(e.docs))))
            g.add((node, KG.confidence, confidence_literal(e.confidence)))
            if e.cameo:
                g.add((node, KG.cameoCode, Literal(e.cameo)))
            for role, keys in (("agent", e.agents), ("target", e.targets), ("place", e.places)):
                for k in keys:
                    g.add((node, KG[role], self.entity_iri(res.entities[k])))
            if e.date:
                g.add((node, KG.date, date_literal(e.date)))
            if e.date_text:
                g.add((node, KG.dateText, Literal(e.date_text)))
            for src, text in e.evidence:
                if src == doc_id:
                    g.add((node, KG.evidence, Literal(text)))
            for text in e.triggers:
                g.add((node, KG.trigger, Literal(text)))
            for text in e.content:
                g.add((node, KG.content, Literal(text)))


def _assertion_slugs(rels: Iterable[ResolvedRelation]) -> dict[tuple[str, str, str], str]:
    """One assertion IRI per relation triple, distinct even where long names are cut."""
    wanted = {
        "\x1f".join(k): slugify("-".join(k), max_len=120)
        for k in ((r.subject, r.predicate, r.object) for r in rels)
    }
    return {tuple(i.split("\x1f")): slug for i, slug in unique_slugs(wanted).items()}


def event_label(res: Resolution, e: ResolvedEvent) -> str:
    """'Killing: United States → Qassem Soleimani (2020-01-03)'."""
    agents = ", ".join(res.entities[k].label for k in e.agents) or "unknown"
    targets = ", ".join(res.entities[k].label for k in e.targets)
    text = f"{e.cls}: {agents}" + (f" → {targets}" if targets else "")
    return text + (f" ({e.date})" if e.date else "")


def _steps(
    b: GraphBuilder, articles: list[Article], res: Resolution
) -> Iterator[Callable[[], None]]:
    """The builder's work in small steps (an article, one article's entities, a relation,
    an event), so quads can be drained between them."""
    for a in articles:
        yield partial(b.add_document, a)
    for doc_id in res.surface:
        yield partial(b.add_entities, res, doc_id)
    for r in res.relations:
        yield partial(b.add_relation, res, r)
    for e in res.events:
        yield partial(b.add_event, res, e)


def _builder(
    target: Dataset | QuadSink, articles: list[Article], res: Resolution, minter: Minter
) -> GraphBuilder:
    return GraphBuilder(minter, [a.doc_id for a in articles], res.relations, target=target)


def build_dataset(articles: Iterable[Article], res: Resolution, minter: Minter) -> Dataset:
    """The graph as an rdflib Dataset (for validation, tests and library users)."""
    articles = list(articles)
    ds = new_dataset(minter)
    for step in _steps(_builder(ds, articles, res, minter), articles, res):
        step()
    return ds


def iter_quads(articles: Iterable[Article], res: Resolution, minter: Minter) -> Iterator[ox.Quad]:
    """The same graph as pyoxigraph quads, as they are made (a quad may come more than
    once; the store keeps one): what `kg build` writes, with no rdflib Dataset and no
    whole-corpus list of quads in between."""
    articles = list(articles)
    sink = QuadSink()
    for step in _steps(_builder(sink, articles, res, minter), articles, res):
        step()
        yield from sink.quads
        sink.quads.clear()


def build_quads(articles: Iterable[Article], res: Resolution, minter: Minter) -> list[ox.Quad]:
    """The graph's quads, distinct and sorted (for tests and library users)."""
    return sorted(set(iter_quads(articles, res, minter)), key=quad_key)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs as one graph (what graph.ttl holds)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
