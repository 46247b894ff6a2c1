"""kg.pipeline without a model: assembling records, the report, removal, and option checks."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rdflib import RDF

from kg import workers
from kg.errors import ConfigError, InputError
from kg.ingest import read_article
from kg.models import Extraction
from kg.pipeline import assemble, collect, remove
from kg.schema import ENTITY_CLASSES, schema
from kg.store import GraphStore
from kg.vocab import KG, class_iri
from kg.workspace import Workspace

from .records import BASE, article, corpus, extraction_a, extraction_b, mention


def nquads(store: GraphStore) -> list[bytes]:
    return sorted(store.serialize("nq").splitlines())


def extraction_c() -> Extraction:
    brigade = mention("c", "Northern Shield Brigade", "Group", 0)
    return Extraction(article=article("c"), mentions=(brigade,), relations=(), events=())


@pytest.fixture(autouse=True)
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests never parse: a call to spaCy would fail loudly."""

    def refuse(*_: object) -> list[Extraction]:
        raise AssertionError("the model-free path tried to parse")

    monkeypatch.setattr(workers, "extract_articles", refuse)
    monkeypatch.setattr(workers, "extract_meanwhile", refuse)


def test_assemble_is_independent_of_record_order() -> None:
    records = [extraction_a(), extraction_b(), extraction_c()]
    orders = itertools.permutations(records)
    results = {tuple(nquads(assemble(list(p), base_iri=BASE)[0])) for p in orders}
    assert len(results) == 1
    (only,) = results
    assert any(b"/doc/c>" in line for line in only)
    # control: a different set of articles gives a different graph
    assert tuple(nquads(assemble(records[:2], base_iri=BASE)[0])) != only


def test_report_counts_agree_with_the_dataset() -> None:
    store, report = assemble(corpus(), base_iri=BASE)
    union = store.rdflib_graph()

    def typed(classes: Iterable[str]) -> set:
        return {s for c in classes for s in union.subjects(RDF.type, class_iri(c))}

    assert report.articles == 2 == len(set(union.subjects(RDF.type, KG.Document)))
    assert report.entities == 5 == len(typed(ENTITY_CLASSES))
    assert report.events == 3 == len(typed(schema().events))
    assert report.relations == 1 == len(set(union.subjects(RDF.type, KG.RelationAssertion)))
    assert report.triples == len(union) == len(store.sorted_triples())
    assert (report.parsed, report.written, report.skipped) == (0, [], [])


def test_assemble_uses_the_base_iri() -> None:
    store, _ = assemble([extraction_a()], base_iri="https://other.example/kg")
    names = {q.graph_name.value for q in store.graph_quads()}
    assert names == {"https://other.example/kg/doc/a", "https://other.example/kg/corpus"}


def test_remove_rewrites_outputs_without_the_article(tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    Workspace(store).save([extraction_a(), extraction_b(), extraction_c()])
    doc_id, report = remove("c", store, out, base_iri=BASE, formats=("trig", "nq"))
    assert doc_id == "c" and report.articles == 2 and Workspace(store).known().keys() == {"a", "b"}
    names = sorted(p.name for p in report.written)
    assert names == ["graph.html", "graph.nq", "graph.trig", "graph.ttl"]
    expected = nquads(assemble([extraction_a(), extraction_b()], base_iri=BASE)[0])
    assert sorted((out / "graph.nq").read_bytes().splitlines()) == expected
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert f"<{BASE}doc/a>" in ttl and f"<{BASE}doc/c>" not in ttl
    # removing "b" next drops Iraq, which only "b" named; the shared brigade stays
    remove("b.txt", store, out, base_iri=BASE)
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Iraq" not in ttl and "Northern Shield Brigade" in ttl and f"{BASE}doc/b>" not in ttl


def test_remove_unknown_article_changes_nothing(tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    Workspace(store).save(corpus())
    with pytest.raises(InputError, match="holds: a, b"):
        remove("zzz", store, out, base_iri=BASE)
    assert not out.exists() and set(Workspace(store).known()) == {"a", "b"}


def test_bad_base_iri_is_refused_before_reading(tmp_path: Path) -> None:
    read: list[str] = []

    def inputs() -> Iterator[Path]:
        read.append("read")
        yield tmp_path / "missing.txt"

    with pytest.raises(ConfigError, match="no scheme"):
        collect(inputs(), base_iri="no-scheme/base")
    assert read == []
    # control: with a good base IRI the same inputs are read (and found missing)
    with pytest.raises(InputError):
        collect(inputs(), base_iri=BASE)
    assert read == ["read"]


def test_a_build_from_a_store_holding_every_article_parses_nothing(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Title of a\n\nKarim Nadir leads the Northern Shield Brigade.\n", "utf-8")
    held = Extraction(article=read_article(src), mentions=(), relations=(), events=())
    ws = Workspace(tmp_path / "store")
    ws.save([held, extraction_b()])
    records, first = collect([src], base_iri=BASE, workspace=ws)
    store, report = assemble(records, base_iri=BASE)
    assert (first.parsed, report.articles) == (0, 2)
    names = {q.graph_name.value for q in store.graph_quads()}
    assert names == {f"{BASE}doc/a", f"{BASE}doc/b", f"{BASE}corpus"}


def _store_quads(ws: Workspace) -> list[bytes]:
    return nquads(GraphStore(ws.store_path))


def test_a_store_writes_only_the_article_graphs_that_changed(tmp_path: Path) -> None:
    """Adding and removing records rewrites only the graphs whose N-Quads changed, into a
    copy of the previous database; each result equals a fresh store of the same records."""
    from kg.pipeline import store_graph

    def fresh(records: list[Extraction], name: str) -> list[bytes]:
        ws = Workspace(tmp_path / name)
        ws.save(records)
        store_graph(records, ws, base_iri=BASE, files=False)
        return _store_quads(ws)

    def step(records: list[Extraction]) -> tuple[int, set[str]]:
        before = (GraphStore(ws.store_path).meta() or {}).get("graphs", {})
        _, report = store_graph(records, ws, base_iri=BASE, files=False)
        after = GraphStore(ws.store_path).meta()["graphs"]
        assert report.triples == GraphStore(ws.store_path).triple_count()  # counted, not kept
        changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
        return report.graphs_written, {g.removeprefix(BASE) for g in changed}

    ws = Workspace(tmp_path / "grown")
    ws.save([extraction_a()])
    assert step([extraction_a()]) == (2, {"doc/a", "corpus"})
    assert ws.store_path.resolve().name == "oxigraph.1"
    # c names the brigade only: a's graph and the corpus's (counts) are unchanged
    assert step([extraction_a(), extraction_c()]) == (1, {"doc/c"})
    assert ws.store_path.resolve().name == "oxigraph.2"
    assert _store_quads(ws) == fresh([extraction_a(), extraction_c()], "ac")
    # b reports a's killing again: the source counts change (corpus graph), and a's graph
    # too, since b adds a trigger of that killing and a rule of the shared assertion
    records = [extraction_a(), extraction_b(), extraction_c()]
    assert step(records) == (3, {"doc/a", "doc/b", "corpus"})
    assert _store_quads(ws) == fresh(records, "abc")
    # removing b: its graph is dropped, a's and the counts go back
    assert step([extraction_a(), extraction_c()]) == (2, {"doc/a", "doc/b", "corpus"})
    assert _store_quads(ws) == fresh([extraction_a(), extraction_c()], "ac2")
    assert b"/doc/b>" not in b"".join(_store_quads(ws))


def test_a_store_under_another_base_iri_is_rewritten_whole(tmp_path: Path) -> None:
    from kg.pipeline import store_graph

    ws = Workspace(tmp_path / "store")
    ws.save([extraction_a(), extraction_c()])
    store_graph([extraction_a(), extraction_c()], ws, base_iri=BASE, files=False)
    other = "https://other.example/kg/"
    _, report = store_graph([extraction_a(), extraction_c()], ws, base_iri=other, files=False)
    assert report.graphs_written == 3  # a, c and the corpus graph
    assert all(b"https://example.org/kg/" not in q for q in _store_quads(ws))


def test_a_store_served_writable_is_rewritten_whole_by_its_next_build(tmp_path: Path) -> None:
    """Updates through `kg serve --store --writable` change the database behind the build's
    digests, so the next build must not trust them."""
    import socket

    from kg.pipeline import store_graph
    from kg.server import start_server

    ws = Workspace(tmp_path / "store")
    records = [extraction_a(), extraction_c()]
    ws.save(records)
    store_graph(records, ws, base_iri=BASE, files=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start_server(store=ws.root, port=port).stop()  # read-only: the digests hold
    assert store_graph(records, ws, base_iri=BASE, files=False)[1].graphs_written == 0
    start_server(store=ws.root, port=port, writable=True).stop()
    assert store_graph(records, ws, base_iri=BASE, files=False)[1].graphs_written == 3
