"""The graph store: an Oxigraph store (pyoxigraph), in memory or on disk, and fast,
deterministic RDF I/O. rdflib builds and validates; Oxigraph keeps, queries and serialises."""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from kg.atomic import write_file
from kg.errors import GraphError
from kg.generations import current, next_generation, switch_to
from kg.heap import give_back
from kg.oxrdf import ONTOLOGY_GRAPH, StoreGraph, from_ox
from kg.paths import ontology_dir

# --format name -> Oxigraph format, and whether it holds named graphs
RDF_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
}


def _open(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path.resolve()))  # one spelling: RocksDB locks by path
    except OSError as exc:
        reason = str(exc).split(": ")[-1] if "No space left" in str(exc) else str(exc)
        hint = "is another kg using it?" if "lock" in str(exc).lower() else "check its space"
        raise GraphError(f"cannot open store {path}: {reason}; {hint}") from exc


# what a build keeps beside a store's database (see `GraphStore.meta`)
META = "kg-build.json"

# quads handed to Oxigraph's bulk loader at once: it buffers whatever it is given, so a
# whole corpus in one call costs ~0.9 KB a quad on top of the quads themselves
BATCH = 100_000


def _load(store: ox.Store, items: Iterable[ox.Quad | str]) -> int:
    """Load quads, or N-Quads lines, in batches (the caller's iterator is read as it goes)
    with Oxigraph's bulk loader, which is not transactional: only into a store no one reads
    yet (a new generation, or memory); returns how many were given."""
    count, it = 0, iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        if isinstance(batch[0], str):
            store.bulk_load(input="".join(batch), format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_extend(batch)
        count += len(batch)
    return count


def _fill(store: ox.Store, items: Iterable[ox.Quad | str]) -> int:
    """The quads (or N-Quads lines) and the ontology; returns how many were given."""
    count = _load(store, items)
    store.bulk_load(
        path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH
    )
    return count


def quad_key(q: ox.Quad | ox.Triple) -> tuple[str, ...]:
    graph = str(q.graph_name) if isinstance(q, ox.Quad) else ""
    return (graph, str(q.subject), str(q.predicate), str(q.object))


SUBJECTS_AT_ONCE = 1_000  # subjects whose union triples are sorted and parsed together


def sorted_lines(ntriples: bytes) -> list[bytes]:
    """The lines of an N-Triples document, in `quad_key` order: sorting them as bytes
    orders them by subject, predicate, object text (what `str` of each term gives, which
    is its N-Triples form), because a term that is a prefix of another is followed by the
    separating space, a byte below any that can continue a term (control characters are
    escaped, and an IRI's closing ">" ends it). A sort of lines is a C sort of bytes;
    `quad_key` asks Oxigraph for four strings per quad (2 s per 330,000 quads)."""
    lines = ntriples.split(b"\n")
    lines.sort()
    return lines[1:] if lines and not lines[0] else lines  # the empty one after the last


def _with_tail(lines: list[bytes], tail: bytes) -> bytes:
    """N-Triples lines ("<s> <p> <o> .") as N-Quads text, `tail` (" <g> .\n") in place of
    each line's own end."""
    return tail.join(line[:-2] for line in lines) + tail if lines else b""


def _sort_prefixes(fh: BinaryIO, start: int) -> None:
    """Put the @prefix block Oxigraph wrote at `start` in a fixed order (it writes it in
    its map's order). Sorting the lines keeps the block's length, so it is rewritten in
    place and the file is never read whole."""
    fh.seek(start)
    head = fh.read(1 << 16).split(b"\n")
    n = next((i for i, line in enumerate(head) if not line.startswith(b"@prefix")), 0)
    fh.seek(start)
    fh.write(b"\n".join(sorted(head[:n])))
    fh.seek(0, io.SEEK_END)


@dataclass(frozen=True)
class Delta:
    """What a patch changed, for the files that can be updated in place (`kg.splice`):
    per named graph (IRI), the subjects (N-Triples form) of the quads it lost or gained;
    and the triples the union of the article graphs lost or gained."""

    graphs: dict[str, frozenset[str]]
    triples: frozenset[ox.Quad]  # in the default graph
    grown: int  # by how many the union's distinct triples grew (gained less lost)

    @staticmethod
    def none() -> Delta:
        return Delta({}, frozenset(), 0)

    def subjects(self) -> frozenset[str]:
        """The subjects whose triples in the union changed."""
        return frozenset(str(t.subject) for t in self.triples)


def _apply_difference(db: ox.Store, graphs: list[str], lines: list[str]) -> Delta:
    """Make each of `graphs` hold just its quads among `lines` (no quad: the graph goes),
    removing and adding only the quads that differ; returns what changed (a triple of the
    union changes when no article graph held it before, or none holds it after)."""
    fresh = set(ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS)) if lines else set()
    named = {q.graph_name for q in fresh}
    patched = set(map(ox.NamedNode, graphs))
    held_now = {q for g in patched for q in db.quads_for_pattern(None, None, None, g)}
    stale = held_now - fresh
    # a quad of a patched graph is looked up in what that graph held (read once above),
    # not in the database quad by quad: the corpus graph is patched at every change
    added = [q for q in fresh - held_now if q.graph_name in patched or q not in db]

    def held(q: ox.Quad) -> bool:
        return any(
            other.graph_name != ONTOLOGY_GRAPH
            for other in db.quads_for_pattern(q.subject, q.predicate, q.object)
        )

    for q in stale:
        db.remove(q)
    for g in patched - named:
        db.remove_graph(g)
    gone = {t for t in {_triple(q) for q in stale} if not held(t)}
    new = {t for t in {_triple(q) for q in added} if not held(t)}
    db.extend(added)
    subjects: dict[str, set[str]] = {}
    for q in itertools.chain(stale, added):
        subjects.setdefault(q.graph_name.value, set()).add(str(q.subject))
    return Delta(
        {g: frozenset(s) for g, s in subjects.items()}, frozenset(gone ^ new), len(new) - len(gone)
    )


def _triple(q: ox.Quad) -> ox.Quad:
    """The quad's triple in the default graph (hashable, and a pattern for `held`)."""
    return ox.Quad(q.subject, q.predicate, q.object)


def union_about(db: ox.Store, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
    """The subject's triples in the union of the article graphs, each once, in no order.
    Asked of Oxigraph, not read quad by quad: an entity most articles name has a few
    triples held in thousands of graphs (27,000 quads, 13 triples at 3,200 articles)."""
    query = (
        f"SELECT DISTINCT ?p ?o {{ {{ {subject} ?p ?o }} UNION "
        f"{{ GRAPH ?g {{ {subject} ?p ?o }} FILTER(?g != {ONTOLOGY_GRAPH}) }} }}"
    )
    return [ox.Triple(subject, row["p"], row["o"]) for row in db.query(query)]


def forget_digests(database: Path) -> None:
    """A database about to be written from outside a build (`kg serve --store --writable`)
    no longer holds what the build kept beside it: its next build rewrites it whole, as
    every build did before builds wrote only what changed."""
    (database / META).unlink(missing_ok=True)


class GraphStore:
    """kg's graph: an Oxigraph store in memory (default) or on disk at `path` (the
    `oxigraph` link of a `--store DIR` folder, see `kg.generations`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self._store: ox.Store | None = None if self.path else ox.Store()
        self._triples: int | None = None  # known without a query after a write

    @property
    def store(self) -> ox.Store:
        """The database, opened when first read: a rewrite never opens (nor touches) the
        current one. A store not written yet reads as empty."""
        if self._store is None:
            exists = self.path is not None and os.path.lexists(self.path)
            self._store = _open(self.path) if exists else ox.Store()
        return self._store

    def replace(self, quads: Iterable[ox.Quad | str], *, meta: dict | None = None) -> int:
        """Make the store hold exactly these quads, or N-Quads lines (and the ontology, in
        its own graph); returns how many were given. On disk, the new database is written
        beside the current one and then put in its place by one atomic rename: a reader or
        a crash sees the old graph or the new one, never an empty or half-written one.
        `meta` (JSON) is kept with that database (see `meta`)."""
        if self.path is None:
            self.store.clear()
            self._triples = None
            return _fill(self.store, quads)

        def fill(new: Path) -> tuple[ox.Store, int, int | None]:
            db = _open(new)
            return db, _fill(db, quads), None

        return self._rewrite(fill, meta)

    def patch(
        self, drop: Iterable[str], lines: Iterable[str], *, meta: dict | None
    ) -> Delta | None:
        """A new database that is the current one with the named graphs `drop` (IRIs)
        holding just the quads of the N-Quads `lines` (none: the graph goes), put in place
        as `replace` does. The copy is a RocksDB checkpoint (hard links to the current
        database's immutable files), so its cost is that of the change, not of the graph.
        A small change writes only the quads that differ, and counts the triples from
        the count kept in `meta` instead of asking the whole store. Returns what a small
        change changed (None after a large one)."""
        assert self.path is not None
        old, drop = current(self.path), list(drop)
        counted = (self.meta() or {}).get("triples")
        it = iter(lines)
        head = list(itertools.islice(it, BATCH))
        done: list[Delta] = []

        def change(new: Path) -> tuple[ox.Store, int, int | None]:
            if old is not None:  # opened read-only: the current database is not touched
                ox.Store.read_only(str(old.resolve())).backup(str(new))
            db = _open(new)
            if len(head) < BATCH:  # all of the change is in hand: write the difference
                done.append(delta := _apply_difference(db, drop, head))
                return db, len(head), counted + delta.grown if isinstance(counted, int) else None
            for iri in drop:
                db.remove_graph(ox.NamedNode(iri))
            return db, _load(db, itertools.chain(head, it)), None

        self._rewrite(change, meta)
        return done[0] if done else None

    def _rewrite(
        self, make: Callable[[Path], tuple[ox.Store, int, int | None]], meta: dict | None
    ) -> int:
        """Write the next generation with `make` (the new database, how many quads or
        lines were given, and its triple count if `make` knows it) and switch to it.
        `meta` is kept with it, with the triple count."""
        assert self.path is not None
        self._store = None  # closed, if open, before the old generation is pruned
        self._triples = None
        new = next_generation(self.path)
        try:
            self._store, count, known = make(new)
            self._store.flush()
            if meta is not None:
                self._triples = known if known is not None else self._count_triples()
                meta = {**meta, "triples": self._triples}
                write_file(new / META, json.dumps(meta, sort_keys=True).encode("utf-8"))
        except (OSError, GraphError, SyntaxError) as exc:
            self._store = None
            shutil.rmtree(new, ignore_errors=True)  # the current database is untouched
            raise GraphError(f"cannot write the store {self.path.parent}: {exc}") from exc
        switch_to(self.path, new)
        return count

    def meta(self) -> dict | None:
        """What the build that wrote the current database kept with it, if anything."""
        found = current(self.path) if self.path else None
        try:
            return json.loads((found / META).read_text(encoding="utf-8")) if found else None
        except (OSError, ValueError):
            return None

    def graph_quads(self) -> Iterator[ox.Quad]:
        """The articles' quads: everything but the ontology's graph."""
        return (q for q in self.store if q.graph_name != ONTOLOGY_GRAPH)

    def graph_names(self) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The articles' graphs (and the default graph, if it holds anything), sorted."""
        names = [g for g in self.store.named_graphs() if g != ONTOLOGY_GRAPH]
        default = ox.DefaultGraph()
        if next(self.store.quads_for_pattern(None, None, None, default), None) is not None:
            names.append(default)
        return sorted(names, key=str)

    def iter_sorted_quads(self) -> Iterator[ox.Quad]:
        """Every article's quad, sorted by graph, subject, predicate, object (`quad_key`):
        one graph in memory at a time, sorted as N-Triples lines (see `sorted_lines`)."""
        for g in self.graph_names():
            lines = sorted_lines(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g))
            tail = b" .\n" if isinstance(g, ox.DefaultGraph) else f" {g} .\n".encode()
            yield from ox.parse(_with_tail(lines, tail), format=ox.RdfFormat.N_QUADS)

    def iter_sorted_triples(self) -> Iterator[ox.Triple]:
        """The union of the articles' graphs, each triple once, sorted: a batch of
        subjects' triples in memory at a time, each subject's as text, sorted as lines."""
        subjects = sorted({q.subject for q in self.graph_quads()}, key=str)
        for i in range(0, len(subjects), SUBJECTS_AT_ONCE):
            lines: list[str] = []
            for s in subjects[i : i + SUBJECTS_AT_ONCE]:
                head = str(s)
                rest = {
                    f"{q.predicate} {q.object}"
                    for q in self.store.quads_for_pattern(s, None, None, None)
                    if q.graph_name != ONTOLOGY_GRAPH
                }
                lines.extend(f"{head} {po} .\n" for po in sorted(rest))
            text = "".join(lines).encode("utf-8")
            yield from (q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))

    def triple_count(self) -> int:
        """How many distinct triples the articles' graphs hold together (counted once per
        `replace` in memory; kept with the database on disk)."""
        if self._triples is None:
            self._triples = self._count_triples()
        return self._triples

    def _count_triples(self) -> int:
        query = (
            "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { { ?s ?p ?o } UNION "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {ONTOLOGY_GRAPH}) }} }} }}"
        )
        (row,) = self.store.query(query)
        give_back()  # the DISTINCT's hash set, freed into the C heap (kg.heap)
        return int(row["n"].value)

    def sorted_quads(self) -> list[ox.Quad]:
        return list(self.iter_sorted_quads())

    def sorted_triples(self) -> list[ox.Triple]:
        return list(self.iter_sorted_triples())

    def write(self, fmt: str, out: BinaryIO, *, prefixes: dict[str, str] | None = None) -> None:
        """Turtle, TriG, N-Triples or N-Quads into `out` (seekable), streamed from the
        store, byte-identical for the same content."""
        rdf_format, quads = RDF_FORMATS[fmt]
        items = self.iter_sorted_quads() if quads else self.iter_sorted_triples()
        start = out.tell()
        if fmt in {"nt", "nq"}:
            ox.serialize(items, out, format=rdf_format)  # line formats have no prefixes
            return
        ox.serialize(items, out, format=rdf_format, prefixes=prefixes)
        _sort_prefixes(out, start)

    def serialize(self, fmt: str, *, prefixes: dict[str, str] | None = None) -> bytes:
        """What `write` writes, as bytes."""
        buf = io.BytesIO()
        self.write(fmt, buf, prefixes=prefixes)
        return buf.getvalue()

    def union(self) -> StoreGraph:
        return StoreGraph(self.store)

    def rdflib_graph(self) -> Graph:
        """The union as an rdflib Graph, for what only rdflib does (JSON-LD compaction):
        built when that format is asked for, not otherwise."""
        g = Graph()
        for t in self.iter_sorted_triples():
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g
