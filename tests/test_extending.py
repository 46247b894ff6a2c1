"""The README's recipes for extending kg hold: an event class, a relation pattern, an actor
and an export format are added as data (or one registered function), with no other code
change, in a copy of ontology/ that kg is pointed at (KG_ONTOLOGY)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import BinaryIO

import pytest
import spacy
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

from kg.cli import main
from kg.schema import NS, schema

from .docs import context, make_doc

KG = Namespace(NS)
CAPTURE_CLASS = """
kg:Hijacking a owl:Class ; rdfs:subClassOf kg:Attack ;
    rdfs:label "Hijacking"@en ;
    rdfs:comment "Taking control of a vehicle, ship or aircraft by force (CAMEO 181)."@en ;
    kg:cameoCode "181" .
"""
CAPTURE_TRIGGER = """
Hijacking:
  verbs:
    hijack: {}
  nouns: [hijacking]
"""
PARAGRAPH = (
    "Hezbollah fighters take a truck near the border\n\n"
    "BEIRUT — Hezbollah fighters hijacked a UN truck near the village of Kfar Kila on "
    "Monday, the group said in a statement.\n"
)
GOLD = """
entities:
  - {id: hezbollah, name: Hezbollah, type: Group}
  - {id: kfarkila, name: Kfar Kila, type: Place, optional: true}
  - {id: beirut, name: Beirut, type: Place, optional: true}
events:
  - {id: e1, type: Attack, agent: [hezbollah]}
optional_events:
  - {id: e2, type: Statement, agent: [hezbollah]}
"""


def add_capture(onto: Path) -> None:
    with (onto / "kg.ttl").open("a", encoding="utf-8") as fh:
        fh.write(CAPTURE_CLASS)
    with (onto / "lexicon/triggers.yaml").open("a", encoding="utf-8") as fh:
        fh.write(CAPTURE_TRIGGER)


def test_new_class_is_in_the_schema_with_no_code_change(
    onto: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.delenv("KG_ONTOLOGY")
        assert "Hijacking" not in schema().events  # the shipped ontology lacks it
    add_capture(onto)
    sch = schema()
    assert sch.events["Hijacking"].ancestors[:2] == ("Attack", "Event")
    assert sch.events["Hijacking"].cameo == "181"
    assert "Hijacking" in sch.family("Attack") and "Hijacking" not in sch.family("Statement")
    color, shape = sch.styles["Hijacking"]
    assert shape == "diamond" and re.fullmatch(r"#[0-9a-f]{6}", color)


@pytest.mark.model
def test_new_event_class_end_to_end(onto: Path, tmp_path: Path) -> None:
    add_capture(onto)
    src = tmp_path / "in"
    src.mkdir()
    (src / "capture.txt").write_text(PARAGRAPH, encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["build", str(src), "-o", str(out)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    g = Graph().parse(out / "graph.ttl")
    captures = list(g.subjects(RDF.type, KG.Hijacking))
    assert len(captures) == 1, g.serialize(format="turtle")
    assert (captures[0], KG.cameoCode, None) in g
    valid = CliRunner().invoke(main, ["validate", str(out / "graph.ttl")])
    assert valid.exit_code == 0 and "conforms" in valid.output, valid.output
    (tmp_path / "gold.yaml").write_text(GOLD, encoding="utf-8")
    scored = CliRunner().invoke(
        main, ["evaluate", str(out / "graph.ttl"), str(tmp_path / "gold.yaml"), "--json"]
    )
    assert json.loads(scored.output)["events_r"] == 1.0  # the Capture counts as an Attack
    page = (out / "graph.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    assert "Hijacking" in data["kinds"] and data["style"]["Hijacking"]["shape"] == "diamond"
    assert any(data["kinds"][n["k"]] == "Hijacking" for n in data["nodes"])


def test_new_actor_is_matched(onto: Path) -> None:
    from kg.nlp import add_actor_ruler

    entry = '  - {id: jaysh-al-adl, name: "Jaysh al-Adl", aliases: ["Jaish al-Adl", "JaA"]}\n'
    edit_text = (onto / "actors.yaml").read_text(encoding="utf-8")
    (onto / "actors.yaml").write_text(edit_text.replace("groups:\n", "groups:\n" + entry, 1))
    nlp = spacy.blank("en")
    add_actor_ruler(nlp)
    doc = nlp("Fighters of Jaish al-Adl (JaA) left Saravan.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Jaish al-Adl", "ORG", "jaysh-al-adl"),
        ("JaA", "ORG", "jaysh-al-adl"),
    ]


def test_new_relation_pattern(onto: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract.relations import iter_relations

    doc = make_doc(
        "Hamas/PROPN/compound/1 quartermaster/NOUN/compound/3 Ali/PROPN/compound/3 "
        "Kassem/PROPN/nsubj/4 said/VERB/ROOT/4",
        ents=[(0, 1, "ORG", "hamas"), (2, 4, "PERSON", "")],
        lemmas={"said": "say"},
    )

    def found() -> set[tuple[str, str, str]]:
        return {(r.subject.text, r.predicate, r.object.text) for r in iter_relations(context(doc))}

    with monkeypatch.context() as m:
        m.delenv("KG_ONTOLOGY")
        assert ("Ali Kassem", "memberOf", "Hamas") not in found()  # not a role word yet
    roles = onto / "lexicon/roles.yaml"
    roles.write_text(roles.read_text().replace("memberOf:\n", "memberOf:\n  - quartermaster\n"))
    assert ("Ali Kassem", "memberOf", "Hamas") in found()


def test_new_export_format(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import export, formats
    from kg.oxrdf import quads_of
    from kg.store import GraphStore

    def count(src: export.Sources, out: BinaryIO) -> None:  # drawn from the store or union
        out.write(str(len(list(src.union.subjects(RDF.type, KG.Group)))).encode())

    monkeypatch.setitem(formats.FORMAT_FILES, "count", "graph.count")
    monkeypatch.setitem(export.RENDERERS, "count", count)
    store = GraphStore()
    store.replace(quads_of(_one_group()))
    assert export.render(store, ("count",)) == {"graph.count": b"1"}


def _one_group() -> Dataset:
    ds = Dataset()
    ds.graph(URIRef("https://example.org/doc")).add((KG.a, RDF.type, KG.Group))
    return ds
