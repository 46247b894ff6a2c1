"""Where kg's data lives: the ontology folder (`$KG_ONTOLOGY`, else the one beside the package)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def ontology_dir() -> Path:
    """The ontology folder in force now; caches key on it, so changing `KG_ONTOLOGY` in a
    process gives the rules of the new folder, not stale ones."""
    return Path(os.environ.get("KG_ONTOLOGY") or DEFAULT_ONTOLOGY).resolve()
