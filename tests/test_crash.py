"""Crash safety: `kg build -o OUT --store STORE` and `kg remove` killed (SIGKILL) at each
stage. After a kill, OUT holds the previous complete outputs or the new complete ones
(a kill between two renames leaves a journal that the next run completes first), the
store's database holds the old graph or the new one, never an empty or partial one; the
next build and `kg remove` succeed and give the same files as a clean run; and no
temporary file is left after that next run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

HERE = Path(__file__).resolve().parent
FILES = ("graph.ttl", "graph.html", "graph.trig")
TEXTS = {
    "a": "Rebels attack Goma\n\nM23 rebels attacked Goma on Monday, the army said.",
    "b": "Talks in Doha\n\nQatar hosted talks between Rwanda and Congo in Doha on Friday.",
    "c": "Strike in Sudan\n\nThe RSF shelled El Fasher on Sunday, killing 12 people.",
}
pytestmark = pytest.mark.model


def write_corpus(folder: Path, names: str) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.txt").write_text(TEXTS[name], encoding="utf-8")
    return folder


def kg(cwd: Path, *args: str, point: str | None = None) -> subprocess.CompletedProcess:
    head = [sys.executable, str(HERE / "killer.py"), point] if point else [
        sys.executable, "-m", "kg.cli"]  # fmt: skip
    return subprocess.run(
        [*head, *args, "--workers", "1", "--quiet"] if args[0] == "build" else [*head, *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES if (folder / name).exists()}


def store_quads(store: Path) -> int:
    db = ox.Store.read_only(str((store / "oxigraph").resolve()))
    return sum(1 for q in db if q.graph_name != ox.NamedNode("https://w3id.org/kg-news/ontology"))


def leftovers(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        for p in folder.rglob("*"):
            if (
                p.name.endswith(".kgtmp")
                or p.name in {".kg-commit", ".kg-lock"}
                or (p.name.startswith(".oxigraph.link"))
            ):
                found.append(str(p))
    return found


CLEAN: dict[str, Path] = {}


def start_from(tmp_path: Path, names: str) -> None:
    """tmp_path as a clean build of `names` left it (input, outputs, store), copied."""
    write_corpus(tmp_path / "in", names)
    shutil.copytree(CLEAN[names] / f"out-{names}", tmp_path / "out")
    shutil.copytree(CLEAN[names] / f"store-{names}", tmp_path / "store", symlinks=True)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, bytes], int]]:
    """Clean builds of the two corpora (outputs, store quads), for comparison."""
    root = tmp_path_factory.mktemp("clean")
    CLEAN.update(ab=root, abc=root)
    result = {}
    for names in ("ab", "abc"):
        write_corpus(root / names, names)
        proc = kg(root, "build", names, "-o", f"out-{names}", "--store", f"store-{names}")
        assert proc.returncode == 0, proc.stderr
        result[names] = (outputs(root / f"out-{names}"), store_quads(root / f"store-{names}"))
    return result


def rerun_gives(tmp_path: Path, expected: tuple[dict[str, bytes], int], *args: str) -> None:
    """The command run again succeeds and leaves the clean run's outputs and store, and no
    temporary file."""
    again = kg(tmp_path, *args)
    assert again.returncode == 0, again.stderr
    assert outputs(tmp_path / "out") == expected[0]
    assert store_quads(tmp_path / "store") == expected[1]
    assert leftovers(tmp_path / "out", tmp_path / "store") == []


@pytest.mark.parametrize(
    "point",
    ["read", "resolve", "store-fill", "store-link", "stage", "rename"],
)
def test_a_build_killed_at_any_stage_loses_nothing(tmp_path: Path, clean, point: str) -> None:
    start_from(tmp_path, "ab")
    write_corpus(tmp_path / "in", "abc")
    killed = kg(tmp_path, "build", "in", "-o", "out", "--store", "store", point=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    before, after = clean["ab"], clean["abc"]
    if point != "rename":  # (between renames the journal is completed by the next run)
        assert outputs(tmp_path / "out") in (before[0], after[0])
    assert store_quads(tmp_path / "store") in (before[1], after[1])
    rerun_gives(tmp_path, after, "build", "in", "-o", "out", "--store", "store")
    assert len(list((tmp_path / "store").glob("oxigraph.*"))) <= 2
    removed = kg(tmp_path, "remove", "c", "--store", "store", "-o", "out")
    assert removed.returncode == 0, removed.stderr
    assert outputs(tmp_path / "out") == before[0]


@pytest.mark.parametrize("point", ["store-fill", "stage", "remove-record"])
def test_a_remove_killed_midway_can_be_run_again(tmp_path: Path, clean, point: str) -> None:
    start_from(tmp_path, "abc")
    killed = kg(tmp_path, "remove", "c", "--store", "store", "-o", "out", point=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    before, after = clean["abc"], clean["ab"]
    assert outputs(tmp_path / "out") in (before[0], after[0])
    assert store_quads(tmp_path / "store") in (before[1], after[1])
    rerun_gives(tmp_path, after, "remove", "c", "--store", "store", "-o", "out")


@pytest.mark.parametrize("delay", [0.5, 2.5, 4.0])
def test_a_build_killed_from_outside_at_any_moment(tmp_path: Path, clean, delay: float) -> None:
    """kill -9 of the whole process group (workers too) after `delay` seconds."""
    start_from(tmp_path, "ab")
    write_corpus(tmp_path / "in", "abc")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "in", "-o", "out", "--store", "store",
         "--workers", "2", "--quiet"],  # fmt: skip
        cwd=tmp_path, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert store_quads(tmp_path / "store") in (clean["ab"][1], clean["abc"][1])
    again = kg(tmp_path, "build", "in", "-o", "out", "--store", "store")
    assert again.returncode == 0, again.stderr
    assert outputs(tmp_path / "out") == clean["abc"][0]
    assert leftovers(tmp_path / "out", tmp_path / "store") == []
