"""The whole build: ingest -> nlp -> extract -> resolve -> graph -> export."""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg import __version__
from kg.actors import iter_actors, iter_institutions
from kg.atomic import fsync_dir
from kg.defaults import DEFAULT_BASE, DEFAULT_MODEL
from kg.errors import InputError
from kg.export import DEFAULT_FORMATS
from kg.graph import iter_nquads
from kg.ingest import Problem, furniture, read_corpus
from kg.locking import exclusive
from kg.models import Article, Extraction
from kg.nquads import DIGEST_FORM, graph_of
from kg.outputs import Drawn, fingerprint, shown, write
from kg.paths import ontology_dir
from kg.resolve import Resolution, resolve
from kg.rules import (
    confidence_table,
    entity_patterns,
    grammar,
    lexicon,
    roles,
    titles,
)
from kg.store import BATCH, Delta, GraphStore
from kg.vocab import Minter
from kg.workspace import Workspace


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


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while records are loaded, resolved and written (its
    previous state restored after). These stages make millions of small objects and almost
    no reference cycles (at 3,200 articles, a collection after resolution finds 20 objects),
    yet each time allocations pile up the collector rescans every live record: 1.8 s of a
    6.6 s resolution there. Reference counting frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def assemble(
    extractions: list[Extraction], *, base_iri: str = DEFAULT_BASE
) -> tuple[GraphStore, BuildReport]:
    """Resolve extraction records into the graph (one named graph per article), in a new
    in-memory store, quads streamed in as they are made.
    Records are taken in article-id order, so the same articles give the same graph
    however they came."""
    store = GraphStore()
    articles, res, report = _resolve(extractions)
    with timed(report.timings, "graph"):
        store.replace(iter_nquads(articles, res, Minter(base_iri)))
    report.triples = store.triple_count()
    return store, report


def _resolve(extractions: list[Extraction]) -> tuple[list[Article], Resolution, BuildReport]:
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


def check_rules() -> None:
    """Load and validate every rule file of the ontology folder now, so a malformed one
    stops kg with its one-line RuleError before any article is read or model loaded."""
    for load in (grammar, lexicon, roles, titles, confidence_table, entity_patterns, furniture):
        load()
    list(iter_institutions())
    iter_actors()


def _merged(first: BuildReport, report: BuildReport) -> BuildReport:
    """`report` with what `collect` found before it (parsed, skipped, their timings)."""
    report.parsed, report.skipped = first.parsed, first.skipped
    report.timings = {**first.timings, **report.timings}
    return report


def collect(
    inputs: Iterable[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    base_iri: str = DEFAULT_BASE,
    workspace: Workspace | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    exclude: Iterable[str | Path] = (),
) -> tuple[list[Extraction], BuildReport]:
    """Read the articles and parse them into extraction records. With a workspace,
    articles it already holds unchanged are not parsed again, and the records cover
    everything it holds. `workers` processes parse, or the Dask cluster at `scheduler`;
    `progress(done, total)` hears of each article parsed. Folders in `exclude` are never
    read as input. The report holds what was parsed and skipped, and the timings."""
    Minter(base_iri)  # refuse a bad base IRI before any work
    check_rules()
    timings: dict[str, float] = {}
    with timed(timings, "read"):
        articles, problems = read_corpus(inputs, exclude=exclude)
    parse = _Parsing(model, workers, scheduler, progress)
    # articles a store has no record of are parsed while it reads its records
    stored = workspace.stored() if workspace else set()
    first = parse.start([a for a in articles if a.doc_id not in stored], meanwhile=bool(stored))
    try:
        with timed(timings, "read"), no_cycle_collection():
            held = {ex.article.doc_id: ex for ex in workspace.load_all()} if workspace else {}
    except BaseException:  # a bad record, ^C: parsing stops after the chunks in hand
        parse.cancelled = True
        raise
    changed = [
        a for a in articles if a.doc_id in held and held[a.doc_id].article.sha256 != a.sha256
    ]
    with timed(timings, "parse"):  # what is left of it once the records are read
        extractions = first() + parse.start(changed, meanwhile=False)()
    if workspace:
        workspace.save(extractions)
        extractions = list({**held, **{ex.article.doc_id: ex for ex in extractions}}.values())
    report = BuildReport(0, 0, 0, 0, 0, parsed=parse.total, skipped=problems, timings=timings)
    return extractions, report


class _Parsing:
    """spaCy and the extraction rules, in `workers` processes or on the cluster at
    `scheduler`, imported only when there is something to parse, so builds that parse
    nothing (a store that holds every article, `kg remove`) never load spaCy. `progress`
    hears of each article parsed, out of all those given so far."""

    def __init__(
        self,
        model: str,
        workers: int,
        scheduler: str | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.model, self.workers, self.scheduler = model, workers, scheduler
        self.progress, self.done, self.total = progress, 0, 0
        self.cancelled = False

    def start(self, articles: list[Article], *, meanwhile: bool) -> Callable[[], list[Extraction]]:
        """The function that returns the records of `articles`; with `meanwhile` (and
        worker processes), their parsing begins now, while the caller goes on."""
        if not articles:
            return list
        from kg.workers import extract_articles, extract_meanwhile

        self.total += len(articles)
        if meanwhile and not self.scheduler:
            return extract_meanwhile(
                articles, model=self.model, workers=self.workers, progress=self._done
            )
        return partial(
            extract_articles,
            articles,
            model=self.model,
            workers=self.workers,
            scheduler=self.scheduler,
            progress=self._done,
        )

    def _done(self, n: int) -> None:
        if self.cancelled:  # raised in the parsing thread, whose result nobody waits for
            raise InputError("parsing stopped: the build failed while it ran")
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def _salt(base_iri: str) -> str:
    """What else article graphs depend on besides their records: kg's version, the
    ontology and the base IRI (and how their digests are made). A store written under
    another salt is rewritten whole."""
    h = hashlib.blake2b(f"{__version__}\n{base_iri}\n{DIGEST_FORM}\n".encode(), digest_size=16)
    h.update((ontology_dir() / "kg.ttl").read_bytes())
    return h.hexdigest()


def store_graph(
    extractions: list[Extraction],
    workspace: Workspace,
    *,
    base_iri: str,
    files: bool,
    shown: str | None = None,
) -> tuple[Drawn | None, BuildReport]:
    """Resolve all records and bring the store folder's database up to date. Each article
    graph's N-Quads are digested and compared with the digests the previous build kept
    with the database: only graphs that changed (or are new, or gone) are written, into
    a checkpoint of the previous database, so adding or removing one article costs
    resolution plus that change, not a rewrite. With `files`, returns what to draw them
    from: what the change did to the store, when the files (which `shown` the graph of
    that fingerprint) can be updated in place; else the whole graph, in memory."""
    articles, res, report = _resolve(extractions)
    minter, disk = Minter(base_iri), GraphStore(workspace.store_path)
    digests: dict[str, str] = {}
    meta, old = {"salt": _salt(base_iri), "graphs": digests}, disk.meta() or {}
    before = old.get("graphs", {}) if old.get("salt") == meta["salt"] else None
    update = files and before is not None and shown == fingerprint(old)
    memory = GraphStore() if files and not update else None
    likely = None if memory or before is None else _Likely(before, str(minter.corpus()))
    lines = iter_nquads(articles, res, minter, digests=digests, only=likely)
    kept: list[str] | None = None
    delta: Delta | None = Delta.none()
    with timed(report.timings, "graph"):
        if memory:
            memory.replace(lines)
        elif before is not None:  # read for the digests, keeping the likely changes
            kept = _at_most(lines, BATCH)
    with timed(report.timings, "store"):
        if before is not None:
            changed = {g for g, h in digests.items() if before.get(g) != h}
            drop = sorted((before.keys() - digests.keys()) | (changed & before.keys()))
            if kept is not None and likely is not None and all(g in likely for g in changed):
                change: Iterable[str] = [x for x in kept if graph_of(x) in changed]
            else:  # a second pass, for the lines of the graphs that changed
                change = iter_nquads(articles, res, minter, only=changed)
            if drop or changed:  # else the database already holds this graph
                delta = disk.patch(drop, change, meta=meta)
        else:  # rewritten whole; the lines, if not read yet, are read (and digested) now
            disk.replace(memory.graph_quads() if memory else lines, meta=meta)
            changed = set(digests)
        report.graphs_written = len(changed)
        report.triples = (memory or disk).triple_count()
    if not files:
        return None, report
    if memory is None and delta is None:  # a large change: the files are drawn whole
        memory = GraphStore()
        memory.replace(disk.graph_quads())
    return Drawn(memory or disk, None if memory else delta, fingerprint(meta)), report


class _Likely:
    """The graphs whose lines a store build keeps while it digests them all: the new ones
    and the corpus graph (which any new report changes). When no other graph changed, as
    when articles are added, the patch needs no second pass over the graph."""

    def __init__(self, before: dict[str, str], corpus: str) -> None:
        self.before, self.corpus = before, corpus

    def __contains__(self, iri: object) -> bool:
        return iri == self.corpus or iri not in self.before


def _at_most(lines: Iterable[str], n: int) -> list[str] | None:
    """The lines, read to the end; None if there are more than `n` (not kept, then)."""
    kept: list[str] | None = []
    for line in lines:
        if kept is not None:
            kept.append(line)
            if len(kept) > n:
                kept = None
    return kept


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    base_iri: str = DEFAULT_BASE,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    store: str | Path | None = None,
    views: tuple[str, ...] = (),
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    files: bool = True,
) -> BuildReport:
    """Build and write `graph.ttl`, `graph.html` (and more formats). With `store`, the graph
    lives in that folder's Oxigraph store and new articles add to what it holds; `files`
    False then updates the store alone. The store and output folders are locked first:
    another kg writing to either is refused."""
    if not (files or store):
        raise InputError("no files and no store would keep nothing: give --store DIR")
    with _locked(store, out_dir if files else None):
        workspace = Workspace(store) if store else None
        extractions, first = collect(
            inputs,
            model=model,
            base_iri=base_iri,
            workspace=workspace,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            exclude=[p for p in (out_dir, store) if p],
        )
        with no_cycle_collection():
            drawn: Drawn | None
            if workspace:
                was = shown(out_dir, formats, views) if files else None
                drawn, report = store_graph(
                    extractions, workspace, base_iri=base_iri, files=files, shown=was
                )
            else:
                graph_store, report = assemble(extractions, base_iri=base_iri)
                drawn = Drawn(graph_store)
            report = _merged(first, report)
            if drawn is not None:
                with timed(report.timings, "write"):
                    report.written, report.updated = write(out_dir, drawn, formats, views)
    return report


@contextmanager
def _locked(*folders: str | Path | None) -> Iterator[None]:
    """Hold the kg lock of each folder given (store first, then outputs)."""
    with ExitStack() as stack:
        for folder in dict.fromkeys(Path(f) for f in folders if f):
            stack.enter_context(exclusive(folder))
        yield


def remove(
    doc: str,
    store: str | Path,
    out_dir: str | Path,
    *,
    base_iri: str = DEFAULT_BASE,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    files: bool = True,
) -> tuple[str, BuildReport]:
    """Retract one article from a store: its named graph goes, with every node and fact only
    it supported; facts other articles support stay with their source counts updated.
    All or nothing: the graph without it is stored and written first, and its record is
    deleted last, so a run stopped before the end can be run again."""
    with _locked(store, out_dir if files else None), no_cycle_collection():
        workspace, timings = Workspace(store), {}
        record = workspace.record(doc)
        with timed(timings, "read"):
            extractions = [ex for ex in workspace.load_all() if ex.article.doc_id != record.stem]
        was = shown(out_dir, formats, ()) if files else None
        drawn, report = store_graph(
            extractions, workspace, base_iri=base_iri, files=files, shown=was
        )
        report.timings = {**timings, **report.timings}
        if drawn is not None:
            with timed(report.timings, "write"):
                report.written, report.updated = write(out_dir, drawn, formats)
        record.unlink()
        fsync_dir(record.parent)
    return record.stem, report
