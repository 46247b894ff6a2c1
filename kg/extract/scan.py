"""The few tokens a rule can start at, found without building a spaCy `Token` for every
word: one attribute column of the Doc as an array, each distinct string in it tested once.
(Walking a Doc creates one Python object per token per pass, and several rules walked it.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kg.nlp import doc_text

__all__ = ["DEP", "LEMMA", "LOWER", "indices_in", "indices_where", "text_of"]


def indices_where(doc: Doc, attr: int, keep: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens whose `attr` string (LOWER, LEMMA, ...) `keep`
    accepts."""
    names, inverse = _table(doc, attr)
    accepted = np.fromiter(map(keep, names), dtype=bool, count=len(names))
    return np.flatnonzero(accepted[inverse]).tolist()


def indices_in(doc: Doc, attr: int, words: frozenset[str]) -> list[int]:
    """Indices, in order, of the tokens whose `attr` string is one of `words` (compared by
    hash: no string is decoded)."""
    column = doc.to_array([attr]).ravel()
    return np.flatnonzero(np.isin(column, _hashes(words))).tolist()


@lru_cache(maxsize=64)
def _hashes(words: frozenset[str]) -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


def _table(doc: Doc, attr: int) -> tuple[list[str], np.ndarray]:
    """The distinct strings of one attribute column, and each token's position among
    them; made once per Doc and attribute (several rules ask)."""
    tables = doc.user_data.setdefault(_TABLES, {})
    if attr not in tables:
        values, inverse = np.unique(doc.to_array([attr]).ravel(), return_inverse=True)
        strings = doc.vocab.strings
        tables[attr] = ([strings[int(v)] for v in values], inverse)
    return tables[attr]


def text_of(span: Span) -> str:
    """`span.text` without a Token per word: the same characters, sliced from the Doc's
    text."""
    return doc_text(span.doc)[span.start_char : span.end_char]


_TABLES = "kg.columns"
