"""Places inside places, parts of groups and the typing vote, as news from anywhere writes
them; sentences written for these tests, no model."""

from __future__ import annotations

from kg.actors import actor_id_for
from kg.extract.events import iter_events
from kg.extract.places import iter_place_relations
from kg.extract.relations import iter_relations

from .docs import context, make_doc


def _located(doc) -> set[tuple[str, str, str]]:
    return {
        (r.subject.text, r.object.text, r.rule)
        for r in iter_place_relations(context(doc))
        if r.predicate == "locatedIn"
    }


def test_a_town_in_a_region_after_the_place_noun() -> None:
    # "Gunmen raided Bambari town in Ouaka prefecture"
    doc = make_doc(
        "Gunmen/NOUN/nsubj/1 raided/VERB/ROOT/1 Bambari/PROPN/compound/3 town/NOUN/dobj/1 "
        "in/ADP/prep/3 Ouaka/PROPN/compound/6 prefecture/NOUN/pobj/4",
        ents=[(2, 3, "GPE", ""), (5, 6, "GPE", "")],
    )
    assert ("Bambari", "Ouaka", "in-place") in _located(doc)


def test_a_city_lies_in_the_region_the_gazetteer_puts_it_in() -> None:
    # "Shelling hit Nyala, the capital of South Darfur, in Sudan." (no grammar needed: the
    # gazetteer's regions; the region lies in the country)
    doc = make_doc(
        "Shelling/NOUN/nsubj/1 hit/VERB/ROOT/1 Nyala/PROPN/dobj/1 ,/PUNCT/punct/2 "
        "the/DET/det/5 capital/NOUN/appos/2 of/ADP/prep/5 South/PROPN/compound/8 "
        "Darfur/PROPN/pobj/6 in/ADP/prep/1 Sudan/PROPN/pobj/9",
        ents=[(2, 3, "GPE", "nyala"), (7, 9, "GPE", "southern-darfur"), (10, 11, "GPE", "sudan")],
    )
    located = _located(doc)
    assert ("Nyala", "South Darfur", "gazetteer") in located
    assert ("South Darfur", "Sudan", "gazetteer") in located


def test_a_capital_named_after_its_region_lies_in_it() -> None:
    # "Shells hit the embassy in the Darfur state capital of Geneina."
    doc = make_doc(
        "Shells/NOUN/nsubj/1 hit/VERB/ROOT/1 the/DET/det/3 embassy/NOUN/dobj/1 "
        "in/ADP/prep/3 the/DET/det/8 Darfur/PROPN/compound/8 state/NOUN/compound/8 "
        "capital/NOUN/pobj/4 of/ADP/prep/8 Geneina/PROPN/pobj/9",
        ents=[(6, 7, "GPE", ""), (10, 11, "GPE", "")],
    )
    assert ("Geneina", "Darfur", "modifier-place") in _located(doc)
    # "Fighting reached Kyaukpyu, Rakhine's state capital." (the possessor contains it)
    doc = make_doc(
        "Fighting/NOUN/nsubj/1 reached/VERB/ROOT/1 Kyaukpyu/PROPN/dobj/1 ,/PUNCT/punct/2 "
        "Rakhine/PROPN/poss/7 's/PART/case/4 state/NOUN/compound/7 capital/NOUN/appos/2",
        ents=[(2, 3, "GPE", ""), (4, 5, "GPE", "")],
    )
    assert ("Kyaukpyu", "Rakhine", "apposition-place") in _located(doc)


def test_a_town_then_its_region_and_kind_noun_lies_in_it() -> None:
    # "Gunmen killed the mayor of Iguala, Guerrero state, on Sunday."
    doc = make_doc(
        "Gunmen/NOUN/nsubj/1 killed/VERB/ROOT/1 the/DET/det/3 mayor/NOUN/dobj/1 of/ADP/prep/3 "
        "Iguala/PROPN/pobj/4 ,/PUNCT/punct/5 Guerrero/PROPN/compound/8 state/NOUN/appos/5",
        ents=[(5, 6, "PERSON", ""), (7, 8, "GPE", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [
        ("Iguala", "Place"),  # the mayor's, whatever the NER said
        ("Guerrero", "Place"),
    ]
    assert ("Iguala", "Guerrero", "comma-place") in _located(doc)
    # "Kabul, Kandahar province and Herat": a list, not a town in a province
    listed = make_doc(
        "Kabul/PROPN/ROOT/0 ,/PUNCT/punct/0 Kandahar/PROPN/compound/3 province/NOUN/conj/0 "
        "and/CCONJ/cc/3 Herat/PROPN/conj/3",
        ents=[(0, 1, "GPE", ""), (2, 3, "GPE", ""), (5, 6, "GPE", "")],
    )
    assert not any(s == "Kabul" for s, _, _ in _located(listed))


def test_in_the_capital_of_a_place_is_in_that_capital() -> None:
    # "Kalma in the Darfur capital of Geneina": in Geneina, not only in Darfur
    doc = make_doc(
        "Kalma/PROPN/ROOT/0 in/ADP/prep/0 the/DET/det/4 Darfur/PROPN/compound/4 "
        "capital/NOUN/pobj/1 of/ADP/prep/4 Geneina/PROPN/pobj/5",
        ents=[(0, 1, "FAC", ""), (3, 4, "GPE", ""), (6, 7, "GPE", "")],
    )
    located = _located(doc)
    assert ("Kalma", "Geneina", "in-place") in located
    assert ("Kalma", "Darfur", "in-place") not in located


def test_on_contains_only_for_islands() -> None:
    # "Troops landed in Jolo town on Sulu island" / "Envoys met in Geneva on Yemen"
    island = make_doc(
        "Troops/NOUN/nsubj/1 landed/VERB/ROOT/1 in/ADP/prep/1 Jolo/PROPN/compound/4 "
        "town/NOUN/pobj/2 on/ADP/prep/4 Sulu/PROPN/compound/7 island/NOUN/pobj/5",
        ents=[(3, 4, "GPE", ""), (6, 7, "GPE", "")],
    )
    assert ("Jolo", "Sulu", "on-island") in _located(island)
    topic = make_doc(
        "Envoys/NOUN/nsubj/1 met/VERB/ROOT/1 in/ADP/prep/1 Geneva/PROPN/pobj/2 on/ADP/prep/1 "
        "Yemen/PROPN/pobj/4",
        ents=[(3, 4, "GPE", ""), (5, 6, "GPE", "")],
    )
    assert not {r for r in _located(topic) if r[2] == "on-island"}


def test_regions_of_several_words_are_one_place(blank_ruler) -> None:
    doc = blank_ruler("Gunmen attacked a post in Khyber Pakhtunkhwa and in Jammu and Kashmir.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("Khyber Pakhtunkhwa", "khyber-pakhtunkhwa"),
        ("Jammu and Kashmir", "jammu-and-kashmir"),
    ]
    assert not blank_ruler("Rain fell across the North East.").ents  # a description


def test_a_title_before_a_name_makes_a_person() -> None:
    # "Capt. John Mensah said", the NER calling the name a place
    doc = make_doc(
        "Capt./PROPN/compound/2 John/PROPN/compound/2 Mensah/PROPN/nsubj/3 said/VERB/ROOT/3",
        ents=[(1, 3, "GPE", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [("John Mensah", "Person")]


def test_a_name_stops_at_a_comma_unless_a_place_follows() -> None:
    # "the town of Kidal, Army Capt. X said": the NER ran "Kidal, Army" together
    doc = make_doc(
        "the/DET/det/1 town/NOUN/ROOT/1 of/ADP/prep/1 Kidal/PROPN/pobj/2 ,/PUNCT/punct/3 "
        "Army/PROPN/appos/3",
        ents=[(3, 6, "ORG", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [("Kidal", "Place")]


def test_a_faction_of_a_group_is_part_of_it_and_a_group() -> None:
    # "the Gao Front, a splinter of the banned Ansar Dine, ..." (the NER: a person)
    doc = make_doc(
        "the/DET/det/2 Gao/PROPN/compound/2 Front/PROPN/nsubj/12 ,/PUNCT/punct/2 a/DET/det/5 "
        "splinter/NOUN/appos/2 of/ADP/prep/5 the/DET/det/10 banned/VERB/amod/10/VBN "
        "Ansar/PROPN/compound/10 Dine/PROPN/pobj/6 ,/PUNCT/punct/2 said/VERB/ROOT/12",
        ents=[(1, 3, "ORG", ""), (9, 11, "PERSON", "")],
    )
    ctx = context(doc)
    assert [(m.text, m.cls) for _, m in ctx.spans] == [
        ("Gao Front", "Group"),
        ("Ansar Dine", "Group"),
    ]
    parts = {(r.subject.text, r.predicate, r.object.text) for r in iter_relations(ctx)}
    assert ("Gao Front", "partOf", "Ansar Dine") in parts


def test_country_names_news_uses() -> None:
    drc = "democratic-republic-of-the-congo"
    assert actor_id_for("Democratic Republic of Congo") == drc  # no "the"
    assert actor_id_for("Congo") == drc  # news style: Congo alone is the DRC
    assert actor_id_for("Republic of Congo") == "republic-of-the-congo"
    assert actor_id_for("DRC") == drc  # the gazetteer's aliases reach dictionary countries
    assert actor_id_for("United States of America") == "united-states"


def test_occupying_ground_is_a_capture() -> None:
    # "M23 occupied Goma"
    doc = make_doc(
        "M23/PROPN/nsubj/1 occupied/VERB/ROOT/1 Goma/PROPN/dobj/1",
        ents=[(0, 1, "ORG", ""), (2, 3, "GPE", "")],
        lemmas={"occupied": "occupy"},
    )
    found = [(e.cls, [m.text for m in e.agents], [m.text for m in e.targets])
             for e in iter_events(context(doc), doc_id="t", anchor=None)]  # fmt: skip
    assert found == [("Capture", ["M23"], ["Goma"])]


def test_the_noun_that_introduces_a_name_types_it() -> None:
    # "a village called Kwanza" / "the alias Abu Hafs" / "a militia known as Zintan Lions"
    village = make_doc(
        "a/DET/det/1 village/NOUN/ROOT/1 called/VERB/acl/1 Kwanza/PROPN/oprd/2",
        ents=[(3, 4, "ORG", "")],
        lemmas={"called": "call"},
    )
    alias = make_doc("the/DET/det/1 alias/NOUN/ROOT/1 Abu/PROPN/compound/3 Hafs/PROPN/appos/1",
                     ents=[(2, 4, "GPE", "")])  # fmt: skip
    militia = make_doc(
        "a/DET/det/1 militia/NOUN/ROOT/1 known/VERB/acl/1 as/ADP/prep/2 Zintan/PROPN/compound/5 "
        "Lions/PROPN/pobj/3",
        ents=[(4, 6, "PERSON", "")],
    )
    found = [m.cls for d in (village, alias, militia) for _, m in context(d).spans]
    assert found == ["Place", "Person", "Group"]


def test_a_person_label_where_something_happened_is_a_place() -> None:
    # "the force arrived in Afungi" (the NER: a person) / "he met Smith in Geneva"
    arrived = make_doc(
        "the/DET/det/1 force/NOUN/nsubj/2 arrived/VERB/ROOT/2 in/ADP/prep/2 Afungi/PROPN/pobj/3",
        ents=[(4, 5, "PERSON", "")],
    )
    met = make_doc(
        "he/PRON/nsubj/1 met/VERB/ROOT/1 Smith/PROPN/dobj/1 in/ADP/prep/1 Geneva/PROPN/pobj/3",
        ents=[(2, 3, "PERSON", ""), (4, 5, "GPE", "")],
    )
    assert [m.cls for _, m in context(arrived).spans] == ["Place"]
    assert [m.cls for _, m in context(met).spans] == ["Person", "Place"]
