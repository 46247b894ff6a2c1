"""kg on news from anywhere: the gazetteer, typing of names outside the dictionary,
institutions of every nationality, acronyms, and event coreference, on sentences written
for these tests (Sahel, Sudan, Myanmar, the Andes, the Caucasus), with no model."""

from __future__ import annotations

import pytest

from kg.actors import actor_index, demonym_countries, institution, place_id_for
from kg.extract import extract_doc
from kg.extract.events import iter_events
from kg.gazetteer import gazetteer
from kg.models import Article
from kg.resolve import resolve

from .docs import context, make_doc


def article(doc_id: str) -> Article:
    return Article(doc_id=doc_id, path=f"{doc_id}.txt", title="t", text="", sha256="0" * 64)


def test_every_country_is_known_with_demonym_and_capital() -> None:
    gaz = gazetteer()
    assert len(gaz.countries()) >= 240
    assert gaz.places["chad"].kind == "country" and gaz.places["chad"].capital == "ndjamena"
    assert demonym_countries()["Malian"] == "mali"
    assert demonym_countries()["Burmese"] == "myanmar"
    assert demonym_countries()["American"] == "united-states"  # not the Mariana Islands


def test_places_resolve_in_the_article_s_country() -> None:
    assert place_id_for("Khartoum") == "khartoum"
    assert gazetteer().places[place_id_for("Cuenca", frozenset({"spain"}))].country == "spain"
    assert gazetteer().places[place_id_for("Cuenca")].country == "ecuador"  # the largest
    assert gazetteer().places[place_id_for("Rakhine State")].country == "myanmar"
    assert place_id_for("Cabo Delgado Province") == place_id_for("Cabo Delgado")


def test_cities_lie_in_their_first_level_region() -> None:
    gaz = gazetteer()
    assert gaz.places["nyala"].region == place_id_for("South Darfur")  # "Southern Darfur"
    assert gaz.places[place_id_for("Goma")].region == place_id_for("North Kivu")  # "Nord Kivu"
    assert gaz.places["maiduguri"].region == "borno"  # the country list's region, by name
    assert gaz.places["kramatorsk"].region == "donetsk-ukraine"  # not the city of Donetsk
    assert not gaz.lookup("South")  # a direction alone names no region


def test_every_nationality_names_its_institutions() -> None:
    assert institution("mali", "armed-forces") == ("mali--armed-forces", "Malian Armed Forces")
    assert institution("israel", "armed-forces")[0] == "israel-defense-forces"  # dictionary
    assert actor_index()["sudan"].type == "Place"


def test_institution_patterns_for_any_nationality(blank_ruler) -> None:
    doc = blank_ruler(
        "The Malian army and Uganda's defence ministry met Burmese troops and Myanmar's junta."
    )
    assert {e.ent_id_ for e in doc.ents} == {
        "mali--armed-forces",
        "uganda--defence-ministry",
        "tatmadaw",  # the dictionary's name for Myanmar's armed forces
        "myanmar--government",
    }


def test_a_country_absent_from_the_dictionary_acts() -> None:
    # "Chad accused Sudan of arming the rebels"
    assert "chad" not in {a.id for a in _dictionary()}
    doc = make_doc(
        "Chad/PROPN/nsubj/1 accused/VERB/ROOT/1 Sudan/PROPN/dobj/1 of/ADP/prep/1 "
        "arming/VERB/pcomp/3 the/DET/det/6 rebels/NOUN/dobj/4",
        ents=[(0, 1, "GPE", ""), (2, 3, "GPE", "")],
        lemmas={"accused": "accuse", "arming": "arm"},
    )
    found = [(e.cls, [m.text for m in e.agents], [m.text for m in e.targets])
             for e in iter_events(context(doc), doc_id="t", anchor=None)]  # fmt: skip
    assert ("Accusation", ["Chad"], ["Sudan"]) in found


def _dictionary():
    from kg.actors import _dictionary_at
    from kg.paths import ontology_dir

    return _dictionary_at(ontology_dir())


def _front(doc_id: str, label: str):
    # "<Name> Front fighters attacked Kidal"
    doc = make_doc(
        "Azawad/PROPN/compound/1 Liberation/PROPN/compound/2 Front/PROPN/compound/3 "
        "fighters/NOUN/nsubj/4 attacked/VERB/ROOT/4 Kidal/PROPN/dobj/4",
        ents=[(0, 3, label, ""), (5, 6, "GPE", "")],
        lemmas={"attacked": "attack"},
    )
    return extract_doc(doc, article(doc_id))


def test_an_unknown_front_is_one_group_across_two_articles() -> None:
    res = resolve([_front("a", "PERSON"), _front("b", "ORG")])  # the NER disagrees
    fronts = [e for e in res.entities.values() if "Front" in e.label]
    assert len(fronts) == 1 and fronts[0].cls == "Group" and fronts[0].docs == ("a", "b")
    kidal = [e for e in res.entities.values() if e.label == "Kidal"]
    assert len(kidal) == 1 and kidal[0].cls == "Place"


@pytest.mark.parametrize(
    ("spec", "ents", "expected"),
    [
        # "the town of Ouallam" (a place whatever the NER says)
        ("the/DET/det/1 town/NOUN/pobj/1 of/ADP/prep/1 Ouallam/PROPN/pobj/2",
         [(3, 4, "PERSON", "")], "Place"),
        # "Sittwe villages": a place named before a place noun
        ("Nyaungbin/PROPN/compound/1 village/NOUN/ROOT/1", [(0, 1, "ORG", "")], "Place"),
        # "the Tren de Aragua gang"
        ("the/DET/det/4 Tren/PROPN/compound/4 de/ADP/prep/1 Aragua/PROPN/pobj/2 gang/NOUN/ROOT/4",
         [(1, 4, "GPE", "")], "Group"),
        # "Kachin Independence Army": a group by its head word
        ("Kachin/PROPN/compound/2 Independence/PROPN/compound/2 Army/PROPN/ROOT/2",
         [(0, 3, "PERSON", "")], "Group"),
    ],
)  # fmt: skip
def test_names_are_typed_by_what_the_text_says(spec: str, ents: list, expected: str) -> None:
    ctx = context(make_doc(spec, ents=ents))
    assert [m.cls for _, m in ctx.spans] == [expected]


def test_acronyms_defined_in_several_ways() -> None:
    cases = [
        # "The Resistance Front (TRF)"
        ("The/DET/det/2 Resistance/PROPN/compound/2 Front/PROPN/ROOT/2 (/PUNCT/punct/2 "
         "TRF/PROPN/appos/2 )/PUNCT/punct/2", [(1, 3, "ORG", ""), (4, 5, "ORG", "")],
         ("TRF", "Resistance Front")),
        # "the Arakan Army, or AA,"
        ("the/DET/det/2 Arakan/PROPN/compound/2 Army/PROPN/ROOT/2 ,/PUNCT/punct/2 or/CCONJ/cc/2 "
         "AA/PROPN/conj/2", [(1, 3, "ORG", ""), (5, 6, "ORG", "")], ("AA", "Arakan Army")),
        # "Lashkar-e-Taiba (LeT)"
        ("Lashkar-e-Taiba/PROPN/ROOT/0 (/PUNCT/punct/0 LeT/PROPN/appos/0 )/PUNCT/punct/0",
         [(0, 1, "ORG", ""), (2, 3, "ORG", "")], ("LeT", "Lashkar-e-Taiba")),
    ]  # fmt: skip
    for spec, ents, pair in cases:
        assert pair in extract_doc(make_doc(spec, ents=ents), article("t")).acronyms, pair


def test_cut_names_are_repaired() -> None:
    # "Han Duck-soo said": the NER stopped at the hyphen
    doc = make_doc(
        "Han/PROPN/compound/3 Duck/PROPN/compound/3 -/PUNCT/punct/3 soo/PROPN/nsubj/4 "
        "said/VERB/ROOT/4",
        ents=[(0, 2, "PERSON", "")],
        joined=(1, 2),  # "Duck-soo" is written as one word
    )
    assert [m.text for _, m in context(doc).spans] == ["Han Duck-soo"]


def test_a_country_s_institution_names_the_country_too(blank_ruler) -> None:
    from kg.extract.entities import iter_mentions

    found = [
        (m.text, m.actor_id) for _, m in iter_mentions(blank_ruler("Rwanda's forces left."), "t")
    ]
    assert found == [("Rwanda's forces", "rwanda--armed-forces"), ("Rwanda", "rwanda")]
    plain = [m.actor_id for _, m in iter_mentions(blank_ruler("Rwandan forces left."), "t")]
    assert plain == ["rwanda--armed-forces"]  # a demonym names only the institution


def test_headline_capitals_are_not_names() -> None:
    # "Soldier Killed in Clash" / "Rafidain Center for Dialogue said"
    doc = make_doc(
        "Soldier/PROPN/nsubjpass/1 Killed/VERB/ROOT/1 in/ADP/prep/1 Clash/PROPN/pobj/2",
        ents=[(0, 2, "PERSON", ""), (3, 4, "GPE", "")],
        lemmas={"Killed": "kill"},
    )
    assert [m.text for _, m in context(doc).spans] == []
    named = make_doc(
        "Rafidain/PROPN/compound/1 Center/PROPN/nsubj/4 for/ADP/prep/1 Dialogue/PROPN/pobj/2 "
        "said/VERB/ROOT/4",
        ents=[(0, 4, "ORG", "")],
    )
    assert [m.text for _, m in context(named).spans] == ["Rafidain Center for Dialogue"]


def test_a_bare_demonym_the_ner_named_is_its_country() -> None:
    doc = make_doc("Kuwaiti/PROPN/nsubj/1 said/VERB/ROOT/1", ents=[(0, 1, "GPE", "")])
    assert [(m.cls, m.actor_id) for _, m in context(doc).spans] == [("Place", "kuwait")]


def test_a_gazetteer_name_wins_over_its_head_word() -> None:
    doc = make_doc(
        "Cabo/PROPN/compound/2 Delgado/PROPN/compound/2 Province/PROPN/ROOT/2",
        ents=[(0, 3, "GPE", "")],
    )
    assert [m.actor_id for _, m in context(doc).spans] == [place_id_for("Cabo Delgado")]


def test_no_country_alias_is_an_english_word(blank_ruler) -> None:
    assert not blank_ruler("The troops reached the island at dawn.").ents  # not Iceland


def test_names_are_cut_where_they_end_and_joined_where_split() -> None:
    # "the Line of Control (LoC" / "Trump the" / "José Adolfo" + "Macías Villamar"
    cut = make_doc(
        "the/DET/det/1 Line/PROPN/ROOT/1 of/ADP/prep/1 Control/PROPN/pobj/2 (/PUNCT/punct/1 "
        "LoC/PROPN/appos/1",
        ents=[(1, 6, "LOC", "")],
    )
    assert [m.text for _, m in context(cut).spans] == ["Line of Control"]
    split = make_doc(
        "José/PROPN/compound/3 Adolfo/PROPN/compound/3 Macías/PROPN/compound/3 "
        "Villamar/PROPN/nsubj/4 escaped/VERB/ROOT/4",
        ents=[(0, 2, "PERSON", ""), (2, 4, "PERSON", "")],
    )
    assert [m.text for _, m in context(split).spans] == ["José Adolfo Macías Villamar"]


@pytest.mark.parametrize(
    ("spec", "ents", "kept"),
    [
        # "Three Grad rockets hit Kharkiv": a make, and the city it hit
        (
            "Three/NUM/nummod/2 Grad/PROPN/compound/2 rockets/NOUN/nsubj/3 hit/VERB/ROOT/3 "
            "Kharkiv/PROPN/dobj/3",
            [(1, 2, "ORG", ""), (4, 5, "GPE", "")],
            ["Kharkiv"],
        ),
        # "Lancet drones struck" (not known anywhere): no node
        ("Lancet/PROPN/compound/1 drones/NOUN/nsubj/2 struck/VERB/ROOT/2", [(0, 1, "ORG", "")], []),
        # a group's own rockets, a city the gazetteer knows, an unknown group named by its head
        (
            "Hamas/PROPN/compound/1 rockets/NOUN/nsubj/2 fell/VERB/ROOT/2",
            [(0, 1, "ORG", "")],
            ["Hamas"],
        ),
        (
            "Donetsk/PROPN/compound/1 rockets/NOUN/nsubj/2 fell/VERB/ROOT/2",
            [(0, 1, "GPE", "")],
            ["Donetsk"],
        ),
        (
            "Sagaing/PROPN/compound/1 Army/PROPN/compound/2 drones/NOUN/nsubj/3 struck/VERB/ROOT/3",
            [(0, 2, "ORG", "")],
            ["Sagaing Army"],
        ),
        # an acronym before a weapon is a group's short form
        (
            "KRF/PROPN/compound/1 drones/NOUN/nsubj/2 struck/VERB/ROOT/2",
            [(0, 1, "ORG", "")],
            ["KRF"],
        ),
        # "Fano fighters": fighters are people, not craft
        (
            "Zemene/PROPN/compound/1 fighters/NOUN/nsubj/2 left/VERB/ROOT/2",
            [(0, 1, "ORG", "")],
            ["Zemene"],
        ),
    ],
)
def test_a_name_before_a_weapon_s_noun_is_its_make(spec: str, ents: list, kept: list) -> None:
    assert [m.text for _, m in context(make_doc(spec, ents=ents)).spans] == kept


def test_a_faith_names_no_one() -> None:
    doc = make_doc(
        "They/PRON/nsubj/1 defamed/VERB/ROOT/1 Buddhism/PROPN/dobj/1 and/CCONJ/cc/2 "
        "Islam/PROPN/conj/2",
        ents=[(2, 3, "ORG", ""), (4, 5, "ORG", "")],
    )
    assert [m.text for _, m in context(doc).spans] == []


def test_a_body_the_ner_missed_after_a_role_is_a_group() -> None:
    """'Maria Lopez, the director of the National Intelligence Directorate, said': the
    proper nouns after '<role> of the' name the body she leads."""
    from .docs import relations

    doc = make_doc(
        "Maria/PROPN/compound/1 Lopez/PROPN/nsubj/11 ,/PUNCT/punct/1 the/DET/det/4 "
        "director/NOUN/appos/1 of/ADP/prep/4 the/DET/det/9 National/PROPN/compound/9 "
        "Intelligence/PROPN/compound/9 Directorate/PROPN/pobj/5 ,/PUNCT/punct/1 "
        "said/VERB/ROOT/11",
        ents=[(0, 2, "PERSON", "")],
    )
    found = [(m.text, m.cls) for _, m in context(doc).spans]
    assert found == [("Maria Lopez", "Person"), ("National Intelligence Directorate", "Group")]
    assert ("Maria Lopez", "leaderOf", "National Intelligence Directorate") in relations(doc)


@pytest.mark.parametrize(
    "spec",
    [
        # "an adviser of Prime Minister Abiy Ahmed": a title and a name, no body
        "an/DET/det/1 adviser/NOUN/ROOT/1 of/ADP/prep/1 Prime/PROPN/compound/4 "
        "Minister/PROPN/compound/5 Abiy/PROPN/compound/6 Ahmed/PROPN/pobj/2",
        # "the head of the Directorate": one word names no body of its own
        "the/DET/det/1 head/NOUN/ROOT/1 of/ADP/prep/1 the/DET/det/4 Directorate/PROPN/pobj/2",
        # "the bombing of the Grand Mosque": no role before it
        "the/DET/det/1 bombing/NOUN/ROOT/1 of/ADP/prep/1 the/DET/det/5 Grand/PROPN/compound/5 "
        "Mosque/PROPN/pobj/2",
    ],
)
def test_no_body_is_read_into_a_title_a_single_word_or_a_non_role(spec: str) -> None:
    doc = make_doc(spec, ents=[(5, 7, "PERSON", "")] if "Abiy" in spec else [])
    assert [m.text for _, m in context(doc).spans if m.cls != "Person"] == []


@pytest.mark.parametrize(
    ("spec", "ents", "found", "inside"),
    [
        # "Rockets hit Irbil International Airport": the ruler found "Irbil" (Erbil); the
        # airport named after it is the name, the dictionary's under its other spelling
        (
            "Rockets/NOUN/nsubj/1 hit/VERB/ROOT/1 Irbil/PROPN/compound/4 "
            "International/PROPN/compound/4 Airport/PROPN/dobj/1",
            [(2, 3, "GPE", "erbil")],
            ("Irbil International Airport", "Place", "erbil-international-airport"),
            ("Irbil International Airport", "locatedIn", "Irbil"),
        ),
        # "Gunmen stormed Sanaa Central Prison": a facility the dictionary lacks
        (
            "Gunmen/NOUN/nsubj/1 stormed/VERB/ROOT/1 Sanaa/PROPN/compound/4 "
            "Central/PROPN/compound/4 Prison/PROPN/dobj/1",
            [(2, 3, "GPE", "sanaa")],
            ("Sanaa Central Prison", "Place", None),
            ("Sanaa Central Prison", "locatedIn", "Sanaa"),
        ),
    ],
)
def test_a_facility_named_after_a_known_place_is_its_own_place(
    spec: str, ents: list, found: tuple, inside: tuple
) -> None:
    from .docs import relations

    doc = make_doc(spec, ents=ents)
    assert [(m.text, m.cls, m.actor_id) for _, m in context(doc).spans] == [found]
    assert inside in relations(doc)


def test_a_known_place_before_other_words_stays_the_place() -> None:
    # "Sanaa Residents Fled": capitals, but no facility's noun
    doc = make_doc(
        "Sanaa/PROPN/compound/1 Residents/PROPN/nsubj/2 Fled/VERB/ROOT/2",
        ents=[(0, 1, "GPE", "sanaa")],
    )
    assert [m.text for _, m in context(doc).spans] == ["Sanaa"]


def test_a_country_s_embassy_is_not_in_that_country() -> None:
    """'Protesters gathered outside the US Embassy in Baghdad': a mission sits abroad."""
    from .docs import relations

    doc = make_doc(
        "Protesters/NOUN/nsubj/1 gathered/VERB/ROOT/1 outside/ADP/prep/1 the/DET/det/5 "
        "US/PROPN/compound/5 Embassy/PROPN/pobj/2 in/ADP/prep/5 Baghdad/PROPN/pobj/6",
        ents=[(4, 5, "GPE", "united-states"), (7, 8, "GPE", "baghdad")],
    )
    assert [m.text for _, m in context(doc).spans] == ["US Embassy", "Baghdad"]
    found = relations(doc)
    assert ("US Embassy", "locatedIn", "Baghdad") in found
    assert not any(o == "US" for _, _, o in found)


def test_a_personal_name_cut_short_where_the_parse_goes_on_is_whole() -> None:
    # "The junta detained Aung San Suu Kyi": the NER took "Aung San" only
    doc = make_doc(
        "The/DET/det/1 junta/NOUN/nsubj/2 detained/VERB/ROOT/2 Aung/PROPN/compound/6 "
        "San/PROPN/compound/6 Suu/PROPN/compound/6 Kyi/PROPN/dobj/2",
        ents=[(3, 5, "PERSON", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [("Aung San Suu Kyi", "Person")]


def test_a_place_s_kind_word_ends_its_name_even_when_it_reports_an_event() -> None:
    # "in Borno State" / "in Kachin State": 'state' also says (a Statement verb)
    doc = make_doc(
        "Gunmen/NOUN/nsubj/1/NNS struck/VERB/ROOT/1 in/ADP/prep/1 Kachin/PROPN/compound/4 "
        "State/PROPN/pobj/2",
        ents=[(0, 1, "GPE", ""), (3, 5, "GPE", "")],
    )
    # ... and a plural common noun capitalised at a sentence's start is no name
    assert [m.text for _, m in context(doc).spans] == ["Kachin State"]


def test_a_weapon_or_fighters_at_a_sentence_s_start_are_no_name() -> None:
    # "Drones struck Bunia." / "Militias struck Bunia.": tagged a proper noun, read as a
    # person by the NER; the rules know them as kinds of things
    for word in ("Drones", "Militias"):
        doc = make_doc(
            f"{word}/PROPN/nsubj/1 struck/VERB/ROOT/1 Bunia/PROPN/dobj/1",
            ents=[(0, 1, "PERSON", ""), (2, 3, "GPE", "")],
        )
        assert [m.text for _, m in context(doc).spans] == ["Bunia"]


def test_a_place_of_that_very_name_wins_over_an_alternate_name() -> None:
    # GeoNames lists "Borno" among the German town Borna's alternate names
    assert place_id_for("Borno State") == place_id_for("Borno") == "borno"
    assert gazetteer().places["borno"].kind == "region"
