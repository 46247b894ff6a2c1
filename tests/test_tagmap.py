"""The column-wise attribute ruler gives exactly what spaCy's AttributeRuler gives: on
hand-built Docs (no model), on random rules and Docs (hypothesis), and on real articles
through the real model's own tag map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.tagmap import ColumnAttributeRuler, compile_rules, use_column_ruler

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]
WORDS = ["the", "The", "a", "not", "n't", "nt", "gets", "got", "up", " ", "\n", "Kim"]
TAGS = ["DT", "RB", "VBZ", "VBD", "RP", "_SP", "NNP", "CC"]
DEPS = ["det", "neg", "ROOT", "prt", "dep", "advmod", ""]


def ruler_with(patterns: list[dict[str, Any]]) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


BLANK = spacy.blank("en")


def doc_of(nlp: Language, rows: list[tuple[str, str, str]]) -> Doc:
    if not rows:
        return Doc(nlp.vocab, words=[])
    words, tags, deps = zip(*rows, strict=True)
    return Doc(nlp.vocab, words=list(words), tags=list(tags), deps=list(deps))


def both(patterns: list[dict[str, Any]], rows: list[tuple[str, str, str]]) -> tuple[Doc, Doc]:
    """The same Doc through spaCy's ruler and through the compiled one."""
    ruler = AttributeRuler(BLANK.vocab)  # not a pipeline each: hypothesis makes hundreds
    ruler.add_patterns(patterns)
    rules = compile_rules(ruler)
    assert rules is not None
    theirs = ruler(doc_of(BLANK, rows))
    ours = ColumnAttributeRuler(rules)(doc_of(BLANK, rows))
    return theirs, ours


def same(a: Doc, b: Doc) -> bool:
    return np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)) and [
        str(t.morph) for t in a
    ] == [str(t.morph) for t in b]


SAMPLE = [
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET", "MORPH": "PronType=Art"}},
    {"patterns": [[{"TAG": "DT", "LOWER": "the"}]], "attrs": {"MORPH": "Definite=Def"}},
    {"patterns": [[{"TAG": "RB", "LOWER": {"IN": ["not", "n't"]}}]], "attrs": {"POS": "PART"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
    {
        "patterns": [[{"TAG": "VBZ", "LOWER": "gets"}], [{"TAG": "VBD", "LOWER": "got"}]],
        "attrs": {"LEMMA": "get"},
    },
    {"patterns": [[{"LOWER": "gets"}, {"LOWER": "up"}]], "attrs": {"POS": "ADP"}, "index": 1},
    {"patterns": [[{"LOWER": "got"}, {"LOWER": "up"}]], "attrs": {"LEMMA": "rise"}, "index": -2},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["DT", "RB"]}, "DEP": "ROOT"}]], "attrs": {"POS": "VERB"}},
]


def test_a_hand_built_doc_gets_what_spacy_gives() -> None:
    rows = [("The", "DT", "det"), ("n't", "RB", "neg"), ("gets", "VBZ", "ROOT")]
    rows += [("up", "RP", "prt"), (" ", "_SP", "dep"), ("a", "DT", "det"), ("got", "VBD", "")]
    rows += [("up", "RP", "prt"), ("nt", "NNP", "ROOT")]
    theirs, ours = both(SAMPLE, rows)
    assert same(theirs, ours)
    # and the rules did something: the later rule's morphology over the earlier one's
    assert str(ours[0].morph) == "Definite=Def" and ours[0].pos_ == "DET"
    assert ours[3].pos_ == "ADP" and ours[6].lemma_ == "rise" and ours[8].lemma_ == "not"


def test_a_later_rule_wins_over_an_earlier_one_whatever_it_is_filed_under() -> None:
    patterns = [
        {"patterns": [[{"LOWER": "the"}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    ]
    theirs, ours = both(patterns, [("the", "DT", "det")])
    assert ours[0].pos_ == theirs[0].pos_ == "DET"
    theirs, ours = both(patterns[::-1], [("the", "DT", "det")])
    assert ours[0].pos_ == theirs[0].pos_ == "PRON"


@pytest.mark.parametrize(
    "spec",
    [
        {"LOWER": "a", "OP": "?"},
        {"LOWER": {"FUZZY": "the"}},
        {"POS": "NOUN"},
        {"LENGTH": {">=": 3}},
        {"_": {"flag": True}},
    ],
)
def test_patterns_outside_the_subset_leave_spacys_ruler_in_place(spec: dict[str, Any]) -> None:
    nlp = ruler_with([*SAMPLE, {"patterns": [[spec]], "attrs": {"POS": "X"}}])
    assert compile_rules(nlp.get_pipe("attribute_ruler")) is None
    assert use_column_ruler(nlp) is False and "attribute_ruler" in nlp.pipe_names


def test_a_rule_that_sets_a_lexical_attribute_leaves_spacys_ruler_in_place() -> None:
    """Only POS, TAG, MORPH, LEMMA and DEP are written here (flags live on the lexeme)."""
    nlp = ruler_with([*SAMPLE, {"patterns": [[{"LOWER": "nt"}]], "attrs": {"NORM": "not"}}])
    assert compile_rules(nlp.get_pipe("attribute_ruler")) is None


def test_use_column_ruler_takes_the_place_of_the_ruler() -> None:
    nlp = ruler_with(SAMPLE)
    nlp.add_pipe("sentencizer")
    assert use_column_ruler(nlp) is True
    assert nlp.pipe_names == ["kg_attribute_ruler", "sentencizer"]
    assert use_column_ruler(spacy.blank("en")) is False


def test_an_empty_doc_passes_through() -> None:
    nlp = ruler_with(SAMPLE)
    rules = compile_rules(nlp.get_pipe("attribute_ruler"))
    assert rules is not None
    assert len(ColumnAttributeRuler(rules)(nlp.make_doc(""))) == 0


def _spec() -> st.SearchStrategy[dict[str, Any]]:
    word = st.sampled_from([w.lower() for w in WORDS])
    return st.fixed_dictionaries(
        {},
        optional={
            "TAG": st.sampled_from(TAGS)
            | st.fixed_dictionaries({"IN": st.lists(st.sampled_from(TAGS), min_size=1)}),
            "LOWER": word | st.fixed_dictionaries({"NOT_IN": st.lists(word, max_size=3)}),
            "DEP": st.sampled_from(DEPS),
            "IS_SPACE": st.booleans(),
            "ORTH": st.fixed_dictionaries({"REGEX": st.sampled_from(["^[A-Z]", "t$", "^ +$"])}),
        },
    )


RULES = st.lists(
    st.fixed_dictionaries(
        {
            "patterns": st.lists(st.lists(_spec(), min_size=1, max_size=2), min_size=1, max_size=2),
            "attrs": st.fixed_dictionaries(
                {},
                optional={
                    "POS": st.sampled_from(["DET", "PART", "VERB", "SPACE"]),
                    "MORPH": st.sampled_from(["Definite=Def", "Polarity=Neg", "_"]),
                    "LEMMA": st.sampled_from(["not", "get", "be"]),
                    "TAG": st.sampled_from(TAGS),
                },
            ),
        }
    ),
    max_size=12,
)
ROWS = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)), max_size=14
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.filterwarnings("ignore:.*W036")  # spaCy's warning when a ruler has no rules
@given(RULES, ROWS)
def test_random_rules_on_random_docs_agree_with_spacy(
    patterns: list[dict[str, Any]], rows: list[tuple[str, str, str]]
) -> None:
    theirs, ours = both(patterns, rows)
    assert same(theirs, ours)


@pytest.mark.model
def test_the_models_own_tag_map_gives_identical_tokens_on_real_articles() -> None:
    from kg.nlp import load_model

    theirs, ours = load_model(), load_model()
    assert use_column_ruler(ours) is True
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for a, b in zip(theirs.pipe(texts), ours.pipe(texts), strict=True):
        assert same(a, b)
        assert sum(t.pos_ == "PART" for t in b) > 0  # the exceptions, not only the tag map
