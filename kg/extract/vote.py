"""The typing vote for a name outside the actor dictionary: the gazetteer, the name's own
head word, then what the sentence says of it ("the town of X", "the X militia", "Capt. X",
"a village called X"), and last the NER label."""

from __future__ import annotations

from spacy.tokens import Span

from kg.actors import demonym_countries, place_id_for
from kg.extract.spans import group_cue
from kg.rules import grammar, roles, titles


def typed(span: Span, label_cls: str, countries: frozenset[str]) -> tuple[str, str | None]:
    """(class, gazetteer id) of a name outside the dictionary: a place the gazetteer knows
    by this very name, else the name's head word, else the sentence, else the label."""
    place = place_id_for(span.text, countries)
    if place:
        return "Place", place
    if span.text in demonym_countries():  # "Kuwaiti" alone stands for Kuwait
        return "Place", demonym_countries()[span.text]
    head = span[-1].lower_
    if head in grammar().group_heads and len(span) > 1:
        return "Group", None
    if head in grammar().place_heads and len(span) > 1:
        return "Place", None
    cue = _cue(span)
    if cue is None and label_cls == "Person" and _where_something_happened(span):
        return "Place", None  # "the force arrived in Afungi": no person is arrived in
    return cue or label_cls, None


def _cue(span: Span) -> str | None:
    """What the words around a name say it is: 'the town of X', 'X village' (a place);
    'the X militia', 'the Nasr” resistance group' (a group)."""
    doc = span.doc
    before = [t for t in doc[max(0, span.start - 2) : span.start] if t.text != "."]
    if before and before[-1].lower_.rstrip(".") in titles().titles:
        return "Person"  # "Capt. John Mensah", whatever label the NER gave the name
    named = _named_as(span)
    if named:
        return named
    i = span.start - 1
    while (
        i > 0
        and not doc[i + 1].is_sent_start
        and (doc[i].is_punct or doc[i].dep_ in {"cc", "conj"} or doc[i].ent_type_)
    ):
        i -= 1  # back over the earlier items of a list: "the villages of A, B and C"
    introducing = grammar().place_cues | grammar().place_offices  # "the town / mayor of X"
    if i > 0 and doc[i].lower_ == "of" and doc[i - 1].lemma_.lower() in introducing:
        return "Place"
    if _of_a_group_noun(span) or _after_a_group_noun(span):
        return "Group"
    apposed = _apposed_noun(span)
    if apposed in grammar().place_cues:
        return "Place"  # "Gwer, a town 30 miles southwest of the city"
    if apposed in grammar().group_cues:
        return "Group"  # "Tabligh, a banned movement"
    after = [t for t in doc[span.end : span.end + 3] if not t.is_punct]
    if after and after[0].pos_ == "NOUN" and after[0].lower_ in grammar().place_cues:
        return "Place"
    if any(t.lemma_.lower() in grammar().group_cues for t in after[:2]):
        return "Group"
    return None


def _apposed_noun(span: Span) -> str | None:
    """The head noun of an apposition right after the name: ', a (small) town 30 miles
    away', ', a state-backed group' (group, not state)."""
    doc, j = span.doc, span.end
    if j + 1 >= len(doc) or doc[j].text != "," or doc[j + 1].pos_ != "DET":
        return None
    root = span.root
    owners = [root, root.head] if root.dep_ == "conj" else [root]  # "A and B, a town": B's
    noun = next((c for o in owners for c in o.children if c.dep_ == "appos" and c.i > j), None)
    return noun.lemma_.lower() if noun is not None and noun.pos_ == "NOUN" else None


def _after_a_group_noun(span: Span) -> bool:
    """'the opposition party Pastef', 'the jihadist group JNIM': a group's noun, in lower
    case (not a headline's capitals), right before the name."""
    return span.start > 0 and group_cue(span.doc[span.start - 1])


def _of_a_group_noun(span: Span) -> bool:
    """'an offshoot of the banned X', 'a faction of X', 'members of X': X is a group."""
    doc, k = span.doc, span.start - 1
    while k > 0 and (doc[k].pos_ in {"ADJ", "DET"} or doc[k].tag_ == "VBN"):
        k -= 1
    nouns = grammar().group_nouns | roles().words.unit_nouns
    return k > 0 and doc[k].lower_ == "of" and doc[k - 1].lemma_.lower() in nouns


def _named_as(span: Span) -> str | None:
    """'a village called X', 'a militia known as X', 'the alias X': the noun that
    introduces the name says what it is."""
    doc, gram = span.doc, grammar()
    j = span.start - 1
    if j < 1:
        return None
    if doc[j].lower_ in gram.person_cues:
        return "Person"
    if doc[j].lower_ not in gram.naming_words:
        return None
    k = j - 2 if doc[j].lower_ == "as" and doc[j - 1].lower_ == "known" else j - 1
    if k >= 1 and doc[k].text == "," and doc[k - 1].ent_type_ == "PERSON":
        return "Person"  # "Mohamed Hamdan Dagalo, known as Hemedti": a person's other name
    noun = doc[k].lemma_.lower() if k >= 0 else ""
    if noun in gram.place_cues:
        return "Place"
    return "Group" if noun in gram.group_cues else None


def _where_something_happened(span: Span) -> bool:
    """A name the NER called a person, as the object of 'in/near/outside' on a verb."""
    root = span.root
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ in {"in", "near", "outside", "inside", "around"}
        and prep.head.pos_ == "VERB"
    )
