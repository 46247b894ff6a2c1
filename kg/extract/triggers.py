"""Event triggers: the lexicon (`ontology/lexicon/triggers.yaml`), and whether a trigger
reports something that happened (not negated, hypothetical, wished-for or stative)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.scan import LEMMA, LOWER, indices_where, text_of
from kg.rules import Lexicon, Trigger, TriggerOptions, grammar, lexicon
from kg.schema import speech

__all__ = [
    "Trigger",
    "by_content",
    "embedded",
    "licensed",
    "speech",
    "trigger_for",
    "trigger_words",
]


def by_content(tok: Token, trig: Trigger) -> Trigger:
    """'said the US must leave' is a demand, 'said Washington will pay' a threat."""
    clause = next((c for c in tok.children if c.dep_ in {"ccomp", "parataxis"}), None)
    if not trig.rules.content_cues or clause is None:
        return trig
    aux = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    for cls, cue in trig.rules.content_cues.items():
        if aux & cue.aux and clause.lemma_.lower() in cue.verbs:
            return lexicon().trigger(cls)
    return trig


def trigger_words(doc: Doc, lex: Lexicon) -> list[int]:
    """Indices, in order, of the tokens `trigger_for` can accept (verbs by lemma, nouns by
    word or lemma), found from the Doc's columns instead of token by token."""
    verbs, nouns = lex.verbs, lex.nouns
    by_word = indices_where(doc, LOWER, nouns.__contains__)
    by_lemma = indices_where(doc, LEMMA, lambda s: s.lower() in verbs or s.lower() in nouns)
    return sorted({*by_word, *by_lemma})


def trigger_for(tok: Token, lex: Lexicon | None = None) -> Trigger | None:
    """The reading of a trigger word whose constraints hold here: 'declared a state of
    emergency' is an Emergency, 'declared that ...' a Statement."""
    lex = lex or lexicon()
    if tok.pos_ in {"VERB", "AUX"}:
        cands = lex.verbs.get(tok.lemma_.lower(), ())
    elif tok.pos_ == "NOUN":
        cands = lex.nouns.get(tok.lower_) or lex.nouns.get(tok.lemma_.lower(), ())
    else:
        return None
    for trig in cands:
        mods = trig.options.needs_mod
        if mods and not any(c.lower_ in mods for c in tok.children):
            continue  # "campaign" is an attack only as an air or military campaign
        if _meets(tok, trig.options):
            return trig
    return None


def licensed(tok: Token, trig: Trigger) -> bool:
    """Did it happen? Negated, hypothetical, wished-for and stative mentions are not events;
    and the lexicon's constraints hold ("fire" needs rockets)."""
    if any(c.dep_ == "neg" for c in tok.children):  # "did not attack", "did not accuse"
        return False
    if tok.pos_ == "NOUN" and not _real_noun(tok):
        return False
    if tok.pos_ in {"VERB", "AUX"} and not trig.rules.irrealis_ok and _irrealis(tok):
        return False
    if trig.rules.movement and _stative(tok):
        return False
    if _what_may_happen(tok):
        return False
    return tok.dep_ != "amod" and _meets(tok, trig.options)


def _what_may_happen(tok: Token, *, hops: int = 4) -> bool:
    """'increasing the likelihood of jets targeting civilians', 'the risk of an attack': the
    object of a likelihood noun (grammar.yaml's hypothetical_nouns) did not happen."""
    nouns = grammar().hypothetical_nouns
    for _ in range(hops):
        if tok.head.i == tok.i or tok.dep_ not in {"acl", "pobj", "pcomp", "prep"}:
            return False
        tok = tok.head
        if tok.lower_ == "of" and tok.head.lemma_.lower() in nouns:
            return True
    return False


def _irrealis(verb: Token) -> bool:
    """'will strike', 'to attack'; a conjunct shares its first verb's mood ('operations to
    target, detain or kill X': none happened)."""
    words = grammar().irrealis
    while not any(c.dep_ in {"aux", "auxpass"} and c.lower_ in words for c in verb.children):
        if verb.dep_ != "conj" or verb.head.i == verb.i or verb.head.pos_ not in {"VERB", "AUX"}:
            return False
        verb = verb.head
    return True


def _real_noun(tok: Token) -> bool:
    """'no talks', 'a planned pullout', 'would pursue the withdrawal', 'seek a deal'."""
    if any(
        c.lower_ in grammar().unreal_modifiers for c in tok.children if c.dep_ in {"det", "amod"}
    ):
        return False
    head = tok.head
    governed = tok.dep_ in {"dobj", "nsubjpass", "pobj"} and head.pos_ in {"VERB", "AUX"}
    return not (governed and (_irrealis(head) or head.lemma_.lower() in grammar().wish_verbs))


def _stative(tok: Token) -> bool:
    """'US forces are stationed in Iraq': a present passive with no agent is a state."""
    aux = [c for c in tok.children if c.dep_ == "auxpass"]
    return (
        bool(aux)
        and aux[0].tag_ in {"VBP", "VBZ"}
        and not any(c.dep_ == "agent" for c in tok.children)
    )


def _meets(tok: Token, opts: TriggerOptions) -> bool:
    if opts.needs:
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        objs += [g for c in tok.children if c.dep_ == "prep" for g in c.children]
        objs += [g for o in list(objs) for p in o.children if p.lower_ == "of" for g in p.children]
        if not any(o.lemma_.lower() in opts.needs or o.lower_ in opts.needs for o in objs):
            return False
    if opts.no_infinitive and any(
        c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} for c in tok.children
    ):
        return False
    if opts.needs_prep and not any(
        c.dep_ in {"prep", "prt"} and c.lower_ in opts.needs_prep for c in tok.children
    ):
        return False
    return not opts.needs_speech or (
        any(c.dep_ == "ccomp" for c in tok.children) or '"' in text_of(tok.sent)
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
            own_subject = any(c.dep_ in grammar().subject_deps for c in tok.children)
            if tok.dep_ == "acl" and tok.head.dep_ in grammar().subject_deps:
                return False  # "forces battling the group are advancing": two acts
            return (
                tok.pos_ == "NOUN"
                or tok.dep_ in {"xcomp", "acl"}
                or (tok.dep_ == "advcl" and not own_subject)
            )  # "a bill, demanding ..."
        if anc.head.i == anc.i:
            break
        anc, steps = anc.head, steps + 1
    return False
