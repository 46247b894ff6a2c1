"""Generated corpora for scale benchmarks: N distinct articles, each a copy of one of the
project's own articles (seeds/ and tests/quality/articles/) with its people, groups and
places renamed from large pools, so that resolution meets new entities at every size while
well-known actors (countries, the dictionary's groups) recur as they do in real news.

Deterministic: the same N and seed give the same texts. The names to rename are the named
mentions kg itself finds in the base articles (found once with the real pipeline)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from kg.ingest import read_corpus

ROOT = Path(__file__).resolve().parent.parent
BASES = (ROOT / "seeds", ROOT / "tests" / "quality" / "articles")
_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kh",
    "sh",
    "tr",
]
_VOWELS = ["a", "e", "i", "o", "u", "a", "ai", "ou"]
_CODAS = ["", "", "n", "r", "l", "m", "s", "k", "d"]
_GROUP_HEADS = ["Front", "Brigade", "Movement", "Army", "Forces", "Council", "Alliance", "Party"]
_PLACE_SUFFIXES = ["", "", "abad", "ville", "pur", "grad"]


@dataclass(frozen=True)
class Base:
    doc_id: str
    text: str
    names: dict[str, str]  # surface name -> Person | Group | Place, to rename in copies


def _word(rng: random.Random, syllables: int) -> str:
    parts = (
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    return "".join(parts).capitalize()


def new_name(rng: random.Random, cls: str) -> str:
    """A fresh name of the class: about 10^9 people, 10^7 groups and places."""
    if cls == "Person":
        return f"{_word(rng, 2)} {_word(rng, rng.choice((2, 3)))}"
    if cls == "Group":
        return f"{_word(rng, 3)} {rng.choice(_GROUP_HEADS)}"
    return _word(rng, rng.choice((2, 3))) + rng.choice(_PLACE_SUFFIXES)


def load_bases(model: str | None = None) -> list[Base]:
    """The base articles with the names kg finds in them (people and groups outside the
    actor dictionary, and places below country level)."""
    from kg.defaults import DEFAULT_MODEL
    from kg.extract import extract_corpus
    from kg.gazetteer import gazetteer
    from kg.nlp import build_pipeline

    articles, _ = read_corpus(BASES)
    nlp = build_pipeline(model or DEFAULT_MODEL)
    countries = {p.id for p in gazetteer().countries()}
    out = []
    for ex in extract_corpus(nlp, articles):
        names = {
            m.text: m.cls
            for m in ex.mentions
            if m.actor_id not in countries and len(m.text) > 3 and not m.text.isupper()
        }
        out.append(Base(ex.article.doc_id, ex.article.text, names))
    return out


def generate(
    bases: list[Base], n: int, *, seed: int = 0, keep: float = 0.3
) -> list[tuple[str, str]]:
    """(file name, text) of n distinct articles. Each name of a copy is renamed unless it
    is kept (probability `keep`: a well-known actor that recurs across the corpus)."""
    out = []
    for i in range(n):
        base = bases[i % len(bases)]
        rng = random.Random(f"{seed}-{i}")
        mapping = {}
        for name, cls in sorted(base.names.items()):
            if rng.random() >= keep:
                mapping[name] = new_name(rng, cls)
                if cls == "Person" and " " in name:  # "Soleimani" alone after the full name
                    mapping.setdefault(name.split()[-1], mapping[name].split()[-1])
        out.append((f"{i:05d}-{base.doc_id}.txt", _rename(base.text, mapping)))
    return out


def _rename(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    names = sorted(mapping, key=len, reverse=True)  # longest first: "Abu Mahdi" before "Abu"
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def write(corpus: list[tuple[str, str]], folder: Path) -> int:
    """Write the articles; returns their word count."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for name, text in corpus:
        (folder / name).write_text(text, encoding="utf-8")
        words += len(text.split())
    return words
