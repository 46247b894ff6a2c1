"""kg.query on a small hand-written TriG file: per-article graphs, union default, ontology."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import GraphError, KGError, QueryError
from kg.query import Answer, open_store, read_query, run_query, uses_named_graphs
from kg.results import format_result

PFX = "PREFIX kg: <https://w3id.org/kg-news/ontology#>\nPREFIX ex: <http://example.org/>\n"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
TRIG = """@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:doc1 {
  ex:soleimani a kg:Person ; rdfs:label "Qassem Soleimani" .
  ex:e1 a kg:Killing ; kg:target ex:soleimani ; rdfs:label "Killing, with a comma" .
}
ex:doc2 {
  ex:soleimani a kg:Person ; rdfs:label "Qassem Soleimani" .
  ex:kh a kg:Group ; rdfs:label "Kataib Hezbollah" .
}
"""


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "graph.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.fixture
def store(trig: Path) -> ox.Store:
    return open_store(trig)


def ask(store: ox.Store, body: str) -> bool:
    answer = run_query(store, PFX + RDFS + f"ASK {{ {body} }}")
    assert answer.kind == "ask"
    return bool(answer.boolean)


def test_select_rows(store: ox.Store) -> None:
    q = PFX + RDFS + "SELECT ?n WHERE { ?x a kg:Person ; rdfs:label ?n }"
    answer = run_query(store, q)
    assert answer.kind == "select" and answer.columns == ("n",)
    assert answer.rows == (("Qassem Soleimani",),)  # one row: the union holds it once


def test_ask(store: ox.Store) -> None:
    assert ask(store, "ex:e1 kg:target ex:soleimani")
    assert not ask(store, "ex:kh kg:target ex:soleimani")


def test_construct(store: ox.Store) -> None:
    answer = run_query(store, PFX + "CONSTRUCT { ?t a ex:Victim } WHERE { ?e kg:target ?t }")
    soleimani = ox.NamedNode("http://example.org/soleimani")
    victim = ox.NamedNode("http://example.org/Victim")
    assert answer.kind == "graph"
    assert answer.triples == (ox.Triple(soleimani, RDF_TYPE, victim),)


def test_graph_queries_see_each_article(store: ox.Store) -> None:
    q = PFX + "SELECT ?g WHERE { GRAPH ?g { ?x a kg:Person } } ORDER BY ?g"
    rows = run_query(store, q).rows
    assert rows == (("http://example.org/doc1",), ("http://example.org/doc2",))
    assert ask(store, "GRAPH ex:doc2 { ex:kh a kg:Group }")
    assert not ask(store, "GRAPH ex:doc1 { ex:kh a kg:Group }")


def test_default_graph_is_the_union_each_triple_once(trig: Path) -> None:
    store = open_store(trig, with_ontology=False)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(store, count).rows == (("7",),)  # 5 + 4, the shared two once
    quads = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert run_query(store, quads).rows == (("9",),)  # control: the shared two, twice


def test_subclass_paths_use_the_ontology(trig: Path, store: ox.Store) -> None:
    path = "?e a/rdfs:subClassOf* kg:Attack"
    answer = run_query(store, PFX + RDFS + f"SELECT ?e WHERE {{ {path} }}")
    assert answer.rows == (("http://example.org/e1",),)
    assert not ask(open_store(trig, with_ontology=False), path)  # control: no ontology, no path


def test_invalid_sparql_is_a_one_line_query_error(store: ox.Store) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL") as err:
        run_query(store, "SELEC ?x WHERE { ?x ?p ?o ")
    assert isinstance(err.value, KGError) and "\n" not in str(err.value)


def test_missing_or_unknown_graph_file_is_a_graph_error(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="does not exist"):
        open_store(tmp_path / "none.trig")
    odd = tmp_path / "graph.xyz"
    odd.write_text(TRIG, encoding="utf-8")
    with pytest.raises(GraphError, match="cannot tell the RDF format"):
        open_store(odd)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(GraphError, match="not valid turtle"):
        open_store(bad)


def test_format_select_as_table_csv_json(store: ox.Store) -> None:
    where = '?x rdfs:label ?n FILTER(STRSTARTS(STR(?x), "http://example.org/"))'
    q = PFX + RDFS + f"SELECT ?x ?n WHERE {{ {where} }} ORDER BY ?x"
    answer = run_query(store, q)
    table = format_result(answer).splitlines()
    assert [c.strip() for c in table[0].split(" | ")] == ["x", "n"]
    assert table[0].index("|") == table[2].index("|") == len("http://example.org/soleimani") + 1
    assert set(table[1]) == {"-", "+"} and table[-1] == "(3 rows)"
    assert table[2].split(" | ") == ["http://example.org/e1".ljust(28), "Killing, with a comma"]
    csv = format_result(answer, "csv").splitlines()
    assert csv[0] == "x,n" and csv[1] == 'http://example.org/e1,"Killing, with a comma"'
    data = json.loads(format_result(answer, "json"))  # W3C SPARQL 1.1 results JSON
    assert data["head"] == {"vars": ["x", "n"]}
    assert data["results"]["bindings"][2] == {
        "x": {"type": "uri", "value": "http://example.org/soleimani"},
        "n": {"type": "literal", "value": "Qassem Soleimani"},
    }
    tsv = format_result(answer, "tsv").splitlines()
    assert tsv[0] == "?x\t?n" and tsv[1] == '<http://example.org/e1>\t"Killing, with a comma"'
    xml = format_result(answer, "xml")
    assert (
        xml.startswith("<?xml")
        and "sparql-results#" in xml
        and "<uri>http://example.org/kh</uri>" in xml
    )


def test_format_ask_and_construct(store: ox.Store) -> None:
    yes = run_query(store, PFX + "ASK { ex:kh a kg:Group }")
    assert format_result(yes) == "yes" and json.loads(format_result(yes, "json")) == {
        "head": {},
        "boolean": True,
    }
    no = run_query(store, PFX + "ASK { ex:kh a kg:Person }")
    assert format_result(no) == "no"
    graph = run_query(store, PFX + "CONSTRUCT { ?x a kg:Group } WHERE { ?x a kg:Group }")
    triples = list(ox.parse(format_result(graph).encode(), format=ox.RdfFormat.TURTLE))
    assert [str(q.subject) for q in triples] == ["<http://example.org/kh>"]


def test_read_query_from_text_or_rq_file(tmp_path: Path) -> None:
    assert read_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert read_query(str(rq)) == "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError, match="does not exist"):
        read_query(str(tmp_path / "missing.rq"))
    other = tmp_path / "q.txt"
    other.write_text("ASK {}", encoding="utf-8")
    assert read_query(str(other)) == "ASK {}"  # any extension
    assert read_query("-", stdin="ASK {}") == "ASK {}"
    with pytest.raises(QueryError, match="no query on standard input"):
        read_query("-", stdin="  \n")


def test_without_named_graphs_the_union_answers_alone(trig: Path) -> None:
    union = open_store(trig, named_graphs=False)
    assert not list(union.named_graphs())
    q = PFX + RDFS + "SELECT ?n WHERE { ?x a kg:Person ; rdfs:label ?n }"
    assert run_query(union, q) == run_query(open_store(trig), q)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * from named <http://x> { graph ?g { ?s ?p ?o } }", True),
        ("PREFIX kg: <https://w3id.org/kg-news/ontology#>\nSELECT * { ?s kg:agent ?o }", False),
        ("# which graph holds it?\nSELECT * { ?s ?p ?o }", False),  # a comment asks nothing
        ("SELECT * { ?s <http://x#graphic> ?o }", False),
    ],
)
def test_uses_named_graphs(query: str, named: bool) -> None:
    assert uses_named_graphs(query) is named


def test_common_prefixes_are_predeclared(store: ox.Store) -> None:
    q = "SELECT ?n WHERE { ?x a kg:Person ; rdfs:label ?n ; a ?t FILTER(?t != owl:Thing) }"
    assert run_query(store, q).rows == (("Qassem Soleimani",),)


def test_an_undeclared_prefix_is_named_in_one_line(store: ox.Store) -> None:
    with pytest.raises(QueryError) as err:
        run_query(store, "SELECT * WHERE {\n  ?x a dbo:Person }")
    message = str(err.value)
    assert "undeclared prefix 'dbo:' at line 2" in message and "\n" not in message
    assert "kg, rdf, rdfs" in message


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "PREFIX x: <http://x/>\n# wipe\nDELETE WHERE { ?s ?p ?o }",
        "clear all",
    ],
)
def test_an_update_is_refused_by_name(store: ox.Store, update: str) -> None:
    with pytest.raises(QueryError, match="this is a SPARQL update"):
        run_query(store, update)
    assert ask(store, "ex:kh a kg:Group")  # nothing changed


def test_a_wide_table_wraps_its_cells_and_never_cuts_them() -> None:
    long = "word " * 60
    answer = Answer("select", columns=("a", "b"), rows=(("short", long.strip()),))
    lines = format_result(answer, width=60).splitlines()
    assert all(len(line) <= 60 for line in lines)
    body = lines[2:-1]
    assert len(body) > 1  # the long cell wrapped onto several lines
    assert " ".join(line.split(" | ")[1].strip() for line in body) == long.strip()
    assert body[0].startswith("short") and lines[-1] == "(1 rows)"
