"""Rule files load into typed records; a malformed one stops kg with one line naming the
file, the entry and what is wrong (exit 1, no traceback), before any model is loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import rulefile
from kg.cli import main
from kg.errors import RuleError
from kg.rules import TriggerOptions, confidence_table, grammar, lexicon, roles

ARTICLE = "Headline\n\nRebels attacked the town of Kidal on Monday.\n"


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, "the edit did not apply"
    path.write_text(new, encoding="utf-8")


def build_error(tmp_path: Path) -> str:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_the_shipped_rules_load() -> None:
    """Positive control for the cases below: the real files load and are typed."""
    lex = lexicon()
    assert lex.verbs["attack"][0].cls == "Attack" and lex.verbs["kill"][0].cameo == "18"
    assert isinstance(lex.verbs["fire"][0].options, TriggerOptions)
    assert "rocket" in lex.verbs["fire"][0].options.needs
    assert "against" in lex.verbs["attack"][0].target_preps  # the grammar's, for every class
    # one word, several classes: the constrained reading first, the plain one as fallback
    assert [t.cls for t in lex.verbs["declare"]] == ["Ceasefire", "Emergency", "Statement"]
    assert lex.classes["Killing"].once_per_victim and not lex.classes["Attack"].once_per_victim
    assert "on" in lex.classes["Demand"].target_prep
    assert "militia" in grammar().group_nouns and "nsubj" in grammar().subject_deps
    assert roles().phrases["spokesman"] == "spokespersonOf"
    assert confidence_table().event_prior("Killing") == 0.75


def test_unknown_option(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/triggers.yaml", lambda t: t.replace("strike: {}", "strike: {needz: [x]}"))
    msg = build_error(tmp_path)
    assert "triggers.yaml" in msg and "Attack.verbs.strike" in msg
    assert "unknown option 'needz'" in msg


def test_wrong_type(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/confidence.yaml", lambda t: t.replace("Attack: 0.7", "Attack: high"))
    msg = build_error(tmp_path)
    assert "confidence.yaml" in msg and "event_classes.Attack" in msg and "number" in msg


def test_wrong_type_flag(onto: Path, tmp_path: Path) -> None:
    edit(
        onto / "lexicon/triggers.yaml",
        lambda t: t.replace("hit: {needs_target: true}", "hit: {needs_target: maybe}"),
    )
    msg = build_error(tmp_path)
    assert "Attack.verbs.hit.needs_target" in msg and "true or false" in msg


def test_class_the_ontology_lacks(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/triggers.yaml", lambda t: t + "\nKapture:\n  verbs:\n    capture: {}\n")
    msg = build_error(tmp_path)
    assert "triggers.yaml" in msg and "'Kapture'" in msg and "kg.ttl" in msg


def test_class_the_ontology_lacks_in_priors(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/confidence.yaml", lambda t: t.replace("  Killing: 0.75", "  Kiling: 0.75"))
    msg = build_error(tmp_path)
    assert "confidence.yaml" in msg and "'Kiling'" in msg


def test_yaml_on_read_as_true(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/triggers.yaml", lambda t: t.replace('["on", "upon"]', "[on, upon]"))
    msg = build_error(tmp_path)
    assert "Demand.target_prep[0]" in msg and "quote" in msg


def test_yaml_on_as_a_key(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/triggers.yaml", lambda t: t.replace("strike: {}", "strike: {on: x}"))
    msg = build_error(tmp_path)
    assert "Attack.verbs.strike" in msg and "quote" in msg


def test_missing_required_list(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/grammar.yaml", lambda t: t.replace("light_verbs:", "light_verbz:"))
    msg = build_error(tmp_path)
    assert "grammar.yaml" in msg and "light_verbz" in msg


def test_actor_entry(onto: Path, tmp_path: Path) -> None:
    edit(onto / "actors.yaml", lambda t: t.replace("Q2429253", "Q2429253, colour: red"))
    msg = build_error(tmp_path)
    assert "actors.yaml" in msg and "groups[" in msg and "unknown option 'colour'" in msg


def test_broken_regular_expression(onto: Path, tmp_path: Path) -> None:
    furniture = onto / "lexicon/furniture.yaml"
    edit(furniture, lambda t: t.replace("'^copyright\\b.*$'", "'^copyright(('"))
    msg = build_error(tmp_path)
    assert "furniture.yaml" in msg and "drop_line[" in msg and "regular expression" in msg


def test_invalid_yaml(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/roles.yaml", lambda t: t.replace("leaderOf:", "leaderOf: [unclosed"))
    msg = build_error(tmp_path)
    assert "roles.yaml" in msg and "not valid YAML" in msg


def test_relation_the_ontology_lacks(onto: Path, tmp_path: Path) -> None:
    edit(onto / "lexicon/roles.yaml", lambda t: t.replace("memberOf:", "allyOf:"))
    msg = build_error(tmp_path)
    assert "roles.yaml" in msg and "allyOf" in msg


def test_each_rule_file_is_read_once(onto: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading and using the rules many times parses each file once per process."""
    reads: list[str] = []
    real = rulefile.parse_yaml

    def counting(text: str) -> object:
        reads.append(text[:40])
        return real(text)

    monkeypatch.setattr(rulefile, "parse_yaml", counting)
    from kg.pipeline import check_rules

    for _ in range(3):
        check_rules()
        lexicon().trigger("Demand")
    files = sorted(p for p in onto.rglob("*.yaml"))
    assert len(reads) == len(files)  # every YAML rule file, each once


def test_error_is_a_kgerror(onto: Path) -> None:
    edit(onto / "lexicon/grammar.yaml", lambda t: t.replace("irrealis:", "irealis:"))
    with pytest.raises(RuleError, match="grammar.yaml"):
        grammar()


def test_duplicate_actor_id(onto: Path, tmp_path: Path) -> None:
    entry = '  - {id: hamas, name: "Hamas Two"}\n'
    edit(onto / "actors.yaml", lambda t: t.replace("groups:\n", "groups:\n" + entry, 1))
    msg = build_error(tmp_path)
    assert "actors.yaml" in msg and "'hamas'" in msg and "unique" in msg
