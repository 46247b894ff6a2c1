"""Bodies whose names begin with a place's: a rebel army named after its region, a
country's own institutions written after its name (kg/extract/spans.py, institutions.yaml)."""

from __future__ import annotations

import pytest

from kg.extract.entities import iter_mentions

from .docs import context, make_doc, relations


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


def test_a_name_after_a_group_s_noun_is_that_group() -> None:
    # "Amadou Diallo, the leader of the opposition party Tekki, was arrested." The NER
    # called the party a person; a lower-case group noun just before it says otherwise,
    # and the noun, followed by a name, points back to no earlier group
    doc = make_doc(
        "Kidal/PROPN/nsubj/1 fell/VERB/ROOT/1 ./PUNCT/punct/1 // "
        "Amadou/PROPN/compound/4 Diallo/PROPN/nsubjpass/15 ,/PUNCT/punct/4 the/DET/det/7 "
        "leader/NOUN/appos/4 of/ADP/prep/7 the/DET/det/12 opposition/NOUN/compound/11 "
        "party/NOUN/compound/12 Tekki/PROPN/pobj/8 ,/PUNCT/punct/4 was/AUX/auxpass/15 "
        "arrested/VERB/ROOT/15",
        ents=[(0, 1, "GPE", ""), (3, 5, "PERSON", ""), (12, 13, "PERSON", "")],
        lemmas={"arrested": "arrest"},
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans][1:] == [
        ("Amadou Diallo", "Person"),
        ("Tekki", "Group"),
    ]
    assert ("Amadou Diallo", "leaderOf", "Tekki") in relations(doc)


def test_a_name_the_ner_missed_after_a_group_s_noun_is_found() -> None:
    # "Fighters of the jihadist group JNIM attacked Djibo."
    doc = make_doc(
        "Fighters/NOUN/nsubj/6 of/ADP/prep/0 the/DET/det/4 jihadist/ADJ/amod/4 "
        "group/NOUN/compound/5 JNIM/PROPN/pobj/1 attacked/VERB/ROOT/6 Djibo/PROPN/dobj/6",
        ents=[(7, 8, "GPE", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [
        ("JNIM", "Group"),
        ("Djibo", "Place"),
    ]
    # a headline's capitals: "Militia Gunmen Killed" names no group "Gunmen"
    headline = make_doc(
        "Militia/PROPN/compound/1 Gunmen/PROPN/ROOT/1 Killed/VERB/acl/1",
    )
    assert context(headline).spans == []


def test_another_name_given_in_the_text_is_an_alias() -> None:
    from kg.extract import iter_aliases

    # "Ahmed Umar, known as Abu Ubaidah, said ..." (the NER took the nickname for a place)
    doc = make_doc(
        "Ahmed/PROPN/compound/1 Umar/PROPN/nsubj/7 ,/PUNCT/punct/1 known/VERB/acl/1 "
        "as/ADP/prep/3 Abu/PROPN/compound/6 Ubaidah/PROPN/pobj/4 said/VERB/ROOT/7",
        ents=[(0, 2, "PERSON", ""), (5, 7, "GPE", "")],
    )
    ctx = context(doc)
    assert [(m.text, m.cls) for _, m in ctx.spans] == [
        ("Ahmed Umar", "Person"),
        ("Abu Ubaidah", "Person"),
    ]
    assert list(iter_aliases(ctx)) == [("Abu Ubaidah", "Ahmed Umar")]
    # "Kasr, known as Tripoli": a place is no one's alias; two dictionary entries are
    # never joined by one
    place = make_doc(
        "Kasr/PROPN/nsubj/5 ,/PUNCT/punct/0 known/VERB/acl/0 as/ADP/prep/2 "
        "Tripoli/PROPN/pobj/3 fell/VERB/ROOT/5",
        ents=[(0, 1, "GPE", ""), (4, 5, "GPE", "tripoli")],
    )
    assert list(iter_aliases(context(place))) == []
    groups = make_doc(
        "Hamas/PROPN/nsubj/4 ,/PUNCT/punct/0 alias/NOUN/appos/0 Hezbollah/PROPN/appos/2 "
        "said/VERB/ROOT/4",
        ents=[(0, 1, "ORG", "hamas"), (3, 4, "ORG", "hezbollah")],
    )
    assert list(iter_aliases(context(groups))) == []
