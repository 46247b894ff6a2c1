"""Shared fixtures: a model-free pipeline for rule tests, and one real build of seeds/."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


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
