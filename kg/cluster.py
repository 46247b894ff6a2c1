"""Extraction on a Dask distributed cluster (`kg build --scheduler tcp://HOST:PORT`).

The scheduler hands chunks of articles to whatever `dask worker` processes have joined it;
each worker process loads the spaCy pipeline once and returns the chunk's small `Extraction`
records, exactly as a local worker does (`kg.workers`), and this process resolves them all.
An article's records do not depend on where it was parsed, so the graph is byte-identical
to a local build. Dask is an optional dependency: `pip install 'kg[cluster]'`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kg.errors import KGError, WorkerError
from kg.models import Article, Extraction

CONNECT_S = 10  # how long to wait for the scheduler to answer
WORKERS_S = 60  # how long to wait for a first worker to join it
_PIPELINES: dict[str, Any] = {}  # model -> spaCy pipeline, per worker process
_LOCK = threading.Lock()  # a Language object is not safe to share between threads


def extract_chunk(chunk: list[Article], model: str) -> list[Extraction]:
    """A Dask task: one chunk's extraction records (runs in a `dask worker` process)."""
    from kg.extract import extract_corpus
    from kg.nlp import build_pipeline

    with _LOCK:
        if model not in _PIPELINES:
            _PIPELINES[model] = build_pipeline(model)
        return list(extract_corpus(_PIPELINES[model], chunk, batch_size=len(chunk)))


def extract_on_cluster(
    chunks: list[list[Article]], *, model: str, address: str, done: Callable[[int], None]
) -> list[list[Extraction]]:
    """Every chunk's records, in chunk order. At most two chunks per worker thread are in
    flight, so neither the scheduler nor this process holds the whole corpus twice."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise WorkerError(
            "--scheduler needs Dask's distributed scheduler: pip install 'kg[cluster]'"
        ) from exc
    try:
        client = Client(address, timeout=CONNECT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise WorkerError(
            f"cannot reach the Dask scheduler at {address!r} ({exc}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`, or drop --scheduler"
        ) from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_S)
        except TimeoutError as exc:
            raise WorkerError(
                f"no Dask worker joined the scheduler at {address!r} within {WORKERS_S} s; "
                f"start some with `dask worker {address} --nthreads 1`"
            ) from exc
        return _run(client, chunks, model, done)


def _run(client: Any, chunks: list, model: str, done: Callable[[int], None]) -> list:
    """Each chunk's future, as it ends, makes room for the next chunk."""
    from distributed import as_completed

    finished = as_completed(loop=client.loop)
    window = 2 * max(1, sum(client.nthreads().values()))
    results: dict[int, list[Extraction]] = {}
    index: dict[Any, int] = {}
    queue = iter(enumerate(chunks))

    def submit() -> None:
        nxt = next(queue, None)
        if nxt is not None:
            future = client.submit(extract_chunk, nxt[1], model, pure=False)
            index[future] = nxt[0]
            finished.add(future)

    for _ in range(window):
        submit()
    for future in finished:
        i = index.pop(future)
        try:
            results[i] = future.result()
        except KGError:  # the worker's own one-line message (a model it cannot load)
            raise
        except Exception as exc:  # a task's crash, or a worker lost for good
            what = f"{type(exc).__name__}: {exc}"
            raise WorkerError(
                f"a Dask worker failed on articles {_ids(chunks[i])} ({what})"
            ) from exc
        done(len(results[i]))
        submit()
    return [results[i] for i in range(len(chunks))]


def _ids(chunk: list[Article]) -> str:
    return ", ".join(a.doc_id for a in chunk[:3]) + (" ..." if len(chunk) > 3 else "")
