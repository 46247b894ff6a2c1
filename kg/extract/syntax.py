"""Dependency-parse helpers the event and relation rules share."""

from __future__ import annotations

from spacy.tokens import Token

from kg.rules import grammar


def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/conj/participles to the clause's."""
    for _ in range(4):
        subj = _nearest_subject(tok)
        if subj is not None and tok.dep_ == "relcl" and subj.tag_ in {"WDT", "WP"}:
            return tok.head  # "the strikes, which killed ..." : the strikes killed
        if subj is not None:
            return subj
        if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBG"):
            return tok.head  # "the group, which attacked", "forces battling the group"
        if tok.dep_ in {"xcomp", "conj", "advcl", "ccomp", "pcomp"} and tok.head.i != tok.i:
            tok = tok.head
        else:
            return None
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a parse that hangs a sentence's first clause on the
    verb: "Israeli strikes killed 30 people, Gaza's Health Ministry said"), the one nearest
    before the verb."""
    subjects = [c for c in verb.children if c.dep_ in grammar().subject_deps]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else (subjects[0] if subjects else None)
