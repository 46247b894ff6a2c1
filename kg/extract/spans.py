"""Spans of names as the NER should have read them: a personal name split in two, a name
cut at a hyphen, places joined into one name, and list members and bodies it missed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from kg.actors import actor_id_for, actor_index, place_id_for
from kg.gazetteer import gazetteer
from kg.rules import grammar, roles, titles


def place_chain(span: Span) -> list[Span]:
    """'the Afungi-Palma-Mocimboa da Praia axis': places joined by hyphens or dashes, read
    as one name by the NER, are each a place when two or more of them are known ones."""
    doc, cuts = span.doc, [span.start - 1]
    for tok in span[1:-1]:
        if tok.text in {"-", "–", "—"} and not tok.whitespace_ and not doc[tok.i - 1].whitespace_:
            cuts.append(tok.i)
    if len(cuts) < 2:
        return []
    parts = [doc[a + 1 : b] for a, b in zip(cuts, [*cuts[1:], span.end], strict=True)]
    known = sum(place_id_for(p.text) is not None for p in parts)
    return parts if known >= 2 and all(p.text[:1].isupper() for p in parts) else []


def list_members(named: list[tuple[Span, str, str | None]]) -> list[tuple[Span, str, None]]:
    """Names the NER missed in a list it otherwise read: in 'Palma, Mute, Maputo, Tete and
    Njama' every member is of the kind two or more of the others were found to be."""
    covered = {i for s, _, _ in named for i in range(s.start, s.end)}
    kind_at = {s.root.i: cls for s, cls, _ in named}
    out: list[tuple[Span, str, None]] = []
    done: set[int] = set()
    for span, _, _ in named:
        members = [span.root, *span.root.conjuncts]
        if span.root.i in done or len(members) < 3:
            continue
        done.update(t.i for t in members)
        kinds = Counter(kind_at[t.i] for t in members if t.i in kind_at).most_common(1)
        if not kinds or kinds[0][1] < 2:
            continue
        for tok in members:
            if tok.i in covered or tok.pos_ != "PROPN" or not tok.is_title:
                continue
            first = tok.i
            while (
                first > 0
                and tok.doc[first - 1].dep_ == "compound"
                and tok.doc[first - 1].pos_ == "PROPN"
            ):
                first -= 1
            out.append((tok.doc[first : tok.i + 1], kinds[0][0], None))
    return out


def role_bodies(
    named: list[tuple[Span, str, str | None]], doc: Doc
) -> list[tuple[Span, str, None]]:
    """Bodies the NER missed after a role: 'the director of the Joint Staff', 'a member of
    the Muslim Brotherhood': two or more capitalised proper nouns after '<role> of (the)'
    name a group, unless a title or a name the NER found is among or just after them
    ('the adviser of Prime Minister X')."""
    covered = _covered(named)
    nouns, ranks = roles().phrases, titles().titles
    out: list[tuple[Span, str, None]] = []
    for tok in doc:
        if tok.lower_ != "of" or not tok.i or doc[tok.i - 1].lower_ not in nouns:
            continue
        start = tok.i + 1 + (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "the")
        end = start
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        run = doc[start:end]
        if (
            len(run) >= 2
            and not any(t.i in covered or t.lower_.rstrip(".") in ranks for t in run)
            and end not in covered
        ):
            out.append((run, "Group", None))
    return out


def cued_bodies(
    named: list[tuple[Span, str, str | None]], doc: Doc
) -> list[tuple[Span, str, None]]:
    """Groups the NER missed after a noun that says what they are: 'the opposition party
    Pastef', 'the jihadist group JNIM': proper nouns (up to four, no other entity among
    them, no title) right after one of grammar.yaml's group cues written in lower case
    (a headline's 'Militia Commander' is no name), in a phrase that noun heads or
    modifies."""
    covered = _covered(named)
    out: list[tuple[Span, str, None]] = []
    for tok in doc:
        if not group_cue(tok) or tok.i + 1 >= len(doc):
            continue
        end = tok.i + 1
        while end < min(len(doc), tok.i + 5) and _bare_name(doc[end], covered):
            end += 1
        run = doc[tok.i + 1 : end]
        if run and any(t.head == tok or tok.head == t for t in run) and end not in covered:
            out.append((run, "Group", None))
    return out


def group_cue(tok: Token) -> bool:
    """A group's noun written in lower case ('the opposition party X'), not a headline's
    capitals ('Militia Commander')."""
    return tok.is_lower and tok.lemma_.lower() in grammar().group_cues


def _covered(named: list[tuple[Span, str, str | None]]) -> set[int]:
    return {i for s, _, _ in named for i in range(s.start, s.end)}


def _bare_name(tok: Token, covered: set[int]) -> bool:
    return (
        tok.pos_ == "PROPN"
        and (tok.is_title or tok.is_upper)
        and tok.i not in covered
        and not tok.ent_type_
        and tok.lower_.rstrip(".") not in titles().titles
        and tok.lower_ not in roles().phrases
    )


def named_after(ent: Span) -> Span:
    """'Irbil International Airport', 'Mosul University': the entity ruler found the place
    ('Irbil') and the NER kept its match; the facility named after it (title-case words
    up to one of roles.yaml's facility nouns, which no other entity covers) is the name.
    `kg.extract.places` puts the facility in the place it starts with."""
    last = _name_goes_on_to(ent, roles().words.facility_nouns, 4, _facility_word)
    return ent if last is None else Span(ent.doc, ent.start, last + 1, label="FAC")


def body_named_after(ent: Span) -> Span:
    """'Shan State Army', 'Sudan People's Liberation Movement': the entity ruler found the
    place and the NER had to read around it; a name that goes on from the place in
    title-case words (no other known name among them) to one of grammar.yaml's body heads
    is the body's. The place's name alone never is ("Sudan Army" is an institution of
    Sudan, named by the ruler already)."""
    last = _name_goes_on_to(ent, grammar().body_heads, 6, _goes_on)
    return ent if last is None else Span(ent.doc, ent.start, last + 1, label="ORG")


def _name_goes_on_to(
    ent: Span, heads: frozenset[str], most: int, word: Callable[[Token], bool]
) -> int | None:
    """The last of `heads` among the words (at most `most`) that carry on the name of a
    place the entity ruler found, each passing `word`; None when there is none."""
    if not ent.ent_id_ or ent.label_ not in ("GPE", "LOC"):
        return None
    doc, end, last = ent.doc, ent.end, None
    while end < min(len(doc), ent.end + most) and word(doc[end]):
        if doc[end].lower_ in heads:
            last = end
        end += 1
    return last


def _facility_word(tok: Token) -> bool:
    return tok.is_title and not tok.ent_type_


def _goes_on(tok: Token) -> bool:
    """A word of a name, none of another known one: title-case, or the possessive of one
    ("People's")."""
    prev = tok.doc[tok.i - 1]
    return not tok.ent_id_ and (
        tok.is_title or (tok.tag_ == "POS" and prev.is_title and not prev.ent_id_)
    )


def facility_id(place: Span, facility: Span) -> str | None:
    """The dictionary's entry for a facility named after a place spelled another way
    ("Irbil International Airport": "Erbil International Airport")."""
    actor = actor_index().get(place.ent_id_) if facility.start == place.start else None
    if actor is None or place.end >= facility.end:
        return None
    return actor_id_for(f"{actor.name} {facility[place.end - facility.start :].text}")


def weapon_make(span: Span) -> bool:
    """'Four Katyusha rockets', 'B-1 bombers': a name just before a weapon's noun is its
    make (see grammar.yaml's weapon_nouns), unless it is an acronym (a group's short form:
    'RSF drones'), its head word names a group or a place, or the gazetteer knows it."""
    doc, g = span.doc, grammar()
    if span.end >= len(doc) or doc[span.end].lower_ not in g.weapon_nouns:
        return False
    head = span[-1].lower_
    return not (
        re.fullmatch(r"[A-Z]{2,}", span.text)
        or head in g.group_heads
        or head in g.place_heads
        or gazetteer().lookup(span.text)
    )


def joined_people(doc: Doc) -> list[Span]:
    """The entities, with a personal name the NER split in two joined again ('José Adolfo'
    + 'Macías Villamar')."""
    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PERSON"
            and prev.end == ent.start
            and not prev.ent_id_
            and not ent.ent_id_
        ):
            out[-1] = Span(doc, prev.start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return out


def repaired(ent: Span) -> Span:
    """A name the NER cut at a hyphen ('Han Duck' of 'Han Duck-soo'), or a personal name
    it cut short where the parse goes on ('Aung San' of 'Aung San Suu Kyi': the last word
    it took is a compound of a later proper noun no entity covers)."""
    doc, end = ent.doc, _name_goes_on(ent)
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].ent_type_ in ("", ent.label_)
    ):
        end += 2
    return Span(doc, ent.start, end, label=ent.label_, span_id=ent.id_) if end != ent.end else ent


def _name_goes_on(ent: Span) -> int:
    """Where a personal name ends that the NER ended too soon: at the later proper noun its
    last word is a compound of (two words on at most), if no entity covers the words between."""
    doc, head = ent.doc, ent[-1].head
    if ent.label_ != "PERSON" or ent[-1].dep_ != "compound" or not ent.end <= head.i < ent.end + 2:
        return ent.end
    rest = doc[ent.end : head.i + 1]
    return (
        head.i + 1
        if all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ for t in rest)
        else ent.end
    )
