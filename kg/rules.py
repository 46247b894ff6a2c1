"""The rule files in `ontology/lexicon/` as typed frozen records, validated as they load
(`kg.rulefile`) and against the ontology (an event class or relation it lacks is an error).
Each loader is cached per ontology folder."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from kg.paths import ontology_dir
from kg.rulefile import build, convert, fail, read_yaml, shown, top
from kg.schema import Schema, schema


# ---------------------------------------------------------------- grammar.yaml
@dataclass(frozen=True)
class Grammar:
    """Closed-class English word lists and dependency labels the rules read."""

    place_preps: frozenset[str]
    target_preps: frozenset[str]
    light_verbs: frozenset[str]
    irrealis: frozenset[str]
    unreal_modifiers: frozenset[str]
    wish_verbs: frozenset[str]
    demand_content: frozenset[str]
    acting_capitals: frozenset[str]
    group_nouns: frozenset[str]
    person_nouns: frozenset[str]
    role_preps: frozenset[str]
    loc_preps: frozenset[str]
    island_heads: frozenset[str]
    clause_deps: frozenset[str]
    subject_deps: frozenset[str]
    group_heads: frozenset[str]
    body_heads: frozenset[str]
    place_heads: frozenset[str]
    place_cues: frozenset[str]
    place_offices: frozenset[str]
    group_cues: frozenset[str]
    responsibility_verbs: frozenset[str]
    generic_bodies: frozenset[str]
    sponsor_words: frozenset[str]
    generic_place_words: frozenset[str]
    naming_words: frozenset[str]
    alias_cues: frozenset[str]
    person_cues: frozenset[str]
    weapon_nouns: frozenset[str]
    hypothetical_nouns: frozenset[str]


@cache
def _grammar_at(root: Path) -> Grammar:
    path, data = read_yaml("lexicon/grammar.yaml")
    return build(Grammar, top(path, data, dict), str(path))


def grammar() -> Grammar:
    return _grammar_at(ontology_dir())


# ---------------------------------------------------------------- triggers.yaml
@dataclass(frozen=True)
class TriggerOptions:
    needs: frozenset[str] = frozenset()  # object lemmas the trigger needs ("fire rockets")
    needs_mod: frozenset[str] = frozenset()  # noun modifiers it needs ("air campaign")
    needs_prep: frozenset[str] = frozenset()  # particles it needs ("call on", "pull out")
    needs_target: bool = False
    needs_speech: bool = False  # a reported clause or quotation ("added that ...")
    needs_agent_group: bool = False
    no_infinitive: bool = False  # "agreed to send": a decision about an act, not this event
    agentless: bool = False  # whom it names is news without who spoke ("police named X")


@dataclass(frozen=True)
class ContentCue:
    aux: frozenset[str]
    verbs: frozenset[str]


@dataclass(frozen=True)
class ClassRules:
    """How events of one class are read; a subclass inherits what it does not set."""

    target_prep: frozenset[str] = frozenset()
    place_prep: frozenset[str] = frozenset()
    movement: bool = False  # the force that moves is the agent, also in the passive
    parties: bool = False  # two-party: "talks between A and B"
    irrealis_ok: bool = False  # "will pay", "must leave" still report a threat or demand
    targets_from_demand: bool = False  # "a law demanding the expulsion of X" targets X
    once_per_victim: bool = False  # reports naming the same person as target are one event
    agentless_place: bool = False  # with no agent named, a place is enough to report it
    national: bool = False  # an act of state over its territory: the country is its place
    candidates: bool = False  # people who win or are chosen are its targets, not agents
    content_cues: dict[str, ContentCue] = field(default_factory=dict)


@dataclass(frozen=True)
class Trigger:
    cls: str
    cameo: str
    options: TriggerOptions
    rules: ClassRules
    target_preps: frozenset[str]  # the class's own and the grammar's ("against")
    place_preps: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Lemma -> the triggers it can be, constrained ones first: 'declare' is an Emergency
    with 'emergency' as its object, else a Statement."""

    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    classes: dict[str, ClassRules]  # every event class of the ontology

    def trigger(self, cls: str) -> Trigger:
        """A trigger of `cls` as a content cue makes one ('said X must leave' -> Demand)."""
        return _trigger(schema(), grammar(), cls, self.classes[cls], TriggerOptions())


_CLASS_KEYS = {f.name for f in fields(ClassRules)}
_OWN_KEYS = {"content_cues"}


def _class_rules(raw: dict[str, Any], sch: Schema, where: str) -> dict[str, ClassRules]:
    """Each ontology event class's rules: its own keys over its nearest ancestors'."""
    out = {}
    for cls, ev in sch.events.items():
        merged: dict[str, Any] = {}
        for name in (*reversed(ev.ancestors), cls):
            spec = raw.get(name) or {}
            # content cues re-class a plain statement; they are not inherited
            own = name == cls
            merged |= {
                k: v for k, v in spec.items() if k in _CLASS_KEYS and (own or k not in _OWN_KEYS)
            }
        out[cls] = build(ClassRules, merged, f"{where}: {cls}")
    for cls, rules in out.items():
        for target in rules.content_cues:
            sch.require_event(target, f"{where}: {cls}.content_cues")
    return out


def _trigger(
    sch: Schema, gram: Grammar, cls: str, rules: ClassRules, opts: TriggerOptions
) -> Trigger:
    return Trigger(
        cls=cls,
        cameo=sch.events[cls].cameo,
        options=opts,
        rules=rules,
        target_preps=rules.target_prep | gram.target_preps,
        place_preps=rules.place_prep | gram.place_preps,
    )


def _entries(spec: dict[str, Any], where: str) -> list[tuple[str, str, Any]]:
    """('verbs'|'nouns', lemma, options) of one class; a noun is a lemma or {lemma: opts}."""
    verbs = spec.get("verbs") or {}
    if not isinstance(verbs, dict):
        raise fail(f"{where}.verbs", f"expected a mapping of lemma to options, got {shown(verbs)}")
    out = [("verbs", lemma, opts) for lemma, opts in verbs.items()]
    for i, entry in enumerate(spec.get("nouns") or []):
        if isinstance(entry, dict) and len(entry) == 1:
            out.append(("nouns", *next(iter(entry.items()))))
        else:
            out.append(("nouns", entry, None))
            convert(str, entry, f"{where}.nouns[{i}]")
    return out


@cache
def _lexicon_at(root: Path) -> Lexicon:
    path, data = read_yaml("lexicon/triggers.yaml")
    raw = top(path, data, dict)
    sch, gram = schema(), grammar()
    allowed = _CLASS_KEYS | {"verbs", "nouns"}
    for cls, spec in raw.items():
        sch.require_event(convert(str, cls, f"{path}: class {cls!r}"), str(path))
        build_keys = spec if isinstance(spec, dict) else None
        if build_keys is None:
            raise fail(f"{path}: {cls}", f"expected a mapping, got {shown(spec)}")
        unknown = sorted(set(map(str, spec)) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            raise fail(f"{path}: {cls}", f"unknown option {unknown[0]!r}; known: {known}")
    classes = _class_rules(raw, sch, str(path))
    words: dict[str, dict[str, list[Trigger]]] = {"verbs": {}, "nouns": {}}
    for cls, spec in raw.items():
        for kind, lemma, opts in _entries(spec, f"{path}: {cls}"):
            where = f"{path}: {cls}.{kind}.{lemma}"
            options = build(TriggerOptions, opts, where)
            trig = _trigger(sch, gram, cls, classes[cls], options)
            words[kind].setdefault(convert(str, lemma, where), []).append(trig)
    return Lexicon(*({w: _ordered(ts) for w, ts in words[k].items()} for k in words), classes)


def _ordered(triggers: list[Trigger]) -> tuple[Trigger, ...]:
    """Constrained readings before the plain one, so the plain one is the fallback."""
    o = lambda t: not (t.options.needs or t.options.needs_prep or t.options.needs_mod)  # noqa: E731
    return tuple(sorted(triggers, key=o))


def lexicon() -> Lexicon:
    return _lexicon_at(ontology_dir())


# ---------------------------------------------------------------- roles.yaml, titles.yaml
@dataclass(frozen=True)
class RoleWords:
    downgrade: frozenset[str]  # "deputy head of" is memberOf, not leaderOf
    unit_nouns: frozenset[str]
    part_nouns: frozenset[str]  # "X is part of Y"
    joining_verbs: frozenset[str]  # "X was integrated into Y"
    place_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    mission_nouns: frozenset[str]
    government_offices: frozenset[str]


@dataclass(frozen=True)
class Roles:
    phrases: dict[str, str]  # lower-cased role phrase -> relation ("spokesman" -> spokespersonOf)
    words: RoleWords
    last_words: frozenset[str] = frozenset()  # the words a role phrase can end on


@cache
def _roles_at(root: Path) -> Roles:
    path, data = read_yaml("lexicon/roles.yaml")
    data = top(path, data, dict)
    relations = schema().relations
    phrases: dict[str, str] = {}
    for key, items in data.items():
        if key in relations:
            if "Person" not in relations[key].domain:
                raise fail(f"{path}: {key}", "a role relation must take a person as subject")
            for phrase in convert(tuple[str, ...], items, f"{path}: {key}"):
                phrases[phrase.lower()] = key
    rest = {k: v for k, v in data.items() if k not in relations}
    words = build(RoleWords, rest, str(path))
    lowered = {f.name: frozenset(w.lower() for w in getattr(words, f.name)) for f in fields(words)}
    return Roles(phrases, RoleWords(**lowered), frozenset(p.split()[-1] for p in phrases))


def roles() -> Roles:
    return _roles_at(ontology_dir())


@dataclass(frozen=True)
class Titles:
    titles: frozenset[str]  # stripped before a person's name
    generic_names: frozenset[str]  # a lone word that names no one


@cache
def _titles_at(root: Path) -> Titles:
    path, data = read_yaml("lexicon/titles.yaml")
    raw = build(Titles, top(path, data, dict), str(path))
    return Titles(*(frozenset(w.lower() for w in ws) for ws in (raw.titles, raw.generic_names)))


def titles() -> Titles:
    return _titles_at(ontology_dir())


# ---------------------------------------------------------------- confidence.yaml
@dataclass(frozen=True)
class Multipliers:
    noun_trigger: float
    no_agent: float
    agent_by_anaphora: float
    no_target_or_place: float


@dataclass(frozen=True)
class Confidence:
    relation_rules: dict[str, float]
    event_classes: dict[str, float]  # a class not listed takes its nearest ancestor's prior
    event_multipliers: Multipliers
    default: float = 0.5

    def event_prior(self, cls: str) -> float:
        ev = schema().events.get(cls)
        for name in (cls, *(ev.ancestors if ev else ())):
            if name in self.event_classes:
                return self.event_classes[name]
        return self.default


@cache
def _confidence_at(root: Path) -> Confidence:
    path, data = read_yaml("lexicon/confidence.yaml")
    table = build(Confidence, top(path, data, dict), str(path))
    sch = schema()
    for cls in table.event_classes:
        if cls != "Event":
            sch.require_event(cls, f"{path}: event_classes")
    numbers = {**table.relation_rules, **table.event_classes}
    numbers |= {f.name: getattr(table.event_multipliers, f.name) for f in fields(Multipliers)}
    for name, value in numbers.items():
        if not 0.0 <= value <= 1.0:
            raise fail(f"{path}: {name}", f"{value} is not a probability in [0, 1]")
    return table


def confidence_table() -> Confidence:
    return _confidence_at(ontology_dir())


# ---------------------------------------------------------------- institutions, patterns
@dataclass(frozen=True)
class InstitutionKind:
    name: str  # "{demonym} Armed Forces"
    nouns: tuple[str, ...]  # "forces", "troops", ...
    home: tuple[str, ...] = ()  # "the army": the institution of the article's own country
    after_name: tuple[str, ...] = ()  # "Sudan Armed Forces": nouns after the country's name


@cache
def _institutions_at(root: Path) -> dict[str, InstitutionKind]:
    path, data = read_yaml("lexicon/institutions.yaml")
    kinds = convert(dict[str, InstitutionKind], top(path, data, dict), str(path))
    for kind, spec in kinds.items():
        try:
            spec.name.format(demonym="X", country="Y")
        except (KeyError, IndexError, ValueError) as exc:
            raise fail(f"{path}: {kind}.name", "use only {demonym} and {country}") from exc
    return kinds


def institution_kinds() -> dict[str, InstitutionKind]:
    return _institutions_at(ontology_dir())


@dataclass(frozen=True)
class EntityPattern:
    label: str  # spaCy entity label
    pattern: tuple[Any, ...]  # a spaCy token pattern (list of token dicts)


@cache
def _patterns_at(root: Path) -> tuple[EntityPattern, ...]:
    path, data = read_yaml("lexicon/patterns.yaml")
    return convert(tuple[EntityPattern, ...], top(path, data or [], list), str(path))


def entity_patterns() -> tuple[EntityPattern, ...]:
    return _patterns_at(ontology_dir())
