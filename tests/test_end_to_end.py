"""Build seeds/ with the real model; check key facts through SPARQL and the exports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from kg.query import load_graph

pytestmark = pytest.mark.model

PFX = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def ask(g: Graph, body: str) -> bool:
    return bool(g.query(PFX + "ASK {" + body + "}").askAnswer)


def test_spokesperson_of_asaib(seeds_graph: Graph) -> None:
    assert ask(
        seeds_graph,
        """?p rdfs:label "Mahmoud al-Rubaie" ; kg:spokespersonOf ?g .
                               ?g rdfs:label "Asa'ib Ahl al-Haq" .""",
    )


def test_one_node_per_group_whatever_the_spelling(seeds_graph: Graph) -> None:
    """Exactly one group node for Asa'ib Ahl al-Haq whatever the spelling (dictionary
    variants such as "Asaib Ahl al-Haq" are tested on hand-made records in test_resolve).
    One article's typo "Asa'ib Al al-Haq" is no longer an alias, and the NER splits it: a
    known limit."""
    rows = list(
        seeds_graph.query(
            PFX
            + """SELECT DISTINCT ?g WHERE {
        ?g a kg:Group . { ?g rdfs:label ?l } UNION { ?g skos:altLabel ?l }
        FILTER(REGEX(LCASE(STR(?l)), "asa'?ib ahl")) }"""
        )
    )
    assert len(rows) == 1


def test_pmu_aliases_merge(seeds_graph: Graph) -> None:
    """The acronym and the Arabic name of the PMU are one node with the English name."""
    rows = list(
        seeds_graph.query(
            PFX
            + """SELECT DISTINCT ?g WHERE { ?g a kg:Group .
        { ?g rdfs:label ?l } UNION { ?g skos:altLabel ?l }
        FILTER(?l = "PMU" || CONTAINS(LCASE(?l), "hashd") || CONTAINS(?l, "Mobili")) }"""
        )
    )
    assert len(rows) == 1


def test_titles_are_stripped(seeds_graph: Graph) -> None:
    assert ask(
        seeds_graph,
        '?p a kg:Person ; rdfs:label "Steve Warren" ; kg:memberOf ?a . '
        '?a rdfs:label "United States Army"',
    )
    assert not ask(seeds_graph, '?p rdfs:label ?l FILTER(STRSTARTS(?l, "Colonel"))')


def test_soleimani_killing_has_agent_target_date_and_source(seeds_graph: Graph) -> None:
    assert ask(
        seeds_graph,
        """?e a kg:Killing ; kg:agent ?us ; kg:target ?s ; kg:date ?d ;
        prov:wasDerivedFrom ?doc ; kg:evidence ?ev .
        ?us rdfs:label "United States" . ?s rdfs:label "Qassem Soleimani" . ?doc a kg:Document .
        FILTER(STRSTARTS(STR(?d), "2020-01"))""",
    )


def test_demand_who_and_spokesperson(seeds_graph: Graph) -> None:
    rows = list(
        seeds_graph.query(
            PFX
            + """SELECT DISTINCT ?group ?speaker WHERE {
        ?d a kg:Demand ; kg:agent ?g ; kg:target ?t .
        ?t rdfs:label "United States Armed Forces" . ?g rdfs:label ?group .
        OPTIONAL { ?p kg:spokespersonOf ?g ; rdfs:label ?speaker } }"""
        )
    )
    assert ("Kataib Hezbollah", "Abu Ali al-Askari") in {(str(a), str(b)) for a, b in rows}


def test_every_event_has_provenance_and_evidence(seeds_graph: Graph) -> None:
    assert ask(seeds_graph, "?e a/rdfs:subClassOf* kg:Event")  # there are events to check
    assert not ask(
        seeds_graph,
        """?e a/rdfs:subClassOf* kg:Event .
        FILTER NOT EXISTS { ?e prov:wasDerivedFrom ?d ; kg:evidence ?x }""",
    )


def _decimals_by_value(g: Graph) -> Graph:
    """The graph with each xsd:decimal in one lexical form. Oxigraph writes the XSD 1.1
    canonical form of an integral decimal ("32"), rdflib rewrites it in the XSD 1.0 form
    ("32.0"): the same value, a different term to rdflib's isomorphism."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_turtle_round_trips(seeds_build: Path) -> None:
    g1 = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    g2 = Graph().parse(data=g1.serialize(format="turtle"), format="turtle")
    assert isomorphic(_decimals_by_value(g1), _decimals_by_value(g2))
    assert len(g1) == len(g2)
    nt = Graph().parse(seeds_build / "graph.nt", format="nt")
    assert isomorphic(g1, nt)
    js = Graph().parse(seeds_build / "graph.jsonld", format="json-ld")
    assert isomorphic(g1, js)


def test_trig_has_one_named_graph_per_article(seeds_build: Path) -> None:
    ds = Dataset()
    ds.parse(seeds_build / "graph.trig", format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert len([n for n in names if "/doc/" in n]) == 5
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, Graph().parse(seeds_build / "graph.ttl", format="turtle"))
    nq = Dataset()
    nq.parse(seeds_build / "graph.nq", format="nquads")
    assert len(nq) == len(ds)


def test_fact_traced_to_its_article_in_sparql(seeds_build: Path) -> None:
    """A relation sits in the named graph of the article that states it, and only there:
    the graph's document is the one whose evidence sentence names both ends."""
    ds = Dataset()
    ds.parse(seeds_build / "graph.trig", format="trig")
    rows = list(
        ds.query(
            PFX
            + """SELECT DISTINCT ?g ?doc WHERE { GRAPH ?g {
        ?p kg:spokespersonOf ?a . ?a rdfs:label "Asa'ib Ahl al-Haq" .
        ?r kg:assertedSubject ?p ; kg:assertedObject ?a ; prov:wasDerivedFrom ?doc } }"""
        )
    )
    assert len(rows) == 1 and rows[0][0] == rows[0][1]  # graph name = the source document


def test_html_is_offline(seeds_build: Path) -> None:
    import re

    html = (seeds_build / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)\b[^>]*\b(src|href)=", html)
    assert "new VN.Network" in html and "new VT.Timeline" in html and "Qassem Soleimani" in html
    assert "Natural Earth" not in html or "topojson" in html  # the outline ships with its reader
    assert "Almende B.V." in html and "Michael Bostock" in html  # licences kept


def test_same_input_gives_byte_identical_files(seeds_build: Path, tmp_path: Path) -> None:
    from kg.pipeline import build

    formats = ("trig", "nq", "nt", "jsonld", "graphml")
    build([Path(__file__).parent.parent / "seeds"], tmp_path, formats=formats)
    for name in (
        "graph.ttl",
        "graph.trig",
        "graph.nq",
        "graph.nt",
        "graph.jsonld",
        "graph.graphml",
        "graph.html",
    ):
        assert (tmp_path / name).read_bytes() == (seeds_build / name).read_bytes(), name
    assert "_:" not in (tmp_path / "graph.nt").read_text(encoding="utf-8")  # no blank nodes


def test_load_graph_accepts_every_export(seeds_build: Path) -> None:
    sizes = {
        len(load_graph(seeds_build / f"graph.{ext}", with_ontology=False))
        for ext in ("ttl", "trig", "nt", "nq", "jsonld")
    }
    assert len(sizes) == 1


def test_every_fact_has_confidence_and_source_count(seeds_graph: Graph) -> None:
    assert ask(seeds_graph, "?r a kg:RelationAssertion")  # there are facts to check
    assert not ask(
        seeds_graph,
        """{ ?e a/rdfs:subClassOf* kg:Event } UNION { ?e a kg:RelationAssertion }
        FILTER NOT EXISTS { ?e kg:confidence ?c ; kg:sourceCount ?n
                            FILTER(?c >= 0 && ?c <= 1 && ?n >= 1) }""",
    )


def test_one_event_for_a_killing_told_by_three_articles(seeds_graph: Graph) -> None:
    rows = list(
        seeds_graph.query(
            PFX
            + """SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE {
        ?e a kg:Killing ; kg:target ?t ; prov:wasDerivedFrom ?doc .
        ?t rdfs:label "Qassem Soleimani" }
        GROUP BY ?e"""
        )
    )
    assert len(rows) == 1 and int(rows[0][1]) == 3


def test_what_a_group_demanded_and_from_whom_is_one_query(seeds_graph: Graph) -> None:
    """The example query answers what was demanded of US forces, and the content says it
    was their withdrawal."""
    rq = Path(__file__).parent.parent / "examples" / "what_demanded.rq"
    rows = {(str(r[0]), str(r[1])) for r in seeds_graph.query(rq.read_text(encoding="utf-8"))}
    assert any(
        who == "United States Armed Forces" and "withdraw" in what.lower() for who, what in rows
    ), rows
