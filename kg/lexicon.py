"""Loading the data in `ontology/`: lexicons, the actor dictionary, patterns. Cached per path."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

DEFAULT_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def ontology_dir() -> Path:
    """The ontology folder: $KG_ONTOLOGY, else the one beside the package (editable install)."""
    return Path(os.environ.get("KG_ONTOLOGY", DEFAULT_ONTOLOGY))


@cache
def load_yaml(name: str, root: Path | None = None) -> Any:
    """Parse `ontology/<name>` (YAML); a missing or broken file is a KGError naming it."""
    path = (root or ontology_dir()) / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KGError(
            f"ontology file {path} is missing; set KG_ONTOLOGY to kg's ontology/"
        ) from exc
    except yaml.YAMLError as exc:
        raise KGError(f"ontology file {path} is not valid YAML: {exc}") from exc
