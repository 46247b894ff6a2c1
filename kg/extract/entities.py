"""Mentions of people, groups and places from a parsed Doc, and the anaphora news relies on
("he said", "the Committee said", "the Iran-backed militia")."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from kg.actors import (
    actor_id_for,
    actor_index,
    capitals,
    countries_named,
    demonym_countries,
    institution,
    place_id_for,
    plural_demonyms,
    state_of,
)
from kg.extract.scan import DEP, indices_in
from kg.extract.spans import (
    body_named_after,
    cued_bodies,
    facility_id,
    joined_people,
    list_members,
    named_after,
    place_chain,
    repaired,
    role_bodies,
    weapon_make,
)
from kg.extract.vote import typed
from kg.gazetteer import gazetteer
from kg.models import Mention
from kg.nlp import CLASS_OF_LABEL, HOME
from kg.rules import grammar, lexicon, titles


def _trim(span: Span, *, whole: bool = False) -> Span | None:
    """Drop a leading article, a leading possessor ("Iraq's PMU"; not in a name read
    `whole`: "Sudan People's Liberation Movement"), titles before a person's name and a
    trailing possessive; None when nothing name-like is left."""
    start, end = span.start, span.end
    doc = span.doc
    if span.label_ != "PERSON" and span.ent_id_:
        return span
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    comma = next((i for i in range(start + 1, end) if doc[i].text == ","), None)
    if comma is not None and not place_id_for(doc[comma + 1 : end].text):
        end = comma  # "Kidal, Army" of "the town of Kidal, Army Capt. X said"; not "Mosul, Iraq"
    possessors = [] if whole else [i for i in range(start, end - 1) if doc[i].tag_ == "POS"]
    if possessors:
        start = possessors[0] + 1
    if span.label_ == "PERSON":
        while end - start > 1 and _title_at(doc, start, end, titles().titles):
            start += _title_at(doc, start, end, titles().titles)
    opened = next((i for i in range(start, end) if doc[i].text == "("), None)
    if opened is not None and not any(doc[i].text == ")" for i in range(opened, end)):
        end = opened  # "Line of Control (LoC": the name stops at the bracket
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in _ARTICLES
    ):
        end -= 1
    # "Tripoli-based", "Iran-backed": the name is the place or sponsor, not the compound
    if end - start > 2 and doc[end - 2].text == "-" and doc[end - 1].lower_ in _COMPOUND_TAILS:
        end -= 2
    if span.label_ != "PERSON":  # "Army Col." of "US Army Col. Joe Buccino"
        while end - start > 1 and doc[end - 1].lower_.rstrip(".") in titles().titles:
            end -= 1
    return doc[start:end] if end > start else None


_ARTICLES = {"the", "a", "an"}
_COMPOUND_TAILS = {"based", "backed", "led", "linked", "allied", "aligned", "run", "held", "born"}


def _title_at(doc: Doc, start: int, end: int, known: frozenset[str]) -> int:
    """Length in tokens of a title at `start` ("Lieutenant General" = 2), else 0."""
    for n in (3, 2, 1):
        if end - start > n:
            words = " ".join(t.lower_.rstrip(".") for t in doc[start : start + n])
            if words in known:
                return n
    return 0


MAX_WORD = 30  # letters of the longest word of a name (Wolfeschlegelsteinhausen has 24)


def _is_name(span: Span) -> bool:
    generic = titles().generic_names
    text = span.text
    if span.ent_id_:
        return True
    if len(span) <= 2 and _reports_an_event(span[-1]) and not _names_a_kind(span[-1]):
        return False  # a headline's capitals: "Drone Strike", "Soldier Killed", "Clash"
    if len(span) == 1 and span[0].is_sent_start and _common_noun(span[0]):
        return False  # a plural noun capitalised by its place: "Gunmen abducted 30 students"
    return (
        any(c.isupper() for c in text)
        and all(len(tok) <= MAX_WORD for tok in span)  # a code, hash or base64, not a name
        and not text.endswith("-")
        and len(text) > 1
        and text.lower() not in generic
        and not re.fullmatch(r"[\d\W]+", text)
    )


def _common_noun(tok: Token) -> bool:
    """A plural the tagger says is one, or a noun the rules know as a kind of thing (a
    weapon, a group, a fighter): 'Drones struck Goma' (the NER: a person)."""
    g = grammar()
    kinds = g.weapon_nouns | g.group_cues | g.group_nouns
    return tok.tag_ == "NNS" or tok.lower_ in kinds or tok.lower_.removesuffix("s") in kinds


def _names_a_kind(tok: Token) -> bool:
    """'Borno State', 'Kachin State': a word that says what the name is (a place's or a
    group's head or cue) ends a name, even when it can also report an event ('state')."""
    g = grammar()
    return tok.i > tok.sent.start and tok.lower_ in g.place_cues | g.group_heads | g.place_heads


def _reports_an_event(tok: Token) -> bool:
    lex = lexicon()
    word, lemma = tok.lower_, tok.lemma_.lower()
    return word in lex.nouns or lemma in lex.nouns or lemma in lex.verbs or word in lex.verbs


def can_act(m: Mention) -> bool:
    """Countries and capitals act in news ("Sudan accused Chad", "Moscow announced");
    villages do not."""
    actor = actor_index().get(m.actor_id or "")
    return (
        bool(actor and actor.demonyms)
        or m.actor_id in capitals()
        or m.text in grammar().acting_capitals
    )


def is_media(m: Mention) -> bool:
    actor = actor_index().get(m.actor_id or "")
    return bool(actor and actor.media)


def is_stance(tok: Token) -> bool:
    """'pro-Iran', 'anti-US': the named actor is a stance, not a participant."""
    doc, i = tok.doc, tok.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in {"pro", "anti"}


def _mention(doc_id: str, span: Span, cls: str, actor_id: str | None) -> Mention:
    return Mention(
        doc_id=doc_id,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        cls=cls,
        actor_id=actor_id,
    )


def iter_mentions(doc: Doc, doc_id: str) -> Iterator[tuple[Span, Mention]]:
    """Named mentions in document order, each with the (trimmed) span it covers, typed by
    what is known of the name (actor dictionary, its head word, the gazetteer) before what
    the sentence says of it ("the town of X", "the X militia") and, last, the NER label."""
    named = list(_named_spans(doc))
    found = list_members(named) + role_bodies(named, doc) + cued_bodies(named, doc)
    named = sorted(named + found, key=lambda n: n[0].start)
    countries = frozenset(a for _, _, a in named if a in actor_index())
    home = _leading_country(named)  # unlike an act of state, a tie here abstains
    for span, label_cls, actor_id in named:
        if actor_id and actor_id.startswith(HOME):  # "the army": whose is told by the article
            if home is None:
                continue
            actor_id = institution(home, actor_id.removeprefix(HOME))[0]
        actor = actor_index().get(actor_id or "")
        if actor:
            cls = actor.type
        elif actor_id in gazetteer().places:
            cls = "Place"  # a region the entity ruler knows ("Jammu and Kashmir")
        elif actor_id:
            cls = "Group"  # a generated institution ("Iraqi forces", "Mali's junta")
        else:
            cls, actor_id = typed(span, label_cls, countries)
        yield span, _mention(doc_id, span, cls, actor_id)


def _leading_country(named: list[tuple[Span, str, str | None]]) -> str | None:
    """The country an article names most often, if one does more than any other."""
    counts = countries_named(a for _, _, a in named).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _named_spans(doc: Doc) -> Iterator[tuple[Span, str, str | None]]:
    """(span, class from the NER label, dictionary id) of each name-like entity."""
    for ent in joined_people(doc):
        if ent.ent_id_.startswith(HOME):
            yield ent[1:], "Group", ent.ent_id_  # "the police", without "the"
            continue
        if ent.label_ == "NORP" and ent.text in plural_demonyms():
            yield ent, "Place", plural_demonyms()[ent.text]
            continue
        place, ent = ent, named_after(ent)  # "Irbil International Airport", not "Irbil"
        body = body_named_after(ent) if ent is place else ent  # "Shan State Army"
        whole, ent = body is not ent, body
        cls = CLASS_OF_LABEL.get(ent.label_)
        if cls is None:
            continue
        span = _trim(repaired(ent), whole=whole)
        if span is None or not _is_name(span):
            continue
        actor_id = ent.ent_id_ or actor_id_for(span.text) or facility_id(place, span)
        if actor_id is None and weapon_make(span):
            continue
        chain = [] if actor_id else place_chain(span)
        if chain:
            yield from ((part, "Place", None) for part in chain)
            continue
        yield span, cls, actor_id
        owner = _possessor_state(span, actor_id)
        if owner is not None:
            yield owner  # "Rwanda's forces" names Rwanda too


def _possessor_state(span: Span, actor_id: str | None) -> tuple[Span, str, str] | None:
    """The country in "<country>'s <institution>" as a mention of its own."""
    state = state_of(actor_id) if actor_id else None
    if not state or state == actor_id or state not in actor_index():
        return None
    doc = span.doc
    for i in range(span.start, span.end - 1):
        if doc[i + 1].tag_ == "POS" or doc[i + 1].lower_ in {"'s", "’s"}:
            head = doc[span.start : i + 1]
            if actor_id_for(head.text) == state:
                return head, "Place", state
            return None
    return None


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Context:
    """Mentions of one Doc by token, and what a pronoun or 'the group' can point back to."""

    doc: Doc
    spans: list[tuple[Span, Mention]]
    by_token: dict[int, Mention] = field(default_factory=dict)
    span_of: dict[Mention, Span] = field(default_factory=dict)
    sent_starts: list[int] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    _antecedents: dict[tuple[int, int], Mention | None] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self.sent_starts = [s.start for s in self.doc.sents]
        self.dates = [e for e in self.doc.ents if e.label_ == "DATE"]
        for span, mention in self.spans:
            self.span_of[mention] = span
            for i in range(span.start, span.end):
                self.by_token[i] = mention

    def dates_in(self, sent: Span) -> list[Span]:
        """DATE entities of a sentence (doc.ents is rebuilt on every access: read it once)."""
        return [e for e in self.dates if sent.start <= e.start < sent.end]

    def at(self, tok: Token) -> Mention | None:
        """The mention a token is part of, or the one it refers back to."""
        return self.by_token.get(tok.i) or self.antecedent(tok)

    def demonym_country(self, tok: Token, *, any_tag: bool = False) -> Mention | None:
        """'American' in 'American strikes' stands for the United States (`any_tag`: also
        when the NER did not tag the word NORP, as in 'Iranian-backed')."""
        if (tok.ent_type_ != "NORP" and not any_tag) or tok.i in self.by_token:
            return None
        country = demonym_countries().get(tok.text)
        if country is None:
            return None
        return Mention(
            doc_id=self.spans[0][1].doc_id if self.spans else "",
            start=tok.idx,
            end=tok.idx + len(tok.text),
            text=actor_index()[country].name,
            cls="Place",
            actor_id=country,
        )

    def titled_person_after(self, m: Mention, *, window: int = 4) -> Mention | None:
        """'PMU commander Abu Mahdi al-Muhandis': the person a group-and-title phrase names."""
        span = self.span_of.get(m)
        if span is None:
            return None
        known, person_nouns = titles().titles, grammar().person_nouns
        j = span.end
        if j + 2 < len(self.doc) and self.doc[j].text == "(" and self.doc[j + 2].text == ")":
            j += 3  # "(PMU)"
        for tok in self.doc[j : j + window + 1]:
            if tok.text == ".":
                continue  # "spokesman Capt. Alexander Cabales"
            found = self.by_token.get(tok.i)
            if found is not None:
                return found if found.cls == "Person" and tok.i > span.end else None
            if tok.lower_.rstrip(".") not in known and tok.lemma_.lower() not in person_nouns:
                return None
        return None

    def antecedent(self, tok: Token, *, hops: int = 3) -> Mention | None:
        """What a pronoun or a description ('the militia', 'the spokesman') points back to.
        Asked of one token by many rules: worked out once (mentions do not change)."""
        key = (tok.i, hops)
        if key not in self._antecedents:
            self._antecedents[key] = self._antecedent(tok, hops)
        return self._antecedents[key]

    def _antecedent(self, tok: Token, hops: int) -> Mention | None:
        low = tok.lower_
        if tok.pos_ == "PRON" and low in {"he", "she", "him", "her", "his"}:
            return self._last_subject(tok, {"Person"}, hops) or self._last(tok, {"Person"})
        if tok.pos_ == "PRON" and low in {"it", "its", "they", "their", "them"}:
            return self._last_subject(tok, {"Group", "Place"}, hops)
        if (
            tok.pos_ in {"NOUN", "PROPN"}
            and tok.lemma_.lower() in grammar().group_nouns
            and (
                self._is_definite(tok)
                or tok.dep_ == "compound"  # "the militia", "Coalition spokesman"
            )
        ):
            return (
                self._last_named_like(tok)
                or self._last_subject(tok, {"Group"}, hops)
                or self._last(tok, {"Group"})
            )
        definite = tok.pos_ in {"NOUN", "PROPN"} and self._is_definite(tok)
        if definite and tok.lemma_.lower() in grammar().person_nouns:  # "the spokesman added"
            return self._last_subject(tok, {"Person"}, hops) or self._last(tok, {"Person"})
        return None

    @staticmethod
    def _is_definite(tok: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children)

    def _floor(self, tok: Token) -> int:
        """Anaphora reaches back at most two sentences."""
        idx = bisect_right(self.sent_starts, tok.i) - 1
        return self.sent_starts[max(0, idx - 2)]

    @cached_property
    def _subjects(self) -> list[int]:
        """Indices of the subjects, in order (what anaphora looks back for)."""
        return indices_in(self.doc, DEP, _SUBJECTS)

    def _sent_start(self, i: int) -> int:
        """`doc[i].sent.start`, without building the sentence."""
        return self.sent_starts[bisect_right(self.sent_starts, i) - 1]

    def _before(self, tok: Token, *, whole_doc: bool = False) -> list[tuple[Span, Mention]]:
        floor = 0 if whole_doc else self._floor(tok)
        return [(s, m) for s, m in self.spans if s.end <= tok.i and s.start >= floor]

    def _last(self, tok: Token, classes: set[str]) -> Mention | None:
        cands = [m for _, m in self._before(tok) if m.cls in classes and not is_media(m)]
        return cands[-1] if cands else None

    def _last_subject(self, tok: Token, classes: set[str], hops: int) -> Mention | None:
        """The nearest earlier subject of the right kind, main clauses first within each
        sentence; subjects that are pronouns or descriptions are followed back (a few hops).
        A news outlet that only reports ("AFP reported") is nobody's antecedent."""
        if hops <= 0:
            return None
        subjects = self._subjects
        first, end = bisect_left(subjects, self._floor(tok)), bisect_left(subjects, tok.i)
        cands = [self.doc[i] for i in reversed(subjects[first:end])]  # nearest first
        cands.sort(key=lambda t: (-self._sent_start(t.i), t.head.dep_ != "ROOT", -t.i))
        for cand in cands:
            m = self.by_token.get(cand.i) or self.antecedent(cand, hops=hops - 1)
            if m and m.cls in classes and not is_media(m):
                return m
        return None

    def _last_named_like(self, tok: Token) -> Mention | None:
        """'the Committee' -> the last group whose name (or the words after it) has that noun."""
        noun = tok.lower_
        for span, m in reversed(self._before(tok, whole_doc=True)):
            follow = self.doc[span.end : span.end + 3]
            if m.cls == "Group" and (
                noun in span.text.lower().split() or any(t.lower_ == noun for t in follow)
            ):
                return m
        return None
