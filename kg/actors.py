"""The actor dictionary (`ontology/actors.yaml`) and the institutions kg names for each
country ("Iraqi forces" -> Iraqi Armed Forces), as typed records; no spaCy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kg.gazetteer import GeoPlace, gazetteer, name_key
from kg.names import fold
from kg.paths import ontology_dir
from kg.rulefile import build, fail, read_yaml, top
from kg.rules import institution_kinds

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
    capital: str | None = None  # a country: the gazetteer id of its capital city


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
    country: str = ""  # the state it belongs to
    kind: str = ""  # armed-forces, government, ... (institutions.yaml)


@cache
def _actors_at(root: Path) -> tuple[Actor, ...]:
    """The dictionary's entries, then every country of the gazetteer: a country the
    dictionary lists keeps its id and aliases and gains the gazetteer's names, demonyms and
    capital; the others are added as they are."""
    entries = _dictionary_at(root)
    return _with_countries(entries, gazetteer().countries())


def _with_countries(entries: tuple[Actor, ...], countries: list[GeoPlace]) -> tuple[Actor, ...]:
    by_name = {fold(n): a for a in entries if a.type == "Place" for n in a.names}
    merged = {a.id: a for a in entries}
    extra = []
    owner = gazetteer().by_demonym
    for c in countries:  # a demonym names one state: "American" is not the Mariana Islands
        c = replace(c, demonyms=tuple(d for d in c.demonyms if owner.get(d) == c.id))
        known = next((by_name[fold(n)] for n in (c.name, *c.aliases) if fold(n) in by_name), None)
        if known is not None:
            have = {fold(n) for n in known.names}
            gained = [
                n
                for n in (c.name, *c.aliases)
                if by_name.get(fold(n), known) is known and fold(n) not in have
            ]
            merged[known.id] = replace(
                known,
                aliases=tuple(dict.fromkeys((*known.aliases, *gained))),
                demonyms=tuple(dict.fromkeys((*c.demonyms, *known.demonyms))),
                capital=known.capital or c.capital,
            )
        else:
            aliases = tuple(a for a in c.aliases if fold(a) not in by_name)
            extra.append(
                Actor(id=c.id, name=c.name, aliases=aliases, demonyms=c.demonyms,
                      capital=c.capital, type="Place")
            )  # fmt: skip
    return (*merged.values(), *extra)


@cache
def _dictionary_at(root: Path) -> tuple[Actor, ...]:
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
    if len(ids) != len(out):
        twice = sorted({a.id for a in out if sum(b.id == a.id for b in out) > 1})
        raise fail(f"{path}", f"id {twice[0]!r} is used by two entries; ids must be unique")
    for a in out:
        for ref in (*a.part_of, *a.located_in):
            if ref not in ids:
                raise fail(f"{path}: {a.id}", f"refers to {ref!r}, which has no entry")
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
    """'<demonym> <noun>' and "<country>'s <noun>" names of each country's institutions.
    Where the dictionary lists one of a kind's names as an actor's alias ("Israeli forces"
    for the IDF), every name of that kind is that actor ("Israel's military" too)."""
    return iter(_institutions_all(ontology_dir()))


@cache
def _institutions_all(root: Path) -> tuple[Institution, ...]:
    aliases = _alias_ids()
    index = actor_index()
    out: list[Institution] = []
    for actor in iter_actors():
        if not actor.demonyms:
            continue
        for kind, spec in institution_kinds().items():
            surfaces = [f"{d} {noun}" for noun in spec.nouns for d in actor.demonyms]
            surfaces += [f"{actor.name}'s {noun}" for noun in spec.nouns]
            surfaces += [f"{actor.name} {noun}" for noun in spec.after_name]
            known = next((aliases[s.lower()] for s in surfaces if s.lower() in aliases), None)
            if known:
                inst_id, name = known, index[known].name
            else:
                inst_id = f"{actor.id}--{kind}"
                name = spec.name.format(demonym=actor.demonyms[0], country=actor.name)
            out += [Institution(inst_id, name, s, actor.id, kind) for s in surfaces]
    return tuple(out)


@cache
def _institution_names_at(root: Path) -> dict[str, str]:
    return {i.id: i.name for i in iter_institutions() if "--" in i.id}


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
    return _by_state_and_kind_at(ontology_dir()).get((country_id, kind), (gen_id, gen_id))


@cache
def _by_state_and_kind_at(root: Path) -> dict[tuple[str, str], tuple[str, str]]:
    return {(i.country, i.kind): (i.id, i.name) for i in iter_institutions()}


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


@cache
def _capitals_at(root: Path) -> frozenset[str]:
    return frozenset(a.capital for a in iter_actors() if a.capital)


def capitals() -> frozenset[str]:
    """Gazetteer ids of the countries' capitals: a capital can stand for its state."""
    return _capitals_at(ontology_dir())


def place_id_for(name: str, countries: frozenset[str] = frozenset()) -> str | None:
    """The gazetteer place a name denotes: of several, one in (or being) a country the
    article mentions, else the most important (country, then most populous city)."""
    found = gazetteer().lookup(name)
    if not found:
        return None
    # a place of that very name before one that has it among its alternate names
    # ("Borno" is Nigeria's state, not the German town GeoNames also calls Borno)
    own = [p for p in found if name_key(p.name) == name_key(name)]
    found = tuple(own) or found
    top = max(p.population for p in found) or 1
    # a mentioned country decides between comparable places (Cuenca, Spain or Ecuador),
    # not against a far larger one (Paris, Texas, in an article that mentions the US)
    near = [
        p for p in found
        if (p.id in countries or p.country in countries) and p.population * 20 >= top
    ]  # fmt: skip
    return (near or list(found))[0].id


@cache
def _states_at(root: Path) -> dict[str, str]:
    return {i.id: i.country for i in iter_institutions()}


def state_of(key: str) -> str:
    """The state an institution belongs to ("us-armed-forces" -> "united-states"), else the
    key itself: for event coreference a state and its forces or government act as one."""
    return _states_at(ontology_dir()).get(key, key)


def country_of(key: str) -> str | None:
    """The country a city or region lies in (gazetteer or dictionary), else None."""
    place = gazetteer().places.get(key)
    if place is not None and place.country:
        return place.country
    actor = actor_index().get(key)
    return actor.located_in[0] if actor and actor.located_in else None


def is_country(key: str) -> bool:
    """A country: the dictionary gives it demonyms, or the gazetteer calls it one."""
    return _is_country(key, actor_index(), gazetteer().places)


def _is_country(key: str, actors: dict[str, Actor], places: dict[str, GeoPlace]) -> bool:
    actor = actors.get(key)
    return bool(actor and actor.demonyms) or getattr(places.get(key), "kind", None) == "country"


def countries_named(ids: Iterable[str | None]) -> Counter[str]:
    """How often an article names each country (dictionary ids, in the order they come):
    ties in `most_common` fall to the country named first."""
    actors, places = actor_index(), gazetteer().places  # asked once for all the ids
    return Counter(i for i in ids if i and _is_country(i, actors, places))
