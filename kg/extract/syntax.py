"""Dependency-parse helpers the event and relation rules share."""

from __future__ import annotations

from spacy.tokens import Token

from kg.rules import grammar


def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/conj/participles to the clause's."""
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in grammar().subject_deps), None)
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
