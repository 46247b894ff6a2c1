"""How sure kg is of a fact: priors from `ontology/lexicon/confidence.yaml`, combined
across articles by noisy-OR."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from kg.lexicon import load_yaml

MAX_CONFIDENCE = 0.999  # text-derived facts are never certain


@cache
def _table() -> dict[str, Any]:
    return load_yaml("lexicon/confidence.yaml")


def relation_prior(rule: str) -> float:
    return float(_table()["relation_rules"].get(rule, 0.5))


def event_confidence(
    cls: str, *, noun: bool, agent: bool, anaphoric: bool, anchored: bool
) -> float:
    """Class prior lowered for weaker evidence: a noun trigger, no agent, an agent found by
    anaphora, no target or place."""
    t = _table()
    mult = t["event_multipliers"]
    c = float(t["event_classes"].get(cls, 0.5))
    for applies, key in (
        (noun, "noun_trigger"),
        (not agent, "no_agent"),
        (anaphoric, "agent_by_anaphora"),
        (not anchored, "no_target_or_place"),
    ):
        if applies:
            c *= float(mult[key])
    return round(c, 3)


def combine(scores: Iterable[float]) -> float:
    """Independent reports of one fact: 1 - prod(1 - c), never quite certain (<= 0.999)."""
    miss = 1.0
    for c in scores:
        miss *= 1.0 - c
    return min(round(1.0 - miss, 3), MAX_CONFIDENCE)
