"""An event's attributes beyond its participants: its date and what was said."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.entities import Context
from kg.extract.scan import text_of
from kg.extract.triggers import Trigger


def date_text(ctx: Context, tok: Token, triggers: dict[int, Trigger]) -> str | None:
    """A DATE entity attached to the trigger, else the sentence's only DATE, unless that
    date belongs to another event of the sentence ("passed on 5 January after the killing")."""
    sent_dates = [e for e in ctx.dates_in(tok.sent) if not (_is_duration(e) or _since(e, tok))]
    if not sent_dates:
        return None
    # a date inside a nested event's phrase is that event's ("complained about the campaign
    # launched since June 2014" does not date the complaint)
    attached = [
        e
        for e in sent_dates
        if (e.root.i == tok.i or tok.is_ancestor(e.root))  # in the trigger's subtree
        and _owner(e.root, triggers) in (None, tok.i)
    ]
    if attached:
        return attached[0].text
    if len(sent_dates) == 1 and _owner(sent_dates[0].root, triggers) in (None, tok.i):
        return sent_dates[0].text
    return None


def _owner(tok: Token, triggers: dict[int, Trigger]) -> int | None:
    """The nearest trigger above a token, if any."""
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i in triggers:
            return tok.i
    return None


def _since(ent: Span, tok: Token) -> bool:
    """'have struck bases dozens of times since the war began on Oct. 7', 'has shelled the
    town since 2014': a date reached through 'since' opens a period; it does not date what
    happened in it."""
    doc = ent.doc
    if ent.text.lower().startswith("since") or (ent.start and doc[ent.start - 1].lower_ == "since"):
        return True
    node = ent.root
    while node.i != tok.i and node.head.i != node.i:
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
        node = node.head
        if node.lower_ == "since":
            return True
    return False


def _is_duration(ent: Span) -> bool:
    return bool(re.search(r"\b(years?|months?|weeks?|days?)\b", ent.text, re.I)) and not re.search(
        r"\b(later|ago|earlier|last|next)\b", ent.text, re.I
    )


def content(tok: Token) -> str | None:
    """The quotation or reported clause a statement carries."""
    quote = re.findall(r'"([^"]{8,})"', text_of(tok.sent))
    if quote:
        return " … ".join(q.strip() for q in quote)
    # "said that ...", "urged X to ...", "its demand for the withdrawal of ...", "a call to ..."
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in {"ccomp", "xcomp"}
            or (tok.pos_ == "NOUN" and (c.dep_ == "acl" or c.lower_ in {"for", "that"}))
        ),
        None,
    )
    if clause is not None:
        return tok.doc[clause.left_edge.i : clause.right_edge.i + 1].text
    return None
