"""The model's attribute ruler (its tag map and exceptions: POS, morphology, a few lemmas)
applied from the Doc's columns: the same patterns, the same precedence, the same annotations.

spaCy's `AttributeRuler` runs a token `Matcher` of ~180 one- and two-token patterns, trying
each at every word, then sets each match's attributes through a `Span` and a `Token`: 13% of
en_core_web_sm's time, more than its tagger and lemmatizer together. Its patterns are tests
of token columns (TAG, LOWER, DEP, IS_SPACE: equal, IN, NOT_IN, REGEX), so here each rule is
filed under the values of one of its tests, a token meets only the rules filed under its
own values, the hits are written into lists of the columns the rules set (later rules over
earlier, the order spaCy applies its matches in) and the columns go back into the Doc at
once: a fifth of the time. A ruler with any pattern outside that subset (quantifiers, other
attributes or predicates) is left in place. `tests/test_tagmap.py` holds the two to
identical token arrays: random rules on random Docs, and the model's own on real articles."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

__all__ = ["ColumnAttributeRuler", "compile_rules", "use_column_ruler"]

# columns the Matcher compares by string hash, exactly as `Doc.to_array` returns them
_HASHED = {"ORTH": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP, "LEMMA": LEMMA}
# token-only attributes a rule may set (spaCy also writes a rule's attrs to the lexeme,
# which ignores these five, so writing the token's columns is the whole effect)
_WRITABLE = (POS, TAG, MORPH, LEMMA, DEP)


# (column, "in" | "out" | "re", accepted hashes or a regular expression)
Test = tuple[int, str, tuple[int, ...] | str]


@dataclass(frozen=True)
class Rule:
    """One pattern of a rule: per token, the (column, accepted values) tests; which token
    of a match receives `sets` (column -> value)."""

    tokens: tuple[tuple[Test, ...], ...]
    target: int
    sets: tuple[tuple[int, int], ...]


def compile_rules(ruler: AttributeRuler) -> list[Rule] | None:
    """The ruler's patterns as column tests, in its precedence order; None when one is
    outside the plain subset this evaluates."""
    rules: list[Rule] = []
    for i, entry in enumerate(ruler.patterns):
        sets = tuple((attr, int(v)) for attr, v in ruler.attrs[i].items())
        if any(attr not in _WRITABLE for attr, _ in sets):
            return None
        for pattern in entry["patterns"]:
            tokens = tuple(_tests(spec) for spec in pattern)
            if not tokens or any(t is None for t in tokens):
                return None
            index = entry["index"]
            target = index if index >= 0 else len(tokens) + index
            if not 0 <= target < len(tokens):
                return None
            rules.append(Rule(tokens, target, sets))  # type: ignore[arg-type]
    return rules


def _tests(spec: dict) -> tuple[Test, ...] | None:
    """A token's tests, as spaCy's Matcher reads them: a string is compared by its hash,
    IN / NOT_IN by set membership of hashes, REGEX searched in the column's string."""
    out: list[Test] = []
    for key, value in spec.items():
        if _is_flag(key) and isinstance(value, bool):
            out.append((IDS[key], "in", (int(value),)))
            continue
        if key not in _HASHED:
            return None
        if isinstance(value, str):
            out.append((_HASHED[key], "in", (get_string_id(value),)))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                hashes = tuple(sorted({get_string_id(v) for v in arg}))
                out.append((_HASHED[key], "in" if op == "IN" else "out", hashes))
            elif op == "REGEX" and isinstance(arg, str):
                out.append((_HASHED[key], "re", arg))
            else:
                return None
        else:
            return None
    return tuple(out)


def _is_flag(key: str) -> bool:
    """A lexical flag (IS_SPACE, IS_PUNCT, LIKE_NUM...): a 0/1 column of the lexeme."""
    return key in IDS and IDS[key] < 64 and key.startswith(("IS_", "LIKE_"))


class ColumnAttributeRuler:
    """A pipeline component equal in effect to the `AttributeRuler` it was compiled from.
    Each rule is filed under the values of one IN test of its first token (the test then
    passed by finding it), so a token meets only the few rules that can match it: its
    TAG's rule and a word's exception or two."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        tests = {test for r in self.rules for tok in r.tokens for test in tok}
        self.read = sorted({col for col, _, _ in tests})
        self.written = sorted({col for r in self.rules for col, _ in r.sets})
        self._at = {c: k for k, c in enumerate(self.read)}
        to = {c: k for k, c in enumerate(self.written)}
        self._sets = [[(to[c], v) for c, v in r.sets] for r in self.rules]
        index: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._always: list[int] = []  # rules whose first token has no IN test
        self._checks: list[list[tuple[int, int, str, Any]]] = []
        self._regex = {arg: re.compile(arg) for _, op, arg in tests if op == "re"}
        self._passed: dict[tuple[str, int], bool] = {}  # (regex, string hash) -> found
        for i, rule in enumerate(self.rules):
            key = _filing(rule)
            if key is None:
                self._always.append(i)
            else:
                for value in key[3]:
                    index[self._at[key[1]]][value].append(i)
            self._checks.append(
                [
                    (j, self._at[c], op, arg if op == "re" else frozenset(arg))
                    for j, tok in enumerate(rule.tokens)
                    for c, op, arg in tok
                    if (j, c, op, arg) != key
                ]
            )
        self._filed = {k: {v: tuple(rs) for v, rs in by.items()} for k, by in index.items()}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.written:
            return doc
        columns = doc.to_array(self.read).reshape(n, -1).T.tolist() if self.read else []
        hits = sorted(self._hits(columns, n, doc.vocab.strings))  # (rule, row): rule order
        if hits:
            values = doc.to_array(self.written).reshape(n, -1).T.tolist()
            for rule, row in hits:
                for k, value in self._sets[rule]:
                    values[k][row] = value
            doc.from_array(self.written, np.array(values, dtype=np.uint64).T)
        return doc

    def _hits(
        self, columns: list[list[int]], n: int, strings: StringStore
    ) -> Iterator[tuple[int, int]]:
        keyed = [(columns[k], by_value) for k, by_value in self._filed.items()]
        for i in range(n):
            candidates = list(self._always)
            for column, by_value in keyed:
                candidates += by_value.get(column[i], ())
            for r in candidates:
                if i + len(self.rules[r].tokens) <= n and all(
                    self._passes(columns[c][i + j], op, arg, strings)
                    for j, c, op, arg in self._checks[r]
                ):
                    yield r, i + self.rules[r].target

    def _passes(self, value: int, op: str, arg: Any, strings: StringStore) -> bool:
        """One test of one token, as spaCy's Matcher decides it: hash membership, or a
        regular expression searched in the attribute's string (remembered per string)."""
        if op != "re":
            return (value in arg) == (op == "in")
        found = self._passed.get((arg, value))
        if found is None:
            if len(self._passed) > 1 << 18:  # a bound on memory over a long corpus
                self._passed.clear()
            found = self._passed[arg, value] = bool(self._regex[arg].search(strings[value]))
        return found


def _filing(rule: Rule) -> tuple[int, int, str, Any] | None:
    """The test a rule is filed under, as (token 0, column, "in", values): its first
    token's narrowest IN test; None when it has none (the rule is tried at every token)."""
    keys = [(c, arg) for c, op, arg in rule.tokens[0] if op == "in"]
    if not keys:
        return None
    col, values = min(keys, key=lambda k: (len(k[1]), k[0] != LOWER))
    return (0, col, "in", values)


@Language.factory("kg_attribute_ruler")
def make_column_ruler(nlp: Language, name: str, source: str) -> ColumnAttributeRuler:
    rules = compile_rules(nlp.get_pipe(source))
    assert rules is not None  # use_column_ruler checks before it adds this
    return ColumnAttributeRuler(rules)


def use_column_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put the column-wise ruler in place of the model's attribute ruler `name`, when the
    model has one and all its patterns are in the plain subset. Whether it did."""
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return False
    if compile_rules(nlp.get_pipe(name)) is None:
        return False
    nlp.add_pipe("kg_attribute_ruler", before=name, config={"source": name})
    nlp.remove_pipe(name)
    return True
