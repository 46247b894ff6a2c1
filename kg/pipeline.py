"""The whole build: ingest -> nlp -> extract -> resolve -> graph -> export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.export import DEFAULT_FORMATS, render, write_atomic
from kg.extract import extract_corpus
from kg.graph import build_dataset
from kg.ingest import Problem, read_corpus
from kg.nlp import DEFAULT_MODEL, build_pipeline
from kg.resolve import resolve
from kg.store import GraphStore, quads_of
from kg.vocab import DEFAULT_BASE, Minter


@dataclass
class BuildReport:
    articles: int
    entities: int
    relations: int
    events: int
    triples: int
    written: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def build_graph(
    inputs: Iterable[str | Path], *, model: str = DEFAULT_MODEL, base_iri: str = DEFAULT_BASE
) -> tuple[Dataset, BuildReport]:
    """Read the articles and return the dataset (one named graph per article)."""
    minter = Minter(base_iri)
    articles, problems = read_corpus(inputs)
    nlp = build_pipeline(model)
    extractions = list(extract_corpus(nlp, articles))
    res = resolve(extractions)
    ds = build_dataset(articles, res, minter)
    report = BuildReport(
        articles=len(articles),
        entities=len(res.entities),
        relations=len(res.relations),
        events=len(res.events),
        triples=len(ds),
        skipped=problems,
    )
    return ds, report


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    base_iri: str = DEFAULT_BASE,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    store: str | Path | None = None,
) -> BuildReport:
    """Build and write `graph.ttl`, `graph.trig`, `graph.html` (and more formats); the graph
    is kept in an Oxigraph store, in memory or in the folder `store`."""
    ds, report = build_graph(inputs, model=model, base_iri=base_iri)
    graph_store = GraphStore(store)
    graph_store.replace(quads_of(ds))
    wanted = tuple(dict.fromkeys(("ttl", "html", *formats)))
    report.written = write_atomic(Path(out_dir), render(ds, graph_store, wanted))
    return report
