"""The few tokens a rule can start at, found without building a spaCy `Token` for every
word: one attribute column of the Doc as an array, each distinct string in it tested once.
(Walking a Doc creates one Python object per token per pass; three rules that each walked
every token were a third of the extraction time.)"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

__all__ = ["LEMMA", "LOWER", "indices_where"]


def indices_where(doc: Doc, attr: int, keep: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens whose `attr` string (LOWER, LEMMA, ...) `keep`
    accepts."""
    column = doc.to_array([attr]).ravel()
    if not len(column):
        return []
    strings = doc.vocab.strings
    wanted = [value for value in np.unique(column) if keep(strings[int(value)])]
    return np.flatnonzero(np.isin(column, wanted)).tolist()
