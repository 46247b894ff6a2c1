"""Parallel extraction (kg/workers.py) and build progress (kg/progress.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.progress import progress_reporter
from kg.workers import CHUNK_CHARS, FEW, default_workers

from .conftest import ROOT, SEEDS

QUALITY = ROOT / "tests" / "quality" / "articles"


@pytest.mark.model
def test_the_graph_is_byte_identical_whatever_the_number_of_workers(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    one = build([SEEDS, QUALITY], tmp_path / "one", workers=1, formats=("nq",))
    two = build([SEEDS, QUALITY], tmp_path / "two", workers=2, formats=("nq",),
                progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert one.articles > FEW  # a pool, not this process: the work really splits
    for name in ("graph.ttl", "graph.nq", "graph.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert seen[-1] == (two.articles, two.articles) and len(seen) >= 2
    assert {"read", "parse", "resolve", "graph", "write"} <= set(two.timings)
    assert not _fork_servers()  # stopped once parsing was done: its model held for nothing


def _fork_servers() -> list[int]:
    """This process's children that are multiprocessing fork servers (Linux /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:  # not a process, or gone
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"forkserver" in cmdline:
            found.append(int(proc.name))
    return found


def test_the_pool_takes_the_longest_articles_first_in_shrinking_batches() -> None:
    from kg.models import Article
    from kg.workers import _schedule

    lengths = [30_000, 500, 60_000, 500, 9_000, 1_200, 6_000, *range(1_000, 1_600, 2)]
    articles = [Article(f"a{i}", "", "", "x" * n, "") for i, n in enumerate(lengths)]
    chunks = _schedule(articles, 2)
    flat = [i for chunk in chunks for i in chunk]
    assert sorted(flat) == list(range(len(articles)))  # every article once
    assert [lengths[i] for i in flat] == sorted(lengths, reverse=True)
    assert flat.index(1) < flat.index(3)  # equal lengths keep their order: deterministic
    chars = [sum(lengths[i] for i in chunk) for chunk in chunks]
    assert chunks[0] == [2]  # too long to share a batch with the next: alone
    assert all(n <= CHUNK_CHARS for n, c in zip(chars, chunks, strict=True) if len(c) > 1)
    assert max(len(c) for c in chunks) >= 16  # short articles share a batch
    sizes = [len(c) for c in chunks]
    assert sizes[-4:] == [1] * 4 and sizes.index(max(sizes)) < len(sizes) // 2  # then shrink


def test_records_come_back_in_article_order_whatever_the_batches() -> None:
    from kg.workers import _in_order

    assert _in_order([[2, 0], [1]], [["c", "a"], ["b"]]) == ["a", "b", "c"]  # type: ignore[list-item]


def test_default_workers_is_the_usable_cores() -> None:
    assert default_workers() >= 1


def test_progress_lines_off_a_terminal() -> None:
    out = io.StringIO()
    with progress_reporter(stream=out, every=0.0) as update:
        assert update is not None
        update(5, 10)
        update(10, 10)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("parsed 5/10 articles (") and lines[-1].startswith("parsed 10/10")


def test_progress_lines_are_periodic_and_quiet_is_silent() -> None:
    out = io.StringIO()
    with progress_reporter(stream=out, every=3600.0) as update:
        for done in range(1, 10):
            update(done, 10)
    assert out.getvalue() == ""  # nothing before the period is up, short of the end
    with progress_reporter(quiet=True, stream=out) as update:
        assert update is None


def test_a_dead_worker_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from kg import workers
    from kg.errors import KGError, WorkerError

    from .records import article

    def dies(*_: object) -> list:
        raise BrokenProcessPool("killed by the OOM killer")

    monkeypatch.setattr(workers, "_in_pool", dies)
    with pytest.raises(WorkerError, match="--workers 1") as err:
        workers.extract_articles([article(f"a{i}") for i in range(FEW + 1)], workers=2)
    assert isinstance(err.value, KGError)


@pytest.mark.model
def test_workers_from_the_warm_server_read_this_build_s_ontology(
    onto: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fork server keeps the environment it started with (here the default ontology,
    warmed before the change): workers forked from it must still use the ontology folder
    the build is pointed at (an actor only that copy knows)."""
    from kg import workers
    from kg.models import Article

    entry = '  - {id: zarqa-falcons, name: "Zarqa Falcons Brigade", aliases: ["ZFB"]}\n'
    text = (onto / "actors.yaml").read_text(encoding="utf-8")
    (onto / "actors.yaml").write_text(text.replace("groups:\n", "groups:\n" + entry, 1))
    body = "Militia\n\nThe Zarqa Falcons Brigade said it shelled a base near Mosul."
    articles = [
        Article(doc_id=f"z{i}", path=f"z{i}.txt", title="Militia", text=body, sha256=f"{i:064d}")
        for i in range(FEW + 1)
    ]
    with monkeypatch.context() as default:
        default.delenv("KG_ONTOLOGY")
        workers.warm()
    records = workers.extract_articles(articles, workers=2)
    for ex in records:
        assert "zarqa-falcons" in {m.actor_id for m in ex.mentions}


@pytest.mark.model
def test_a_malformed_rule_file_stops_a_parallel_build_and_its_fork_server(
    onto: Path, tmp_path: Path
) -> None:
    """The rules are checked while the workers' model loads: a malformed file stops the
    build with its one-line error before any article is parsed, and the model's server
    (started already) is stopped with it."""
    from kg.errors import RuleError

    grammar = onto / "lexicon" / "grammar.yaml"
    grammar.write_text(grammar.read_text(encoding="utf-8").replace("irrealis:", "irealis:"))
    for i in range(FEW + 1):
        (tmp_path / f"a{i}.txt").write_text(f"Headline {i}\n\nRebels attacked Kidal.\n")
    seen: list[int] = []
    with pytest.raises(RuleError, match="grammar.yaml"):
        build([tmp_path], tmp_path / "out", workers=2, progress=lambda d, t: seen.append(d))
    assert not seen and not _fork_servers()
