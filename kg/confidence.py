"""How sure kg is of a fact: priors from `ontology/lexicon/confidence.yaml`, combined
across articles by noisy-OR."""

from __future__ import annotations

from collections.abc import Iterable

from kg.rules import confidence_table

MAX_CONFIDENCE = 0.999  # text-derived facts are never certain


def relation_prior(rule: str) -> float:
    table = confidence_table()
    return table.relation_rules.get(rule, table.default)


def event_confidence(
    cls: str, *, noun: bool, agent: bool, anaphoric: bool, anchored: bool
) -> float:
    """Class prior lowered for weaker evidence: a noun trigger, no agent, an agent found by
    anaphora, no target or place."""
    table = confidence_table()
    mult = table.event_multipliers
    c = table.event_prior(cls)
    for applies, factor in (
        (noun, mult.noun_trigger),
        (not agent, mult.no_agent),
        (anaphoric, mult.agent_by_anaphora),
        (not anchored, mult.no_target_or_place),
    ):
        if applies:
            c *= factor
    return round(c, 3)


def combine(scores: Iterable[float]) -> float:
    """Independent reports of one fact: 1 - prod(1 - c), never quite certain (<= 0.999)."""
    miss = 1.0
    for c in scores:
        miss *= 1.0 - c
    return min(round(1.0 - miss, 3), MAX_CONFIDENCE)


def across_sources(scores: Iterable[tuple[str, float]]) -> float:
    """Best report per article; articles are independent sources (noisy-OR)."""
    best: dict[str, float] = {}
    for doc, c in scores:
        best[doc] = max(c, best.get(doc, 0.0))
    return combine(best.values())
