"""The whole build: ingest -> nlp -> extract -> resolve -> graph -> export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

from kg.actors import iter_actors, iter_institutions
from kg.atomic import fsync_dir
from kg.defaults import DEFAULT_BASE, DEFAULT_MODEL
from kg.errors import InputError
from kg.export import DEFAULT_FORMATS
from kg.files import Source
from kg.graph import iter_nquads
from kg.heap import no_cycle_collection
from kg.ingest import furniture, read_corpus
from kg.locking import exclusive
from kg.models import Article, Extraction
from kg.outputs import Drawn, Previous, previous, write
from kg.rules import (
    confidence_table,
    entity_patterns,
    grammar,
    lexicon,
    roles,
    titles,
)
from kg.stages import BuildReport, merged, resolve_records, timed
from kg.store import GraphStore
from kg.stored import store_graph
from kg.vocab import Minter
from kg.workspace import Workspace


def assemble(
    extractions: list[Extraction], *, base_iri: str = DEFAULT_BASE
) -> tuple[GraphStore, BuildReport]:
    """Resolve extraction records into the graph (one named graph per article), in a new
    in-memory store, quads streamed in as they are made.
    Records are taken in article-id order, so the same articles give the same graph
    however they came."""
    store = GraphStore()
    articles, res, report = resolve_records(extractions)
    with timed(report.timings, "graph"):
        store.replace(iter_nquads(articles, res, Minter(base_iri)))
    report.triples = store.triple_count()
    return store, report


def check_rules() -> None:
    """Load and validate every rule file of the ontology folder now, so a malformed one
    stops kg with its one-line RuleError before any article is read or parsed."""
    for load in (grammar, lexicon, roles, titles, confidence_table, entity_patterns, furniture):
        load()
    list(iter_institutions())
    iter_actors()


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
    idle: Callable[[], None] | None = None,
) -> tuple[list[Extraction], BuildReport]:
    """Read the articles and parse them into extraction records. With a workspace,
    articles it already holds unchanged are not parsed again, and the records cover
    everything it holds. `workers` processes parse, or the Dask cluster at `scheduler`;
    `progress(done, total)` hears of each article parsed. Folders in `exclude` are never
    read as input; `idle` is done while the workers parse (the previous files a store
    build updates are read then). The report holds what was parsed and skipped, and the
    timings."""
    Minter(base_iri)  # refuse a bad base IRI before any work
    timings: dict[str, float] = {}
    parse = _Parsing(model, workers, scheduler, progress)
    stored = workspace.stored() if workspace else set()
    with timed(timings, "read"):
        articles, problems = read_corpus(
            inputs, exclude=exclude, found=partial(parse.expect, stored=stored)
        )
    # articles a store has no record of are parsed while it reads its records
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
    if idle is not None:
        with timed(timings, "write"):  # the write stage's, done early
            idle()
    with timed(timings, "parse"):  # what is left of it once the records are read
        extractions = first() + parse.start(changed, meanwhile=False)()
    parse.finish()
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
        self.cancelled, self.warmed = False, False

    def expect(self, files: list[Source], *, stored: set[str]) -> None:
        """Told of the input files before they are read: when worker processes will parse
        them (more than one chunk of articles the store lacks, or any while it reads its
        records), the workers' model starts loading now, beside the reading. The rule
        files are checked then (a malformed one stops the build before any is read)."""
        from kg.workers import FEW, warm

        new = sum(src.path.stem not in stored for src in files)  # an article's id: its stem
        if self.workers > 1 and not self.scheduler and (new > FEW or (stored and new)):
            warm(self.model)
            self.warmed = True
        try:
            check_rules()  # beside the model's loading, which takes longer
        except BaseException:
            self.finish()
            raise

    def finish(self) -> None:
        """Parsing is over: the workers' fork server, if this build started it, goes."""
        if self.warmed:
            from kg.workers import cool

            cool()

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
        earlier = previous(out_dir, formats, views) if files and store else None
        extractions, first = collect(
            inputs,
            model=model,
            base_iri=base_iri,
            workspace=workspace,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
            exclude=[p for p in (out_dir, store) if p],
            idle=earlier.load if earlier else None,
        )
        with no_cycle_collection():
            drawn, report = _graphed(extractions, workspace, base_iri, files, earlier)
            del extractions  # in the graph now: the page drawn next reuses their memory
            report = merged(first, report)
            if drawn is not None:
                with timed(report.timings, "write"):
                    report.written, report.updated = write(
                        out_dir, drawn, formats, views, jobs=workers
                    )
    return report


def _graphed(
    extractions: list[Extraction],
    workspace: Workspace | None,
    base_iri: str,
    files: bool,
    earlier: Previous | None,
) -> tuple[Drawn | None, BuildReport]:
    """The records resolved into a store (the workspace's, or a new one in memory), and
    what the files are drawn from (None: a store build without files)."""
    if workspace:
        return store_graph(extractions, workspace, base_iri=base_iri, files=files, earlier=earlier)
    graph_store, report = assemble(extractions, base_iri=base_iri)
    return Drawn(graph_store), report


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
        earlier = previous(out_dir, formats, ()) if files else None
        drawn, report = store_graph(
            extractions, workspace, base_iri=base_iri, files=files, earlier=earlier
        )
        report.timings = {**timings, **report.timings}
        if drawn is not None:
            with timed(report.timings, "write"):
                report.written, report.updated = write(out_dir, drawn, formats)
        record.unlink()
        fsync_dir(record.parent)
    return record.stem, report
