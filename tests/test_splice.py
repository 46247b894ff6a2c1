"""Files updated in place equal files written whole: graph.ttl and graph.trig spliced from
what a store patch changed (`kg.splice`), the view's units redrawn (`kg.viewcache`).

Article graphs are drawn at random from a small catalogue of facts that share subjects
across graphs (an entity named by many articles, a place inside a place inside a place,
events whose agents' labels change, assertions whose support moves), so that adding and
removing graphs exercises every dependency the module notes of `kg.viewcache` name."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.facts import facts_of
from kg.graph import PREFIXES
from kg.splice import merge, splice_trig, splice_turtle
from kg.store import GraphStore
from kg.view import assemble, units_of, view_data
from kg.viewcache import redraw, touched

KG = "https://w3id.org/kg-news/ontology#"
ID = "https://w3id.org/kg-news/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PFX = {p: str(ns) for p, ns in PREFIXES.items()}


def t(s: str, p: str, o: str) -> str:
    """A triple in N-Triples form; `o` an IRI when it starts with `<`, else a literal."""
    obj = o if o.startswith("<") else f'"{o}"'
    return f"<{ID}{s}> <{p}> {obj}"


def catalogue() -> list[list[str]]:
    """Facts an article may state, each a group of triples stated together."""
    e = [("person/ana", "Person"), ("group/front", "Group"), ("place/town", "Place"),
         ("place/region", "Place"), ("place/land", "Place"), ("group/army", "Group")]  # fmt: skip
    facts = [[t(x, RDF_TYPE, f"<{KG}{c}>"), t(x, LABEL, x.split("/")[1])] for x, c in e]
    facts += [[t(x, LABEL, x.split("/")[1].upper())] for x, _ in e]  # a second spelling
    facts += [
        [t("place/town", f"{KG}locatedIn", f"<{ID}place/region>")],
        [t("place/region", f"{KG}locatedIn", f"<{ID}place/land>")],
        [t("place/land", f"{GEO}lat", "15.5"), t("place/land", f"{GEO}long", "32.5")],
        [t("person/ana", f"{KG}memberOf", f"<{ID}group/front>")],
        [t("assertion/a1", RDF_TYPE, f"<{KG}RelationAssertion>"),
         t("assertion/a1", f"{KG}assertedSubject", f"<{ID}person/ana>"),
         t("assertion/a1", f"{KG}assertedProperty", f"<{KG}memberOf>"),
         t("assertion/a1", f"{KG}assertedObject", f"<{ID}group/front>"),
         t("assertion/a1", f"{KG}evidence", "Ana joined the Front.")],
        [t("event/e1", RDF_TYPE, f"<{KG}Attack>"),
         t("event/e1", f"{KG}agent", f"<{ID}group/front>"),
         t("event/e1", f"{KG}target", f"<{ID}group/army>"),
         t("event/e1", f"{KG}place", f"<{ID}place/town>"),
         t("event/e1", f"{KG}evidence", "The Front attacked the army.")],
        [t("event/e2", RDF_TYPE, f"<{KG}Protest>"),
         t("event/e2", f"{KG}agent", f"<{ID}person/ana>")],
    ]  # fmt: skip
    return facts


FACTS = catalogue()


def article(n: int, chosen: list[int]) -> str:
    """One article's graph: its document, the chosen facts and the mentions they make."""
    doc, g = f"doc/d{n}", f"<{ID}doc/d{n}>"
    lines = [t(doc, RDF_TYPE, f"<{KG}Document>"), t(doc, LABEL, f"Article {n}")]
    for i in chosen:
        lines += FACTS[i]
        for line in FACTS[i]:
            s = line.split(" ", 1)[0]
            if "/event/" in s or "/assertion/" in s:
                lines.append(f"{s} <{DERIVED}> <{ID}{doc}>")
            else:
                lines.append(f"<{ID}{doc}> <{KG}mentions> {s}")
    return "".join(f"{line} {g} .\n" for line in dict.fromkeys(lines))


def corpus(articles: dict[int, list[int]]) -> str:
    """The corpus graph: how many articles state each event and assertion."""
    counts: dict[str, int] = {}
    for chosen in articles.values():
        for s in {FACTS[i][0].split(" ", 1)[0] for i in chosen}:
            if "/event/" in s or "/assertion/" in s:
                counts[s] = counts.get(s, 0) + 1
    g = f"<{ID}corpus>"
    return "".join(f'{s} <{KG}sourceCount> "{n}" {g} .\n' for s, n in sorted(counts.items()))


def lines_of(articles: dict[int, list[int]]) -> list[str]:
    return [article(n, c) for n, c in articles.items()] + [corpus(articles)]


def whole(store: GraphStore) -> tuple[bytes, bytes, dict]:
    data = view_data(facts_of(store.union()))
    return store.serialize("ttl", prefixes=PFX), store.serialize("trig", prefixes=PFX), data


facts_st = st.lists(st.integers(0, len(FACTS) - 1), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.dictionaries(st.integers(0, 5), facts_st, min_size=1, max_size=4),
    added=st.none() | facts_st,
    pick=st.integers(0, 3),
)
def test_updated_files_equal_files_written_whole(
    before: dict, added: list[int] | None, pick: int
) -> None:
    """One article added to, or removed from, a few: as a store grows and shrinks."""
    after = dict(before)
    if added is None:
        del after[sorted(before)[pick % len(before)]]
    else:
        after[9] = added
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(Path(tmp) / "oxigraph")
        store.replace(lines_of(before), meta={})
        ttl, trig, _ = whole(store)
        units = units_of(facts_of(store.union()))
        changed = [f"{ID}doc/d{n}" for n in sorted(before.keys() | after.keys())]
        delta = store.patch([*changed, f"{ID}corpus"], lines_of(after), meta={})
        assert delta is not None
        want_ttl, want_trig, want_view = whole(store)
        # a file left empty is written whole (see the test below)
        assert splice_turtle(ttl, store, delta.subjects(), PFX) == (want_ttl or None)
        assert splice_trig(trig, store, delta.graphs, PFX) == (want_trig or None)
        redraw(units, touched(delta, store.store), store.store)
        assert assemble(units) == want_view
        store.store.flush()
        del store


def test_merge_replaces_inserts_and_drops_blocks_in_order() -> None:
    text = b"@prefix a: <x> .\n<a> 1\n\tmore\n<c> 3\n<e> 5\n"
    new = {b"<a>": b"", b"<b>": b"<b> 2\n", b"<e>": b"<e> 55\n", b"<f>": b"<f> 6\n"}
    assert merge(text, b"<", new) == b"@prefix a: <x> .\n<b> 2\n<c> 3\n<e> 55\n<f> 6\n"


def test_subjects_written_as_prefixed_names_are_not_spliced(tmp_path: Path) -> None:
    """Under a base IRI in a prefix's namespace, subjects are written as prefixed names:
    their blocks cannot be found again, and the files are written whole."""
    store = GraphStore(tmp_path / "oxigraph")
    wd = PFX["wd"]
    store.replace([f'<{wd}Q1> <{LABEL}> "one" <{wd}g> .\n'], meta={})
    old = {fmt: store.serialize(fmt, prefixes=PFX) for fmt in ("ttl", "trig")}
    assert old["ttl"].splitlines()[-1].startswith(b"wd:Q1 ")
    delta = store.patch([f"{wd}g"], [f'<{wd}Q1> <{LABEL}> "two" <{wd}g> .\n'], meta={})
    assert delta is not None
    assert splice_turtle(old["ttl"], store, delta.subjects(), PFX) is None
    assert splice_trig(old["trig"], store, delta.graphs, PFX) is None


@pytest.mark.parametrize("n", [1, 2, 3, 50])
def test_merge_finds_blocks_by_bisection_in_files_of_any_length(n: int) -> None:
    keys = [f"<k{i:03d}>".encode() for i in range(0, 2 * n, 2)]  # even keys present
    text = b"@prefix x: <y> .\n" + b"".join(k + b" a\n\tb\n" for k in keys)
    new = {f"<k{i:03d}>".encode(): f"<k{i:03d}> new\n".encode() for i in range(-1, 2 * n + 1)}
    want = b"@prefix x: <y> .\n" + b"".join(new[k] for k in sorted(new))
    assert merge(text, b"<", new) == want
    assert merge(text, b"<", dict.fromkeys(keys, b"")) == b"@prefix x: <y> .\n"


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_an_empty_graph_is_written_whole(tmp_path: Path, fmt: str) -> None:
    """Oxigraph writes no @prefix lines for an empty graph: a file that is or becomes
    empty is left to be written whole."""
    store = GraphStore(tmp_path / "oxigraph")
    store.replace([], meta={})
    splice = splice_turtle if fmt == "ttl" else splice_trig
    for lines in (lines_of({0: [0, 7]}), []):  # from empty, then back to empty
        old = store.serialize(fmt, prefixes=PFX)
        delta = store.patch([f"{ID}doc/d0", f"{ID}corpus"], lines, meta={})
        assert delta is not None
        arg = delta.subjects() if fmt == "ttl" else delta.graphs
        assert splice(old, store, arg, PFX) is None  # type: ignore[arg-type]
