"""Export: serialise the dataset in each format and write all outputs atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset

from kg.errors import KGError
from kg.graph import union_graph
from kg.view import render_html

# --format name -> (file name, rdflib format, quads?)
FORMATS = {
    "ttl": ("graph.ttl", "turtle", False),
    "trig": ("graph.trig", "trig", True),
    "nq": ("graph.nq", "nquads", True),
    "nt": ("graph.nt", "nt", False),
    "jsonld": ("graph.jsonld", "json-ld", False),
    "html": ("graph.html", None, False),
}
DEFAULT_FORMATS = ("ttl", "trig", "html")


def render(ds: Dataset, formats: tuple[str, ...]) -> dict[str, str]:
    """File name -> content, all in memory, so nothing is written unless all succeed."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise KGError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    union = union_graph(ds)
    out: dict[str, str] = {}
    for fmt in formats:
        name, rdf_format, quads = FORMATS[fmt]
        if fmt == "html":
            out[name] = render_html(union)
        elif quads:
            out[name] = ds.serialize(format=rdf_format)
        else:
            out[name] = union.serialize(format=rdf_format)
    return out


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write each file to a temporary sibling, then rename all into place. A failure
    before the renames leaves the previous outputs as they were."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            staged.append((tmp, out_dir / name))
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise KGError(
            f"cannot write to {out_dir}: {exc.strerror}; check the path and space"
        ) from exc
    mode = 0o666 & ~_umask()
    for tmp, final in staged:
        os.chmod(tmp, mode)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, final)
    return [final for _, final in staged]
