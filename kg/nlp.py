"""The spaCy pipeline: the chosen model plus an entity ruler built from `ontology/` data.
With `kg.tagmap`, the only modules besides `kg.extract` that import spaCy."""

from __future__ import annotations

import hashlib
import importlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IDX, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.actors import iter_actors, iter_institutions
from kg.defaults import DEFAULT_MODEL
from kg.diskcache import cached
from kg.errors import ModelError
from kg.gazetteer import cache_key as gazetteer_key
from kg.gazetteer import gazetteer
from kg.names import spelling_variants
from kg.paths import ontology_dir
from kg.phrases import PhraseIndex, token_values
from kg.rules import entity_patterns, grammar, institution_kinds, titles
from kg.tagmap import use_column_ruler

__all__ = ["DEFAULT_MODEL", "build_pipeline", "load_model", "add_actor_ruler"]
LABELS = {"Person": "PERSON", "Group": "ORG", "Place": "GPE"}
CLASS_OF_LABEL = {
    "PERSON": "Person",
    "ORG": "Group",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name (or path)."""
    try:
        if name == DEFAULT_MODEL:
            return importlib.import_module(name).load()
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run `pip install -e .` for the default "
            f"({DEFAULT_MODEL}) or install {name!r} and pass it with --model"
        ) from exc


HOME = "home:"  # the id prefix of "the army"-like patterns: the article's own country's


@Language.component("kg_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions carry no full stop. The full
    stop of a rank or title before a name does not ('Army Capt. Alexander Cabales said').
    Only the tokens after a line break or a full stop are looked at (found in the text)."""
    text, starts = doc_text(doc), doc.to_array([IDX]).ravel().tolist()
    after_break = {bisect_right(starts, m.start()) for m in re.finditer("\n", text)}
    after_stop = {bisect_right(starts, m.start()) for m in re.finditer(r"\.", text)}
    ranks = titles().titles
    for k in sorted(after_break):
        if 0 < k < len(doc) and not doc[k].is_space:
            doc[k].is_sent_start = True
    for k in sorted(after_stop - after_break):
        if 0 < k < len(doc) and doc[k].is_title and _abbreviated(doc[k - 1], ranks):
            doc[k].is_sent_start = False
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, kept once per Doc: spaCy rebuilds it from the tokens on every access,
    and rules slice sentences from it."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


_TEXT = "kg.text"


def _abbreviated(tok: Token, ranks: frozenset[str]) -> bool:
    """'Capt.' (one token, or 'Capt' + '.'): a title's abbreviation."""
    if tok.text.endswith(".") and len(tok.text) > 1:
        return tok.text[:-1].lower() in ranks
    before = tok.doc[tok.i - 1] if tok.i else None
    return (
        tok.text == "." and before is not None and not before.whitespace_ and before.lower_ in ranks
    )


def build_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The model with kg's entity ruler in front of its NER (rules win, NER fills the rest)
    and paragraph breaks fixed as sentence boundaries before the parser. One per model and
    ontology folder."""
    return _pipeline(name, ontology_dir())


@cache
def _pipeline(name: str, root: object) -> Language:
    nlp = load_model(name)
    use_column_ruler(nlp)  # the model's tag map: same annotations, a fifth of the time
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    # first in the pipeline: it matches on token text only, and spaCy runs every component
    # placed before a ruler over its patterns when they are added (18,000 phrases through
    # the parser took 16 s); the NER after it keeps the entities it set
    add_actor_ruler(nlp, first=True)
    return nlp


def _case_sensitive(alias: str) -> bool:
    """Acronyms and short forms ('IS', 'US', 'KH') must match as written, not as 'is', 'us'."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return len(letters) <= 4 or letters.isupper()


def exact_patterns(nlp: Language, texts: list[str]) -> list[list[dict[str, str]]]:
    """Token patterns on ORTH, for short forms that must keep their case (all tokenized
    as one text: `kg.phrases.token_values`)."""
    strings = nlp.vocab.strings
    return [[{"ORTH": strings[h]} for h in hs] for hs in token_values(nlp, texts, ORTH)]


def add_actor_ruler(nlp: Language, **where: str | bool) -> None:
    """kg's entity ruler: dictionary aliases, institutions and generic patterns.
    One ruler for all, so the longest match wins whichever kind of pattern found it.
    Its ~21,700 patterns are compiled once (~1 s: every name tokenized) and read back
    from kg's cache folder on later starts (~10 ms), keyed by what they are made of."""
    ruler = nlp.add_pipe("kg_actor_ruler", name="kg_actors", **where)
    ruler.restore(nlp, cached("ruler", ruler_key(nlp), partial(_compiled, nlp)))


def ruler_key(nlp: Language) -> str:
    """A digest of all the ruler's patterns are made from: kg's code, the ontology folder,
    the gazetteer's data and the model's tokenizer (spaCy's version with it)."""
    h = hashlib.blake2b(f"{spacy.__version__}\n{gazetteer_key()}\n".encode(), digest_size=16)
    h.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    for root in (Path(__file__).parent, ontology_dir()):
        for path in sorted(p for p in root.rglob("*") if p.suffix != ".pyc" and p.is_file()):
            h.update(f"\n{path.relative_to(root)}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _compiled(nlp: Language) -> Compiled:
    ruler = ActorRuler(nlp.vocab)
    ruler.add_patterns(nlp, actor_patterns(nlp))
    return ruler.compiled()


@Language.factory("kg_actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp.vocab)


class ActorRuler:
    """spaCy's entity ruler (overwrite_ents, phrases on LOWER), with its phrase matching
    done by `kg.phrases` (same matches, built in a third of the time), and a pattern made
    only of exact token texts (an acronym: 'KH', 'US') matched as a phrase on ORTH instead
    of by the token Matcher, which tries each of its patterns at every token (94 acronyms
    cost 0.26 s per 30,000 words). Matches and their merging are the entity ruler's: every
    match a span, the longest wins, then the earliest."""

    def __init__(self, vocab: Vocab) -> None:
        self.names = PhraseIndex()  # on LOWER
        self.exact = PhraseIndex()  # on ORTH
        self.tokens = Matcher(vocab)
        self.keys: dict[int, tuple[str, str]] = {}  # match key -> (label, id)
        self._strings: list[str] = []  # what the patterns put in the vocab's strings
        self._token_patterns: list[tuple[str, list[dict[str, Any]]]] = []

    def add_patterns(self, nlp: Language, patterns: Iterable[dict[str, Any]]) -> None:
        phrases: list[tuple[int, str]] = []
        for entry in patterns:
            label, ent_id, pattern = entry["label"], entry.get("id", ""), entry["pattern"]
            key = repr((label, ent_id))
            match_id = self._string(nlp, key)
            self.keys[match_id] = (label, ent_id)
            if isinstance(pattern, str):
                phrases.append((match_id, pattern))
            elif all(set(tok) == {"ORTH"} for tok in pattern):
                orths = tuple(self._string(nlp, tok["ORTH"]) for tok in pattern)
                self.exact.add(match_id, orths)
            else:
                self.tokens.add(key, [pattern])
                self._token_patterns.append((key, pattern))
        lowers = token_values(nlp, [text for _, text in phrases], LOWER)
        for (match_id, _), phrase in zip(phrases, lowers, strict=True):
            self.names.add(match_id, phrase)

    def _string(self, nlp: Language, text: str) -> int:
        self._strings.append(text)
        return nlp.vocab.strings.add(text)

    def compiled(self) -> Compiled:
        """What the patterns added became: plain data, to be kept and `restore`d."""
        return Compiled(
            tuple(dict.fromkeys(self._strings)),
            dict(self.keys),
            self.names,
            self.exact,
            tuple(self._token_patterns),
        )

    def restore(self, nlp: Language, done: Compiled) -> None:
        """Take the patterns another ruler compiled (for the same tokenizer)."""
        for text in done.strings:
            self._string(nlp, text)
        self.keys.update(done.keys)
        self.names, self.exact = done.names, done.exact
        for key, pattern in done.token_patterns:
            self.tokens.add(key, [pattern])
            self._token_patterns.append((key, pattern))

    def __call__(self, doc: Doc) -> Doc:
        columns = doc.to_array([LOWER, ORTH])
        lower, orth = columns[:, 0], columns[:, 1]
        matches = {*self.names.find(lower), *self.exact.find(orth), *self.tokens(doc)}
        spans = sorted(
            {
                Span(doc, start, end, label=self.keys[key][0], span_id=self.keys[key][1])
                for key, start, end in matches
                if start != end
            }
        )
        doc.ents = sorted(filter_spans(spans))
        return doc


@dataclass(frozen=True)
class Compiled:
    """An `ActorRuler`'s patterns, compiled: the strings they put in the vocabulary, the
    match keys, the phrases on LOWER and on ORTH, and the token patterns (key, pattern)."""

    strings: tuple[str, ...]
    keys: dict[int, tuple[str, str]]
    names: PhraseIndex
    exact: PhraseIndex
    token_patterns: tuple[tuple[str, list[dict[str, Any]]], ...]


def actor_patterns(nlp: Language) -> Iterator[dict[str, Any]]:
    """Entity-ruler patterns: every alias of the actor dictionary, then generated
    institution names ("Iraqi forces"), then generic patterns from `patterns.yaml`.
    Names are phrases (matched on LOWER); acronyms and short forms, token patterns on ORTH."""
    named = list(_named())
    exact = [text for _, _, text in named if _case_sensitive(text)]
    tokens = dict(zip(exact, exact_patterns(nlp, exact), strict=True))
    for label, ent_id, text in named:
        yield {"label": label, "id": ent_id, "pattern": tokens.get(text, text)}
    for kind, spec in institution_kinds().items():
        for noun in spec.home:  # "the army": resolved to a country by kg.extract.entities
            words = [{"LOWER": "the"}, *({"LOWER": w} for w in noun.split())]
            yield {"label": "ORG", "id": f"{HOME}{kind}", "pattern": words}
    for entry in entity_patterns():
        yield {"label": entry.label, "pattern": list(entry.pattern)}


def _named() -> Iterator[tuple[str, str, str]]:
    """(label, id, name) of every name kg knows, each name once (the first owner keeps it)."""
    seen: set[str] = set()
    for actor in iter_actors():
        for alias in actor.names:
            for variant in spelling_variants(alias):
                if variant.lower() not in seen:
                    seen.add(variant.lower())
                    yield LABELS[actor.type], actor.id, variant
    for inst in iter_institutions():
        if inst.surface.lower() not in seen:
            seen.add(inst.surface.lower())
            yield "ORG", inst.id, inst.surface
    for name, place_id in region_names():
        if name.lower() not in seen:
            seen.add(name.lower())
            yield "GPE", place_id, name


def region_names() -> Iterator[tuple[str, str]]:
    """Names of several words of the gazetteer's first-level regions ("Jammu and Kashmir",
    "Cabo Delgado", "Khyber Pakhtunkhwa"), which the NER splits or mislabels; a name shared
    by regions of several countries, or made only of descriptive words ("North East"), is
    left to the NER and the typing vote."""
    gaz, generic = gazetteer(), grammar().generic_place_words
    for place in gaz.places.values():
        if place.kind != "region":
            continue
        for name in (place.name, *place.aliases):
            words = name.lower().split()
            if (
                len(words) > 1
                and not all(w in generic for w in words)
                and len(gaz.lookup(name)) == 1
            ):
                yield name, place.id
