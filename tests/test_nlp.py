"""kg's own pipeline components, on a blank tokenizer (no model)."""

from __future__ import annotations

import spacy

from kg.nlp import mark_paragraphs


def test_a_rank_s_full_stop_ends_no_sentence_and_a_line_break_does() -> None:
    nlp = spacy.blank("en")
    doc = mark_paragraphs(nlp("Rebels fled, Army Capt. Alexander Cabales said.\nSgt. Ali left."))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Alexander"] is False  # "Capt." is a rank before a name
    assert starts["Ali"] is False
    assert starts["Sgt"] is True  # the new line starts a sentence
