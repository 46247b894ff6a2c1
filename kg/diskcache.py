"""What kg compiles from its data once and reads back on later starts (the gazetteer's
index, the entity ruler's patterns), kept as pickles in kg's cache folder
(`kg.paths.cache_dir`). A file is named by a digest of everything it was made from, so a
stale one is never read; one that cannot be read or written costs only the time to make
it again. The folder holds files kg wrote itself, for this user: deleting it is safe."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kg.heap import no_cycle_collection
from kg.paths import cache_dir

T = TypeVar("T")
KEEP = 8  # files kept per kind: a few kg versions, models or ontology folders side by side


def cached(kind: str, key: str, make: Callable[[], T]) -> T:
    """The `kind` made from what `key` names: read from the cache folder, else made by
    `make()` and saved there (the oldest files of that kind beyond `KEEP` deleted)."""
    path = cache_dir() / f"{kind}-{key}.pickle"
    found = _read(path)
    if found is not None:
        return found
    value = make()
    with contextlib.suppress(OSError):  # a read-only home: made each time, still correct
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may make it at once
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        _prune(path.parent, kind, keep=path)
    return value


def _read(path: Path) -> object | None:
    try:
        # the gazetteer's index is ~40,000 places: the collector would rescan them as
        # they are made, doubling the load (0.23 -> 0.11 s without it)
        with path.open("rb") as fh, no_cycle_collection():
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 -- missing, truncated or from other code: made again
        return None


def _prune(folder: Path, kind: str, *, keep: Path) -> None:
    """Delete the oldest files of `kind` beyond `KEEP` (never `keep`, just written)."""
    files = sorted(folder.glob(f"{kind}-*.pickle"), key=_mtime, reverse=True)
    for old in [f for f in files if f != keep][KEEP - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # deleted meanwhile by another kg
        return 0.0
