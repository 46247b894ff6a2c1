"""Extraction in worker processes: each worker loads the model once and turns chunks of
articles into small `Extraction` records (never spaCy Docs), which the parent resolves.
The records of an article do not depend on which worker parsed it, nor on what else it
parsed, so the graph is byte-identical whatever the number of workers.

Where the platform has it, workers are forked from multiprocessing's fork server, which
`warm` starts early with the pipeline built (`kg.preload`): the model is loaded once, in a
process of its own, while the build reads its articles, not once per worker after it."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool

from kg.defaults import DEFAULT_MODEL
from kg.errors import WorkerError
from kg.models import Article, Extraction
from kg.paths import ONTOLOGY_ENV, ontology_dir
from kg.pieces import join_pieces, split_articles
from kg.preload import PRELOAD_MODEL

Progress = Callable[[int], None]  # called with how many more articles are done
FEW = 8  # articles: fewer are parsed in this process (a pool's start costs more)
CHUNK_CHARS = 48_000  # characters per task at most: one nlp.pipe batch, ~32 short articles
_NLP = None  # the worker's pipeline, built once by _start


def default_workers() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def warm(model: str = DEFAULT_MODEL) -> None:
    """Start the fork server the workers come from, loading `model` and kg's entity ruler
    into it now (in its own process: this one goes on), so a pool made later starts at
    once. Does nothing where there is no fork server (Windows: workers are spawned, each
    loading the model) or where it runs already (the model it holds is used if it is the
    one asked for; otherwise each worker loads its own)."""
    if not _has_fork_server():
        return
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(["kg.preload"])
    saved = os.environ.get(PRELOAD_MODEL)
    os.environ[PRELOAD_MODEL] = model  # the server's environment is this one's, copied now
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            del os.environ[PRELOAD_MODEL]
        else:
            os.environ[PRELOAD_MODEL] = saved


def cool() -> None:
    """Stop the fork server, if one runs: once a build's parsing is done, the model it
    holds (~240 MB) would stay resident for nothing while the graph is built. The next
    `warm` starts it again."""
    if not _has_fork_server():
        return
    from multiprocessing import forkserver

    server = forkserver._forkserver  # CPython's ForkServer (its _stop and pid: 3.8 on)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        # SIGTERM ends it at once (it sets no handler for it); the orderly exit that _stop
        # asks for would first tear down its interpreter and model: ~0.5 s to wait
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    stop = getattr(server, "_stop", None)
    if stop is not None:
        stop()


def extract_articles(
    articles: list[Article],
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    pool: bool = False,
) -> list[Extraction]:
    """Every article's extraction record, in article order: in this process, in `workers`
    local processes, or on the Dask cluster whose scheduler is at `scheduler`. A few
    articles are parsed in this process, unless `pool` asks for worker processes even
    then (while this process does other work). With workers > 1, a script that calls
    this must guard its entry point (`if __name__ == "__main__":`): workers are spawned,
    and a spawned process imports the caller's main."""
    pieces, plan = split_articles(articles)  # a long article's pieces spread over workers
    done = _in_articles(progress or (lambda n: None), len(articles), len(pieces))
    extracted = _extract(pieces, model, workers, scheduler, done, pool)
    return join_pieces(articles, extracted, plan)


def extract_meanwhile(
    articles: list[Article], *, model: str, workers: int, progress: Progress | None = None
) -> Callable[[], list[Extraction]]:
    """Extraction of `articles` begun in worker processes (with workers > 1), while the
    caller goes on (a store build reads every stored record meanwhile); returns the
    function that waits for the records. One worker: parsed in this process, when asked."""
    if workers <= 1 or not articles:
        return lambda: extract_articles(articles, model=model, progress=progress)
    thread = ThreadPoolExecutor(1, thread_name_prefix="kg-extract")
    future = thread.submit(
        extract_articles, articles, model=model, workers=workers, progress=progress, pool=True
    )
    thread.shutdown(wait=False)  # the thread ends with its one task
    return future.result


def _in_articles(progress: Progress, articles: int, pieces: int) -> Progress:
    """Progress counted in pieces, reported in articles (a long article is many pieces)."""
    count = [0, 0]  # pieces done, articles reported

    def done(n: int) -> None:
        count[0] += n
        now = count[0] * articles // pieces
        if now > count[1]:
            progress(now - count[1])
            count[1] = now

    return done


def _extract(
    articles: list[Article],
    model: str,
    workers: int,
    scheduler: str | None,
    done: Progress,
    pool: bool = False,
) -> list[Extraction]:
    if scheduler:
        from kg.cluster import extract_on_cluster

        # the cluster's size is not known here: batches shrink as for two workers at least
        order = _schedule(articles, max(2, workers))
        chunks = [[articles[i] for i in chunk] for chunk in order]
        results = extract_on_cluster(chunks, model=model, address=scheduler, done=done)
        return _in_order(order, results)
    if workers <= 1 or (len(articles) <= FEW and not pool):
        return list(_in_process(articles, model, done))
    try:  # no more processes than articles: each forks and sets up a pipeline
        return _in_pool(articles, model, min(workers, len(articles)), done)
    except BrokenProcessPool as exc:
        raise WorkerError(
            f"a parsing worker died ({exc}); if memory is short, retry with --workers 1"
        ) from exc


def _in_order(order: list[list[int]], results: list[list[Extraction]]) -> list[Extraction]:
    """The records of chunks of article indexes, back in article order."""
    placed: dict[int, Extraction] = {}
    for chunk, records in zip(order, results, strict=True):
        placed.update(zip(chunk, records, strict=True))
    return [placed[i] for i in range(len(placed))]


def _in_process(articles: list[Article], model: str, done: Progress) -> Iterator[Extraction]:
    from kg.extract import extract_corpus
    from kg.nlp import build_pipeline

    for ex in extract_corpus(build_pipeline(model), articles):
        done(1)
        yield ex


def _in_pool(articles: list[Article], model: str, workers: int, done: Progress) -> list[Extraction]:
    """A pool of `workers` processes, at most two chunks in flight per worker so memory
    stays flat on any corpus size. They are forked from the fork server or spawned, never
    forked from this process: no lock or thread of it is copied."""
    order: list[list[int]] = []
    got: list[list[Extraction]] = []
    pool_of = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start, initargs=(model, str(ontology_dir()))
    )
    with pool_of as pool:
        pending: dict[Future, list[int]] = {}
        queue = iter(_schedule(articles, workers))

        def submit() -> None:
            if (nxt := next(queue, None)) is not None:
                pending[pool.submit(_extract_chunk, [articles[i] for i in nxt])] = nxt

        for _ in range(2 * workers):
            submit()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                order.append(pending.pop(future))
                got.append(future.result())
                done(len(order[-1]))
                submit()
    return _in_order(order, got)


def _schedule(articles: list[Article], workers: int) -> list[list[int]]:
    """The articles' indexes in chunks, longest articles first, each chunk one `nlp.pipe`
    batch of at most CHUNK_CHARS characters (spaCy parses a batch of short texts faster per
    word than one at a time: ~5% from 8 short articles to 32), and chunks shrinking to one
    article towards the end (guided self-scheduling: a chunk is at most a 2*workers-th of
    the characters left), so the workers finish together instead of one parsing a last full
    chunk while the others wait. An article's record does not depend on its chunk."""
    order = sorted(range(len(articles)), key=lambda i: -len(articles[i].text))
    left = sum(len(a.text) for a in articles)
    chunks: list[list[int]] = []
    room = 0  # characters the open chunk may still take
    for i in order:
        size = len(articles[i].text)
        if not chunks or size > room:
            chunks.append([])
            room = min(CHUNK_CHARS, left // (2 * workers))
        chunks[-1].append(i)
        room -= size
        left -= size
    return chunks


def _has_fork_server() -> bool:
    """Whether this platform has multiprocessing's fork server (not Windows)."""
    return "forkserver" in multiprocessing.get_all_start_methods()


def _context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("forkserver" if _has_fork_server() else "spawn")


def _start(model: str, ontology: str) -> None:
    """A worker's set-up: this build's ontology folder (a worker forked from the fork
    server has the environment the server started with, maybe another build's), then the
    pipeline (already built, if the server preloaded this model for this folder)."""
    global _NLP
    from kg.heap import hold_freed
    from kg.nlp import build_pipeline

    os.environ[ONTOLOGY_ENV] = ontology
    _NLP = build_pipeline(model)
    hold_freed()  # a worker only parses: its batches reuse the memory the last one freed


def _extract_chunk(chunk: list[Article]) -> list[Extraction]:
    from kg.extract import extract_corpus

    return list(extract_corpus(_NLP, chunk, batch_size=len(chunk)))
