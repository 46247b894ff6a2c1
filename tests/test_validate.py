"""SHACL shapes on small graphs written for the test (no model)."""

from __future__ import annotations

from pathlib import Path

from kg.validate import validate_graph

HEAD = """@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://x.org/doc/a> a kg:Document ; rdfs:label "A" ; kg:sourceFile "a.txt" ;
  kg:contentHash "0000000000000000000000000000000000000000000000000000000000000000" .
<https://x.org/group/jnim> a kg:Group ; rdfs:label "JNIM" .
"""


def test_an_actor_is_named_by_an_article_stated_from_the_article(tmp_path: Path) -> None:
    named = tmp_path / "named.ttl"
    named.write_text(HEAD + "<https://x.org/doc/a> kg:mentions <https://x.org/group/jnim> .\n")
    assert validate_graph(named).conforms
    unnamed = tmp_path / "unnamed.ttl"
    unnamed.write_text(HEAD)
    report = validate_graph(unnamed)
    assert not report.conforms and "kg:mentions" in report.text
