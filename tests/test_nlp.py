"""kg's own pipeline components, on a blank tokenizer (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.nlp import mark_paragraphs


def test_a_rank_s_full_stop_ends_no_sentence_and_a_line_break_does() -> None:
    nlp = spacy.blank("en")
    doc = mark_paragraphs(nlp("Rebels fled, Army Capt. Alexander Cabales said.\nSgt. Ali left."))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Alexander"] is False  # "Capt." is a rank before a name
    assert starts["Ali"] is False
    assert starts["Sgt"] is True  # the new line starts a sentence


SENTENCES = [
    "IS fighters attacked the 3rd Infantry Brigade near Mosul; this is what US troops said.",
    "The Islamic State (IS) and Kataib Hezbollah (KH) fired at the police in Erbil.",
    "Iraqi forces and the Popular Mobilization Forces entered Jammu and Kashmir, us too.",
    "The Sudanese army, the RSF and Uganda's defence ministry met in Khartoum.",
]


def test_actor_ruler_matches_as_spacy_s_entity_ruler() -> None:
    """kg's ruler moves exact-text patterns (acronyms) from spaCy's token Matcher to a
    PhraseMatcher on ORTH, for speed; which entities it sets must not change. Compared with
    spaCy's own entity ruler given the same patterns (overlaps, acronyms, case, token
    patterns)."""
    from kg.nlp import actor_patterns, add_actor_ruler

    ours, spacys = spacy.blank("en"), spacy.blank("en")
    add_actor_ruler(ours)
    ruler = spacys.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    )
    ruler.add_patterns(list(actor_patterns(spacys)))
    for text in SENTENCES:
        want = [(e.text, e.label_, e.ent_id_) for e in spacys(text).ents]
        assert [(e.text, e.label_, e.ent_id_) for e in ours(text).ents] == want
        assert len(want) >= 2, want  # the sentences exercise the patterns
    exact = [(e.text, e.ent_id_) for e in ours(SENTENCES[0]).ents]
    assert ("IS", "islamic-state") in exact and not any(t == "is" for t, _ in exact)


def test_indices_where_tests_each_string_once_and_keeps_order() -> None:
    from kg.extract.scan import LEMMA, LOWER, indices_in, indices_where

    nlp = spacy.blank("en")
    doc = nlp("Rockets hit the base; rockets hit the city.")
    for tok, lemma in zip(
        doc, ["rocket", "hit", "the", "base", ";", "rocket", "hit", "the", "city", "."], strict=True
    ):
        tok.lemma_ = lemma
    seen: list[str] = []
    assert indices_where(doc, LOWER, lambda s: seen.append(s) or s == "rockets") == [0, 5]
    assert sorted(seen) == sorted(set(seen))  # each distinct string tested once
    assert indices_where(doc, LEMMA, {"hit", "city"}.__contains__) == [1, 6, 8]
    assert indices_where(nlp(""), LOWER, bool) == []
    assert indices_in(doc, LOWER, frozenset({"rockets", "city", "absent"})) == [0, 5, 8]
    assert indices_in(nlp(""), LOWER, frozenset({"rockets"})) == []


def test_the_ruler_read_from_kg_s_cache_is_the_ruler_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ruler's ~21,700 patterns are compiled once and read back from kg's cache folder
    on later starts: the ruler read back sets the same entities, and compiles nothing."""
    from kg import diskcache
    from kg import nlp as kg_nlp
    from kg.gazetteer import gazetteer

    gazetteer()  # in memory already: the empty cache folder below is the ruler's alone
    monkeypatch.setattr(diskcache, "cache_dir", lambda: tmp_path)
    compiled = spacy.blank("en")
    kg_nlp.add_actor_ruler(compiled)
    assert len(list(tmp_path.glob("ruler-*.pickle"))) == 1

    def never(nlp: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(kg_nlp, "_compiled", never)
    read = spacy.blank("en")
    kg_nlp.add_actor_ruler(read)
    for text in SENTENCES:
        want = [(e.start, e.end, e.label_, e.ent_id_) for e in compiled(text).ents]
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in read(text).ents] == want
    home = read("The police said the Islamic State fired at Kirkuk.")  # a token pattern
    assert any(e.ent_id_.startswith(kg_nlp.HOME) for e in home.ents)


def test_the_ruler_s_cache_key_follows_the_ontology_and_the_tokenizer(onto: Path) -> None:
    from kg.nlp import ruler_key

    nlp = spacy.blank("en")
    key = ruler_key(nlp)
    assert ruler_key(spacy.blank("en")) == key  # the same inputs, the same file
    actors = onto / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = ruler_key(nlp)
    assert edited != key
    nlp.tokenizer.add_special_case("U.N.", [{"ORTH": "U.N."}])
    assert ruler_key(nlp) != edited
