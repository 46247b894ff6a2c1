"""Event triggers: the lexicon (`ontology/lexicon/triggers.yaml`), and whether a trigger
reports something that happened (not negated, hypothetical, wished-for or stative)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Token

from kg.lexicon import load_yaml

SPEECH = {"Statement", "Demand", "Accusation", "Threat"}
# Movement events: the force that moves is the actor, also in the passive ("were deployed").
MOVES = {"Deployment", "Withdrawal"}
SUBJ = {"nsubj", "nsubjpass", "csubj"}


@cache
def words(name: str) -> frozenset[str]:
    """A closed-class word list from `ontology/lexicon/grammar.yaml`."""
    return frozenset(load_yaml("lexicon/grammar.yaml")[name])


@dataclass(frozen=True)
class Trigger:
    cls: str
    cameo: str
    options: dict[str, Any] = field(default_factory=dict, hash=False)
    target_preps: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()


@cache
def _lexicon() -> tuple[dict[str, Trigger], dict[str, Trigger]]:
    verbs, nouns = {}, {}
    for cls, spec in load_yaml("lexicon/triggers.yaml").items():
        preps = frozenset(spec.get("target_prep") or [])
        places = frozenset(words("place_preps") | set(spec.get("place_prep") or []))
        cameo = str(spec.get("cameo", ""))
        for lemma, opts in (spec.get("verbs") or {}).items():
            verbs[lemma] = Trigger(cls, cameo, opts or {}, preps, places)
        for entry in spec.get("nouns") or []:
            lemma, opts = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
            nouns[lemma] = Trigger(cls, cameo, opts, preps, places)
    return verbs, nouns


@cache
def _content_cues() -> dict[str, dict[str, set[str]]]:
    cues = load_yaml("lexicon/triggers.yaml")["Statement"].get("content_cues") or {}
    return {cls: {k: set(v) for k, v in spec.items()} for cls, spec in cues.items()}


def by_content(tok: Token, trig: Trigger) -> Trigger:
    """'said the US must leave' is a demand, 'said Washington will pay' a threat."""
    clause = next((c for c in tok.children if c.dep_ in {"ccomp", "parataxis"}), None)
    if trig.cls != "Statement" or clause is None:
        return trig
    aux = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    for cls, cue in _content_cues().items():
        if aux & cue["aux"] and clause.lemma_.lower() in cue["verbs"]:
            cameo = str(load_yaml("lexicon/triggers.yaml")[cls].get("cameo", ""))
            return Trigger(cls, cameo, trig.options, trig.target_preps, trig.place_preps)
    return trig


def trigger_for(tok: Token) -> Trigger | None:
    verbs, nouns = _lexicon()
    if tok.pos_ in {"VERB", "AUX"}:
        return verbs.get(tok.lemma_.lower())
    if tok.pos_ == "NOUN":
        trig = nouns.get(tok.lower_) or nouns.get(tok.lemma_.lower())
        mods = trig.options.get("needs_mod") if trig else None
        if mods and not any(c.lower_ in mods for c in tok.children):
            return None  # "campaign" is an attack only as an air or military campaign
        return trig
    return None


def licensed(tok: Token, trig: Trigger) -> bool:
    """Did it happen? Negated, hypothetical, wished-for and stative mentions are not events;
    and the lexicon's constraints hold ("fire" needs rockets)."""
    if any(c.dep_ == "neg" for c in tok.children):  # "did not attack", "did not accuse"
        return False
    if tok.pos_ == "NOUN" and not _real_noun(tok):
        return False
    if tok.pos_ in {"VERB", "AUX"} and trig.cls not in {"Threat", "Demand"} and _irrealis(tok):
        return False
    if trig.cls in MOVES and _stative(tok):
        return False
    return tok.dep_ != "amod" and _meets(tok, trig.options)


def _irrealis(verb: Token) -> bool:
    return any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in words("irrealis") for c in verb.children
    )


def _real_noun(tok: Token) -> bool:
    """'no talks', 'a planned pullout', 'would pursue the withdrawal', 'seek a deal'."""
    if any(
        c.lower_ in words("unreal_modifiers") for c in tok.children if c.dep_ in {"det", "amod"}
    ):
        return False
    head = tok.head
    governed = tok.dep_ in {"dobj", "nsubjpass", "pobj"} and head.pos_ in {"VERB", "AUX"}
    return not (governed and (_irrealis(head) or head.lemma_.lower() in words("wish_verbs")))


def _stative(tok: Token) -> bool:
    """'US forces are stationed in Iraq': a present passive with no agent is a state."""
    aux = [c for c in tok.children if c.dep_ == "auxpass"]
    return (
        bool(aux)
        and aux[0].tag_ in {"VBP", "VBZ"}
        and not any(c.dep_ == "agent" for c in tok.children)
    )


def _meets(tok: Token, opts: dict[str, Any]) -> bool:
    if "needs" in opts:
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        objs += [g for c in tok.children if c.dep_ == "prep" for g in c.children]
        objs += [g for o in list(objs) for p in o.children if p.lower_ == "of" for g in p.children]
        if not any(o.lemma_.lower() in opts["needs"] or o.lower_ in opts["needs"] for o in objs):
            return False
    if "needs_prep" in opts and not any(
        c.dep_ in {"prep", "prt"} and c.lower_ in opts["needs_prep"] for c in tok.children
    ):
        return False
    return not opts.get("needs_speech") or (
        any(c.dep_ == "ccomp" for c in tok.children) or '"' in tok.sent.text
    )


def embedded(tok: Token, trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """Is this trigger part of another event's description? Then that event tells it.
    'killed by a US airstrike', 'a bill demanding the withdrawal', 'urged X to call for'.
    A bare speech verb yields to the event noun it carries ('reiterated its demand')."""
    if (
        trig.cls == "Statement"
        and tok.pos_ != "NOUN"
        and any(
            c.i in triggers and c.pos_ == "NOUN" and c.dep_ in {"dobj", "nsubjpass"}
            for c in tok.children
        )
    ):
        return True
    anc, steps = tok.head, 0
    while anc.i != tok.i and steps < 4:
        outer = triggers.get(anc.i)
        if outer and outer.cls != "Statement":
            own_subject = any(c.dep_ in SUBJ for c in tok.children)
            return (
                tok.pos_ == "NOUN"
                or tok.dep_ in {"xcomp", "acl"}
                or (tok.dep_ == "advcl" and not own_subject)
            )  # "a bill, demanding ..."
        if anc.head.i == anc.i:
            break
        anc, steps = anc.head, steps + 1
    return False


# ---------------------------------------------------------------- roles
