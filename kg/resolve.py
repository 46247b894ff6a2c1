"""Resolve: mentions -> one entity per real-world thing across all articles; events and
relations re-keyed on entities. Plain data in, plain data out (no spaCy)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from difflib import SequenceMatcher

from kg.actors import (
    Actor,
    actor_id_for,
    actor_index,
    countries_named,
    institution_names,
    is_country,
)
from kg.confidence import across_sources
from kg.coref import merge_events
from kg.gazetteer import GeoPlace, gazetteer
from kg.models import (
    Entity,
    EventRecord,
    Extraction,
    Mention,
    Resolution,
    ResolvedEvent,
    ResolvedRelation,
)
from kg.names import fold, slugify, unique_slugs
from kg.paths import ontology_fixed
from kg.rules import grammar
from kg.schema import schema, speech


class _Keys:
    """Maps each mention to an entity key: dictionary id, acronym, short form, or spelling."""

    def __init__(self, extractions: list[Extraction]) -> None:
        self.local: dict[Mention, str] = {}
        self._named: dict[str, str] = {}  # name -> key, each name looked up once
        for ex in extractions:
            self._resolve_doc(ex)
        self._link_surnames(extractions)

    def key(self, m: Mention) -> str:
        return self.local.get(m) or self._base(m)

    def _base(self, m: Mention) -> str:
        """The dictionary or gazetteer id, else the folded name: not the class, so one name
        is one node whatever label each mention got (the class is voted on later)."""
        if m.actor_id:
            return m.actor_id
        found = self._named.get(m.text)
        if found is None:
            found = self._named[m.text] = actor_id_for(m.text) or f"name:{fold(m.text)}"
        return found

    def _resolve_doc(self, ex: Extraction) -> None:
        longs = {short: long for short, long in ex.acronyms}
        by_text = {m.text: m for m in ex.mentions}
        # each name once, in order of first mention: a name said 100,000 times is one name
        first: dict[str, Mention] = {}
        for m in ex.mentions:
            if m.cls == "Person":
                first.setdefault(m.text, m)
        people = list(first.values())
        full_of: dict[str, Mention | None] = {}
        country = _main_country(ex)
        for m in _all_mentions(ex):
            if country and _generic_body(m):  # "the National Assembly" of this country
                self.local[m] = f"name:{fold(m.text)}@{country}"
        for m in ex.mentions:
            if m.text in longs and longs[m.text] in by_text:
                self.local[m] = self._base(by_text[longs[m.text]])
            elif _may_be_surname(m):
                # the article's own full name wins over a dictionary surname alias, and over
                # the label the NER gave the short form ("Haftar" as a group, "Rodriguez" as
                # a town)
                if m.text not in full_of:
                    full_of[m.text] = _full_name(m, people)
                full = full_of[m.text]
                if full is not None:
                    self.local[m] = self.key(full)

    def _link_surnames(self, extractions: list[Extraction]) -> None:
        """A bare surname left over joins a full name elsewhere only if exactly one matches:
        two people who share a surname are never merged."""
        people = {
            self.key(m): m
            for ex in extractions
            for m in ex.mentions
            if m.cls == "Person" and len(m.text.split()) > 1
        }
        index = _SurnameIndex(people)
        for ex in extractions:
            for m in ex.mentions:
                if m.cls == "Person" and m not in self.local and len(m.text.split()) == 1:
                    hits = index.matches(m.text)
                    if len(hits) == 1:
                        self.local[m] = hits.pop()


class _SurnameIndex:
    """Full names by folded surname, for linking a bare surname without comparing it with
    every person of the corpus: the exact surname, else spellings that drift (Rubaie /
    Rubaei). Drifting spellings are found through their deletion neighbourhoods (each
    surname with up to one letter dropped, two for long ones), so a lookup costs the same
    whatever the size of the corpus; `_drifts` then checks each candidate."""

    def __init__(self, people: dict[str, Mention]) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.near: dict[str, set[str]] = defaultdict(set)
        for key, full in people.items():
            surname = _surname(full.text)
            self.exact[surname].add(key)
            for variant in _deletions(surname):
                self.near[variant].add(surname)
        self._found: dict[str, set[str]] = {}

    def matches(self, short: str) -> set[str]:
        folded = fold(short).removeprefix("al ")
        if folded not in self._found:  # a surname left bare in many articles: once
            self._found[folded] = self._lookup(folded)
        return set(self._found[folded])

    def _lookup(self, folded: str) -> set[str]:
        hits = set(self.exact.get(folded, ()))
        if len(folded) > 4:
            near = {s for v in _deletions(folded) for s in self.near.get(v, ())}
            for surname in near - {folded}:
                if _shares_an_end(folded, surname) and _drifts(folded, surname):
                    hits |= self.exact[surname]
        return hits


def _deletions(word: str) -> set[str]:
    """The word with up to one letter dropped (two for words of ten letters or more): two
    spellings a letter or two apart (a swap, a changed or an added letter) share one."""
    out, edge = {word}, {word}
    for _ in range(2 if len(word) >= 10 else 1):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        out |= edge
    return out


def _shares_an_end(a: str, b: str) -> bool:
    """The first two letters or the last two alike: drift keeps one end of a name."""
    return a[:2] == b[:2] or a[-2:] == b[-2:]


def _drifts(a: str, b: str) -> bool:
    """Two folded surnames spelled alike (ratio >= 0.8), the cheap upper bounds first."""
    if 2 * min(len(a), len(b)) < 0.8 * (len(a) + len(b)):
        return False  # lengths alone rule it out
    sm = SequenceMatcher(None, a, b)
    return sm.quick_ratio() >= 0.8 and sm.ratio() >= 0.8


def _generic_body(m: Mention) -> bool:
    return m.cls == "Group" and not m.actor_id and fold(m.text) in grammar().generic_bodies


def _main_country(ex: Extraction) -> str | None:
    """The country an article is most about: the one its mentions name most often."""
    counts = countries_named(m.actor_id for m in _all_mentions(ex))
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def _may_be_surname(m: Mention) -> bool:
    """A short name that may be a person's surname: not a dictionary actor or country."""
    if m.cls == "Person":
        return len(m.text.split()) <= 2
    return len(m.text.split()) == 1 and (not m.actor_id or m.actor_id not in actor_index())


def _surname(name: str) -> str:
    return fold(name.split()[-1]).removeprefix("al ")


def _same_surname(short: str, full: str) -> bool:
    a, b = fold(short).removeprefix("al "), _surname(full)
    return a == b or (len(a) > 4 and _drifts(a, b))


def _full_name(m: Mention, people: list[Mention]) -> Mention | None:
    """'al-Rubaei' -> 'Mahmoud al-Rubaie' in the same article (spelling may drift)."""
    short = fold(m.text).removeprefix("al ")
    for other in people:
        if other is m or len(other.text.split()) <= len(m.text.split()):
            continue
        if fold(other.text).endswith(fold(m.text)) or _same_surname(short, other.text):
            return other
    return None


def resolve(extractions: Iterable[Extraction]) -> Resolution:
    with ontology_fixed():
        return _resolve_all(list(extractions))


def _resolve_all(extractions: list[Extraction]) -> Resolution:
    keys = _Keys(extractions)
    res = Resolution()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    classes: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        doc_surface = res.surface.setdefault(ex.article.doc_id, defaultdict(set))
        for m in _all_mentions(ex):
            k = keys.key(m)
            forms[k][m.text] += 1
            classes[k][m.cls] += _weight(m)
            docs[k].add(ex.article.doc_id)
            doc_surface[k].add(m.text)
    for k in forms:
        res.entities[k] = _entity(k, forms[k], classes[k], docs[k])
    _distinct_iris(res.entities)
    res.relations = _relations(extractions, keys, res.entities)
    res.events = _events(extractions, keys, res.entities, res.relations)
    return res


def _weight(m: Mention) -> int:
    """A full personal name is strong evidence of a person; a bare word is weak."""
    return 3 if m.cls == "Person" and len(m.text.split()) > 1 else 1


def _all_mentions(ex: Extraction) -> Iterable[Mention]:
    yield from ex.mentions
    for r in ex.relations:
        yield r.subject
        yield r.object
    for e in ex.events:
        yield from (*e.agents, *e.targets, *e.places)


def _distinct_iris(entities: dict[str, Entity]) -> None:
    """Two different things never share an IRI: entities of one class whose names slug
    alike ("BD" for two groups) get distinct slugs; a dictionary entry keeps its own."""
    by_cls: dict[str, dict[str, str]] = defaultdict(dict)
    key_of: dict[str, str] = {}
    for k, e in entities.items():
        ident = ("1" if ":" in k else "0") + k  # dictionary and institution ids sort first
        by_cls[e.cls][ident], key_of[ident] = e.key, k
    for wanted in by_cls.values():
        for ident, slug in unique_slugs(wanted).items():
            k = key_of[ident]
            if entities[k].key != slug:
                entities[k] = replace(entities[k], key=slug)


def _entity(key: str, forms: Counter[str], classes: Counter[str], docs: set[str]) -> Entity:
    actor = actor_index().get(key)
    place = gazetteer().places.get(key) if actor is None else None
    if actor:
        label, cls, wikidata = actor.name, actor.type, actor.wikidata
    elif place:
        label, cls, wikidata = place.name, "Place", None
    else:
        cls = max(classes, key=lambda c: (classes[c], c == "Group"))
        label = institution_names().get(key) or max(
            forms, key=lambda f: (len(f.split()) if cls == "Person" else forms[f], len(f), f)
        )
        wikidata = None
    if "@" in key and key.split("@")[1] in actor_index():  # "National Assembly (Kenya)"
        label = f"{label} ({actor_index()[key.split('@')[1]].name})"
    alt = tuple(sorted(f for f in forms if f != label))
    hidden = tuple(sorted(set(actor.aliases if actor else ()) - {label, *alt}))
    slug = key if actor or place or key in institution_names() else slugify(label)
    return Entity(
        key=slug,
        cls=cls,
        label=label,
        alt_labels=alt,
        wikidata=wikidata,
        docs=tuple(sorted(docs)),
        hidden_labels=hidden,
        coordinates=_coordinates(place, actor) if cls == "Place" else None,
    )


def _coordinates(place: GeoPlace | None, actor: Actor | None) -> tuple[float, float] | None:
    """WGS84 (lat, long) of a gazetteer place, or of a dictionary place the gazetteer
    knows by its canonical name (a country the dictionary lists under its own id)."""
    if place is None and actor is not None:
        place = next(iter(gazetteer().lookup(actor.name)), None)
    if place is None or place.lat is None or place.lon is None:
        return None
    return round(place.lat, 4), round(place.lon, 4)


def _relations(
    extractions: list[Extraction], keys: _Keys, entities: dict[str, Entity]
) -> list[ResolvedRelation]:
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for ex in extractions:
        for r in ex.relations:
            s, o = keys.key(r.subject), keys.key(r.object)
            prop = schema().relations[r.predicate]
            if r.predicate == "locatedIn" and is_country(s):
                continue  # "Egypt, Qatar and the US": a list, not a containment
            if s != o and entities[s].cls in prop.domain and entities[o].cls in prop.range:
                grouped[(s, r.predicate, o)].append((r, ex.article.doc_id))
    out = []
    for (s, p, o), items in sorted(grouped.items()):
        out.append(
            ResolvedRelation(
                subject=s,
                predicate=p,
                object=o,
                evidence=tuple(dict.fromkeys((d, r.evidence) for r, d in items)),
                docs=tuple(sorted({d for _, d in items})),
                rules=tuple(sorted({r.rule for r, _ in items})),
                confidence=across_sources((d, r.confidence) for r, d in items),
            )
        )
    return _drop_implied(out)


def _drop_implied(rels: list[ResolvedRelation]) -> list[ResolvedRelation]:
    """A relation its sub-property already states between the same two is not repeated:
    memberOf is implied by leaderOf / spokespersonOf (the ontology's subPropertyOf)."""
    props = schema().relations
    implied = {(r.subject, sup, r.object) for r in rels for sup in props[r.predicate].implies}
    return [r for r in rels if (r.subject, r.predicate, r.object) not in implied]


def _signature(doc_id: str, e: EventRecord, keys: _Keys) -> tuple:
    """Events of one article that are one event: a speaker's statements of one kind are
    one statement (an interview, a press release); other events need the same agents and
    targets; events with no agent are never merged (nothing says they are the same)."""
    agents = _keyset(keys, e.agents)
    if not agents:
        return (doc_id, e.cls, (), (), e.start)
    if speech(e.cls):
        return (doc_id, e.cls, agents)
    return (doc_id, e.cls, agents, _keyset(keys, e.targets))


def _events(
    extractions: list[Extraction],
    keys: _Keys,
    entities: dict[str, Entity],
    relations: list[ResolvedRelation],
) -> list[ResolvedEvent]:
    grouped: dict[tuple, list[EventRecord]] = defaultdict(list)
    for ex in extractions:
        for e in ex.events:
            grouped[_signature(ex.article.doc_id, e, keys)].append(e)
    slug = {k: e.key for k, e in entities.items()}
    per_doc = sorted((_merge(keys, recs, slug) for recs in grouped.values()), key=lambda e: e.key)
    return merge_events(per_doc, entities, relations)


def _merge(keys: _Keys, recs: list[EventRecord], slug: dict[str, str]) -> ResolvedEvent:
    first = recs[0]
    agents = _keyset(keys, tuple(m for r in recs for m in r.agents))
    targets = tuple(dict.fromkeys(keys.key(m) for r in recs for m in r.targets))
    # the date the text gives the event itself, the most precise, over the report's month
    dated = max(
        (r for r in recs if r.date), key=lambda r: (bool(r.date_text), len(r.date)), default=None
    )
    return ResolvedEvent(
        key=_event_slug(
            first.cls, [slug[a] for a in agents[:1] + targets[:1]], first.doc_id, first.start
        ),
        cls=first.cls,
        cameo=first.cameo,
        docs=(first.doc_id,),
        evidence=tuple(dict.fromkeys((r.doc_id, r.evidence) for r in recs)),
        triggers=tuple(dict.fromkeys(r.trigger for r in recs)),
        agents=agents,
        targets=tuple(t for t in targets if t not in agents),
        places=tuple(dict.fromkeys(keys.key(m) for r in recs for m in r.places)),
        date=dated.date if dated else None,
        date_text=dated.date_text if dated else first.date_text,
        content=tuple(dict.fromkeys(r.content for r in recs if r.content)),
        confidence=max(r.confidence for r in recs),
        support=((first.doc_id, max(r.confidence for r in recs)),),
    )


def _keyset(keys: _Keys, ms: tuple[Mention, ...]) -> tuple[str, ...]:
    return tuple(sorted({keys.key(m) for m in ms}))


def _event_slug(cls: str, who: list[str], doc_id: str, start: int) -> str:
    """Readable and stable: class, first agent and target, article and offset."""
    parts = [cls.lower(), *(slugify(k, max_len=24) for k in who)]
    return f"{'-'.join(parts)}-{slugify(doc_id, max_len=12)}-{start}"
