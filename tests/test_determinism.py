"""Same input, same bytes: two builds of one corpus, in two processes with different hash
seeds, write identical files (every format, the HTML view included), also where two
different entities would slug to one IRI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = {
    "a.txt": (
        "Militia clashes with army near Sirte\n\n"
        "The Badr Division (BD) attacked an army post near Sirte on 3 March 2024. "
        "BD commander Khalid Omar said BD fighters would not withdraw. "
        "BD later accused the Libyan government of betrayal.\n"
    ),
    "b.txt": (
        "Border force repels raid\n\n"
        "The Border Defence (BD) said on 4 March 2024 that it repelled a raid near Ghat. "
        "BD spokesman Ali Musa said BD units had arrested two men. "
        "BD called on Tripoli to send reinforcements.\n"
    ),
    "c.txt": (
        "Talks in Tunis\n\n"
        "Jordan met the Libyan foreign minister in Tunis on 5 March 2024. "
        "Officials from Jordan and Libya signed an agreement on border security.\n"
    ),
}
FORMATS = ["--format", "trig", "--format", "nq", "--format", "nt", "--format", "jsonld"]


def build(src: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "-o", str(out), *FORMATS]
    cmd += ["--format", "graphml", "--view", "BD"]
    subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=600)


@pytest.mark.model
def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    build(src, tmp_path / "one", "1")
    build(src, tmp_path / "two", "2")
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert {"graph.ttl", "graph.html", "graph.trig", "graph.graphml"} <= set(names)
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        one, two = ((tmp_path / d / name).read_bytes() for d in ("one", "two"))
        assert one == two, f"{name} differs between two runs"
