"""Bodies whose names begin with a place's: a rebel army named after its region, a
country's own institutions written after its name (kg/extract/spans.py, institutions.yaml)."""

from __future__ import annotations

import pytest

from kg.extract.entities import iter_mentions

from .docs import context, make_doc


@pytest.mark.parametrize(
    ("spec", "ents", "found"),
    [
        # "Fighters of the Kayin State Army withdrew": the ruler found the region
        (
            "Fighters/NOUN/nsubj/6 of/ADP/prep/0 the/DET/det/5 Kayin/PROPN/compound/4 "
            "State/PROPN/compound/5 Army/PROPN/pobj/1 withdrew/VERB/ROOT/6",
            [(3, 5, "GPE", "kayin-state")],
            [("Kayin State Army", "Group", None)],
        ),
        # "The Chad Liberation Front attacked Abeche": the country, then the rebels' name
        (
            "The/DET/det/3 Chad/PROPN/compound/3 Liberation/PROPN/compound/3 "
            "Front/PROPN/nsubj/4 attacked/VERB/ROOT/4 Abeche/PROPN/dobj/4",
            [(1, 2, "GPE", "chad"), (5, 6, "GPE", "abeche")],
            [("Chad Liberation Front", "Group", None), ("Abeche", "Place", "abeche")],
        ),
        # "the Niger People's Democratic Movement said": a possessive inside the name
        (
            "the/DET/det/5 Niger/PROPN/compound/5 People/PROPN/poss/5 's/PART/case/2 "
            "Democratic/PROPN/compound/5 Movement/PROPN/nsubj/6 said/VERB/ROOT/6",
            [(1, 2, "GPE", "niger")],
            [("Niger People's Democratic Movement", "Group", None)],
        ),
    ],
)
def test_a_body_named_after_a_place_is_a_group_not_the_place(
    spec: str, ents: list, found: list
) -> None:
    joined = (2,) if "'s/" in spec else ()  # "People's" written as one word
    doc = make_doc(spec, ents=ents, joined=joined)
    assert [(m.text, m.cls, m.actor_id) for _, m in context(doc).spans] == found


@pytest.mark.parametrize(
    ("spec", "ents", "found"),
    [
        # "Chad's Liberation Front": a possessor, not one name
        (
            "Chad/PROPN/poss/3 's/PART/case/0 Liberation/PROPN/compound/3 "
            "Front/PROPN/nsubj/4 attacked/VERB/ROOT/4",
            [(0, 1, "GPE", "chad")],
            ["Chad"],
        ),
        # "Kano Residents Fled": capitals after the city, but no body's head word
        (
            "Kano/PROPN/compound/1 Residents/PROPN/nsubj/2 Fled/VERB/ROOT/2",
            [(0, 1, "GPE", "kano")],
            ["Kano"],
        ),
        # "Benin army" reads as an institution elsewhere; "Benin Rebels" is no one name:
        # 'rebels' names no body of its own
        (
            "Benin/PROPN/compound/1 Rebels/PROPN/nsubj/2 Fled/VERB/ROOT/2",
            [(0, 1, "GPE", "benin")],
            ["Benin"],
        ),
    ],
)
def test_a_place_before_other_capitals_stays_the_place(spec: str, ents: list, found: list) -> None:
    doc = make_doc(spec, ents=ents)
    assert [m.text for _, m in context(doc).spans][:1] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Chad Armed Forces shelled the town.", ("Chad Armed Forces", "chad--armed-forces")),
        ("The Kenya Police Service arrested two men.", ("Kenya Police Service", "kenya--police")),
        ("Ghana army soldiers left.", ("Ghana army", "ghana--armed-forces")),
        ("The Peru government fell.", ("Peru government", "peru--government")),
    ],
)
def test_a_country_s_name_before_an_institution_s_noun_names_the_institution(
    blank_ruler, text: str, expected: tuple
) -> None:
    found = [(m.text, m.actor_id) for _, m in iter_mentions(blank_ruler(text), "t")]
    assert found[0] == expected
    assert expected[1].split("--")[0] not in {m for _, m in found}  # not the country itself
