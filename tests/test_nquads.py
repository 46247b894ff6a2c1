"""kg.nquads: the N-Quads text a build hands to Oxigraph, and the per-graph digests a store
compares to rewrite only the article graphs that changed."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg.nquads import LineSink, NTerms, graph_of, nt_term

G1, G2 = URIRef("https://e.org/doc/1"), URIRef("https://e.org/doc/2")
DATATYPES = [rdflib.XSD.integer, rdflib.XSD.date, rdflib.XSD.decimal, rdflib.XSD.string]
S, P = URIRef("https://e.org/s"), URIRef("https://e.org/p")


def sink_of(triples: list[tuple[URIRef, URIRef, object]], **kw: object) -> LineSink:
    sink = LineSink(**kw)
    for g, t in triples:
        sink.graph(g).add(t)
    sink.hexdigests()
    return sink


def parsed(line: str) -> ox.Quad:
    (quad,) = ox.parse(line, format=ox.RdfFormat.N_QUADS)
    return quad


@given(st.text())
def test_any_text_is_one_literal_with_that_value(text: str) -> None:
    quad = parsed(f"{nt_term(S)} <{P}> {NTerms.text(text)} <{G1}> .\n")
    assert quad.object == ox.Literal(text)


@given(st.text(), st.sampled_from(DATATYPES))
def test_typed_literals_and_rdflib_terms_are_spelled_as_oxigraph_reads_them(
    text: str, datatype: URIRef
) -> None:
    quad = parsed(f"<{S}> <{P}> {NTerms.typed(text, datatype)} <{G1}> .\n")
    assert quad.object == ox.Literal(text, datatype=ox.NamedNode(str(datatype)))
    assert nt_term(Literal(text, lang="fr")) == NTerms.text(text) + "@fr"


def test_a_graph_s_digest_does_not_depend_on_the_order_of_its_lines() -> None:
    triples = [(G1, (S, P, NTerms.text(f"v{i}"))) for i in range(5)] + [(G2, (S, P, S))]
    one = sink_of(triples, digests={})
    two = sink_of(list(reversed(triples)), digests={})
    assert one.digests == two.digests and set(one.digests) == {str(G1), str(G2)}
    changed = sink_of([*triples[:4], (G1, (S, P, NTerms.text("v5"))), triples[5]], digests={})
    assert changed.digests[str(G1)] != one.digests[str(G1)]  # control
    assert changed.digests[str(G2)] == one.digests[str(G2)]


def test_kept_lines_are_those_of_the_graphs_asked_for() -> None:
    triples = [(G1, (S, P, NTerms.text("a"))), (G2, (S, P, NTerms.text("b")))]
    assert len(sink_of(triples).lines) == 2
    kept = sink_of(triples, keep={str(G2)}, digests={})
    assert kept.lines == [f'<{S}> <{P}> "b" <{G2}> .\n'] and len(kept.digests) == 2


@given(st.text())
def test_the_graph_of_a_line_is_read_back_whatever_its_literal(text: str) -> None:
    sink = sink_of([(G2, (S, P, NTerms.text(f"{text} <{G1}> .")))])
    (line,) = sink.lines
    assert graph_of(line) == str(G2) == parsed(line).graph_name.value
