"""`kg evaluate` on hand-made graphs: entities (with types, as the shared scorer scores
them), relations (sub-properties satisfy their super-property), events (subclasses satisfy
their class, by the ontology), optional gold items neither rewarded nor penalised."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.evaluate import Gold, evaluate, prf
from kg.schema import NS

KG = Namespace(NS)
ID = Namespace("https://x.org/")
GOLD = """
entities:
  - {id: kh, name: Kataib Hezbollah, aliases: [KH], type: Group}
  - {id: askari, name: Abu Ali al-Askari, type: Person}
  - {id: jordan_p, name: Jordan, type: Person}
  - {id: jordan, name: Jordan, type: Place}
  - {id: us, name: United States, type: Place, accept: [washington]}
  - {id: washington, name: Washington, type: Place, optional: true}
relations:
  - [askari, memberOf, kh]
events:
  - {id: e1, type: Attack, agent: [kh], target: [us]}
  - {id: e2, type: Statement, agent: [askari]}
optional_events:
  - {id: e3, type: Threat, agent: [kh]}
"""


def node(g: Graph, key: str, cls: str, label: str) -> URIRef:
    iri = ID[key]
    g.add((iri, RDF.type, KG[cls]))
    g.add((iri, RDFS.label, Literal(label)))
    return iri


def event(g: Graph, key: str, cls: str, **roles: URIRef) -> URIRef:
    iri = node(g, key, cls, f"{cls} {key}")
    for role, who in roles.items():
        g.add((iri, KG[role], who))
    return iri


@pytest.fixture
def gold(tmp_path: Path) -> Gold:
    (tmp_path / "gold.yaml").write_text(GOLD, encoding="utf-8")
    return Gold(tmp_path / "gold.yaml")


def perfect() -> Graph:
    g = Graph()
    kh = node(g, "kh", "Group", "KH")
    askari = node(g, "askari", "Person", "Abu Ali al-Askari")
    node(g, "jp", "Person", "Jordan")
    node(g, "jl", "Place", "Jordan")
    wash = node(g, "wash", "Place", "Washington")
    node(g, "us", "Place", "United States")
    g.add((askari, KG.leaderOf, kh))
    event(g, "k1", "Killing", agent=kh, target=wash)  # a Killing is an Attack
    event(g, "s1", "Statement", agent=askari)
    event(g, "t1", "Threat", agent=kh)  # optional: neither rewarded nor penalised
    return g


def test_a_perfect_graph_scores_one(gold: Gold) -> None:
    res = evaluate(perfect(), gold)
    for score in (res.entities, res.relations, res.events):
        assert (score.p, score.r, score.f1) == (1.0, 1.0, 1.0), score
    assert res.type_accuracy == 1.0


def test_name_shared_by_two_gold_entities_matches_by_type(gold: Gold) -> None:
    g = Graph()
    node(g, "jl", "Place", "Jordan")
    res = evaluate(g, gold)
    assert "jordan" not in res.entities.missed and "jordan_p" in res.entities.missed


def test_wrong_type_lowers_type_accuracy_not_recall(gold: Gold) -> None:
    g = perfect()
    g.remove((ID.askari, RDF.type, KG.Person))
    g.add((ID.askari, RDF.type, KG.Group))
    res = evaluate(g, gold)
    assert res.entities.r == 1.0
    assert res.type_accuracy == pytest.approx(4 / 5)


def test_duplicates_and_false_entities_cost_precision(gold: Gold) -> None:
    g = perfect()
    node(g, "kh2", "Group", "Kataib Hezbollah")  # a second node for one gold entity
    node(g, "x", "Group", "Nobody Brigade")  # not in the gold
    res = evaluate(g, gold)
    assert res.entities.r == 1.0
    assert res.entities.p == pytest.approx(5 / 7)
    assert res.entities.wrong == ("Nobody Brigade [Group]",)


def test_subclass_and_subproperty_satisfy_gold_but_not_siblings(gold: Gold) -> None:
    g = perfect()
    g.remove((ID.k1, RDF.type, KG.Killing))
    g.add((ID.k1, RDF.type, KG.Demand))  # a Demand is no Attack
    g.remove((ID.askari, KG.leaderOf, ID.kh))
    g.add((ID.askari, KG.partOf, ID.kh))  # partOf does not imply memberOf
    res = evaluate(g, gold)
    assert res.events.missed == ("e1",) and res.events.p < 1.0
    assert res.relations.missed == ("askari memberOf kh",) and res.relations.r == 0.0


def test_prf() -> None:
    assert prf(0, 0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 2, 1, 4) == (0.5, 0.25, pytest.approx(1 / 3))


def test_cli_prints_scores_and_type_accuracy(tmp_path: Path) -> None:
    perfect().serialize(tmp_path / "g.ttl", format="turtle")
    (tmp_path / "gold.yaml").write_text(GOLD, encoding="utf-8")
    args = ["evaluate", str(tmp_path / "g.ttl"), str(tmp_path / "gold.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "entities   P 1.00  R 1.00  F1 1.00  type-acc 1.00" in result.output
    assert "events     P 1.00  R 1.00  F1 1.00" in result.output
