"""A build into a store folder: the graph kept in an on-disk Oxigraph database, written
as what changed since the previous build (see `store_graph`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from kg import __version__
from kg.graph import iter_nquads
from kg.models import Extraction
from kg.nquads import DIGEST_FORM, graph_of
from kg.outputs import Drawn, Previous, fingerprint
from kg.paths import ontology_dir
from kg.stages import BuildReport, resolve_records, timed
from kg.store import BATCH, Delta, GraphStore
from kg.vocab import Minter
from kg.workspace import Workspace


def _salt(base_iri: str) -> str:
    """What else article graphs depend on besides their records: kg's version, the
    ontology and the base IRI (and how their digests are made). A store written under
    another salt is rewritten whole."""
    h = hashlib.blake2b(f"{__version__}\n{base_iri}\n{DIGEST_FORM}\n".encode(), digest_size=16)
    h.update((ontology_dir() / "kg.ttl").read_bytes())
    return h.hexdigest()


def store_graph(
    extractions: list[Extraction],
    workspace: Workspace,
    *,
    base_iri: str,
    files: bool,
    earlier: Previous | None = None,
) -> tuple[Drawn | None, BuildReport]:
    """Resolve all records and bring the store folder's database up to date. Each article
    graph's N-Quads are digested and compared with the digests the previous build kept
    with the database: only graphs that changed (or are new, or gone) are written, into
    a checkpoint of the previous database, so adding or removing one article costs
    resolution plus that change, not a rewrite. With `files`, returns what to draw them
    from: the store and what the change did to it, when the files in the output folder
    (`earlier`, `kg.outputs.previous`) show the graph the store held and the change is
    small; else the whole graph, in memory."""
    articles, res, report = resolve_records(extractions)
    minter, disk = Minter(base_iri), GraphStore(workspace.store_path)
    digests: dict[str, str] = {}
    meta, old = {"salt": _salt(base_iri), "graphs": digests}, disk.meta() or {}
    before = old.get("graphs", {}) if old.get("salt") == meta["salt"] else None
    shown = earlier.state if earlier else None  # the graph the files show
    update = files and before is not None and shown == fingerprint(old)
    memory = GraphStore() if files and not update else None
    likely = None if memory or before is None else _Likely(before, str(minter.corpus()))
    lines = iter_nquads(articles, res, minter, digests=digests, only=likely)
    kept: list[str] | None = None
    delta: Delta | None = Delta.none()
    with timed(report.timings, "graph"):
        if memory:
            memory.replace(lines)
        elif before is not None:  # read for the digests, keeping the likely changes
            kept = _at_most(lines, BATCH)
    with timed(report.timings, "store"):
        if before is not None:
            changed = {g for g, h in digests.items() if before.get(g) != h}
            drop = sorted((before.keys() - digests.keys()) | (changed & before.keys()))
            if kept is not None and likely is not None and all(g in likely for g in changed):
                change: Iterable[str] = [x for x in kept if graph_of(x) in changed]
            else:  # a second pass, for the lines of the graphs that changed
                change = iter_nquads(articles, res, minter, only=changed)
            if drop or changed:  # else the database already holds this graph
                delta = disk.patch(drop, change, meta=meta)
        else:  # rewritten whole; the lines, if not read yet, are read (and digested) now
            disk.replace(memory.graph_quads() if memory else lines, meta=meta)
            changed = set(digests)
        report.graphs_written = len(changed)
        report.triples = (memory or disk).triple_count()
    if not files:
        return None, report
    if memory is None and delta is None:  # a large change: the files are drawn whole
        memory = GraphStore()
        memory.replace(disk.graph_quads())
    if memory:
        return Drawn(memory, state=fingerprint(meta)), report
    return Drawn(disk, delta, fingerprint(meta), earlier), report


class _Likely:
    """The graphs whose lines a store build keeps while it digests them all: the new ones
    and the corpus graph (which any new report changes). When no other graph changed, as
    when articles are added, the patch needs no second pass over the graph."""

    def __init__(self, before: dict[str, str], corpus: str) -> None:
        self.before, self.corpus = before, corpus

    def __contains__(self, iri: object) -> bool:
        return iri == self.corpus or iri not in self.before


def _at_most(lines: Iterable[str], n: int) -> list[str] | None:
    """The lines, read to the end; None if there are more than `n` (not kept, then)."""
    kept: list[str] | None = []
    for line in lines:
        if kept is not None:
            kept.append(line)
            if len(kept) > n:
                kept = None
    return kept
