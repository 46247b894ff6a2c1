"""Run `kg ARGS` and SIGKILL it at a named point: `python tests/killer.py POINT ARGS...`.
A kill -9 from inside is the same to the files as one from outside, but lands exactly
where a test wants it (while reading, parsing, resolving, rewriting the store, staging or
renaming outputs, or between a remove's rewrite and its record's deletion)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def after(module: Any, name: str, *, calls: int = 1) -> None:
    """SIGKILL once `module.name` has returned `calls` times."""
    real: Callable[..., Any] = getattr(module, name)
    count = [0]

    def wrapper(*args: Any, **kw: Any) -> Any:
        out = real(*args, **kw)
        count[0] += 1
        if count[0] >= calls:
            die()
        return out

    setattr(module, name, wrapper)


def arm(point: str) -> None:
    from kg import atomic, generations, ingest, pipeline, stages, store, workers

    if point == "read":  # the second article read
        after(ingest, "read_article", calls=2)
    elif point == "parse":  # the first article parsed
        after(workers, "join_pieces")
    elif point == "resolve":
        after(stages, "resolve")
    elif point == "store-fill":  # the new database filled, not yet flushed or linked
        after(store, "_fill")  # written whole
        after(store, "_apply_difference")  # or patched
    elif point == "store-link":  # the link renamed, the old generation not yet pruned
        after(generations, "fsync_dir")
    elif point == "stage":  # the second output file staged, no journal yet
        after(atomic, "stage", calls=2)
    elif point == "rename":  # between two renames of the outputs
        real = atomic.os.replace
        count = [0]

        def replace(src: Any, dst: Any) -> None:
            real(src, dst)
            if os.path.basename(dst).startswith("graph."):
                count[0] += 1
                if count[0] == 2:
                    die()

        atomic.os.replace = replace
    elif point == "remove-record":  # graph and outputs rewritten, the record not deleted
        after(pipeline, "write")
    else:
        raise SystemExit(f"unknown point {point}")


if __name__ == "__main__":
    arm(sys.argv[1])
    from kg.cli import main

    sys.argv = ["kg", *sys.argv[2:]]
    main()
