"""Graph: resolved records -> an RDF Dataset, one named graph per source article."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from functools import lru_cache, partial

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO
from rdflib.term import Node

from kg.models import Article, Entity
from kg.nquads import LineGraph, LineSink, NTerms
from kg.resolve import Resolution, ResolvedEvent, ResolvedRelation
from kg.store import quad_key
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


_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def date_literal(iso: str) -> Literal:
    """'2020' -> xsd:gYear, '2020-01' -> xsd:gYearMonth, '2020-01-03' -> xsd:date."""
    return Literal(iso, datatype=_DATE_TYPES[len(iso)])


@lru_cache(maxsize=1 << 16)  # confidences and coordinates: few values, written often
def decimal_text(x: float, places: int) -> str:
    """The XSD 1.1 canonical xsd:decimal ('0.9' not '0.900', '32' not '32.0'): the form
    Oxigraph stores and writes, so the rdflib Dataset and every export agree term for term."""
    text = f"{x:.{places}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in {"-0", ""} else text


def decimal_literal(x: float, places: int) -> Literal:
    return Literal(decimal_text(x, places), datatype=XSD.decimal)


def confidence_literal(c: float) -> Literal:
    return decimal_literal(c, 3)


class RdfTerms:
    """How the builder spells IRIs and literals for an rdflib Dataset."""

    iri = staticmethod(URIRef)
    text = staticmethod(Literal)

    @staticmethod
    def typed(value: str, datatype: URIRef) -> Literal:
        return Literal(value, datatype=datatype)


def new_dataset(minter: Minter) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    ds.bind("id", minter.base)
    return ds


class _V:
    """The vocabulary terms the builder writes, each made once: a namespace attribute is a
    new URIRef at every access, and a build writes them millions of times."""

    Document = KG.Document
    RelationAssertion = KG.RelationAssertion
    agent = KG.agent
    altLabel = SKOS.altLabel
    assertedObject = KG.assertedObject
    assertedProperty = KG.assertedProperty
    assertedSubject = KG.assertedSubject
    author = SDO.author
    cameoCode = KG.cameoCode
    confidence = KG.confidence
    content = KG.content
    contentHash = KG.contentHash
    date = KG.date
    datePublished = SDO.datePublished
    dateText = KG.dateText
    evidence = KG.evidence
    headline = SDO.headline
    hiddenLabel = SKOS.hiddenLabel
    label = RDFS.label
    lat = GEO.lat
    long = GEO.long
    mentions = KG.mentions
    place = KG.place
    publisher = KG.publisher
    rule = KG.rule
    sameAs = OWL.sameAs
    sourceCount = KG.sourceCount
    sourceFile = KG.sourceFile
    target = KG.target
    trigger = KG.trigger
    type = RDF.type
    url = SDO.url
    wasDerivedFrom = PROV.wasDerivedFrom


class GraphBuilder:
    """Writes entities, relations and events into per-article named graphs of `target`:
    an rdflib Dataset (the default) or a LineSink (N-Quads text)."""

    def __init__(
        self,
        minter: Minter,
        doc_ids: Iterable[str] = (),
        rels: Iterable[ResolvedRelation] = (),
        *,
        target: Dataset | LineSink | None = None,
    ) -> None:
        self.minter = minter
        self.assertion_slugs = _assertion_slugs(rels)
        # distinct articles never share a document IRI, whatever their ids slug to
        self.doc_slugs = unique_slugs({d: slugify(d, max_len=80) for d in doc_ids})
        self.target = target if target is not None else new_dataset(minter)
        self.terms = NTerms if isinstance(self.target, LineSink) else RdfTerms
        self._corpus: Graph | LineGraph | None = None  # made at its first fact
        # each IRI made once: the quad sink then finds it by identity, not by comparison
        self._docs: dict[str, URIRef] = {}
        self._entities: dict[str, URIRef] = {}
        self._classes: dict[str, URIRef] = {}

    def doc_iri(self, doc_id: str) -> URIRef:
        found = self._docs.get(doc_id)
        if found is None:
            slug = self.doc_slugs.get(doc_id) or slugify(doc_id, max_len=80)
            found = self._docs[doc_id] = self.minter.document(slug)
        return found

    def graph_for(self, doc_id: str) -> Graph | LineGraph:
        return self.target.graph(self.doc_iri(doc_id))

    def entity_iri(self, e: Entity) -> URIRef:
        found = self._entities.get(e.key)
        if found is None:
            found = self._entities[e.key] = self.minter.entity(e.cls, e.key)
        return found

    def assertion_iri(self, r: ResolvedRelation) -> URIRef:
        return self.minter.assertion(self.assertion_slugs[(r.subject, r.predicate, r.object)])

    def class_iri(self, name: str) -> URIRef:
        found = self._classes.get(name)
        if found is None:
            found = self._classes[name] = class_iri(name)
        return found

    def add_document(self, a: Article) -> None:
        g, d, t = self.graph_for(a.doc_id), self.doc_iri(a.doc_id), self.terms
        g.add((d, _V.type, _V.Document))
        g.add((d, _V.label, t.text(a.title)))
        g.add((d, _V.headline, t.text(a.title)))
        g.add((d, _V.sourceFile, t.text(a.path)))
        g.add((d, _V.contentHash, t.text(a.sha256)))
        if a.publisher:
            g.add((d, _V.publisher, t.text(a.publisher)))
        if a.date:
            g.add((d, _V.datePublished, self.date(a.date)))
        if a.url:
            g.add((d, _V.url, t.iri(a.url)))
        if a.author:
            g.add((d, _V.author, t.text(a.author)))

    def date(self, iso: str) -> Node | str:
        return self.terms.typed(iso, _DATE_TYPES[len(iso)])

    def decimal(self, x: float, places: int) -> Node | str:
        return self.terms.typed(decimal_text(x, places), XSD.decimal)

    def count(self, n: int) -> Node | str:
        return self.terms.typed(str(n), XSD.integer)

    def add_entities(self, res: Resolution, doc_id: str) -> None:
        """The entities one article names, in its graph."""
        g, d, t = self.graph_for(doc_id), self.doc_iri(doc_id), self.terms
        for key, forms in res.surface[doc_id].items():
            e = res.entities[key]
            node = self.entity_iri(e)
            g.add((node, _V.type, self.class_iri(e.cls)))
            g.add((node, _V.label, t.text(e.label)))
            g.add((d, _V.mentions, node))
            for form in forms - {e.label}:
                g.add((node, _V.altLabel, t.text(form)))
            for alias in e.hidden_labels:  # found by search ("KH"), not shown as seen
                g.add((node, _V.hiddenLabel, t.text(alias)))
            if e.wikidata:
                g.add((node, _V.sameAs, WD[e.wikidata]))
            if e.coordinates:
                lat, long = e.coordinates
                g.add((node, _V.lat, self.decimal(lat, 4)))  # WGS84, to ~10 m
                g.add((node, _V.long, self.decimal(long, 4)))

    def add_relation(self, res: Resolution, r: ResolvedRelation) -> None:
        s = self.entity_iri(res.entities[r.subject])
        o = self.entity_iri(res.entities[r.object])
        p = relation_iri(r.predicate)
        node = self.assertion_iri(r)
        t = self.terms
        shared = [
            (_V.type, _V.RelationAssertion),
            (_V.assertedSubject, s),
            (_V.assertedProperty, p),
            (_V.assertedObject, o),
            *((_V.rule, t.text(rule)) for rule in r.rules),
        ]
        for doc_id in r.docs:
            g = self.graph_for(doc_id)
            g.add((s, p, o))
            self._add_about(g, node, doc_id, shared, r.evidence)

    def _add_about(
        self,
        g: Graph | LineGraph,
        node: URIRef,
        doc_id: str,
        shared: list[tuple[Node, Node | str]],
        evidence: Iterable[tuple[str, str]],
    ) -> None:
        """What every article's graph says of an assertion or event (`shared`), its source,
        and the evidence sentences taken from that article."""
        for p, o in shared:
            g.add((node, p, o))
        g.add((node, _V.wasDerivedFrom, self.doc_iri(doc_id)))
        for src, text in evidence:
            if src == doc_id:  # each sentence in the graph of the article it is from
                g.add((node, _V.evidence, self.terms.text(text)))

    def add_event(self, res: Resolution, e: ResolvedEvent) -> None:
        t = self.terms
        shared = [
            (_V.type, self.class_iri(e.cls)),
            (_V.label, t.text(event_label(res, e))),
        ]
        if e.cameo:
            shared.append((_V.cameoCode, t.text(e.cameo)))
        for role, keys in ((_V.agent, e.agents), (_V.target, e.targets), (_V.place, e.places)):
            shared += ((role, self.entity_iri(res.entities[k])) for k in keys)
        if e.date:
            shared.append((_V.date, self.date(e.date)))
        if e.date_text:
            shared.append((_V.dateText, t.text(e.date_text)))
        shared += ((_V.trigger, t.text(text)) for text in e.triggers)
        shared += ((_V.content, t.text(text)) for text in e.content)
        node = self.minter.event(e.key)
        for doc_id in e.docs:
            self._add_about(self.graph_for(doc_id), node, doc_id, shared, e.evidence)

    def add_support(self, node: URIRef, docs: int, confidence: float) -> None:
        """How many articles report an event or assertion, and how sure kg is of it, in
        the corpus graph: these change with every article that reports it, so in each
        reporting article's graph they would make one more report rewrite them all."""
        if self._corpus is None:
            self._corpus = self.target.graph(self.minter.corpus())
        self._corpus.add((node, _V.sourceCount, self.count(docs)))
        self._corpus.add((node, _V.confidence, self.decimal(confidence, 3)))

    def add_relation_support(self, r: ResolvedRelation) -> None:
        self.add_support(self.assertion_iri(r), len(r.docs), r.confidence)

    def add_event_support(self, e: ResolvedEvent) -> None:
        self.add_support(self.minter.event(e.key), len(e.docs), e.confidence)


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
    b: GraphBuilder, articles: list[Article], res: Resolution, *, only: Collection[str] | None
) -> Iterator[Callable[[], None]]:
    """The builder's work in small steps (an article, one article's entities, a relation,
    an event), so lines can be drained between them; with `only` (graph IRIs), just the
    steps that write into one of those graphs."""

    def wanted(docs: Iterable[str]) -> bool:
        return only is None or any(str(b.doc_iri(d)) in only for d in docs)

    corpus = only is None or str(b.minter.corpus()) in only

    for a in articles:
        if wanted((a.doc_id,)):
            yield partial(b.add_document, a)
    for doc_id in res.surface:
        if wanted((doc_id,)):
            yield partial(b.add_entities, res, doc_id)
    for r in res.relations:
        if wanted(r.docs):
            yield partial(b.add_relation, res, r)
        if corpus:
            yield partial(b.add_relation_support, r)
    for e in res.events:
        if wanted(e.docs):
            yield partial(b.add_event, res, e)
        if corpus:
            yield partial(b.add_event_support, e)


def _builder(
    target: Dataset | LineSink, articles: list[Article], res: Resolution, minter: Minter
) -> GraphBuilder:
    return GraphBuilder(minter, [a.doc_id for a in articles], res.relations, target=target)


def build_dataset(articles: Iterable[Article], res: Resolution, minter: Minter) -> Dataset:
    """The graph as an rdflib Dataset (for validation, tests and library users)."""
    articles = list(articles)
    ds = new_dataset(minter)
    for step in _steps(_builder(ds, articles, res, minter), articles, res, only=None):
        step()
    return ds


def iter_nquads(
    articles: Iterable[Article],
    res: Resolution,
    minter: Minter,
    *,
    only: Collection[str] | None = None,
    digests: dict[str, str] | None = None,
) -> Iterator[str]:
    """The same graph as N-Quads lines, as they are made (a line may come more than once;
    the store keeps one quad): what `kg build` loads into Oxigraph, with no rdflib Dataset
    and no whole-corpus list in between. `only` (graph IRIs) keeps the lines of those
    article graphs alone; `digests` receives a digest of every article graph's lines (graph
    IRI -> hex) once the lines are all read."""
    articles = list(articles)
    sink = LineSink(keep=only, digests=digests)
    b = _builder(sink, articles, res, minter)
    for step in _steps(b, articles, res, only=None if digests is not None else only):
        step()
        sink.settle()
        yield from sink.lines
        sink.lines.clear()
    sink.hexdigests()


def build_quads(articles: Iterable[Article], res: Resolution, minter: Minter) -> list[ox.Quad]:
    """The graph's quads, distinct and sorted (for tests and library users)."""
    text = "".join(iter_nquads(articles, res, minter))
    return sorted(set(ox.parse(text, format=ox.RdfFormat.N_QUADS)), key=quad_key)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs as one graph (what graph.ttl holds)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
