"""The actor dictionary (`ontology/actors.yaml`) and the institutions kg names for each
country ("Iraqi forces" -> Iraqi Armed Forces), as typed records; no spaCy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.names import fold
from kg.paths import ontology_dir
from kg.rulefile import build, fail, read_yaml, top
from kg.rules import institution_kinds
from kg.schema import ENTITY_CLASSES

SECTIONS = {"groups": "Group", "people": "Person", "places": "Place"}


@dataclass(frozen=True)
class ActorEntry:
    """One entry as written in actors.yaml."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # a country: "Iraqi"; it can act, and names institutions
    wikidata: str | None = None  # only where certain
    media: bool = False  # a news outlet: it reports events, never acts in them
    part_of: tuple[str, ...] = ()  # standing hierarchy (emitted when an article names both)
    located_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Actor(ActorEntry):
    type: str = "Group"  # Person | Group | Place, from its section

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Institution:
    id: str  # "<country id>--<kind>"
    name: str  # canonical: "Iraqi Armed Forces"
    surface: str  # one way news writes it: "Iraqi troops", "Iraq's army"


@cache
def _actors_at(root: Path) -> tuple[Actor, ...]:
    path, data = read_yaml("actors.yaml")
    data = top(path, data, dict)
    out: list[Actor] = []
    for section, entries in data.items():
        if section not in SECTIONS:
            raise fail(f"{path}", f"unknown section {section!r}; use {', '.join(SECTIONS)}")
        for i, raw in enumerate(top(path, entries or [], list)):
            entry = build(ActorEntry, raw, f"{path}: {section}[{i}]")
            out.append(Actor(**vars(entry), type=SECTIONS[section]))
    ids = {a.id for a in out}
    for a in out:
        for ref in (*a.part_of, *a.located_in):
            if ref not in ids:
                raise fail(f"{path}: {a.id}", f"refers to {ref!r}, which has no entry")
    assert set(SECTIONS.values()) <= set(ENTITY_CLASSES)
    return tuple(out)


def iter_actors() -> tuple[Actor, ...]:
    """Every dictionary entry, groups then people then places."""
    return _actors_at(ontology_dir())


@cache
def _index_at(root: Path) -> dict[str, Actor]:
    return {a.id: a for a in iter_actors()}


def actor_index() -> dict[str, Actor]:
    return _index_at(ontology_dir())


def iter_institutions() -> Iterator[Institution]:
    """'<demonym> <noun>' and "<country>'s <noun>" names of each country's institutions."""
    kinds = institution_kinds()
    for actor in iter_actors():
        if not actor.demonyms:
            continue
        for kind, spec in kinds.items():
            inst_id = f"{actor.id}--{kind}"
            name = spec.name.format(demonym=actor.demonyms[0], country=actor.name)
            for noun in spec.nouns:
                for dem in actor.demonyms:
                    yield Institution(inst_id, name, f"{dem} {noun}")
                yield Institution(inst_id, name, f"{actor.name}'s {noun}")


@cache
def _institution_names_at(root: Path) -> dict[str, str]:
    return {i.id: i.name for i in iter_institutions()}


def institution_names() -> dict[str, str]:
    """Generated institution id -> canonical name."""
    return _institution_names_at(ontology_dir())


@cache
def _alias_ids_at(root: Path) -> dict[str, str]:
    return {alias.lower(): a.id for a in iter_actors() for alias in a.names}


def _alias_ids() -> dict[str, str]:
    return _alias_ids_at(ontology_dir())


@cache
def _folded_aliases_at(root: Path) -> dict[str, str]:
    return {fold(alias): id_ for alias, id_ in _alias_ids().items()}


def actor_id_for(name: str) -> str | None:
    """The dictionary id whose name or alias `name` is, in any spelling fold."""
    return _folded_aliases_at(ontology_dir()).get(fold(name))


def institution(country_id: str, kind: str) -> tuple[str, str]:
    """(id, name) of a country's institution: the dictionary's entry when it lists one of
    the generated names as an alias ("Iraqi government"), else the generated one."""
    gen_id = f"{country_id}--{kind}"
    for inst in iter_institutions():
        if inst.id == gen_id and inst.surface.lower() in _alias_ids():
            known = actor_index()[_alias_ids()[inst.surface.lower()]]
            return known.id, known.name
    return gen_id, institution_names().get(gen_id, gen_id)


@cache
def _demonyms_at(root: Path) -> dict[str, str]:
    return {d: a.id for a in iter_actors() for d in a.demonyms}


def demonym_countries() -> dict[str, str]:
    """'American' -> 'united-states'."""
    return _demonyms_at(ontology_dir())


@cache
def _plural_demonyms_at(root: Path) -> dict[str, str]:
    return {f"{d}s": a.id for a in iter_actors() for d in a.demonyms if d[-1].islower()}


def plural_demonyms() -> dict[str, str]:
    """'Americans' -> 'united-states': a people named for its state, as CAMEO codes actors."""
    return _plural_demonyms_at(ontology_dir())
