"""Shared fixtures: a model-free pipeline for rule tests, and one real build of seeds/."""

from __future__ import annotations

import os

# numpy's OpenBLAS starts a thread when it loads (with spaCy, below); with it alive, kg's
# writer would not fork (kg.forked.can_fork), so builds in the tests would not take the
# fork path a build's main process takes (it loads no numpy when workers parse). One BLAS
# thread keeps this process single-threaded, as that one is, until a test leaves threads
# behind (the forked writer's own tests run in a fresh interpreter for that reason).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import shutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from kg.defaults import DEFAULT_MODEL  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


MODEL_FIXTURES = {"seeds_build", "seeds_graph"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that takes a fixture built with the real model must be marked `model`."""
    unmarked = [
        item.nodeid
        for item in items
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("model") is None
    ]
    if unmarked:
        raise pytest.UsageError(f"uses the real model but is not marked model: {unmarked}")


@pytest.fixture(autouse=True)
def _model_only_where_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test not marked `model` must not load the model: `pytest -m "not model"` stays
    model-free and fast. (Checked per test: it fails the test that loads it.)"""
    before = DEFAULT_MODEL in sys.modules
    yield
    if request.node.get_closest_marker("model") is None and not before:
        assert DEFAULT_MODEL not in sys.modules, (
            f"{request.node.nodeid} loaded the spaCy model; mark it @pytest.mark.model"
        )


@pytest.fixture(scope="session")
def blank_ruler() -> Language:
    """spacy.blank('en') with kg's entity ruler only: dictionary rules without a model."""
    from kg.nlp import add_actor_ruler

    nlp = spacy.blank("en")
    add_actor_ruler(nlp)
    return nlp


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build seeds/ once with the real model; returns the output folder."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-out")
    build([SEEDS], out, formats=("trig", "nq", "nt", "jsonld", "graphml"))
    return out


@pytest.fixture(scope="session")
def seeds_graph(seeds_build: Path):
    from kg.query import load_graph

    return load_graph(seeds_build / "graph.ttl")


@pytest.fixture
def onto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ontology/ that kg is pointed at (KG_ONTOLOGY), to edit in a test."""
    copy = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", copy)
    monkeypatch.setenv("KG_ONTOLOGY", str(copy))
    return copy
