"""The schema as data, read from `ontology/kg.ttl`: the one place kg learns which event
classes exist, how they nest (which are statements, which are attacks), their CAMEO codes and
display style, and each relation's domain, range and super-properties.

Code refers by name only to the contract's fixed terms (Person, Group, Place, Event, the
roles); everything else comes from here, so a class added to the ontology (and given a
trigger in `lexicon/triggers.yaml`) flows through extraction, the graph, SHACL, evaluation
and the view with no code change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RuleError
from kg.paths import ontology_dir

NS = "https://w3id.org/kg-news/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"

ENTITY_CLASSES = ("Person", "Group", "Place")  # the contract's actor classes
ROLES = ("agent", "target", "place")  # event roles, contract terms
# A colour for a class the ontology gives none (Tableau 20, colour-blind friendly order).
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
)  # fmt: skip


@dataclass(frozen=True)
class EventClass:
    name: str  # local name: "Killing"
    ancestors: tuple[str, ...]  # kg superclasses, nearest first, up to "Event"
    cameo: str  # CAMEO code ("" when the class has none)
    color: str
    shape: str


@dataclass(frozen=True)
class RelationProperty:
    name: str
    domain: frozenset[str]  # kg classes allowed as subject
    range: frozenset[str]  # kg classes allowed as object
    implies: tuple[str, ...]  # kg super-properties ("leaderOf" implies "memberOf")


@dataclass(frozen=True)
class Schema:
    root: Path
    events: dict[str, EventClass]  # in ontology file order
    relations: dict[str, RelationProperty]
    styles: dict[str, tuple[str, str]]  # class -> (colour, shape): actors, then events

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Is `cls` the class `ancestor` or one of its subclasses?"""
        ev = self.events.get(cls)
        return cls == ancestor or (ev is not None and ancestor in ev.ancestors)

    def family(self, ancestor: str) -> frozenset[str]:
        """The class and every event class below it: family('Statement') = speech acts."""
        return frozenset(c for c in self.events if self.is_a(c, ancestor))

    def require_event(self, cls: str, where: str) -> EventClass:
        if cls not in self.events:
            known = ", ".join(self.events)
            raise RuleError(
                f"{where}: event class {cls!r} is not in {self.root / 'kg.ttl'}; "
                f"add it there as a subclass of kg:Event, or use one of: {known}"
            )
        return self.events[cls]


class _Triples:
    """The ontology's triples with kg terms as local names, looked up by subject."""

    def __init__(self, path: Path) -> None:
        try:
            quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError, ValueError) as exc:
            raise RuleError(f"{path}: cannot read the ontology: {exc}") from exc
        self.order: list[str] = []
        self.by_subject: dict[ox.NamedNode | ox.BlankNode, list[tuple[str, object]]] = {}
        for q in quads:
            self.by_subject.setdefault(q.subject, []).append((q.predicate.value, q.object))
            if q.predicate.value == _RDF + "type" and q.object.value == _OWL + "Class":
                self.order.append(_local(q.subject))

    def values(self, subject: object, predicate: str) -> list[object]:
        return [o for p, o in self.by_subject.get(subject, []) if p == predicate]

    def kg_values(self, name: str, predicate: str) -> list[str]:
        found = self.values(ox.NamedNode(NS + name), predicate)
        return [_local(o) for o in found if isinstance(o, ox.NamedNode) and o.value.startswith(NS)]

    def literal(self, name: str, predicate: str) -> str | None:
        found = self.values(ox.NamedNode(NS + name), predicate)
        return next((o.value for o in found if isinstance(o, ox.Literal)), None)

    def classes_of(self, node: object) -> frozenset[str]:
        """kg classes named by a node: the class itself, or an owl:unionOf list of them."""
        if isinstance(node, ox.NamedNode):
            return frozenset({_local(node)}) if node.value.startswith(NS) else frozenset()
        out: set[str] = set()
        for lst in self.values(node, _OWL + "unionOf"):
            while isinstance(lst, ox.BlankNode):
                out |= {_local(x) for x in self.values(lst, _RDF + "first")}
                lst = next(iter(self.values(lst, _RDF + "rest")), None)
        return frozenset(out)


def _local(term: object) -> str:
    return str(getattr(term, "value", term)).removeprefix(NS)


def _ancestors(t: _Triples, name: str) -> tuple[str, ...]:
    out: list[str] = []
    todo = t.kg_values(name, _RDFS + "subClassOf")
    while todo:
        cls = todo.pop(0)
        if cls not in out and cls != name:
            out.append(cls)
            todo += t.kg_values(cls, _RDFS + "subClassOf")
    return tuple(out)


def _color(t: _Triples, name: str) -> str:
    own = t.literal(name, NS + "displayColor")
    if own:
        return own
    digest = hashlib.sha256(name.encode()).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def _shape(t: _Triples, name: str, ancestors: tuple[str, ...]) -> str:
    for cls in (name, *ancestors):
        shape = t.literal(cls, NS + "displayShape")
        if shape:
            return shape
    return "ellipse"


def _relations(t: _Triples) -> dict[str, RelationProperty]:
    """Object properties between actors: domain and range both among the actor classes."""
    actors = frozenset(ENTITY_CLASSES)
    out = {}
    for subject, pairs in t.by_subject.items():
        types = {o.value for p, o in pairs if p == _RDF + "type"}
        if _OWL + "ObjectProperty" not in types or not subject.value.startswith(NS):
            continue
        name = _local(subject)
        domain = frozenset().union(*(t.classes_of(d) for d in t.values(subject, _RDFS + "domain")))
        rng = frozenset().union(*(t.classes_of(r) for r in t.values(subject, _RDFS + "range")))
        if domain and rng and domain <= actors and rng <= actors:
            implies = tuple(t.kg_values(name, _RDFS + "subPropertyOf"))
            out[name] = RelationProperty(name, domain, rng, implies)
    return out  # in ontology file order


@cache
def _schema_at(root: Path) -> Schema:
    t = _Triples(root / "kg.ttl")
    missing = [c for c in (*ENTITY_CLASSES, "Event") if c not in t.order]
    if missing:
        raise RuleError(f"{root / 'kg.ttl'}: the contract class kg:{missing[0]} is missing")
    events = {}
    for name in t.order:
        ancestors = _ancestors(t, name)
        if "Event" in ancestors:
            cameo = t.literal(name, NS + "cameoCode") or ""
            events[name] = EventClass(
                name, ancestors, cameo, _color(t, name), _shape(t, name, ancestors)
            )
    styles = {c: (_color(t, c), _shape(t, c, ())) for c in ENTITY_CLASSES}
    styles |= {c: (e.color, e.shape) for c, e in events.items()}
    return Schema(root, events, _relations(t), styles)


def speech(cls: str) -> bool:
    """Statements and their subclasses report speech: their subject is the speaker."""
    return cls in _family_at(ontology_dir(), "Statement")


@cache
def _family_at(root: Path, ancestor: str) -> frozenset[str]:
    return _schema_at(root).family(ancestor)


def schema() -> Schema:
    """The schema of the ontology kg is pointed at (`KG_ONTOLOGY`), read once per folder."""
    return _schema_at(ontology_dir())
