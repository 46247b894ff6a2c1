"""What every build does with its extraction records, and how it reports: resolution and
stage timings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest import Problem
from kg.models import Article, Extraction
from kg.resolve import Resolution, resolve


@dataclass
class BuildReport:
    articles: int
    entities: int
    relations: int
    events: int
    triples: int
    parsed: int = 0  # articles parsed in this run (the rest came from the store)
    graphs_written: int | None = None  # article graphs written into a store (--store)
    updated: bool = False  # files updated from the previous build's, not drawn whole
    written: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds the block takes to `timings[stage]`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def resolve_records(
    extractions: list[Extraction],
) -> tuple[list[Article], Resolution, BuildReport]:
    """The records resolved, in article-id order (the same articles give the same graph
    however they came), and a report of what was found."""
    extractions = sorted(extractions, key=lambda ex: ex.article.doc_id)
    timings: dict[str, float] = {}
    with timed(timings, "resolve"):
        res = resolve(extractions)
    report = BuildReport(
        articles=len(extractions),
        entities=len(res.entities),
        relations=len(res.relations),
        events=len(res.events),
        triples=0,
        timings=timings,
    )
    return [ex.article for ex in extractions], res, report


def merged(first: BuildReport, report: BuildReport) -> BuildReport:
    """`report` with what `collect` found before it (parsed, skipped, their timings)."""
    report.parsed, report.skipped = first.parsed, first.skipped
    report.timings = {**first.timings, **report.timings}
    return report
