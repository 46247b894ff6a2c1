"""kg's on-disk cache (kg/diskcache.py): made once, read back, never stale, never fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import diskcache
from kg.diskcache import cached


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "kg"


def maker(calls: list[str], value: object) -> object:
    def make() -> object:
        calls.append("made")
        return value

    return make


def test_made_once_then_read_back(home: Path) -> None:
    calls: list[str] = []
    first = cached("thing", "k1", maker(calls, {"a": (1, 2)}))
    again = cached("thing", "k1", maker(calls, "not this"))
    assert first == again == {"a": (1, 2)} and calls == ["made"]
    assert [p.name for p in home.iterdir()] == ["thing-k1.pickle"]


def test_another_key_is_made_anew(home: Path) -> None:
    calls: list[str] = []
    cached("thing", "k1", maker(calls, 1))
    assert cached("thing", "k2", maker(calls, 2)) == 2 and calls == ["made", "made"]


def test_a_damaged_file_is_made_again(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "thing-k1.pickle").write_bytes(b"\x80\x05not a pickle")
    calls: list[str] = []
    assert cached("thing", "k1", maker(calls, 7)) == 7 and calls == ["made"]
    assert cached("thing", "k1", maker(calls, 8)) == 7  # the repaired file is read


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_only_costs_time(home: Path) -> None:
    home.mkdir(parents=True)
    home.chmod(0o500)
    try:
        calls: list[str] = []
        assert cached("thing", "k1", maker(calls, 3)) == 3
        assert cached("thing", "k1", maker(calls, 3)) == 3 and calls == ["made", "made"]
    finally:
        home.chmod(0o700)


def test_a_cache_folder_that_is_a_file_only_costs_time(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("in the way")  # mkdir fails whatever the user
    calls: list[str] = []
    assert cached("thing", "k1", maker(calls, 3)) == 3 and calls == ["made"]


def test_old_files_of_a_kind_are_pruned_not_others(home: Path) -> None:
    keys = [f"k{i}" for i in range(diskcache.KEEP + 3)]
    for n, key in enumerate(keys):
        cached("thing", key, maker([], n))
        os.utime(home / f"thing-{key}.pickle", (1000 + n, 1000 + n))  # oldest first
    cached("other", "x", maker([], 0))
    left = sorted(p.name for p in home.glob("thing-*.pickle"))
    assert left == sorted(f"thing-{k}.pickle" for k in keys[-diskcache.KEEP :])
    assert (home / "other-x.pickle").exists()


def test_the_file_just_written_is_kept_even_when_it_looks_oldest(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir(parents=True)
    for i in range(diskcache.KEEP + 2):
        (home / f"thing-other{i}.pickle").write_bytes(b"")
    fresh = home / "thing-fresh.pickle"
    # a clock set back: the new file looks older than every other one
    monkeypatch.setattr(diskcache, "_mtime", lambda p: 0.0 if p == fresh else 1e9)
    cached("thing", "fresh", maker([], 1))
    assert fresh.exists()
    assert len(list(home.glob("thing-*.pickle"))) == diskcache.KEEP
