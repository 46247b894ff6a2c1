"""kg.phrases: the entity ruler's phrase matching against spaCy's PhraseMatcher, and the
one-text tokenization of phrases against `make_doc` of each."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER, ORTH
from spacy.matcher import PhraseMatcher

from kg.phrases import PhraseIndex, token_values

NLP = spacy.blank("en")
WORDS = ["al", "Haq", "U.S.", "the", "Army", "army", "(", ")", "Hezbollah's", "al-Qaeda", "-"]
_PHRASE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
_TEXT = st.lists(st.sampled_from([*WORDS, ".", ",", "in"]), max_size=30).map(" ".join)


def alone(texts: list[str], attr: int) -> list[tuple[int, ...]]:
    return [tuple(NLP.make_doc(t).to_array([attr]).ravel().tolist()) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(_PHRASE, max_size=6), st.sampled_from(["lower", "orth"]), _TEXT)
def test_matches_are_the_phrase_matcher_s(phrases: list[str], name: str, text: str) -> None:
    """Every occurrence, overlapping ones, one phrase under two keys, a phrase that is a
    prefix of another: the same (key, start, end) as spaCy's PhraseMatcher."""
    attr = {"lower": LOWER, "orth": ORTH}[name]
    theirs, ours = PhraseMatcher(NLP.vocab, attr=name.upper()), PhraseIndex()
    for i, phrase in enumerate(phrases):
        key = NLP.vocab.strings.add(f"k{i % 3}")  # keys shared by several phrases
        theirs.add(f"k{i % 3}", [NLP.make_doc(phrase)])
        ours.add(key, token_values(NLP, [phrase], attr)[0])
    doc = NLP.make_doc(text)
    values = doc.to_array([attr]).ravel()
    assert set(ours.find(values)) == set(theirs(doc))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab .-'()\n\t"), max_size=8), max_size=8))
def test_phrases_tokenized_as_one_text_are_cut_as_each_alone(texts: list[str]) -> None:
    """Punctuation at either end, hyphens, apostrophes, and texts that are not plain words
    between single spaces (leading, trailing or doubled whitespace, line breaks: those
    are tokenized alone), empty ones too."""
    for attr in (LOWER, ORTH):
        assert token_values(NLP, texts, attr) == alone(texts, attr)


def test_every_name_kg_knows_is_cut_as_alone() -> None:
    """The real phrases: the actor dictionary, institutions and regions (21,000 names)."""
    from kg.nlp import _named

    texts = [text for _, _, text in _named()]
    assert len(texts) > 10_000
    assert token_values(NLP, texts, LOWER) == alone(texts, LOWER)
