"""kg.facts: the union as the view reads it, objects kept once each in the order given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.facts import Facts, Iri, facts_of
from kg.store import GraphStore

EX = "https://example.org/"
names = st.sampled_from(["a", "b", "c"])
triples = st.lists(st.tuples(names, names, st.sampled_from(["a", "b", "c", "x", "y"])))


@given(triples)
def test_added_objects_are_kept_once_in_order(ts: list[tuple[str, str, str]]) -> None:
    """Single objects are stored compactly and several as an ordered set: read back, each
    subject's objects under a predicate are those given, once each, first-seen first."""
    facts = Facts()
    for s, p, o in ts:
        facts.add(s, p, o)
    for s, p in {(s, p) for s, p, _ in ts}:
        expected = list(dict.fromkeys(o for s2, p2, o in ts if (s2, p2) == (s, p)))
        assert facts.objects(s, p) == expected
        assert all(o in facts.about(s)[p] for o in expected)
        assert facts.value(s, p) == expected[0]
        assert facts.least(s, p) == min(expected)
    assert facts.objects("nobody", "a") == []


@given(st.lists(st.tuples(names, names, names, st.integers(0, 2))))
def test_a_store_scan_has_each_triple_of_the_union_once(quads: list) -> None:
    """The scan of a store (its graphs one after another) holds every triple of the union
    once, whichever graphs told it, with IRIs as `Iri` and literals as plain text."""
    lines = [f'<{EX}{s}> <{EX}{p}> "{o}" <{EX}g{g}> .\n' for s, p, o, g in quads]
    lines += [f"<{EX}{s}> <{EX}{p}> <{EX}{o}> <{EX}g{g}> .\n" for s, p, o, g in quads]
    store = GraphStore()
    store.replace(lines)
    facts = facts_of(store.union())
    union = {(EX + s, EX + p, o) for s, p, o, _ in quads}
    union |= {(EX + s, EX + p, Iri(EX + o)) for s, p, o, _ in quads}
    found = [(s, p, o) for s, props in facts.by_subject.items() for p in props
             for o in facts.objects(s, p)]  # fmt: skip
    assert sorted(found) == sorted(union)
    assert {type(o) for _, _, o in found} <= {str, Iri}
    assert all(isinstance(o, Iri) == o.startswith(EX) for _, _, o in found)
