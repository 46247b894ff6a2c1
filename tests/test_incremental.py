"""A store that grows and shrinks article by article equals a build of the same articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.pipeline import build, remove
from kg.query import load_graph

pytestmark = pytest.mark.model
SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
PFX = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seeds, then the other two, into one store: the two are parsed in a worker
    process while the store's three records are read."""
    root = tmp_path_factory.mktemp("grown")
    build(SEEDS[:3], root / "out", store=root / "store")
    seen: list[tuple[int, int]] = []
    report = build(
        SEEDS[3:], root / "out", store=root / "store", workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert report.parsed == 2 and report.articles == 5 and seen[-1] == (2, 2)
    assert report.updated  # the files of the three, updated in place
    return root


def test_adding_articles_equals_building_all_at_once(
    grown: Path, seeds_build: Path, tmp_path: Path
) -> None:
    build(SEEDS, tmp_path)
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (grown / "out" / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_files_changed_since_are_written_whole(grown: Path, tmp_path: Path) -> None:
    """An output file edited by hand, or one the last build did not write, is not
    spliced: the build writes every file whole, and they equal a fresh build's."""
    out, store = tmp_path / "out", tmp_path / "store"
    build(SEEDS[:4], out, store=store)
    ttl = out / "graph.ttl"
    ttl.write_bytes(ttl.read_bytes().replace(b"Kataib", b"Kata'ib"))
    report = build(SEEDS[4:], out, store=store)
    assert not report.updated
    assert ttl.read_bytes() == (grown / "out" / "graph.ttl").read_bytes()
    assert not build(SEEDS, out, store=store, formats=("trig", "nt")).updated  # N-Triples
    again = build(SEEDS, out, store=store)
    assert again.updated and again.graphs_written == 0 and again.parsed == 0


def test_unchanged_articles_are_not_parsed_again(grown: Path, tmp_path: Path) -> None:
    report = build(SEEDS, tmp_path, store=grown / "store")
    assert report.parsed == 0 and report.articles == 5


def count(g: Graph, body: str) -> int:
    return int(next(iter(g.query(PFX + f"SELECT (COUNT(*) AS ?n) WHERE {{ {body} }}")))[0])


def test_removing_an_article_retracts_only_what_it_alone_supported(
    grown: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build(SEEDS, tmp_path / "out", store=store)
    before = load_graph(tmp_path / "out" / "graph.ttl", with_ontology=False)
    doc_id, report = remove(SEEDS[4].stem, store, tmp_path / "out")
    assert doc_id == SEEDS[4].stem and report.articles == 4
    after = load_graph(tmp_path / "out" / "graph.ttl", with_ontology=False)
    rubaie = '?p rdfs:label "Mahmoud al-Rubaie"'
    assert count(before, rubaie) == 1 and count(after, rubaie) == 0  # only article 004 names him
    killing = '?e a kg:Killing ; kg:target/rdfs:label "Qassem Soleimani" ; kg:sourceCount ?n'
    n = lambda g: int(next(iter(g.query(PFX + f"SELECT ?n WHERE {{ {killing} }}")))[0])  # noqa: E731
    assert (n(before), n(after)) == (3, 2)  # still told by 001 and 003
    fresh = tmp_path / "fresh"
    build(SEEDS[:4], fresh)
    assert (tmp_path / "out" / "graph.trig").read_bytes() == (fresh / "graph.trig").read_bytes()


def test_remove_unknown_article_is_a_one_line_error(grown: Path) -> None:
    result = CliRunner().invoke(
        main, ["remove", "nope", "--store", str(grown / "store"), "-o", str(grown / "out")]
    )
    assert result.exit_code == 1 and "not in the store" in result.output
    assert len(result.output.strip().splitlines()) == 1
