"""Where kg's data lives: the ontology folder (`$KG_ONTOLOGY`, else the one beside the package)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DEFAULT_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"

ONTOLOGY_ENV = "KG_ONTOLOGY"  # the variable that points kg at another ontology folder
_fixed: Path | None = None


def ontology_dir() -> Path:
    """The ontology folder in force now; caches key on it, so changing `KG_ONTOLOGY` in a
    process gives the rules of the new folder, not stale ones. (Called on every rule
    access, so the path is resolved once per value.)"""
    if _fixed is not None:
        return _fixed
    return _resolved(os.environ.get(ONTOLOGY_ENV) or str(DEFAULT_ONTOLOGY))


@contextmanager
def ontology_fixed() -> Iterator[Path]:
    """The ontology folder held for a stretch of work (resolving a corpus, extracting one
    article), in which rules are looked up hundreds of thousands of times: reading the
    environment at each lookup cost ~10% of resolution."""
    global _fixed
    saved, _fixed = _fixed, ontology_dir()
    try:
        yield _fixed
    finally:
        _fixed = saved


def cache_dir() -> Path:
    """kg's cache folder (`$XDG_CACHE_HOME/kg`, else `~/.cache/kg`): what kg compiles from
    its data once and reads back on later starts. Deleting it is always safe."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


@cache
def _resolved(raw: str) -> Path:
    return Path(raw).resolve()
