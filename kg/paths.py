"""Where kg's data lives: the ontology folder (`$KG_ONTOLOGY`, else the one beside the package)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

DEFAULT_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def ontology_dir() -> Path:
    """The ontology folder in force now; caches key on it, so changing `KG_ONTOLOGY` in a
    process gives the rules of the new folder, not stale ones. (Called on every rule
    access, so the path is resolved once per value.)"""
    return _resolved(os.environ.get("KG_ONTOLOGY") or str(DEFAULT_ONTOLOGY))


@cache
def _resolved(raw: str) -> Path:
    return Path(raw).resolve()
