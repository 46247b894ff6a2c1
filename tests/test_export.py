"""kg.export on a hand-made dataset: every format rendered, read back, written atomically."""

from __future__ import annotations

import errno
import json
import os
from io import BytesIO
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import export
from kg.errors import ConfigError, KGError
from kg.export import RENDERERS, render, write_atomic
from kg.formats import FORMAT_FILES
from kg.graph import union_graph
from kg.store import GraphStore, quads_of

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
    assert set(RENDERERS) == set(FORMAT_FILES) and len(FORMAT_FILES) == 7


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


def test_rdf_formats_come_sorted_from_the_store(
    built: tuple[Dataset, GraphStore], files: dict[str, bytes]
) -> None:
    ds, store = built
    again = GraphStore()
    again.replace(reversed(list(quads_of(ds))))
    assert render(again, ("ttl", "trig", "nq", "nt")) == {
        k: files[k] for k in ("graph.ttl", "graph.trig", "graph.nq", "graph.nt")
    }


def test_jsonld_reads_back_as_the_union(
    built: tuple[Dataset, GraphStore], files: dict[str, bytes]
) -> None:
    doc = json.loads(files["graph.jsonld"])
    assert "@context" in doc and doc["@graph"]
    back = Graph().parse(data=files["graph.jsonld"], format="json-ld")
    assert isomorphic(back, union_graph(built[0]))


def test_graphml_reads_back_with_networkx(files: dict[str, bytes]) -> None:
    net = nx.read_graphml(BytesIO(files["graph.graphml"]))
    labels = {d["label"]: d["type"] for _, d in net.nodes(data=True)}
    assert labels["Karim Nadir"] == "Person" and labels["Northern Shield Brigade"] == "Group"
    assert {"Killing", "Statement", "Attack"} <= set(labels.values())
    name = {n: d["label"] for n, d in net.nodes(data=True)}
    edges = {(name[s], d["label"], name[o]) for s, o, d in net.edges(data=True)}
    assert ("Karim Nadir", "leaderOf", "Northern Shield Brigade") in edges
    assert any(e[1] == "target" and e[2] == "Qassem Soleimani" for e in edges)


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


def test_failed_staging_keeps_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous(tmp_path)
    real, calls = export.tempfile.mkstemp, []

    def mkstemp(**kw: str) -> tuple[int, str]:
        calls.append(kw)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(**kw)

    monkeypatch.setattr(export.tempfile, "mkstemp", mkstemp)
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

    monkeypatch.setattr(export.os, "fdopen", Full)


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


def test_failed_rename_keeps_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous(tmp_path)
    real = os.replace

    def replace(src: str, dst: Path) -> None:
        if Path(dst).name == "graph.html":
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(export.os, "replace", replace)
    with pytest.raises(KGError):
        write_atomic(tmp_path, NEW)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == OLD
