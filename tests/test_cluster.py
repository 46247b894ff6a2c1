"""Extraction on a Dask distributed cluster (kg/cluster.py), against a real
`distributed.LocalCluster` on loopback: worker processes that load the model themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import cluster
from kg.cli import main
from kg.pipeline import build

from .conftest import SEEDS

distributed = pytest.importorskip("distributed")
QUALITY = Path(__file__).parent / "quality" / "articles"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as local:
        yield local.scheduler_address


@pytest.mark.model
def test_a_cluster_build_is_byte_identical_to_a_local_one(tmp_path: Path, scheduler: str) -> None:
    local = build([SEEDS, QUALITY], tmp_path / "local", workers=1, formats=("nq",))
    args = ["build", str(SEEDS), str(QUALITY), "-o", str(tmp_path / "dask"), "--format", "nq"]
    result = CliRunner().invoke(main, [*args, "--scheduler", scheduler, "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"{local.articles} articles" in result.output
    for name in ("graph.ttl", "graph.nq", "graph.html"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


@pytest.mark.model
def test_the_scheduler_address_comes_from_dasks_variable(tmp_path: Path, scheduler: str) -> None:
    seen: list[tuple[int, int]] = []
    env = {"DASK_SCHEDULER_ADDRESS": scheduler}
    args = ["build", str(SEEDS), "-o", str(tmp_path / "out"), "--workers", "1", "--quiet"]
    result = CliRunner(env=env).invoke(main, args)
    assert result.exit_code == 0, result.output
    # the same articles through the library, watching progress: chunks come back one by one
    build([SEEDS], tmp_path / "lib", scheduler=scheduler, progress=lambda *p: seen.append(p))
    assert seen[-1] == (5, 5)
    graph = (tmp_path / "out" / "graph.ttl").read_bytes()
    assert graph == (tmp_path / "lib" / "graph.ttl").read_bytes()


def one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    return result.output


def test_an_unreachable_scheduler_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_S", 1)
    args = ["build", str(SEEDS), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]
    out = one_line_error(args)
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in out
    assert "dask scheduler" in out and not (tmp_path / "graph.ttl").exists()


def test_a_scheduler_without_workers_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "WORKERS_S", 1)
    with distributed.LocalCluster(
        n_workers=0,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as empty:
        args = ["build", str(SEEDS), "-o", str(tmp_path), "--scheduler", empty.scheduler_address]
        out = one_line_error(args)
    assert "no Dask worker joined the scheduler" in out and "dask worker" in out
