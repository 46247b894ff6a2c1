"""The HTML view redrawn from what changed. The view's data is a set of units, one per
subject (`kg.view.unit`); a build that changed a few article graphs of a store redraws the
units those changes touch, from the store on disk, and keeps the others from the previous
build's (`.kg-view.json` beside the page). The page then equals one drawn whole from the
same graph: `tests/test_splice.py` compares them.

A unit reads its subject's facts and a few others': the labels of an event's agents and
targets, a place's ancestors and their coordinates, the sources that mention an entity,
the assertions of its relations. So a changed triple (s, p, o) of the union touches s; o
too when p is kg:mentions or kg:assertedSubject; the events s takes part in when p is a
label; the places within s when p places s or gives its coordinates; and the subject of
the relation an assertion s is about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.facts import Facts, Iri, Objects, add_object
from kg.oxrdf import ONTOLOGY_GRAPH
from kg.paths import ontology_fixed
from kg.store import Delta, union_about
from kg.view import _ASSERTION, _LABEL, _TYPE, Unit, _assertion, _asserts, unit
from kg.vocab import GEO, KG

_MENTIONS, _ASSERTED_SUBJECT = str(KG.mentions), str(KG.assertedSubject)
_PLACING = (str(KG.locatedIn), str(KG.partOf))
_WHERE = {*_PLACING, str(GEO.lat), str(GEO.long)}
_TAKES_PART = (KG.agent, KG.target)


class _OnDemand(dict):
    """subject -> predicate -> objects, read from the store when first asked for, in the
    form `kg.facts` gives them (IRIs as `Iri`, literals as their lexical form)."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self.store = store

    def get(self, s: str, default: Any = None) -> dict[str, Objects]:
        found = dict.get(self, s)
        if found is None:
            found = self[s] = self._read(s)
        return found

    def _read(self, s: str) -> dict[str, Objects]:
        props: dict[str, Objects] = {}
        for t in union_about(self.store, _term(s)):
            add_object(props, t.predicate.value, _name(t.object))
        return props


def _term(s: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(s[2:]) if s.startswith("_:") else ox.NamedNode(s)


def _name(t: ox.Term) -> str:
    if isinstance(t, ox.NamedNode):
        return Iri(t.value)
    return f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value


def _subjects(store: ox.Store, p: str, o: str) -> set[str]:
    quads = store.quads_for_pattern(None, ox.NamedNode(p), _term(o), None)
    return {_name(q.subject) for q in quads if q.graph_name != ONTOLOGY_GRAPH}


def touched(delta: Delta, store: ox.Store) -> set[str]:
    """The subjects whose units a change may have changed (see the module's note)."""
    out: set[str] = set()
    for t in delta.triples:
        s, p, o = _name(t.subject), t.predicate.value, t.object
        out.add(s)
        if p in (_MENTIONS, _ASSERTED_SUBJECT) and isinstance(o, ox.NamedNode):
            out.add(o.value)
        if p == _LABEL:
            out |= {e for role in _TAKES_PART for e in _subjects(store, str(role), s)}
        if p in _WHERE:
            out |= _within(store, s)
    about = ox.NamedNode(_ASSERTED_SUBJECT)
    for a in list(out):  # an assertion's card is drawn on its relation's subject
        out |= {_name(q.object) for q in store.quads_for_pattern(_term(a), about, None, None)}
    return out


def _within(store: ox.Store, place: str) -> set[str]:
    """The places that lie in `place`, at any depth."""
    found: set[str] = set()
    todo = [place]
    while todo:
        here = todo.pop()
        for p in _PLACING:
            for child in _subjects(store, p, here) - found:
                found.add(child)
                todo.append(child)
    return found


def redraw(units: dict[str, Unit], subjects: Iterable[str], store: ox.Store) -> None:
    """Redraw the units of `subjects` in place from the store (a unit left empty goes)."""
    f = Facts(_OnDemand(store))
    with ontology_fixed():
        for s in subjects:
            mentioned_in = {s: sorted(_subjects(store, _MENTIONS, s))}
            asserted = {}
            for a in _subjects(store, _ASSERTED_SUBJECT, s):
                if _ASSERTION in f.objects(a, _TYPE):
                    asserted[_asserts(f, a)] = _assertion(f, a)
            if drawn := unit(f, s, mentioned_in, asserted):
                units[s] = drawn
            else:
                units.pop(s, None)
