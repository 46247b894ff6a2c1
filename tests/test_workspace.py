"""kg.workspace: extraction records survive JSON unchanged; the store folder adds and forgets."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kg.errors import InputError, KGError
from kg.models import Extraction
from kg.workspace import FORMAT_VERSION, Workspace, from_json, to_json

from .records import article, corpus, extraction_a, extraction_b


@pytest.mark.parametrize("ex", corpus(), ids=["a", "b"])
def test_json_round_trip_equals_the_original(ex: Extraction) -> None:
    back = from_json(to_json(ex))
    assert back == ex
    assert isinstance(back.events[0].agents, tuple) and isinstance(back.acronyms, tuple)
    assert hash(back) == hash(ex)  # frozen records with tuples, not lists, inside


def test_round_trip_keeps_non_ascii_text_and_empty_parts() -> None:
    art = replace(article("c"), title="Asa’ib Ahl al-Haq — بيان", publisher=None, date=None)
    ex = Extraction(article=art, mentions=(), relations=(), events=())
    text = to_json(ex)
    assert "Asa’ib" in text and "بيان" in text  # written as text, not \\u escapes
    assert from_json(text) == ex


def test_a_changed_record_is_not_equal() -> None:
    """Control for the round trip: equality does look inside the records."""
    ex = extraction_a()
    data = json.loads(to_json(ex))
    data["events"][0]["agents"][0]["text"] = "USA"
    assert from_json(json.dumps(data)) != ex


@pytest.mark.parametrize("version", [FORMAT_VERSION + 1, 0, None])
def test_record_of_another_version_is_refused(version: int | None) -> None:
    data = json.loads(to_json(extraction_a()))
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    with pytest.raises(KGError, match="another kg version"):
        from_json(json.dumps(data))


def test_save_load_known(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "store")
    assert ws.load_all() == [] and ws.known() == {}
    ws.save([extraction_b(), extraction_a()])
    assert sorted(p.name for p in ws.articles.iterdir()) == ["a.json", "b.json"]  # no .tmp
    assert ws.load_all() == [extraction_a(), extraction_b()]  # in id order
    assert ws.known() == {"a": article("a").sha256, "b": article("b").sha256}
    assert ws.store_path == tmp_path / "store" / "oxigraph"


def test_save_replaces_an_articles_record(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.save([extraction_a()])
    changed = replace(extraction_a(), article=replace(article("a"), sha256="f" * 64))
    ws.save([changed])
    assert ws.load_all() == [changed] and ws.known() == {"a": "f" * 64}


def test_a_record_is_found_by_id_and_by_file_name(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.save(corpus())
    assert ws.record("a") == ws.articles / "a.json"
    assert ws.record("some/folder/b.txt") == ws.articles / "b.json"
    assert set(ws.known()) == {"a", "b"}  # finding a record removes nothing


def test_removing_an_unknown_article_lists_what_the_store_holds(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.save(corpus())
    with pytest.raises(InputError, match="'nope'.*holds: a, b"):
        ws.record("nope")
    assert set(ws.known()) == {"a", "b"}  # nothing was removed
    empty = Workspace(tmp_path / "empty")
    with pytest.raises(InputError, match="holds: none"):
        empty.record("a")


def test_remove_never_reaches_outside_the_store(tmp_path: Path) -> None:
    outside = tmp_path / "precious.json"
    outside.write_text("{}", encoding="utf-8")
    ws = Workspace(tmp_path / "store")
    ws.articles.mkdir(parents=True)
    with pytest.raises(InputError):
        ws.record("../../precious")
    assert outside.exists()
