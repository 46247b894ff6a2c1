"""The command line: exit codes, one-line errors, outputs (CliRunner, tmp_path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ARTICLE = (
    "Rebels vow to fight on\n\nKataib Hezbollah spokesman Abu Ali al-Askari said on "
    "Tuesday that US forces must leave Iraq.\n"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    return lines[0]


def test_missing_path(tmp_path: Path) -> None:
    msg = one_line_error(run("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")))
    assert "does not exist" in msg and "nope" in msg


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    msg = one_line_error(run("build", str(tmp_path / "empty"), "-o", str(tmp_path / "o")))
    assert "no .txt, .md or .html articles" in msg


def test_only_bad_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01")
    msg = one_line_error(run("build", str(tmp_path / "in"), "-o", str(tmp_path / "o")))
    assert "binary" in msg


def test_missing_model(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    msg = one_line_error(
        run(
            "build",
            str(tmp_path / "a.txt"),
            "-o",
            str(tmp_path / "o"),
            "--model",
            "xx_no_such_model",
        )
    )
    assert "xx_no_such_model" in msg and "--model" in msg


def test_bad_usage_is_exit_2() -> None:
    assert run("build").exit_code == 2
    assert run("query", "only-one-arg").exit_code == 2


@pytest.mark.model
def test_bad_file_skipped_rest_builds(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "bad.txt").write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert f"skipped: {src / 'bad.txt'}: a binary file" in result.output
    assert (tmp_path / "o" / "graph.ttl").is_file() and (tmp_path / "o" / "graph.html").is_file()


@pytest.mark.model
def test_failed_build_keeps_previous_outputs(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "o"
    assert run("build", str(tmp_path / "a.txt"), "-o", str(out)).exit_code == 0
    before = (out / "graph.ttl").read_bytes()

    def boom(*_a, **_k):  # the page fails half written
        yield "<!doctype html><html>"
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("kg.outputs.page_parts", boom)
    with pytest.raises(RuntimeError):
        run("build", str(tmp_path / "a.txt"), "-o", str(out))
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.trig", "graph.ttl"]


@pytest.mark.model
def test_query_errors(seeds_build: Path) -> None:
    ttl = str(seeds_build / "graph.ttl")
    msg = one_line_error(run("query", ttl, "SELEKT ?x WHERE {}"))
    assert "invalid SPARQL" in msg
    msg = one_line_error(run("query", "missing.ttl", "SELECT * WHERE {?s ?p ?o}"))
    assert "does not exist" in msg
    msg = one_line_error(run("query", ttl, "missing.rq"))
    assert "missing.rq" in msg


@pytest.mark.model
def test_query_formats(seeds_build: Path, tmp_path: Path) -> None:
    ttl = str(seeds_build / "graph.ttl")
    q = (
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: "
        "<http://www.w3.org/2000/01/rdf-schema#> SELECT ?name WHERE { ?p a kg:Person ; "
        "rdfs:label ?name } ORDER BY ?name"
    )
    table = run("query", ttl, q)
    assert table.exit_code == 0 and "Qassem Soleimani" in table.output
    assert table.output.strip().endswith("rows)")
    csv_out = run("query", ttl, q, "--format", "csv").output.splitlines()
    assert csv_out[0] == "name" and "Qassem Soleimani" in csv_out
    data = json.loads(run("query", ttl, q, "--format", "json").output)  # W3C SPARQL JSON
    assert data["head"]["vars"] == ["name"]
    assert {"name": {"type": "literal", "value": "Qassem Soleimani"}} in data["results"]["bindings"]
    rq = tmp_path / "ask.sparql"  # a query file of any extension
    rq.write_text("ASK { ?s a kg:Person }", encoding="utf-8")  # kg: is predeclared
    assert run("query", ttl, str(rq)).output.strip() == "yes"
    piped = CliRunner().invoke(main, ["query", ttl, "-", "--format", "tsv"], input=q)
    assert piped.exit_code == 0 and piped.output.splitlines()[0] == "?name"
    assert '"Qassem Soleimani"' in piped.output.splitlines()


@pytest.mark.model
def test_validate(seeds_build: Path, tmp_path: Path) -> None:
    ok = run("validate", str(seeds_build / "graph.ttl"))
    assert ok.exit_code == 0 and "conforms" in ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n<urn:x> a kg:Killing .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "does not conform" in result.output


@pytest.mark.model
def test_query_named_graphs_of_trig(seeds_build: Path) -> None:
    rq = str(Path(__file__).parent.parent / "examples" / "sources.rq")
    result = run("query", str(seeds_build / "graph.trig"), rq, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Mahmoud al-Rubaie,Asa'ib Ahl al-Haq," in result.output


@pytest.mark.model
def test_evaluate(seeds_build: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "entities:\n"
        '  - {id: aah, type: Group, name: "Asa\'ib Ahl al-Haq", aliases: []}\n'
        "  - {id: rubaie, type: Person, name: Mahmoud al-Rubaie, aliases: []}\n"
        "  - {id: nobody, type: Person, name: Nobody Atall, aliases: []}\n"
        "relations:\n  - [rubaie, spokespersonOf, aah, '004']\n"
        "events:\n  - {id: e1, type: Statement, agent: [rubaie]}\n",
        encoding="utf-8",
    )
    result = run("evaluate", str(seeds_build / "graph.ttl"), str(gold), "--json")
    figures = json.loads(result.output)
    assert figures["entities_r"] == pytest.approx(2 / 3, abs=1e-3)
    assert figures["relations_r"] == 1.0 and figures["events_r"] == 1.0
    text = run("evaluate", str(seeds_build / "graph.ttl"), str(gold), "-v").output
    assert "missed: nobody" in text


@pytest.mark.model
def test_build_writes_entity_views_on_request(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--view", "KH"]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "o" / "view-kataib-hezbollah.html").read_text(encoding="utf-8")
    assert "Abu Ali al-Askari" in page


def test_base_iri_without_scheme_is_one_line(tmp_path: Path) -> None:
    """Refused before any article is read or model loaded: exit 1, one line, no traceback."""
    msg = one_line_error(run("build", "seeds", "-o", str(tmp_path / "o"), "--base-iri", "notaniri"))
    assert "'notaniri'" in msg and "no scheme" in msg
    assert not (tmp_path / "o").exists()
