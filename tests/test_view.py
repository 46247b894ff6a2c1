"""The view's data and page, without a browser (tests/test_browser.py opens it)."""

import json
import re

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS, XSD

from kg.pagedata import pack
from kg.view import event_caption, render_html, view_data
from kg.vocab import GEO, KG, class_iri

EX = "https://example.org/"
SKOS_ALT = SKOS.altLabel


def node(name: str) -> URIRef:
    return URIRef(EX + name)


def small_graph() -> Graph:
    g = Graph()
    doc = node("doc")
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, RDFS.label, Literal("Rebels take the town")))
    g.add((doc, KG.publisher, Literal("Example Wire")))
    g.add((doc, SDO.datePublished, Literal("2024-05-02", datatype=XSD.date)))
    g.add((doc, SDO.url, URIRef("https://news.example/rebels")))
    for name, cls in (("rebels", KG.Group), ("army", KG.Group), ("town", KG.Place)):
        g.add((node(name), RDF.type, cls))
        g.add((node(name), RDFS.label, Literal(name.title())))
        g.add((doc, KG.mentions, node(name)))
    g.add((node("province"), RDF.type, KG.Place))
    g.add((node("province"), RDFS.label, Literal("Province")))
    g.add((node("province"), GEO.lat, Literal("12.5", datatype=XSD.decimal)))
    g.add((node("province"), GEO.long, Literal("-3.25", datatype=XSD.decimal)))
    g.add((node("town"), KG.locatedIn, node("province")))
    ev = node("attack")
    g.add((ev, RDF.type, class_iri("Attack")))
    g.add((ev, KG.agent, node("rebels")))
    g.add((ev, KG.target, node("army")))
    g.add((ev, KG.place, node("town")))
    g.add((ev, KG.date, Literal("2024-05-01", datatype=XSD.date)))
    g.add((ev, PROV.wasDerivedFrom, doc))
    return g


def by_id(data: dict) -> dict[str, dict]:
    return {n["id"]: n for n in data["nodes"]}


def test_events_say_who_did_what_to_whom_and_when() -> None:
    g = small_graph()
    assert event_caption(g, node("attack"), "Attack", "2024-05-01") == (
        "Rebels → Army · Attack · 2024-05-01"
    )
    assert by_id(view_data(g))[EX + "attack"]["label"] == "Rebels → Army · Attack · 2024-05-01"
    assert event_caption(g, node("nobody"), "Statement", "") == "? · Statement"


def test_a_place_without_a_point_is_shown_at_the_place_it_lies_in() -> None:
    nodes = by_id(view_data(small_graph()))
    assert nodes[EX + "province"]["coords"] == [12.5, -3.25, False]
    assert nodes[EX + "town"]["coords"] == [12.5, -3.25, True]  # approximate
    assert "coords" not in nodes[EX + "rebels"]


def test_sources_carry_outlet_date_and_a_web_link_only() -> None:
    g = small_graph()
    assert view_data(g)["docs"][EX + "doc"] == {
        "title": "Rebels take the town",
        "publisher": "Example Wire",
        "date": "2024-05-02",
        "url": "https://news.example/rebels",
    }
    g.set((node("doc"), SDO.url, URIRef("javascript:alert(1)")))
    assert view_data(g)["docs"][EX + "doc"]["url"] == ""


def test_the_page_inlines_everything_and_data_cannot_close_its_script() -> None:
    g = small_graph()
    g.add((node("rebels"), RDFS.label, Literal("</script><script>alert(1)</script> __VIEW_JS__")))
    page = render_html(g)
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert data is not None
    # every placeholder filled once; the one in the article text is left as text
    outside = page[: data.start()] + page[data.end() :]
    assert re.findall(r"__[A-Z_]+__", outside) == []
    assert "__VIEW_JS__" in data.group(1)
    labels = {n["l"] for n in json.loads(data.group(1))["nodes"]}
    assert "</script><script>alert(1)</script> __VIEW_JS__" in labels
    assert page.count("<script>alert(1)") == 0
    for marker in ("new VT.Timeline", "topojson.feature", '"countries"', "Michael Bostock"):
        assert marker in page
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page)


def test_packed_data_keeps_every_fact() -> None:
    g = small_graph()
    data, packed = view_data(g), pack(view_data(g))
    assert packed["base"] == EX and len(packed["nodes"]) == len(data["nodes"])
    attack = next(n for n in packed["nodes"] if n["id"] == "attack")
    ids = [n["id"] for n in packed["nodes"]]
    roles = {key: [ids[i] for i in attack[key]] for key in ("ag", "tg", "pl")}
    assert roles == {"ag": ["rebels"], "tg": ["army"], "pl": ["town"]}
    assert attack["d"] == "2024-05-01" and packed["docs"][attack["s"][0]]["id"] == "doc"
    town = next(n for n in packed["nodes"] if n["id"] == "town")
    assert town["g"] == [12.5, -3.25, True] and [ids[i] for i in town["w"]] == ["province"]
    assert "e" not in town and "c" not in town  # empty and default fields are left out


def test_the_store_and_an_rdflib_graph_give_the_same_view() -> None:
    """The view reads a store's union in one scan (kg.facts); an rdflib graph the same way.
    A literal that looks like an IRI stays text, a triple told in two graphs counts once."""
    from kg.facts import Iri, facts_of
    from kg.store import GraphStore

    g = small_graph()
    g.add((node("army"), SKOS_ALT, Literal("https://example.org/rebels")))
    lines = [f"{s.n3()} {p.n3()} {o.n3()} <{EX}graph/{i % 2}> .\n" for i, (s, p, o) in
             enumerate(sorted(g)) for _ in range(2)]  # fmt: skip
    store = GraphStore()
    store.replace(lines)
    from_store, from_rdflib = view_data(facts_of(store.union())), view_data(g)
    assert from_store == from_rdflib
    army = by_id(from_store)[EX + "army"]
    assert army["aliases"] == ["https://example.org/rebels"]
    facts = facts_of(store.union())
    assert not isinstance(facts.value(EX + "army", str(SKOS_ALT)), Iri)
    assert isinstance(facts.value(EX + "town", str(KG.locatedIn)), Iri)
    assert facts.objects(EX + "attack", str(KG.agent)) == [EX + "rebels"]  # once
