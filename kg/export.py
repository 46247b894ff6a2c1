"""Export: serialise the graph in each format and write all outputs atomically.

Turtle, TriG, N-Triples and N-Quads come from the Oxigraph store, sorted, so the same input
gives byte-identical files; JSON-LD is compacted with kg's published context
(`ontology/context.jsonld`); GraphML (for Gephi) and the HTML view are drawn from the union."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import ConfigError, KGError
from kg.formats import DEFAULT_FORMATS, FORMAT_FILES
from kg.graph import PREFIXES
from kg.network import gexf, graphml
from kg.paths import ontology_dir
from kg.store import GraphStore, StoreGraph
from kg.view import render_html

FORMATS = FORMAT_FILES  # --format name -> file name
__all__ = ["DEFAULT_FORMATS", "FORMATS", "RENDERERS", "Sources", "render", "write_atomic"]


@dataclass(frozen=True)
class Sources:
    """What a renderer draws from: the Oxigraph store (named graphs) and its union, read
    through the rdflib Graph methods the view and GraphML use."""

    store: GraphStore
    union: StoreGraph | Graph


def _rdf(fmt: str) -> Callable[[Sources], bytes]:
    def write(src: Sources) -> bytes:
        return src.store.serialize(fmt, prefixes={p: str(ns) for p, ns in PREFIXES.items()})

    return write


def render(store: GraphStore, formats: tuple[str, ...]) -> dict[str, bytes]:
    """File name -> content, all in memory, so nothing is written unless all succeed."""
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}; choose from {', '.join(RENDERERS)}")
    src = Sources(store, store.union())
    return {FORMAT_FILES[fmt]: RENDERERS[fmt](src) for fmt in formats}


def jsonld(g: Graph) -> str:
    """JSON-LD compacted with kg's context, which the document carries inline."""
    context = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads(g.serialize(format="json-ld", context=context["@context"]))
    for node in doc.get("@graph", []):  # rdflib's order follows its store: sort for diffs
        for key, val in node.items():
            if isinstance(val, list):
                node[key] = sorted(val, key=lambda v: json.dumps(v, sort_keys=True))
    doc.get("@graph", []).sort(key=lambda n: n.get("@id", ""))
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False)


# --format name -> renderer; add a format here and its file name in kg/formats.py
RENDERERS: dict[str, Callable[[Sources], bytes]] = {
    "ttl": _rdf("ttl"),
    "trig": _rdf("trig"),
    "nq": _rdf("nq"),
    "nt": _rdf("nt"),
    "jsonld": lambda src: jsonld(src.store.rdflib_graph()).encode("utf-8"),
    "graphml": lambda src: graphml(src.union),
    "gexf": lambda src: gexf(src.union),
    "html": lambda src: render_html(src.union).encode("utf-8"),
}


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file to a temporary sibling (fsynced), then rename all into place. Any
    failure, while writing or while renaming, leaves the previous outputs as they were and
    no temporary file behind, and is a one-line KGError."""
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            staged.append((Path(tmp), out_dir / name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private
        _commit(staged)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise KGError(f"cannot write to {out_dir}: {reason}; check the path and space") from exc
    return [final for _, final in staged]


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename staged files over their targets; if one rename fails, put back the files
    already replaced (from hard-link backups), so the folder holds the old set."""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for tmp, final in staged:
            if final.exists():
                backups[final] = tmp.with_name(tmp.name + ".old")
                try:
                    os.link(final, backups[final])
                except OSError:  # a file system without hard links
                    shutil.copy2(final, backups[final])
        for tmp, final in staged:
            os.replace(tmp, final)
            done.append(final)
    except OSError:
        for final in done:
            if final in backups:
                os.replace(backups.pop(final), final)
            else:
                final.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)
