"""A build's files: drawn whole, or updated from what a store build changed.

A store build that changed a few article graphs need not draw its files whole: graph.ttl
and graph.trig are spliced (`kg.splice`) and the view's changed units redrawn
(`kg.viewcache`), from the store on disk. That needs the files the previous build wrote,
unchanged since: `.kg-files.json` beside them says which graph they show (a fingerprint
of the store's digests) and each file's hash, and `.kg-view.json` keeps the view's units.
Where anything does not match, a file is drawn whole, as a build without a store does."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from kg.atomic import Content, write_atomic
from kg.export import Sources, writers
from kg.formats import FORMAT_FILES
from kg.graph import PREFIXES
from kg.paths import ontology_fixed
from kg.splice import splice_trig, splice_turtle
from kg.store import Delta, GraphStore
from kg.view import Unit, assemble, entity_page, page, units_of
from kg.viewcache import redraw, touched
from kg.vocab import slugify

MANIFEST = ".kg-files.json"
UNITS = ".kg-view.json"
SPLICED = ("ttl", "trig", "html")  # the formats a build can update in place


@dataclass(frozen=True)
class Drawn:
    """What a build's files are drawn from: a store; with `delta`, the on-disk store a
    small change was just written into (the files are then updated from the previous
    ones); `state`, the fingerprint of the graph (None for a build without a store)."""

    store: GraphStore
    delta: Delta | None = None
    state: str | None = None


def fingerprint(meta: dict[str, Any]) -> str:
    """The graph a store's database holds, as its build kept it (`GraphStore.meta`)."""
    text = json.dumps({"salt": meta.get("salt"), "graphs": meta.get("graphs")}, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def shown(out_dir: str | Path, formats: tuple[str, ...], views: tuple[str, ...]) -> str | None:
    """The fingerprint of the graph the files in `out_dir` show, when a build can update
    them in place: every file asked for is among those it can and was written by a store
    build; entity pages (`views`) are drawn whole."""
    formats = _formats(formats)
    if views or any(f not in SPLICED for f in formats):
        return None
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    held = manifest.get("files", {})
    if any(FORMAT_FILES[f] not in held for f in formats) or UNITS not in held:
        return None
    state = manifest.get("state")
    return state if isinstance(state, str) else None


def _formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(("ttl", "html", *formats)))


def write(
    out_dir: str | Path, drawn: Drawn, formats: tuple[str, ...], views: tuple[str, ...] = ()
) -> tuple[list[Path], bool]:
    """Write the files (and entity pages) in one atomic step; a store build's files with
    what updates them next time (see the module's note). Returns the files written and
    whether they were updated from the previous ones."""
    out, formats = Path(out_dir), _formats(formats)
    files = None
    if drawn.delta is not None:
        files = _updated(out, drawn.store, drawn.delta, formats)
    updated = files is not None
    if files is None:
        files = _whole(drawn.store, formats, views)
    if drawn.state is None:  # files no store build can update: forget what could
        files.pop(UNITS, None)
        for name in (MANIFEST, UNITS):
            (out / name).unlink(missing_ok=True)
        return write_atomic(out, files), updated
    hashes: dict[str, str] = {}
    files = {name: _hashed(name, data, hashes) for name, data in files.items()}

    def manifest(fh: BinaryIO) -> None:  # written last: the others are hashed by then
        fh.write(json.dumps({"state": drawn.state, "files": hashes}, sort_keys=True).encode())

    written = write_atomic(out, {**files, MANIFEST: manifest})
    return [p for p in written if p.name not in (MANIFEST, UNITS)], updated


def _whole(store: GraphStore, formats: tuple[str, ...], views: tuple[str, ...]) -> dict:
    """Every file drawn from the whole graph, each as it is written (the view's units,
    drawn for the page, are written after it)."""
    src = Sources(store, store.union())
    files: dict[str, Content] = dict(writers(store, formats, src=src))
    units: dict[str, Unit] = {}

    def html(fh: BinaryIO) -> None:
        with ontology_fixed():
            units.update(units_of(src.facts))
            fh.write(page(assemble(units)).encode("utf-8"))

    files[FORMAT_FILES["html"]] = html
    files[UNITS] = lambda fh: fh.write(_json(units))
    for name in views:  # per-entity pages, for graphs too large to read whole
        label, text = entity_page(src.facts, name)
        files[f"view-{slugify(label)}.html"] = text.encode("utf-8")
    return files


def _updated(
    out: Path, store: GraphStore, delta: Delta, formats: tuple[str, ...]
) -> dict[str, Content] | None:
    """The files spliced from the previous ones (None if one of them cannot be)."""
    held = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    files: dict[str, Content] = {}
    for fmt in formats:
        source = UNITS if fmt == "html" else FORMAT_FILES[fmt]
        old = _unchanged(out / source, held.get(source))
        if old is None:
            return None
        if fmt == "html":
            units = json.loads(old)
            redraw(units, touched(delta, store.store), store.store)
            with ontology_fixed():
                new: bytes | None = page(assemble(units)).encode("utf-8")
            files[UNITS] = _json(units)
        elif fmt == "ttl":
            new = splice_turtle(old, store, delta.subjects(), prefixes)
        else:
            new = splice_trig(old, store, delta.graphs, prefixes)
        if new is None:
            return None
        files[FORMAT_FILES[fmt]] = new
    return files


def _json(units: dict[str, Any]) -> bytes:
    return json.dumps(units, ensure_ascii=False).encode("utf-8")


def _unchanged(path: Path, digest: str | None) -> bytes | None:
    """The file's bytes if it is as the previous build wrote it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if digest == hashlib.blake2b(data, digest_size=16).hexdigest() else None


def _hashed(name: str, data: Content, hashes: dict[str, str]) -> Content:
    """`data`, whose hash goes into `hashes[name]` as it is written."""

    def write(fh: BinaryIO) -> None:
        h = hashlib.blake2b(digest_size=16)
        if isinstance(data, bytes):
            fh.write(data)
            h.update(data)
        else:
            start = fh.tell()
            data(fh)
            fh.seek(start)
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        hashes[name] = h.hexdigest()

    return write
