"""Inputs at the edges of size and place: a name said 100,000 times, 5,000 tiny files, an
output folder inside the input tree, and the same input typed two ways from two folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from kg import resolve as resolve_module
from kg.models import Article, Extraction, Mention
from kg.vocab import KG

STORY = "Officials meet in Baghdad\n\nPolice said Hassan Nasrallah met officials in Baghdad.\n"


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", *args, "--quiet"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return proc


def test_a_name_said_often_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-article work grows with the names, not with their mentions squared."""
    calls = []
    real = resolve_module._full_name

    def counted(m: Mention, people: list[Mention]) -> Mention | None:
        calls.append(len(people))
        return real(m, people)

    monkeypatch.setattr(resolve_module, "_full_name", counted)
    for n in (1_000, 10_000):
        calls.clear()
        said = [Mention("d", i * 11, i * 11 + 9, "Nasrallah", "Person") for i in range(n)]
        full = Mention("d", n * 11, n * 11 + 16, "Hassan Nasrallah", "Person")
        article = Article("d", "d.txt", "t", "x", "0")
        ex = Extraction(article=article, mentions=(full, *said), relations=(), events=())
        res = resolve_module.resolve([ex])
        assert calls == [2, 2]  # one lookup per distinct name, however often it is said
        assert len(res.entities) == 1


@pytest.mark.model
def test_one_name_repeated_100000_times_builds_in_pieces(tmp_path: Path) -> None:
    """About 1 MB in one article: parsed in pieces, within spaCy's limit, one node."""
    text = "Nasrallah speaks\n\nHassan Nasrallah said.\n\n" + "Nasrallah. " * 100_000
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text, encoding="utf-8")
    kg("build", "in", "-o", "out", "--format", "ttl", cwd=tmp_path)
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    people = set(g.subjects(RDF.type, KG.Person))
    assert len(people) == 1, people


@pytest.mark.model
def test_five_thousand_tiny_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(5_000):
        folder = src / f"{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:04d}.txt").write_text(f"Note {i}\n\nHassan Nasrallah spoke.", "utf-8")
    proc = kg("build", "in", "-o", "out", "--format", "ttl", cwd=tmp_path)
    assert proc.stdout.startswith("5000 articles ->"), proc.stdout
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(set(g.subjects(RDF.type, KG.Document))) == 5_000
    assert len(set(g.subjects(RDF.type, KG.Person))) == 1


@pytest.mark.model
def test_outputs_do_not_depend_on_where_kg_runs_or_how_paths_are_typed(tmp_path: Path) -> None:
    """Built from the input's parent with a relative path, and from elsewhere with an
    absolute one: byte-identical files, kg:sourceFile relative to the input root. An
    output folder and a store inside the input tree are never read back as articles (nor
    is a view kg wrote, when another run meets it)."""
    src = tmp_path / "corpus"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(STORY, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(STORY.replace("Baghdad", "Basra"), encoding="utf-8")
    kg("build", "corpus", "-o", "corpus/out", "--store", "corpus/store", cwd=tmp_path)
    kg("build", "corpus", "-o", "corpus/out", "--store", "corpus/store", cwd=tmp_path)
    elsewhere = tmp_path / "x" / "y"
    elsewhere.mkdir(parents=True)
    third = kg("build", str(src.resolve()), "-o", "../out2", cwd=elsewhere)
    assert f"skipped: {src / 'out' / 'graph.html'}: a page kg wrote" in third.stderr
    one, two = src / "out", tmp_path / "x" / "out2"
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    g = Graph().parse(one / "graph.ttl")
    assert sorted(map(str, g.objects(None, KG.sourceFile))) == ["a.txt", "sub/b.txt"]
    assert str(tmp_path) not in (one / "graph.trig").read_text(encoding="utf-8")
