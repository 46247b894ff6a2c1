"""kg.graph on hand-made records: named graphs, provenance, assertions, literal datatypes."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Dataset, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import PROV

from kg.graph import (
    GraphBuilder,
    build_dataset,
    confidence_literal,
    date_literal,
    decimal_literal,
    event_label,
    union_graph,
)
from kg.oxrdf import to_ox
from kg.resolve import resolve
from kg.vocab import KG, Minter

from .records import BASE, KILL_A, KILL_B, LEADS_A, LEADS_B, article, corpus, dataset

DECIMAL, DATE, YEAR_MONTH, YEAR = (ns.XSD[n] for n in ("decimal", "date", "gYearMonth", "gYear"))
DOC_A, DOC_B = URIRef(f"{BASE}doc/a"), URIRef(f"{BASE}doc/b")
CORPUS = URIRef(f"{BASE}corpus")
KARIM, BRIGADE = URIRef(f"{BASE}person/karim-nadir"), URIRef(f"{BASE}group/northern-shield-brigade")


def named_graphs(ds: Dataset) -> dict[URIRef, set[tuple]]:
    out: dict[URIRef, set[tuple]] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(g, set()).add((s, p, o))
    return out


def blank_nodes(ds: Dataset) -> list:
    return [t for q in ds.quads((None, None, None, None)) for t in q if isinstance(t, BNode)]


def events(ds: Dataset) -> set[URIRef]:
    return {s for s, _, _, _ in ds.quads((None, None, None, None)) if "/event/" in str(s)}


def test_one_named_graph_per_article_named_by_its_document() -> None:
    graphs = named_graphs(dataset())
    assert set(graphs) == {DOC_A, DOC_B, CORPUS}
    for doc in (DOC_A, DOC_B):
        triples = graphs[doc]
        assert (doc, RDF.type, KG.Document) in triples
        other = DOC_B if doc == DOC_A else DOC_A
        assert not any(other in t for t in triples)  # an article's graph never names another


def test_each_event_is_derived_from_its_articles_with_evidence_there() -> None:
    ds = dataset()
    graphs = named_graphs(ds)
    found = events(ds)
    assert len(found) == 3
    for e in found:
        docs = {o for _, _, o, _ in ds.quads((e, PROV.wasDerivedFrom, None, None))}
        assert docs and docs <= {DOC_A, DOC_B}
        for doc in docs:
            assert (e, PROV.wasDerivedFrom, doc) in graphs[doc]
            assert any(p == KG.evidence for s, p, _ in graphs[doc] if s == e)
    killing = next(e for e in found if "killing" in str(e))
    assert (killing, KG.evidence, Literal(KILL_A)) in graphs[DOC_A]
    assert (killing, KG.evidence, Literal(KILL_B)) in graphs[DOC_B]
    assert (killing, KG.evidence, Literal(KILL_A)) not in graphs[DOC_B]
    assert (killing, KG.sourceCount, Literal(2)) in graphs[CORPUS]


def test_counts_and_confidences_are_in_the_corpus_graph_alone() -> None:
    """What kg concludes across articles is no article's statement: it sits in the corpus
    graph, so one more report of an event rewrites that graph, not every reporting one's."""
    graphs = named_graphs(dataset())
    aggregates = {KG.sourceCount, KG.confidence}
    assert {p for _, p, _ in graphs[CORPUS]} == aggregates
    assert not any(p in aggregates for doc in (DOC_A, DOC_B) for _, p, _ in graphs[doc])
    counted = {s for s, p, _ in graphs[CORPUS] if p == KG.sourceCount}
    stated = {s for g in (DOC_A, DOC_B) for s, p, _ in graphs[g] if p == PROV.wasDerivedFrom}
    assert counted == stated  # every event and assertion, once


def test_relation_is_stated_and_asserted_with_confidence_and_sources() -> None:
    ds = dataset()
    graphs = named_graphs(ds)
    node = next(s for s, _, _, _ in ds.quads((None, RDF.type, KG.RelationAssertion, None)))
    assert str(node).startswith(f"{BASE}assertion/")
    for doc, sentence in ((DOC_A, LEADS_A), (DOC_B, LEADS_B)):
        g = graphs[doc]
        assert (KARIM, KG.leaderOf, BRIGADE) in g
        assert {(KG.assertedSubject, KARIM), (KG.assertedProperty, KG.leaderOf)} <= {
            (p, o) for s, p, o in g if s == node
        }
        assert (node, KG.assertedObject, BRIGADE) in g
        assert (node, PROV.wasDerivedFrom, doc) in g
        assert (node, KG.evidence, Literal(sentence)) in g
    assert (node, KG.evidence, Literal(LEADS_B)) not in graphs[DOC_A]
    assert (node, KG.sourceCount, Literal(2)) in graphs[CORPUS]
    assert (node, KG.confidence, Literal("0.95", datatype=DECIMAL)) in graphs[CORPUS]


def test_no_blank_nodes() -> None:
    ds = dataset()
    assert blank_nodes(ds) == []
    ds.graph(DOC_A).add((BNode(), RDF.type, KG.Event))  # control: the check sees one
    assert len(blank_nodes(ds)) == 1


def test_dates_are_typed_by_precision() -> None:
    ds = dataset()
    dates = {str(o): o.datatype for _, _, o, _ in ds.quads((None, KG.date, None, None))}
    assert dates == {"2020-01-03": DATE, "2020-01": YEAR_MONTH, "2020": YEAR}
    assert date_literal("2020") == Literal("2020", datatype=YEAR)
    assert date_literal("2020-01") == Literal("2020-01", datatype=YEAR_MONTH)
    assert date_literal("2020-01-03") == Literal("2020-01-03", datatype=DATE)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.9, "0.9"), (0.95, "0.95"), (1.0, "1"), (0.0, "0"), (0.1234, "0.123"), (0.5, "0.5")],
)
def test_confidence_is_canonical_decimal(value: float, text: str) -> None:
    # XSD 1.1 canonical, as Oxigraph writes it: the Dataset and the exports agree
    lit = confidence_literal(value)
    assert str(lit) == text and lit.datatype == DECIMAL


@pytest.mark.parametrize("value", [0.0, 1.0, 0.9, 32.0, -97.0, 36.50240, -0.00001])
def test_decimals_are_as_oxigraph_writes_them(value: float) -> None:
    lit = decimal_literal(value, 4)
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), to_ox(lit)))
    assert next(iter(store)).object.value == str(lit)


def test_confidences_in_the_graph_are_canonical() -> None:
    ds = dataset()
    texts = {str(o) for _, _, o, _ in ds.quads((None, KG.confidence, None, None))}
    assert texts == {"0.9", "0.95", "0.96", "0.5"}
    assert all(o.datatype == DECIMAL for _, _, o, _ in ds.quads((None, KG.confidence, None, None)))


def test_event_label() -> None:
    res = resolve(corpus())
    by_cls = {e.cls: e for e in res.events}
    assert event_label(res, by_cls["Killing"]) == (
        "Killing: United States → Qassem Soleimani (2020-01-03)"
    )
    assert event_label(res, by_cls["Statement"]) == "Statement: Karim Nadir (2020-01)"
    no_agent = replace(by_cls["Attack"], agents=(), date=None)
    assert event_label(res, no_agent) == "Attack: unknown"


def test_ids_that_slug_alike_get_distinct_document_iris() -> None:
    minter = Minter(BASE)
    b = GraphBuilder(minter, ["a b", "a-b"])
    assert b.doc_iri("a b") != b.doc_iri("a-b")
    assert {b.doc_iri("a b"), b.doc_iri("a-b")} >= {URIRef(f"{BASE}doc/a-b")}
    # control: without knowing both ids, the two would collide
    bare = GraphBuilder(minter)
    assert bare.doc_iri("a b") == bare.doc_iri("a-b")
    ds = build_dataset([article("a b"), article("a-b")], resolve([]), minter)
    graphs = named_graphs(ds)
    assert len(graphs) == 2 and set(graphs) == {b.doc_iri("a b"), b.doc_iri("a-b")}
    assert {str(o) for _, _, o, _ in ds.quads((None, KG.sourceFile, None, None))} == {
        "news/a b.txt",
        "news/a-b.txt",
    }


def test_union_graph_holds_each_triple_once_with_prefixes() -> None:
    ds = dataset()
    union = union_graph(ds)
    quads = list(ds.quads((None, None, None, None)))
    assert len(union) == len({(s, p, o) for s, p, o, _ in quads}) < len(quads)
    assert (KARIM, KG.leaderOf, BRIGADE) in union
    assert dict(union.namespaces())["kg"] == URIRef(str(KG._NS))


def test_quads_for_the_store_are_the_dataset_s_quads() -> None:
    """`kg build` fills Oxigraph straight from records (build_quads); the rdflib Dataset
    (build_dataset) is the same graph, quad for quad."""
    from kg.graph import build_quads
    from kg.oxrdf import quads_of
    from kg.store import quad_key

    exs = corpus()
    res = resolve(exs)
    articles = [x.article for x in exs]
    quads = build_quads(articles, res, Minter(BASE))
    assert quads and quads == sorted(set(quads_of(build_dataset(articles, res, Minter(BASE)))),
                                     key=quad_key)  # fmt: skip
    assert len(quads) == len(set(quads))
