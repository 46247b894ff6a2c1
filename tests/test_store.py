"""kg.store: exact replacement, deterministic serialisation, and terms carried over unchanged."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDFS, BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic

from kg.errors import GraphError, KGError
from kg.graph import PREFIXES, union_graph
from kg.oxrdf import quads_of, to_ox
from kg.store import ONTOLOGY_GRAPH, GraphStore, quad_key

from .records import dataset

EX = "http://example.org/"
G1, G2 = ox.NamedNode(f"{EX}g1"), ox.NamedNode(f"{EX}g2")
S, P = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p")
SHARED = ox.Literal("shared")
QUADS = [
    ox.Quad(S, P, SHARED, G1),
    ox.Quad(S, P, SHARED, G2),  # one triple in two graphs
    ox.Quad(S, P, ox.Literal("only one"), G1),
    ox.Quad(ox.NamedNode(f"{EX}t"), P, ox.Literal("2", datatype=ox.NamedNode(f"{EX}n")), G2),
]
PFX = {"zz": f"{EX}zz#", "ex": EX, "aa": f"{EX}aa#"}  # deliberately unsorted


def as_set(store: GraphStore) -> set[ox.Quad]:
    return set(store.graph_quads())


@pytest.mark.parametrize("on_disk", [False, True])
def test_replace_holds_exactly_the_given_quads(tmp_path: Path, on_disk: bool) -> None:
    store = GraphStore(tmp_path / "ox" if on_disk else None)
    assert store.replace(QUADS) == 4 and as_set(store) == set(QUADS)
    second = [ox.Quad(S, P, ox.Literal("new"), G2)]
    assert store.replace(iter(second)) == 1
    assert as_set(store) == set(second)  # nothing of the first set is left


def test_the_ontology_sits_in_its_own_graph_and_no_export_shows_it() -> None:
    store = GraphStore()
    store.replace(QUADS)
    sub = "PREFIX kg: <https://w3id.org/kg-news/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    ask = sub + "ASK { GRAPH ?g { kg:Killing rdfs:subClassOf* kg:Attack } }"
    assert store.store.query(ask) and ONTOLOGY_GRAPH in set(store.store.named_graphs())
    for fmt in ("ttl", "trig", "nt", "nq"):
        assert b"subClassOf" not in store.serialize(fmt), fmt
    assert not list(store.union().triples((None, RDFS.subClassOf, None)))


def test_on_disk_store_persists_and_is_locked_while_open(tmp_path: Path) -> None:
    path = tmp_path / "ox"
    store = GraphStore(path)
    store.replace(QUADS)
    with pytest.raises(GraphError, match="another kg") as err:
        _ = GraphStore(path).store  # opened when first read
    assert isinstance(err.value, KGError)
    del store
    gc.collect()
    assert as_set(GraphStore(path)) == set(QUADS)


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq"])
def test_serialize_is_byte_identical_whatever_the_load_order(fmt: str) -> None:
    one, two = GraphStore(), GraphStore()
    one.replace(QUADS)
    two.replace(reversed(QUADS))
    data = one.serialize(fmt, prefixes=PFX)
    assert data and data == two.serialize(fmt, prefixes=dict(reversed(PFX.items())))


def test_prefixes_are_sorted_and_only_in_formats_that_have_them() -> None:
    store = GraphStore()
    store.replace(QUADS)
    for fmt in ("ttl", "trig"):
        lines = [x for x in store.serialize(fmt, prefixes=PFX).split(b"\n") if x.startswith(b"@")]
        assert len(lines) == 3 and lines == sorted(lines)
    for fmt in ("nt", "nq"):
        assert b"@prefix" not in store.serialize(fmt, prefixes=PFX)


def test_trig_keeps_graphs_and_ttl_is_the_union() -> None:
    store = GraphStore()
    store.replace(QUADS)
    trig = list(ox.parse(store.serialize("trig"), format=ox.RdfFormat.TRIG))
    assert set(trig) == set(QUADS) and {q.graph_name for q in trig} == {G1, G2}
    ttl = list(ox.parse(store.serialize("ttl"), format=ox.RdfFormat.TURTLE))
    assert len(ttl) == 3 and sum(q.triple == ox.Triple(S, P, SHARED) for q in ttl) == 1
    nt = store.serialize("nt").decode().splitlines()
    nq = store.serialize("nq").decode().splitlines()
    assert sum('"shared"' in line for line in nt) == 1
    assert sum('"shared"' in line for line in nq) == 2  # control: two graphs hold it


def test_to_ox_keeps_every_kind_of_term() -> None:
    assert to_ox(URIRef(f"{EX}x")) == ox.NamedNode(f"{EX}x")
    assert to_ox(Literal("plain")) == ox.Literal("plain")
    assert to_ox(Literal("chat", lang="fr")) == ox.Literal("chat", language="fr")
    typed = to_ox(Literal("0.9", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    assert typed.value == "0.9" and typed.datatype.value.endswith("#decimal")
    assert to_ox(BNode("b1")) == ox.BlankNode("b1")
    with pytest.raises(GraphError, match="cannot store"):
        to_ox(Variable("v"))


def test_quads_of_keeps_named_and_default_graphs() -> None:
    ds = Dataset()
    s, p = URIRef(f"{EX}s"), URIRef(f"{EX}p")
    ds.graph(URIRef(f"{EX}g1")).add((s, p, Literal("shared")))
    ds.add((s, p, Literal("default")))
    got = set(quads_of(ds))
    assert got == {
        ox.Quad(S, P, SHARED, G1),
        ox.Quad(S, P, ox.Literal("default"), ox.DefaultGraph()),
    }


def test_built_dataset_round_trips_through_turtle_and_trig() -> None:
    ds = dataset()
    store = GraphStore()
    n = store.replace(quads_of(ds))
    assert n == len(list(ds.quads((None, None, None, None))))
    prefixes = {p: str(uri) for p, uri in PREFIXES.items()}
    back = Graph().parse(data=store.serialize("ttl", prefixes=prefixes), format="turtle")
    assert isomorphic(back, union_graph(ds))
    trig = Dataset().parse(data=store.serialize("trig", prefixes=prefixes), format="trig")
    assert {str(g.identifier) for g in trig.graphs() if len(g)} == {
        str(g.identifier) for g in ds.graphs() if len(g)
    }
    # control: a graph missing one triple is not isomorphic
    back.remove(next(iter(back)))
    assert not isomorphic(back, union_graph(ds))


_IRI = st.text("ab/:-é", max_size=4).map(lambda s: ox.NamedNode(f"{EX}{s}"))
_BLANK = st.text("ab0", min_size=1, max_size=3).map(lambda s: ox.BlankNode(f"b{s}"))
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
_LITERAL = st.one_of(
    _TEXT.map(ox.Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "en-GB", "ar"])).map(
        lambda t: ox.Literal(t[0], language=t[1])
    ),
    st.tuples(_TEXT, _IRI).map(lambda t: ox.Literal(t[0], datatype=t[1])),
)
_QUAD = st.builds(
    ox.Quad,
    st.one_of(_IRI, _BLANK),
    _IRI,
    st.one_of(_IRI, _BLANK, _LITERAL),
    st.one_of(_IRI, st.just(ox.DefaultGraph())),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_QUAD, max_size=30))
def test_quads_and_triples_come_out_in_quad_key_order(quads: list[ox.Quad]) -> None:
    """The sort of N-Triples lines (`kg.store.sorted_lines`) against the key it stands in
    for, on terms that are prefixes of each other, literals with spaces, quotes, line
    breaks, control characters and any Unicode, language tags and datatypes, blank nodes
    and the default graph."""
    store = GraphStore()
    store.replace(quads)
    assert store.sorted_quads() == sorted(set(quads), key=quad_key)
    triples = {q.triple for q in quads}
    assert store.sorted_triples() == sorted(triples, key=quad_key)
