"""One writer at a time, and disk or permission faults: two kg processes on one store or
output folder never interleave (the second is refused, naming the first), and a folder
that cannot be written, a read-only store or a full disk give one line and exit 1 with the
earlier outputs and store intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.model
TEXT = "Rebels attack Goma\n\nM23 rebels attacked Goma on Monday, the army said.\n"


def corpus(folder: Path, n: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(TEXT.replace("Monday", f"day {i}"), encoding="utf-8")


def kg(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    quiet = ["--quiet"] if args[0] == "build" else []
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args, *quiet], cwd=cwd, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def one_line_failure(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(p.parents[len(p.relative_to(f).parts) - 1])): p.read_bytes()
        for f in folders
        for p in sorted(f.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store and outputs of three articles, copied by each test that starts from them."""
    root = tmp_path_factory.mktemp("built")
    corpus(root / "in", 3)
    assert kg(root, "build", "in", "-o", "out", "--store", "store").returncode == 0
    return root


@pytest.mark.parametrize(
    "second",
    [
        ("build", "in2", "-o", "out2", "--store", "store"),  # the same store
        ("remove", "a0", "--store", "store", "-o", "out3"),  # a remove on the same store
        ("build", "in2", "-o", "out"),  # the same output folder
    ],
)
def test_a_second_writer_is_refused_naming_the_first(
    tmp_path: Path, built: Path, second: tuple
) -> None:
    shutil.copytree(built, tmp_path, symlinks=True, dirs_exist_ok=True)
    corpus(tmp_path / "in", 6)
    corpus(tmp_path / "in2", 2)
    first = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "in", "-o", "out", "--store", "store"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lock = tmp_path / "store" / ".kg-lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    line = one_line_failure(kg(tmp_path, *second))
    assert f"is in use by kg (pid {first.pid}" in line and "kg build in -o out" in line
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert out.startswith("6 articles"), out
    again = kg(tmp_path, "build", "in", "-o", "out", "--store", "store")  # store intact
    assert again.returncode == 0 and again.stdout == out


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder made read-only: by permissions, or (root ignores them) by a read-only
    bind mount; skipped where neither is possible."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if not p.is_symlink()}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip("cannot make a read-only bind mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_an_output_folder_that_cannot_be_written(tmp_path: Path) -> None:
    corpus(tmp_path / "in")
    assert kg(tmp_path, "build", "in", "-o", "out").returncode == 0
    before = snapshot(tmp_path / "out")
    corpus(tmp_path / "in", 4)
    with read_only(tmp_path / "out"):
        line = one_line_failure(kg(tmp_path, "build", "in", "-o", "out"))
    assert "out" in line and ("Read-only file system" in line or "Permission denied" in line)
    assert snapshot(tmp_path / "out") == before


def test_a_read_only_store(tmp_path: Path) -> None:
    corpus(tmp_path / "in")
    assert kg(tmp_path, "build", "in", "-o", "out", "--store", "store").returncode == 0
    before = snapshot(tmp_path / "out", tmp_path / "store")
    corpus(tmp_path / "in", 4)
    with read_only(tmp_path / "store"):
        line = one_line_failure(kg(tmp_path, "build", "in", "-o", "out", "--store", "store"))
    assert "store" in line, line
    assert snapshot(tmp_path / "out", tmp_path / "store") == before
    assert kg(tmp_path, "build", "in", "-o", "out", "--store", "store").returncode == 0


def test_a_full_disk_under_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus(tmp_path / "in")
    with small_disk(out, "1800k"):
        assert kg(tmp_path, "build", "in", "-o", "out").returncode == 0
        before = snapshot(out)
        line = one_line_failure(kg(tmp_path, "build", "in", "-o", "out", "--format", "jsonld"))
        assert "No space left on device" in line, line
        assert snapshot(out) == before  # and no temporary file either


def test_a_full_disk_under_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    corpus(tmp_path / "in")
    with small_disk(store, "600k"):
        assert kg(tmp_path, "build", "in", "-o", "out", "--store", "store").returncode == 0
        before = snapshot(store)
        corpus(tmp_path / "in", 40)
        line = one_line_failure(kg(tmp_path, "build", "in", "-o", "out", "--store", "store"))
        assert "No space left on device" in line, line
        after = snapshot(store)
    assert {k: v for k, v in after.items() if "articles" not in k} == {
        k: v for k, v in before.items() if "articles" not in k
    }
