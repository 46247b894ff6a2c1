"""Relations of places and of standing hierarchies: a place within a place, as news writes
it ("Mosul, Iraq", "Bulo-Marer town in Lower Shabelle region", "Baghdad International
Airport") and as the actor dictionary and the gazetteer know it."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.actors import actor_index, countries_named, is_country, state_of
from kg.confidence import relation_prior
from kg.extract.entities import Context
from kg.extract.scan import text_of
from kg.gazetteer import gazetteer
from kg.models import Mention, Relation
from kg.rules import grammar, roles


def relation(ctx: Context, s: Mention, p: str, o: Mention, tok: Token, rule: str) -> Relation:
    return Relation(
        subject=s,
        predicate=p,
        object=o,
        evidence=text_of(tok.sent).strip(),
        rule=rule,
        confidence=relation_prior(rule),
    )


def actor_or_country(ctx: Context, tok: Token) -> Mention | None:
    """The mention at `tok`, or the state its demonym names ('Iranian-backed')."""
    return ctx.by_token.get(tok.i) or ctx.demonym_country(tok, any_tag=True)


def doc_id_of(ctx: Context) -> str:
    return ctx.spans[0][1].doc_id if ctx.spans else ""


def iter_place_relations(ctx: Context) -> Iterator[Relation]:
    yield from _located_in(ctx)
    first = _first_mentions(ctx)
    yield from _dictionary_relations(ctx, first)
    yield from _gazetteer_relations(ctx, first)


def _located_in(ctx: Context) -> Iterator[Relation]:
    places = [(s, m) for s, m in ctx.spans if m.cls == "Place"]
    for span, m in places:
        for outer, tok, rule in _containers(ctx, span):
            same = (outer.actor_id or outer.text) == (m.actor_id or m.text)
            if outer.cls == "Place" and not same:
                yield relation(ctx, m, "locatedIn", outer, tok, rule)


def _containers(ctx: Context, span: Span) -> Iterator[tuple[Mention, Token, str]]:
    doc, words = ctx.doc, roles().words
    j = span.end
    # "K1 Air Base [northwest of Kirkuk] in [northern] Iraq"
    if j + 2 < len(doc) and doc[j].pos_ in {"ADV", "NOUN", "ADJ"} and doc[j + 1].lower_ == "of":
        mid = ctx.by_token.get(j + 2)
        if mid:
            j = ctx.span_of[mid].end
    while j < len(doc) and doc[j].lower_ in words.place_nouns and j not in ctx.by_token:
        j += 1  # "Bulo-Marer town in Lower Shabelle region"
    if j < len(doc) and doc[j].lower_ == "on":
        yield from _on_island(ctx, j)
    if j < len(doc) and doc[j].lower_ in grammar().loc_preps:
        k = j + 1
        while (
            k < len(doc)
            and (
                doc[k].pos_ in {"ADJ", "DET"}
                or doc[k].lower_ in words.place_nouns
                or doc[k].lower_ == "of"
            )
            and k not in ctx.by_token
        ):
            k += 1
        outer = ctx.by_token.get(k)
        if outer:  # "in the Kurdistan Region capital of Erbil": in Erbil
            yield _capital_of(ctx, outer), doc[j], "in-place"
    # "Mosul, the provincial capital of Nineveh" / "Mosul, Iraq"
    if j < len(doc) and doc[j].text == ",":
        k = j + 1
        if k < len(doc) and ctx.by_token.get(k) and _is_country(ctx.by_token[k]):
            yield ctx.by_token[k], doc[j], "comma-place"
        elif owner := _possessor_of_place_noun(ctx, k):  # "Sittwe, Rakhine's state capital"
            yield owner, doc[j], "apposition-place"
        elif region := _region_named(ctx, k):  # "Taxco, Guerrero state"
            yield region, doc[j], "comma-place"
        while k < len(doc) and doc[k].pos_ in {"ADJ", "DET"} and k not in ctx.by_token:
            k += 1
        if k + 2 < len(doc) and doc[k].lower_ in words.place_nouns and doc[k + 1].lower_ == "of":
            outer = ctx.by_token.get(k + 2) or ctx.by_token.get(k + 3)
            if outer:
                yield outer, doc[k], "apposition-place"
    yield from _before_place(ctx, span)
    yield from _facility_place(ctx, span)


def _capital_of(ctx: Context, outer: Mention) -> Mention:
    """The place a place's kind noun introduces after it ("Darfur state capital of El
    Fasher": El Fasher), else the place itself."""
    doc, k = ctx.doc, ctx.span_of[outer].end
    while k < len(doc) and doc[k].lower_ in roles().words.place_nouns:
        k += 1
    inner = ctx.by_token.get(k + 1) if k < len(doc) and doc[k].lower_ == "of" else None
    return inner if inner is not None and k > ctx.span_of[outer].end else outer


def _possessor_of_place_noun(ctx: Context, k: int) -> Mention | None:
    """The place in "<place>'s [state] capital" starting at token k."""
    doc, outer = ctx.doc, ctx.by_token.get(k)
    if outer is None:
        return None
    end = ctx.span_of[outer].end
    if end + 1 < len(doc) and doc[end].tag_ == "POS":
        rest = doc[end + 1 : end + 4]
        if any(t.lower_ in roles().words.place_nouns for t in rest):
            return outer
    return None


def _region_named(ctx: Context, k: int) -> Mention | None:
    """The place at token k when its kind noun follows it ('Guerrero state', 'Kunar
    province') and no list goes on after it ('A, B province and C' is a list)."""
    doc, m = ctx.doc, ctx.by_token.get(k)
    if m is None or m.cls != "Place":
        return None
    end = ctx.span_of[m].end
    kind = end < len(doc) and doc[end].lower_ in roles().words.place_nouns - {"capital"}
    listed = end + 1 < len(doc) and doc[end + 1].lower_ in {"and", "or"}
    return m if kind and not listed else None


def _on_island(ctx: Context, j: int) -> Iterator[tuple[Mention, Token, str]]:
    """ "on Mindanao island", "on the Sinai Peninsula": 'on' contains only for islands and
    peninsulas ("talks in Washington on Iran" place nothing in Iran)."""
    doc, k = ctx.doc, j + 1
    while k < len(doc) and doc[k].pos_ == "DET" and k not in ctx.by_token:
        k += 1
    outer = ctx.by_token.get(k)
    if outer is None:
        return
    end = ctx.span_of[outer].end
    heads = grammar().island_heads
    if doc[end - 1].lower_ in heads or (end < len(doc) and doc[end].lower_ in heads):
        yield outer, doc[j], "on-island"


def _before_place(ctx: Context, span: Span) -> Iterator[tuple[Mention, Token, str]]:
    """ "Syria's northeastern province of al-Hasakah", "the Iraqi capital Baghdad"."""
    doc, words = ctx.doc, roles().words
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "of":
        i -= 1
    while (
        i >= 0
        and (doc[i].pos_ == "ADJ" or doc[i].lower_ in words.place_nouns)
        and i not in ctx.by_token
        and doc[i].ent_type_ != "NORP"
    ):
        i -= 1
    if i < 0:
        return
    if doc[i].tag_ == "POS" and ctx.by_token.get(i - 1):
        yield ctx.by_token[i - 1], doc[i], "possessive-place"
    elif (outer := ctx.by_token.get(i)) and any(
        t.lower_ in words.place_nouns for t in doc[i + 1 : span.start]
    ):  # "the Darfur state capital of El Fasher", "the Baghdad district of Karrada"
        yield outer, doc[i], "modifier-place"
    elif doc[i].ent_type_ == "NORP" and any(
        t.lower_ in words.place_nouns for t in doc[i + 1 : span.start]
    ):  # "the Iraqi capital Baghdad", not "Iraqi pro-Iran group"
        country = actor_or_country(ctx, doc[i])
        if country:
            yield country, doc[i], "demonym-place"


def _facility_place(ctx: Context, span: Span) -> Iterator[tuple[Mention, Token, str]]:
    """ "Baghdad International Airport" is in Baghdad."""
    if len(span) < 2 or span[-1].lower_ not in roles().words.facility_nouns:
        return
    text = span.text  # made from its tokens at each access
    abroad = span[-1].lower_ in roles().words.mission_nouns
    for actor in actor_index().values():
        if actor.type != "Place" or (abroad and actor.demonyms):
            continue
        for name in actor.names:
            if text.startswith(name + " ") and text != name:
                yield (
                    Mention(
                        doc_id=doc_id_of(ctx),
                        start=span.start_char,
                        end=span.start_char + len(name),
                        text=name,
                        cls="Place",
                        actor_id=actor.id,
                    ),
                    span[0],
                    "facility-name",
                )
                return


def _is_country(m: Mention) -> bool:
    actor = actor_index().get(m.actor_id or "")
    return bool(actor and (actor.demonyms or actor.located_in))


# ---------------------------------------------------------------- world knowledge
def _first_mentions(ctx: Context) -> dict[str, tuple[Span, Mention]]:
    """Dictionary or gazetteer id -> its first mention in the article."""
    first: dict[str, tuple[Span, Mention]] = {}
    for span, m in ctx.spans:
        if m.actor_id:
            first.setdefault(m.actor_id, (span, m))
    return first


def _dictionary_relations(
    ctx: Context, first: dict[str, tuple[Span, Mention]]
) -> Iterator[Relation]:
    """Standing hierarchy from the actor dictionary, when the article names both ends."""
    for actor_id, (span, m) in first.items():
        actor = actor_index().get(actor_id)
        if actor is None:
            continue  # a generated institution ("Iraqi forces") has no standing hierarchy
        for others, pred in ((actor.part_of, "partOf"), (actor.located_in, "locatedIn")):
            for other in others:
                if other in first:
                    yield relation(ctx, m, pred, first[other][1], span[0], "actor-dictionary")


def _gazetteer_relations(
    ctx: Context, first: dict[str, tuple[Span, Mention]]
) -> Iterator[Relation]:
    """A city or region the gazetteer places in a region or country the article also
    names: 'Benghazi' and 'Libya' in one article give Benghazi locatedIn Libya; 'Nyala'
    and 'South Darfur', Nyala locatedIn South Darfur."""
    places = gazetteer().places
    for place_id, (span, m) in first.items():
        place = places.get(place_id)
        if place is None or place.kind == "country":
            continue
        for outer in (place.region, place.country):
            if outer in first:
                yield relation(ctx, m, "locatedIn", first[outer][1], span[0], "gazetteer")


# ---------------------------------------------------------------- the country of a state act
def home_country(ctx: Context, agents: list[Mention]) -> Mention | None:
    """Where an act of state (a decree, a ruling, an election) holds when the sentence names
    no place: the state of its agent ("the Kenyan parliament"), else the country the article
    names most often (ties: the first named). None when the article names no country."""
    countries = [m for _, m in ctx.spans if m.actor_id and is_country(m.actor_id)]
    for agent in agents:
        if agent.actor_id and is_country(agent.actor_id):
            return agent  # "Sudan declared an emergency": in Sudan
        state = state_of(agent.actor_id) if agent.actor_id else None
        same = [m for m in countries if state and m.actor_id == state]
        if same:
            return same[0]
    counts = countries_named(m.actor_id for m in countries).most_common(1)
    return next(m for m in countries if m.actor_id == counts[0][0]) if counts else None
