"""Phrase matching for kg's entity ruler, built in a third of the time of spaCy's
PhraseMatcher: 21,000 names (the actor dictionary's aliases, generated institution names,
the gazetteer's regions) cost ~1.8 s to add to PhraseMatchers (a Doc made per phrase by the
tokenizer, then its lexemes), 0.67 s here, on every start of every parsing process. Here
all phrases are tokenized as one text, and each phrase is a tuple of its tokens' LOWER (or
ORTH) hashes.

A match is what spaCy's PhraseMatcher finds: every (key, start, end) where the tokens'
values equal a phrase's, overlapping matches included; found from the Doc's column of that
attribute, looked at only where a token begins some phrase."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language

# between two phrases in the one text: whitespace, which the tokenizer never joins to a word
SEPARATOR = "\n\n"


def token_values(nlp: Language, texts: list[str], attr: int) -> list[tuple[int, ...]]:
    """Each text's tokens' `attr` values (hashes: LOWER, ORTH), as `nlp.make_doc(text)`
    gives them: spaCy's tokenizer cuts text at whitespace first, and the rules (prefixes,
    suffixes, infixes, exceptions) apply within a run of non-space characters, so a text
    is cut alike alone or between two separators. One Doc for all: no Doc per phrase."""
    plain = [t for t in texts if t == " ".join(t.split())]  # others are tokenized alone
    values = dict(zip(plain, _joined(nlp, plain, attr), strict=True))
    return [
        values[t] if t in values else tuple(nlp.make_doc(t).to_array([attr]).ravel().tolist())
        for t in texts
    ]


def _joined(nlp: Language, texts: list[str], attr: int) -> list[tuple[int, ...]]:
    """The texts (words between single spaces) tokenized as one, cut apart by offsets."""
    if not texts:
        return []
    bounds, at = [], 0
    for text in texts:
        bounds.append((at, at + len(text)))
        at += len(text) + len(SEPARATOR)
    rows = nlp.make_doc(SEPARATOR.join(texts)).to_array([IDX, attr]).tolist()
    out: list[tuple[int, ...]] = []
    k = 0
    for start, end in bounds:
        while k < len(rows) and rows[k][0] < start:
            k += 1  # the separators' whitespace tokens
        first = k
        while k < len(rows) and rows[k][0] < end:
            k += 1
        out.append(tuple(row[1] for row in rows[first:k]))
    return out


class PhraseIndex:
    """Phrases (tuples of token values) under match keys; `find` gives every occurrence."""

    def __init__(self) -> None:
        self._keys: dict[tuple[int, ...], list[int]] = defaultdict(list)
        self._sizes: dict[int, set[int]] = defaultdict(set)  # first value -> phrase lengths
        self._firsts: np.ndarray | None = None  # the first values, sorted
        self._lengths: dict[int, list[int]] = {}  # `_sizes`, sorted (made with `_firsts`)

    def add(self, key: int, phrase: tuple[int, ...]) -> None:
        if not phrase:
            return
        if key not in self._keys[phrase]:
            self._keys[phrase].append(key)
        self._sizes[phrase[0]].add(len(phrase))
        self._firsts = None

    def find(self, column: np.ndarray) -> Iterator[tuple[int, int, int]]:
        """(key, start, end) of every phrase found in `column`, a Doc's attribute values;
        only the tokens that begin some phrase (found by numpy at once) are looked at, and
        only at the lengths of the phrases they begin."""
        if self._firsts is None:
            self._firsts = np.array(sorted(self._sizes), dtype=np.uint64)
            self._lengths = {first: sorted(sizes) for first, sizes in self._sizes.items()}
        firsts = self._firsts
        if not len(column) or not len(firsts):
            return
        at = np.minimum(np.searchsorted(firsts, column), len(firsts) - 1)
        starts = np.flatnonzero(firsts[at] == column)
        values, n = column.tolist(), len(column)
        for i in starts.tolist():
            for size in self._lengths[values[i]]:
                if i + size > n:
                    break
                for key in self._keys.get(tuple(values[i : i + size]), ()):
                    yield key, i, i + size
