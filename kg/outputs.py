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
from kg.splice import merge, splice_trig, splice_turtle
from kg.store import RDF_FORMATS, Delta, GraphStore
from kg.view import Unit, assemble, entity_page, page_parts, units_of
from kg.viewcache import redraw, touched
from kg.vocab import slugify

MANIFEST = ".kg-files.json"
UNITS = ".kg-view.json"
SPLICED = ("ttl", "trig", "html")  # the formats a build can update in place
# A forked copy writes the RDF files only for graphs up to this many triples. While it runs,
# both processes write to memory, so its own pages grow with the graph (measured: 194-214
# MiB at 209,557 triples, 1,099-1,366 MiB at 1,303,606) while the overlap saves 2-3% of a
# build: beyond ~1,900 generated articles the files are written in turn.
FORK_TRIPLES = 250_000


def fingerprint(meta: dict[str, Any]) -> str:
    """The graph a store's database holds, as its build kept it (`GraphStore.meta`)."""
    text = json.dumps({"salt": meta.get("salt"), "graphs": meta.get("graphs")}, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class Previous:
    """The files a store build wrote into a folder, as it wrote them: what the next
    build updates in place. `state` is the fingerprint of the graph they show."""

    def __init__(self, out: Path, state: str, hashes: dict[str, str], names: list[str]):
        self.out, self.state, self.hashes, self.names = out, state, hashes, names
        self._read: dict[str, bytes | None] | None = None
        self._units: dict[str, Unit] | None = None

    def load(self) -> None:
        """Read the files and the view's units (done once; a build may ask for it while
        it waits for its parsing workers)."""
        if self._read is None:
            self._read = {name: self._unchanged(name) for name in self.names}
            units = self._read.get(UNITS)
            self._units = _read_units(units) if units is not None else None

    def file(self, name: str) -> bytes | None:
        """The file's bytes, if it is as the previous build wrote it."""
        self.load()
        return self._read.get(name) if self._read else None

    def units(self) -> dict[str, Unit] | None:
        self.load()
        return self._units

    def _unchanged(self, name: str) -> bytes | None:
        try:
            data = (self.out / name).read_bytes()
        except OSError:
            return None
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        return data if digest == self.hashes.get(name) else None


@dataclass(frozen=True)
class Drawn:
    """What a build's files are drawn from: a store; with `delta` (what a small change did
    to the on-disk store) and `previous` (the files that showed the store before it), they
    are updated from those files; `state`, the fingerprint of the graph (None for a build
    without a store)."""

    store: GraphStore
    delta: Delta | None = None
    state: str | None = None
    previous: Previous | None = None


def previous(
    out_dir: str | Path, formats: tuple[str, ...], views: tuple[str, ...]
) -> Previous | None:
    """The files in `out_dir`, when a build can update them in place: every file asked
    for is among those it can and was written by a store build; entity pages (`views`)
    are drawn whole."""
    formats = _formats(formats)
    if views or any(f not in SPLICED for f in formats):
        return None
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    held, state = manifest.get("files", {}), manifest.get("state")
    names = [FORMAT_FILES[f] for f in formats] + [UNITS]
    if any(n not in held for n in names) or not isinstance(state, str):
        return None
    return Previous(Path(out_dir), state, held, names)


def _formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(("ttl", "html", *formats)))


def write(
    out_dir: str | Path,
    drawn: Drawn,
    formats: tuple[str, ...],
    views: tuple[str, ...] = (),
    *,
    jobs: int = 1,
) -> tuple[list[Path], bool]:
    """Write the files (and entity pages) in one atomic step; a store build's files with
    what updates them next time (see the module's note). With `jobs` > 1, files drawn
    whole in an RDF format are written by a forked copy of this process while this one
    draws the page (`kg.atomic`; where a fork is safe, and for graphs of up to
    FORK_TRIPLES triples). Returns the files written and whether they were updated from
    the previous ones."""
    out, formats = Path(out_dir), _formats(formats)
    files = None
    if drawn.delta is not None and drawn.previous is not None:
        files = _updated(drawn.previous, drawn.store, drawn.delta, formats)
    updated = files is not None
    if files is None:
        files = _whole(drawn.store, formats, views)
    rdf = {FORMAT_FILES[f] for f in formats if f in RDF_FORMATS}
    forks = jobs > 1 and not updated and drawn.store.triple_count() <= FORK_TRIPLES
    aside = rdf if forks else set()
    if drawn.state is None:  # files no store build can update: forget what could
        files.pop(UNITS, None)
        for name in (MANIFEST, UNITS):
            (out / name).unlink(missing_ok=True)
        return write_atomic(out, files, aside=aside), updated

    def manifest(staged: dict[str, Path]) -> dict[str, Content]:  # the others' hashes
        kept = {"state": drawn.state, "files": {n: _digest(p) for n, p in staged.items()}}
        return {MANIFEST: json.dumps(kept, sort_keys=True).encode()}

    written = write_atomic(out, files, aside=aside, then=manifest)
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
        src.forget_facts()  # the entity pages are drawn by now, the page needs the units
        _page(units, fh)

    files[FORMAT_FILES["html"]] = html
    files[UNITS] = lambda fh: fh.write(_units_lines(units))
    for name in views:  # per-entity pages, for graphs too large to read whole
        label, text = entity_page(src.facts, name)
        files[f"view-{slugify(label)}.html"] = text.encode("utf-8")
    return files


def _updated(
    before: Previous, store: GraphStore, delta: Delta, formats: tuple[str, ...]
) -> dict[str, Content] | None:
    """The files spliced from the previous ones (None if one of them cannot be)."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    files: dict[str, Content] = {}
    for fmt in formats:
        name = FORMAT_FILES[fmt]
        old = before.file(name)
        if old is None:
            return None
        if fmt == "html":
            new = _view(before, store, delta, files)
        elif fmt == "ttl":
            new = splice_turtle(old, store, delta.subjects(), prefixes)
        else:
            new = splice_trig(old, store, delta.graphs, prefixes)
        if new is None:
            return None
        files[name] = new
    return files


def _page(units: dict[str, Unit], fh: BinaryIO) -> None:
    """The page packed from the units, written a piece at a time (never held whole)."""
    with ontology_fixed():
        for part in page_parts(assemble(units)):
            fh.write(part.encode("utf-8"))


def _view(before: Previous, store: GraphStore, delta: Delta, files: dict) -> Content | None:
    """The page with the units the change touched redrawn; the units' file, spliced
    likewise, goes into `files`."""
    units, lines = before.units(), before.file(UNITS)
    subjects = touched(delta, store.store)
    if units is None or lines is None or any(s.startswith("_:") for s in subjects):
        return None
    redraw(units, subjects, store.store)
    new = {f"<{s}>".encode(): _unit_line(s, units[s]) if s in units else b"" for s in subjects}
    files[UNITS] = merge(lines, _UNIT, new)
    return lambda fh: _page(units, fh)


# the view's units, a line each, sorted by subject: `["<IRI>", {unit}]`, so that a build
# splices the lines of the units it redrew (`kg.splice.merge`) instead of writing them all
_UNIT = b'["<'


def _unit_line(s: str, u: Unit) -> bytes:
    return json.dumps([f"<{s}>", u], ensure_ascii=False).encode("utf-8") + b"\n"


def _units_lines(units: dict[str, Unit]) -> bytes:
    """The units' file; empty where a blank node has a unit (its line could not be
    found again), and the next build draws the page whole."""
    if any(s.startswith("_:") for s in units):
        return b""
    return b"".join(_unit_line(s, units[s]) for s in sorted(units, key=lambda s: f"<{s}>"))


def _read_units(lines: bytes) -> dict[str, Unit] | None:
    if not lines:
        return None
    # JSON escapes line breaks inside strings: each newline ends a unit
    rows = json.loads(b"[" + lines[:-1].replace(b"\n", b",") + b"]")
    return {key[1:-1]: u for key, u in rows}


def _digest(path: Path) -> str:
    """A written file's hash, read back a megabyte at a time."""
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
