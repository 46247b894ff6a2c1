"""Event coreference: reports of one event merged into one node, within an article (its
headline, lead and later paragraphs tell one attack) and across articles (three outlets on
one killing). Plain records in and out; the rules follow how news retells events."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kg.actors import country_of, state_of
from kg.confidence import across_sources
from kg.models import Entity, ResolvedEvent, ResolvedRelation
from kg.names import unique_slugs
from kg.rules import lexicon
from kg.schema import schema, speech


@dataclass(frozen=True)
class _World:
    """What coreference asks of the entities and the ontology, looked up once (it asks
    for each pair of reports compared): each entity's class, the country each place lies
    in, the event classes that report speech and those told once per victim."""

    kinds: dict[str, str]
    within: dict[str, frozenset[str]]
    speech: frozenset[str]
    once_per_victim: frozenset[str]

    @classmethod
    def of(cls, entities: dict[str, Entity], relations: Iterable[ResolvedRelation]) -> _World:
        classes = lexicon().classes
        return cls(
            {k: e.cls for k, e in entities.items()},
            _containers(entities, relations),
            schema().family("Statement"),  # what `speech` asks, as one set
            frozenset(c for c, spec in classes.items() if spec.once_per_victim),
        )


def _containers(
    entities: dict[str, Entity], relations: Iterable[ResolvedRelation]
) -> dict[str, frozenset[str]]:
    """The places each place lies in: its country, and what the articles put it in
    ("Irbil International Airport" in Irbil, in Iraq), followed a few steps up."""
    up: dict[str, set[str]] = defaultdict(set)
    for k in entities:
        if c := country_of(k):
            up[k].add(c)
    for r in relations:
        if r.predicate == "locatedIn":
            up[r.subject].add(r.object)
    out: dict[str, frozenset[str]] = {}
    for k in up:
        seen, edge = set(), set(up[k])
        for _ in range(4):  # facility, town, district, province, country
            edge -= seen | {k}
            seen |= edge
            edge = {c for e in edge for c in up.get(e, ())}
        out[k] = frozenset(seen)
    return out


def merge_events(
    per_doc: list[ResolvedEvent],
    entities: dict[str, Entity],
    relations: Iterable[ResolvedRelation] = (),
) -> list[ResolvedEvent]:
    """Reports merged within each article, then across articles; distinct IRIs after.
    `relations`: the corpus's, whose locatedIn says which places agree."""
    world = _World.of(entities, relations)
    return _distinct_event_keys(_across_articles(_within_article(per_doc, world), world))


def _family(a: str, b: str) -> bool:
    """One kind of event told two ways: the same class, or a class and its subclass."""
    sch = schema()
    return sch.is_a(a, b) or sch.is_a(b, a)


def _one_utterance(a: ResolvedEvent, b: ResolvedEvent) -> bool:
    """A speaker's plain 'said' and their threat or demand in one article are one
    utterance told twice (the class that says more wins)."""
    plain = {a.cls, b.cls} & {"Statement"}
    return bool(plain) and _family(a.cls, b.cls) and set(a.agents) == set(b.agents) != set()


def _same_in_article(a: ResolvedEvent, b: ResolvedEvent, world: _World) -> bool:
    """Two reports in one article of one event (headline, lead, later paragraphs): not
    speech (statements merge by speaker already), one kind, the same agents or one of
    them unnamed, no disagreement on who was hit nor on where (a city agrees with its
    country; one report may name only the target, the other only the place), nor on
    the date."""
    if a.cls in world.speech or b.cls in world.speech:
        return _one_utterance(a, b) and a.cls != b.cls
    if not _family(a.cls, b.cls):
        return False
    if a.agents and b.agents and {state_of(x) for x in a.agents} != {state_of(x) for x in b.agents}:
        return False
    (actors_a, where_a), (actors_b, where_b) = _anchors(a, world), _anchors(b, world)
    if _apart(actors_a, actors_b) or _apart(where_a, where_b):
        return False  # strikes on two different targets (or towns) are two strikes
    return not (a.date and b.date and not _dates_agree(a.date, b.date))


Anchors = tuple[set[str], set[str]]


def _anchors(e: ResolvedEvent, world: _World) -> Anchors:
    """(actors hit, places and their countries) of an event; a place named as the target
    is where it happened."""
    hit = {t for t in e.targets if world.kinds.get(t) != "Place"}
    where = set(e.places) | (set(e.targets) - hit)
    return hit, where.union(*(world.within.get(w, ()) for w in where))  # Baghdad is in Iraq


def _apart(a: set[str], b: set[str]) -> bool:
    """Both name some, and none in common. A report naming only the target and another
    naming only the place ('strikes on the Quds Force' / 'strikes in Iraq and Syria') do
    not disagree."""
    return bool(a and b and not a & b)


def _within_article(events: list[ResolvedEvent], world: _World) -> list[ResolvedEvent]:
    by_doc: dict[str, list[ResolvedEvent]] = defaultdict(list)
    for e in events:
        by_doc[e.docs[0]].append(e)
    out: list[ResolvedEvent] = []
    for group in by_doc.values():
        merged: list[ResolvedEvent] = []
        for e in group:  # in key order: the first report keeps its key
            i = next((i for i, m in enumerate(merged) if _same_in_article(m, e, world)), None)
            if i is None:
                merged.append(e)
            else:
                merged[i] = _combine(merged[i], e)
        out += _absorb_unattributed(merged)
    return sorted(out, key=lambda e: e.key)


def _absorb_unattributed(events: list[ResolvedEvent]) -> list[ResolvedEvent]:
    """'Iran launched missiles at bases housing US troops ... The strikes landed at Ain
    al-Asad': a report that names no perpetrator joins the article's one attributed event
    of its class (if there is exactly one, and the dates agree)."""
    out = list(events)
    for e in events:
        if e.agents or speech(e.cls):
            continue
        owners = [o for o in out if o.agents and o.cls == e.cls]
        if len(owners) == 1 and not (
            e.date and owners[0].date and not _dates_agree(e.date, owners[0].date)
        ):
            out[out.index(owners[0])] = _combine(owners[0], e)
            out.remove(e)
    return out


def _distinct_event_keys(events: list[ResolvedEvent]) -> list[ResolvedEvent]:
    """Events whose slugs coincide (two articles whose ids share a prefix) get distinct
    ones, so two events never share an IRI."""
    ident: dict[str, ResolvedEvent] = {}
    seen: Counter[str] = Counter()
    for e in events:
        base = f"{e.key}|{e.cls}|{e.docs}|{e.evidence}|{e.triggers}"
        ident[f"{base}#{seen[base]}" if seen[base] else base] = e
        seen[base] += 1
    slugs = unique_slugs({i: e.key for i, e in ident.items()})
    out = [replace(e, key=slugs[i]) if slugs[i] != e.key else e for i, e in ident.items()]
    return sorted(out, key=lambda e: e.key)


def _dates_agree(a: str | None, b: str | None) -> bool:
    return bool(a and b and (a.startswith(b) or b.startswith(a)))


def _same_event(
    a: ResolvedEvent, b: ResolvedEvent, world: _World, anchors: tuple[Anchors, Anchors]
) -> bool:
    """One real event told by two articles? Same class and a shared agent, and either dates
    that agree and no disagreement on who was hit nor where, or (a killing) a shared named
    victim: a person is killed once. Statements, and undated events of other kinds, are kept
    apart: nothing shows they are the same. `anchors`: `_anchors` of a and of b."""
    if a.cls != b.cls or not set(a.agents) & set(b.agents) or set(a.docs) & set(b.docs):
        return False
    if not _may_agree(a, b):
        return False
    if a.cls in world.once_per_victim:
        victims = {t for t in set(a.targets) & set(b.targets) if world.kinds[t] == "Person"}
        if victims:
            return True
    if a.cls in world.speech or not _dates_agree(a.date, b.date):
        return False
    # one agent's strikes of one day (or one year, when only the year is known) on
    # different targets, or in places with nothing in common, are different strikes
    (hit_a, where_a), (hit_b, where_b) = anchors
    return not (_apart(hit_a, hit_b) or _apart(where_a, where_b))


def _across_articles(events: list[ResolvedEvent], world: _World) -> list[ResolvedEvent]:
    """Merge reports of one event from several articles into one node (all sources kept).
    Each block keeps the distinct events met so far; a report is compared with those, not
    with every other report, so a block of n reports of k events costs n*k, not n*n."""
    buckets: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        for key in _merge_keys(e, world):
            buckets[key].append(i)
    parent = list(range(len(events)))
    anchors = [_anchors(e, world) for e in events]  # of each root, asked of many pairs

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> int:
        root, other = sorted((i, j))  # the earlier event keeps its key
        events[root] = _combine(events[root], events[other])
        anchors[root] = _anchors(events[root], world)
        parent[other] = root
        return root

    for members in buckets.values():
        met: list[int] = []  # roots of the distinct events met in this block
        for i in members:
            r, rest = find(i), []
            for c in map(find, met):
                if c == r:
                    continue
                a, b = events[c], events[r]
                if _may_agree(a, b) and _same_event(a, b, world, (anchors[c], anchors[r])):
                    r = union(c, r)
                else:
                    rest.append(c)
            met = [*rest, r]
    return sorted((events[i] for i in range(len(events)) if find(i) == i), key=lambda e: e.key)


def _may_agree(a: ResolvedEvent, b: ResolvedEvent) -> bool:
    """What `_same_event` asks first, on dates, at a fraction of its cost: most reports in
    a block of one agent's year are of other days."""
    return not (a.date and b.date and not _dates_agree(a.date, b.date))


def _merge_keys(e: ResolvedEvent, world: _World) -> list[tuple[str, ...]]:
    """Blocks in which a report can meet another of the same event (see `_same_event`):
    same class and agent, and the same year (dates that agree share it) or, for a class
    told once per victim, the same named victim. An undated report with no victim merges
    with nothing across articles, so it is in no block: the work grows with the corpus,
    not with its square."""
    keys: list[tuple[str, ...]] = []
    for agent in e.agents:
        if e.date and e.cls not in world.speech:
            keys.append((e.cls, agent, e.date[:4]))
        if e.cls in world.once_per_victim:
            keys += [(e.cls, agent, "victim", t) for t in e.targets if world.kinds[t] == "Person"]
    return keys


def _combine(a: ResolvedEvent, b: ResolvedEvent) -> ResolvedEvent:
    """One event from two reports: sources, evidence and roles joined; the more precise date."""

    def join(x: tuple, y: tuple) -> tuple:
        return tuple(dict.fromkeys(x + y))

    dates = sorted((d for d in (a.date, b.date) if d), key=len, reverse=True)
    specific = b if b.cls != a.cls and schema().is_a(b.cls, a.cls) else a  # Killing > Attack
    return ResolvedEvent(
        key=a.key,
        cls=specific.cls,
        cameo=specific.cameo,
        docs=tuple(sorted(set(a.docs) | set(b.docs))),
        evidence=join(a.evidence, b.evidence),
        triggers=join(a.triggers, b.triggers),
        agents=join(a.agents, b.agents),
        targets=tuple(t for t in join(a.targets, b.targets) if t not in a.agents + b.agents),
        places=join(a.places, b.places),
        date=dates[0] if dates else None,
        date_text=a.date_text if a.date == (dates[0] if dates else None) else b.date_text,
        content=join(a.content, b.content),
        confidence=across_sources(a.support + b.support),
        support=a.support + b.support,
    )
