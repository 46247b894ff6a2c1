"""kg.export on a hand-made dataset: every format rendered, read back, written atomically."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import atomic, forked
from kg.errors import ConfigError, KGError
from kg.export import RENDERERS, render, write_atomic
from kg.formats import FORMAT_FILES
from kg.graph import union_graph
from kg.oxrdf import quads_of
from kg.store import GraphStore
from kg.vocab import KG

from .records import BASE, dataset

OLD = {"graph.ttl": b"old ttl", "graph.html": b"old html"}
NEW = {"graph.ttl": b"new ttl", "graph.html": b"new html"}


@pytest.fixture(scope="module")
def built() -> tuple[Dataset, GraphStore]:
    ds = dataset()
    store = GraphStore()
    store.replace(quads_of(ds))
    return ds, store


@pytest.fixture(scope="module")
def files(built: tuple[Dataset, GraphStore]) -> dict[str, bytes]:
    return render(built[1], tuple(FORMAT_FILES))


def test_renderers_and_format_files_agree() -> None:
    assert set(RENDERERS) == set(FORMAT_FILES) and len(FORMAT_FILES) == 8


def test_render_returns_every_requested_file(files: dict[str, bytes]) -> None:
    assert set(files) == set(FORMAT_FILES.values())
    assert all(isinstance(v, bytes) and v for v in files.values())
    assert f"{BASE}doc/a".encode() in files["graph.nq"]


def test_render_only_what_is_asked(built: tuple[Dataset, GraphStore]) -> None:
    assert set(render(built[1], ("nt", "trig"))) == {"graph.nt", "graph.trig"}


def test_unknown_format_is_a_config_error_naming_it(built: tuple[Dataset, GraphStore]) -> None:
    with pytest.raises(ConfigError, match="'pdf'") as err:
        render(built[1], ("ttl", "pdf"))
    assert isinstance(err.value, KGError) and "ttl" in str(err.value)  # lists the choices


def test_every_format_is_the_same_whatever_order_the_store_was_filled_in() -> None:
    ds = dataset()
    g = ds.graph(URIRef(f"{BASE}doc/a"))
    town, regions = URIRef(f"{BASE}place/town"), [URIRef(f"{BASE}place/r{i}") for i in (1, 2)]
    for place in (town, *regions):  # a place in two places: view lists both, in a set order
        g.add((place, RDF.type, KG.Place))
        g.add((place, RDFS.label, Literal(place.rsplit("/", 1)[1])))
    for region in regions:
        g.add((town, KG.locatedIn, region))
    quads = list(quads_of(ds))
    one, two = GraphStore(), GraphStore()
    one.replace(quads)
    two.replace(reversed(quads))
    everything = tuple(FORMAT_FILES)
    assert render(one, everything) == render(two, everything)


def test_jsonld_reads_back_as_the_union(
    built: tuple[Dataset, GraphStore], files: dict[str, bytes]
) -> None:
    doc = json.loads(files["graph.jsonld"])
    assert "@context" in doc and doc["@graph"]
    back = Graph().parse(data=files["graph.jsonld"], format="json-ld")
    assert isomorphic(back, union_graph(built[0]))


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_network_files_read_back_for_gephi(files: dict[str, bytes], name: str) -> None:
    read = nx.read_graphml if name.endswith("graphml") else nx.read_gexf
    net = read(BytesIO(files[name]))
    kinds = {d["label"]: (d["type"], d["class"]) for _, d in net.nodes(data=True)}
    assert kinds["Karim Nadir"] == ("Person", "Person")
    assert kinds["Northern Shield Brigade"] == ("Group", "Group")
    events = [d for _, d in net.nodes(data=True) if d["type"] == "Event"]
    assert {"Killing", "Statement", "Attack"} <= {d["class"] for d in events}
    assert all(d["sources"] >= 1 and 0 < d["confidence"] <= 1 for d in events)
    assert any("date" in d for d in events)
    label = {n: d["label"] for n, d in net.nodes(data=True)}
    edges = {(label[s], d["label"], label[o]) for s, o, d in net.edges(data=True)}
    assert ("Karim Nadir", "leaderOf", "Northern Shield Brigade") in edges
    # roles read as the view reads them: agent -> event -> target
    kinds_of = {n: d["type"] for n, d in net.nodes(data=True)}
    for s, o, d in net.edges(data=True):
        if d["label"] == "agent":
            assert kinds_of[o] == "Event" and kinds_of[s] != "Event"
        if d["label"] in ("target", "place"):
            assert kinds_of[s] == "Event" and kinds_of[o] != "Event"
    assert any(e[1] == "target" and e[2] == "Qassem Soleimani" for e in edges)
    assert {d["kind"] for *_, d in net.edges(data=True)} == {"relation", "role"}


def test_network_edge_ids_are_unique(files: dict[str, bytes]) -> None:
    for name in ("graph.graphml", "graph.gexf"):
        ids = re.findall(rb"<edge [^>]*\bid=\"([^\"]+)\"", files[name])
        assert len(ids) > 5 and len(ids) == len(set(ids)), name


def test_gexf_is_dynamic_with_event_start_dates(files: dict[str, bytes]) -> None:
    doc = files["graph.gexf"].decode("utf-8")
    assert 'mode="dynamic"' in doc and 'timeformat="date"' in doc
    starts = re.findall(r'<node [^>]*start="([^"]+)"', doc)
    assert starts and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in starts)


def test_html_is_a_page(files: dict[str, bytes]) -> None:
    page = files["graph.html"].decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "Karim Nadir" in page


def test_write_atomic_writes_all_and_leaves_no_temporaries(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    written = write_atomic(out, NEW)
    assert written == [out / "graph.ttl", out / "graph.html"]
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == NEW
    mode = (out / "graph.ttl").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # not mkstemp's private 0o600


def previous(out: Path) -> None:
    write_atomic(out, OLD)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == OLD


def test_a_renderer_failing_midway_keeps_previous_outputs_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    previous(tmp_path)

    def half_written(out: BinaryIO) -> None:  # a streamed file that fails after a part
        out.write(b"@prefix half")
        raise ValueError("renderer broke")

    with pytest.raises(ValueError, match="renderer broke"):
        write_atomic(tmp_path, {"graph.ttl": b"new ttl", "graph.html": half_written})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD  # nothing staged left
    # control: the same writer without the failure is written, streamed
    write_atomic(tmp_path, {"graph.html": lambda out: out.write(b"streamed")})
    assert (tmp_path / "graph.html").read_bytes() == b"streamed"


def test_failed_staging_keeps_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous(tmp_path)
    real, calls = atomic.tempfile.mkstemp, []

    def mkstemp(**kw: str) -> tuple[int, str]:
        calls.append(kw)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(**kw)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    with pytest.raises(KGError, match="No space left"):
        write_atomic(tmp_path, NEW)
    assert len(calls) == 2  # the first file was staged before the failure
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD


def failing_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            self.fh = real(fd, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", Full)


def test_failed_write_keeps_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous(tmp_path)
    failing_write(monkeypatch)
    with pytest.raises(KGError, match="No space left"):
        write_atomic(tmp_path, NEW)
    monkeypatch.undo()
    assert {p.read_bytes() for p in tmp_path.iterdir() if p.name in OLD} == set(OLD.values())


def test_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous(tmp_path)
    failing_write(monkeypatch)
    with pytest.raises(KGError):
        write_atomic(tmp_path, NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OLD)


def test_out_dir_that_is_a_file_is_a_kg_error(tmp_path: Path) -> None:
    target = tmp_path / "graph"
    target.write_bytes(b"keep")
    with pytest.raises(KGError):
        write_atomic(target, NEW)
    assert target.read_bytes() == b"keep"


def test_a_folder_in_the_way_keeps_previous_outputs(tmp_path: Path) -> None:
    previous(tmp_path)
    (tmp_path / "graph.html").unlink()
    (tmp_path / "graph.html").mkdir()
    with pytest.raises(KGError, match="a folder has that name"):
        write_atomic(tmp_path, NEW)
    assert (tmp_path / "graph.ttl").read_bytes() == OLD["graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]


def test_a_run_killed_between_renames_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal outlives a kill after the first rename; the next write finishes that
    commit (the new set) and then its own, and leaves no temporary file."""
    previous(tmp_path)
    real, renamed = os.replace, []

    def replace(src: str, dst: Path) -> None:
        if Path(dst).name in NEW:
            if renamed:
                raise SystemExit("killed")  # not an OSError: nothing in kg catches it
            renamed.append(dst)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(SystemExit):
        write_atomic(tmp_path, NEW)
    monkeypatch.undo()
    assert (tmp_path / atomic.JOURNAL).is_file()
    first = Path(renamed[0]).name  # one file is new, the other still old
    assert sum((tmp_path / n).read_bytes() == NEW[n] for n in NEW) == 1 and first in NEW
    atomic.recover(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == NEW
    write_atomic(tmp_path, OLD)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD


def pid_writer(out: BinaryIO) -> None:
    out.write(str(os.getpid()).encode())


# The fork path is tested in a fresh interpreter of one thread: this one has run other
# tests' threads (a Dask cluster's), with which kg rightly writes without forking.
FRESH = [
    ("fresh_aside_files_are_written_by_a_forked_copy",),
    ("fresh_a_failure_on_either_side_keeps_previous_outputs", "aside"),
    ("fresh_a_failure_on_either_side_keeps_previous_outputs", "here"),
    ("fresh_the_copy_dying_or_filling_the_disk_is_a_one_line_error",),
]


@pytest.mark.skipif(sys.platform != "linux", reason="kg forks its writer only on Linux")
@pytest.mark.parametrize("case", FRESH, ids=lambda c: "-".join(c))
def test_the_forked_writer_in_a_process_of_one_thread(tmp_path: Path, case: tuple) -> None:
    name, *args = case
    code = (
        "import sys; from pathlib import Path; import tests.test_export as t; "
        f"t.{name}(Path(sys.argv[1]), *sys.argv[2:])"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # numpy's BLAS starts no thread
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path), *args],
        cwd=Path(__file__).resolve().parent.parent, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def fresh_aside_files_are_written_by_a_forked_copy(tmp_path: Path) -> None:
    assert forked.can_fork()  # else the files would be written here: nothing tested
    previous(tmp_path)
    seen: dict[str, Path] = {}

    def then(staged: dict[str, Path]) -> dict:
        seen.update(staged)
        return {"manifest": json.dumps(sorted(staged)).encode()}

    files = {"graph.ttl": pid_writer, "graph.trig": pid_writer, "graph.html": pid_writer}
    written = write_atomic(tmp_path, files, aside={"graph.ttl", "graph.trig"}, then=then)
    assert [p.name for p in written] == ["graph.ttl", "graph.trig", "graph.html", "manifest"]
    pids = {p.name: p.read_text() for p in written[:3]}
    assert pids["graph.html"] == str(os.getpid())  # drawn here, the others elsewhere
    assert pids["graph.ttl"] == pids["graph.trig"] != str(os.getpid())
    assert sorted(seen) == ["graph.html", "graph.trig", "graph.ttl"]  # all staged by then
    assert not list(tmp_path.glob("*.kgtmp")) and not list(tmp_path.glob(".*.kgtmp"))


def fresh_a_failure_on_either_side_keeps_previous_outputs(tmp_path: Path, where: str) -> None:
    assert forked.can_fork()
    previous(tmp_path)

    def broken(out: BinaryIO) -> None:
        out.write(b"half")
        raise ValueError("renderer broke")

    def slow(out: BinaryIO) -> None:  # still writing when the other side fails
        out.write(b"part")
        time.sleep(30)

    def broken_later(out: BinaryIO) -> None:  # once the copy has begun its file
        deadline = time.monotonic() + 10
        while not list(tmp_path.glob(".graph.ttl.*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        broken(out)

    files = {"graph.ttl": broken if where == "aside" else slow, "graph.html": b"new html"}
    if where == "here":
        files["graph.html"] = broken_later
    with pytest.raises(KGError if where == "aside" else ValueError, match="renderer broke"):
        write_atomic(tmp_path, files, aside={"graph.ttl"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD  # no temporary left


def fresh_the_copy_dying_or_filling_the_disk_is_a_one_line_error(tmp_path: Path) -> None:
    assert forked.can_fork()
    previous(tmp_path)
    here = os.getpid()

    def killed(out: BinaryIO) -> None:
        assert os.getpid() != here, "written in the building process"
        os.kill(os.getpid(), signal.SIGKILL)

    def full(out: BinaryIO) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(KGError, match=r"graph.ttl died \(killed by signal 9\)"):
        write_atomic(tmp_path, {**NEW, "graph.ttl": killed}, aside={"graph.ttl"})
    with pytest.raises(KGError, match="cannot write to .*No space left on device"):
        write_atomic(tmp_path, {"graph.ttl": full}, aside={"graph.ttl"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    """A fork copies only the calling thread (a lock another holds stays held): with a
    second thread alive, the files aside are written here."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        write_atomic(tmp_path, {"graph.ttl": pid_writer}, aside={"graph.ttl"})
    finally:
        stop.set()
        other.join()
    assert (tmp_path / "graph.ttl").read_text() == str(os.getpid())


@pytest.mark.parametrize(("limit", "forks"), [(10**9, True), (0, False)])
def test_only_a_small_graph_is_written_by_a_forked_copy(
    built: tuple[Dataset, GraphStore],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
    forks: bool,
) -> None:
    """With jobs > 1 the RDF files go aside (to a forked copy) only while the graph has at
    most FORK_TRIPLES triples: the copy's memory grows with the graph. Either way the files
    are the same."""
    from kg import outputs

    asked: list[set[str]] = []

    def spy(out: Path, files: dict, *, aside: set[str], **kw: object) -> list[Path]:
        asked.append(set(aside))
        return write_atomic(out, files, aside=set(), **kw)

    monkeypatch.setattr(outputs, "FORK_TRIPLES", limit)
    monkeypatch.setattr(outputs, "write_atomic", spy)
    formats = ("ttl", "trig", "nq")
    outputs.write(tmp_path / "a", outputs.Drawn(built[1]), formats, jobs=2)
    outputs.write(tmp_path / "b", outputs.Drawn(built[1]), formats, jobs=1)
    rdf = {"graph.ttl", "graph.trig", "graph.nq"}
    assert asked == [rdf if forks else set(), set()]
    for name in rdf:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
