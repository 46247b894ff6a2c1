"""Score a built graph against a gold annotation (YAML: entities with aliases, relations,
events with roles), as `kg evaluate GRAPH GOLD` and the quality regression test do.

Matching: an entity node matches a gold entity when one of its labels equals a gold alias
after `fold`; a relation when both ends resolve to the gold ends (a sub-property such as
leaderOf also satisfies memberOf); an event when its class is the gold class or one of its
subclasses in the ontology, its agent resolves to a gold agent (if the gold names one) and
one of its targets or places to a gold target or place (if the gold names any). `accept`
lists the entities that may stand in for a gold entity in an event role ("Washington" for
the United States).
Gold items marked optional are neither rewarded nor penalised. As the shared scorer does, a
node's name is matched preferring gold entities of the node's own type, and type accuracy is
the share of required gold entities found with their gold type."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.errors import GraphError
from kg.names import fold
from kg.schema import ENTITY_CLASSES, schema
from kg.vocab import KG, relation_iri


@dataclass(frozen=True)
class Score:
    p: float
    r: float
    f1: float
    missed: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


@dataclass
class Evaluation:
    entities: Score
    relations: Score
    events: Score
    type_accuracy: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        out = {
            f"{k}_{m}": round(getattr(getattr(self, k), m), 3)
            for k in ("entities", "relations", "events")
            for m in ("p", "r", "f1")
        }
        return out | {"entities_type_accuracy": round(self.type_accuracy, 3)}


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Gold:
    def __init__(self, path: Path) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise GraphError(f"cannot read gold file {path}: {exc}") from exc
        self.entities = {e["id"]: e for e in data["entities"]}
        self.alias: dict[str, list[str]] = defaultdict(list)
        for e in data["entities"]:
            for name in [e["name"], *e.get("aliases", [])]:
                if e["id"] not in self.alias[fold(name)]:
                    self.alias[fold(name)].append(e["id"])
        self.relations = {tuple(r[:3]) for r in data.get("relations") or []}
        self.optional_relations = {tuple(r[:3]) for r in data.get("optional_relations") or []}
        self.events = data.get("events") or []
        self.optional_events = data.get("optional_events") or []

    def match(self, names: list[str], etype: str | None) -> str | None:
        """The gold entity these names denote, preferring one of the node's own type."""
        cands = list(dict.fromkeys(g for n in names for g in self.alias.get(fold(n), [])))
        typed = [c for c in cands if self.entities[c].get("type") == etype]
        return (typed or cands or [None])[0]

    def optional(self, gid: str) -> bool:
        return bool(self.entities[gid].get("optional"))

    def expand(self, ids: list[str] | None) -> set[str]:
        return {x for i in ids or [] for x in (i, *self.entities[i].get("accept", []))}


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def _classes(g: Graph, node: URIRef) -> set[str]:
    return {_local(t) for t in g.objects(node, RDF.type) if str(t).startswith(str(KG._NS))}


def _entity_type(cls: set[str]) -> str | None:
    return next((c for c in ENTITY_CLASSES if c in cls), None)


def evaluate(g: Graph, gold: Gold) -> Evaluation:
    nodes = {n: _classes(g, n) for n in set(g.subjects(RDF.type, None)) if isinstance(n, URIRef)}
    to_gold = {}
    for n, cls in nodes.items():
        labels = [str(x) for x in (*g.objects(n, RDFS.label), *g.objects(n, SKOS.altLabel))]
        hit = gold.match(labels, _entity_type(cls))
        if hit:
            to_gold[n] = hit
    entities, type_accuracy = _entities(nodes, to_gold, gold, g)
    relations = _relations(g, to_gold, gold)
    events = _events(g, nodes, to_gold, gold)
    return Evaluation(entities, relations, events, type_accuracy)


def _entities(nodes: dict, to_gold: dict, gold: Gold, g: Graph) -> tuple[Score, float]:
    """Entity P/R/F1 (a second node for one gold entity counts against precision) and the
    share of required gold entities found with their gold type."""
    found: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    wrong = []
    for n, cls in nodes.items():
        etype = _entity_type(cls)
        if etype is None:
            continue
        if n in to_gold:
            found[to_gold[n]].add(etype)
            count[to_gold[n]] += 1
        else:
            wrong.append(f"{g.value(n, RDFS.label)} [{etype}]")
    required = [k for k in gold.entities if not gold.optional(k)]
    dups = sum(c - 1 for k, c in count.items() if not gold.optional(k))
    tp = sum(1 for k in required if k in found)
    typed = sum(1 for k in required if gold.entities[k].get("type") in found.get(k, set()))
    p, r, f = prf(tp, tp + len(wrong) + dups, tp, len(required))
    missed = tuple(k for k in required if k not in found)
    type_accuracy = typed / len(required) if required else 0.0
    return Score(p, r, f, missed, tuple(sorted(wrong))), type_accuracy


def _relations(g: Graph, to_gold: dict, gold: Gold) -> Score:
    relations = schema().relations
    pred = {
        (to_gold.get(s), _local(p), to_gold.get(o))
        for p in (relation_iri(r) for r in relations)
        for s, o in g.subject_objects(p)
    }

    def matches(pr: tuple, gr: tuple) -> bool:
        implied = relations[pr[1]].implies if pr[1] in relations else ()
        return pr[0] == gr[0] and pr[2] == gr[2] and gr[1] in (pr[1], *implied)

    good, wrong = 0, []
    for pr in pred:
        if any(matches(pr, gr) for gr in gold.relations):
            good += 1
        elif not (
            any(matches(pr, gr) or matches(gr, pr) for gr in gold.optional_relations)
            or None in pr
            or gold.optional(pr[0])
            or gold.optional(pr[2])
        ):
            wrong.append(" ".join(map(str, pr)))
    hit = {gr for gr in gold.relations if any(matches(pr, gr) for pr in pred)}
    p, r, f = prf(good, good + len(wrong), len(hit), len(gold.relations))
    return Score(p, r, f, tuple(sorted(" ".join(x) for x in gold.relations - hit)), tuple(wrong))


def _event_matches(cls: set[str], roles: dict[str, set[str]], ev: dict, gold: Gold) -> bool:
    if not cls & (schema().family(ev["type"]) or {ev["type"]}):
        return False
    if ev.get("agent") and not roles["agent"] & gold.expand(ev["agent"]):
        return False
    anchors = gold.expand(ev.get("target")) | gold.expand(ev.get("place"))
    return not anchors or bool((roles["target"] | roles["place"]) & anchors)


def _events(g: Graph, nodes: dict, to_gold: dict, gold: Gold) -> Score:
    preds = []
    event_classes = set(schema().events)
    for n, cls in nodes.items():
        if not cls & event_classes:
            continue
        roles = {
            r: {to_gold[o] for o in g.objects(n, KG[r]) if o in to_gold}
            for r in ("agent", "target", "place")
        }
        preds.append((n, cls, roles))
    edges = {
        i: [ev["id"] for ev in gold.events if _event_matches(c, r, ev, gold)]
        for i, (_, c, r) in enumerate(preds)
    }
    owner = _max_matching(edges)
    fits = [
        bool(edges[i]) or any(_event_matches(c, r, ev, gold) for ev in gold.optional_events)
        for i, (_, c, r) in enumerate(preds)
    ]
    p, r, f = prf(sum(fits), len(preds), len(owner), len(gold.events))
    wrong = tuple(
        str(g.value(n, RDFS.label)) for (n, _, _), ok in zip(preds, fits, strict=True) if not ok
    )
    missed = tuple(ev["id"] for ev in gold.events if ev["id"] not in owner)
    return Score(p, r, f, missed, wrong)


def _max_matching(edges: dict[int, list[str]]) -> dict[str, int]:
    """Gold id -> prediction: a maximum one-to-one matching (augmenting paths)."""
    owner: dict[str, int] = {}

    def augment(i: int, seen: set[str]) -> bool:
        for gid in edges[i]:
            if gid not in seen:
                seen.add(gid)
                if gid not in owner or augment(owner[gid], seen):
                    owner[gid] = i
                    return True
        return False

    for i in edges:
        augment(i, set())
    return owner


def evaluate_files(graph: str | Path, gold: str | Path) -> Evaluation:
    from kg.query import load_graph

    return evaluate(load_graph(graph, with_ontology=False), Gold(Path(gold)))
