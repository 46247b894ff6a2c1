"""Events and roles of news from anywhere, on sentences written for these tests (Kenya,
Ghana, Sudan, Peru), with no model: acts of state hold in their country, an election's
winners are who it chose, and a head of state's office names no body the text never names."""

from __future__ import annotations

import pytest

from kg.actors import institution

from .docs import context, events, make_doc, relations


def test_a_decree_with_no_place_holds_in_the_country_the_article_is_about() -> None:
    # "President Ruto declared a state of emergency. // Kenya mourned."
    doc = make_doc(
        "President/PROPN/compound/1 Ruto/PROPN/nsubj/2 declared/VERB/ROOT/2 a/DET/det/4 "
        "state/NOUN/dobj/2 of/ADP/prep/4 emergency/NOUN/pobj/5 ./PUNCT/punct/2 "
        "// Kenya/PROPN/nsubj/9 mourned/VERB/ROOT/9",
        ents=[(1, 2, "PERSON", ""), (8, 9, "GPE", "")],
        lemmas={"declared": "declare"},
    )
    assert ("Emergency", ["Ruto"], [], ["Kenya"]) in events(doc)


def test_a_state_that_decrees_is_where_the_decree_holds() -> None:
    # "Sudan declared a curfew, Chad said."  (Chad is named, but Sudan acted)
    doc = make_doc(
        "Sudan/PROPN/nsubj/1 declared/VERB/ccomp/5 a/DET/det/3 curfew/NOUN/dobj/1 ,/PUNCT/punct/5 "
        "Chad/PROPN/nsubj/6 said/VERB/ROOT/6",
        ents=[(0, 1, "GPE", ""), (5, 6, "GPE", "")],
        lemmas={"declared": "declare"},
    )
    emergency = [e for e in events(doc) if e[0] == "Emergency"]
    assert emergency == [("Emergency", ["Sudan"], [], ["Sudan"])]


def test_a_decree_names_no_country_when_the_article_names_none() -> None:
    doc = make_doc(
        "Ruto/PROPN/nsubj/1 declared/VERB/ROOT/1 a/DET/det/3 curfew/NOUN/dobj/1",
        ents=[(0, 1, "PERSON", "")],
        lemmas={"declared": "declare"},
    )
    assert events(doc) == [("Emergency", ["Ruto"], [], [])]


def test_who_wins_an_election_is_whom_it_chose() -> None:
    # "Mahama won the presidential election in Ghana."
    doc = make_doc(
        "Mahama/PROPN/nsubj/1 won/VERB/ROOT/1 the/DET/det/4 presidential/ADJ/amod/4 "
        "election/NOUN/dobj/1 in/ADP/prep/1 Ghana/PROPN/pobj/5",
        ents=[(0, 1, "PERSON", ""), (6, 7, "GPE", "")],
        lemmas={"won": "win"},
    )
    assert events(doc) == [("Election", [], ["Mahama"], ["Ghana"])]


def test_who_is_elected_is_a_target_and_the_country_its_place() -> None:
    # "Peru's Congress said Jeri was elected president."
    doc = make_doc(
        "Peru/PROPN/poss/2 's/PART/case/0 Congress/PROPN/nsubj/3 said/VERB/ROOT/3 "
        "Jeri/PROPN/nsubjpass/6 was/AUX/auxpass/6 elected/VERB/ccomp/3 president/NOUN/oprd/6",
        ents=[(0, 1, "GPE", ""), (2, 3, "ORG", ""), (4, 5, "PERSON", "")],
        lemmas={"elected": "elect"},
    )
    election = [e for e in events(doc) if e[0] == "Election"]
    assert election == [("Election", [], ["Jeri"], ["Peru"])]


def _president(*, government_named: bool):
    # "Kenyan President William Ruto spoke. // The Kenyan government resigned."
    gov_id, _ = institution("kenya", "government")
    spec = (
        "Kenyan/ADJ/amod/3 President/PROPN/compound/3 William/PROPN/compound/3 Ruto/PROPN/nsubj/4 "
        "spoke/VERB/ROOT/4 ./PUNCT/punct/4 // The/DET/det/8 Kenyan/ADJ/amod/8 "
        "government/NOUN/nsubj/9 resigned/VERB/ROOT/9"
    )
    ents = [(0, 1, "NORP", ""), (2, 4, "PERSON", "")]
    if government_named:
        ents.append((7, 9, "ORG", gov_id))
    return sorted(relations(make_doc(spec, ents=ents)))


def test_an_office_names_the_government_only_when_the_article_does() -> None:
    assert ("William Ruto", "leaderOf", "Kenyan government") in _president(government_named=True)
    assert not [r for r in _president(government_named=False) if r[1] == "leaderOf"]


def test_an_event_noun_as_subject_takes_its_verb_s_place_and_parties() -> None:
    # "Talks resumed in Doha between envoys from Sudan and the RSF."
    doc = make_doc(
        "Talks/NOUN/nsubj/1 resumed/VERB/ROOT/1 in/ADP/prep/1 Doha/PROPN/pobj/2 "
        "between/ADP/prep/1 envoys/NOUN/pobj/4 from/ADP/prep/5 Sudan/PROPN/pobj/6 "
        "and/CCONJ/cc/5 the/DET/det/10 RSF/PROPN/conj/5",
        ents=[(3, 4, "GPE", ""), (7, 8, "GPE", ""), (10, 11, "ORG", "")],
        lemmas={"Talks": "talk", "resumed": "resume"},
    )
    assert events(doc) == [("Negotiation", ["Sudan"], ["RSF"], ["Doha"])]


def test_parties_named_only_as_passive_subject_are_split() -> None:
    # "Talks between Armenia and Azerbaijan were held in Washington."
    doc = make_doc(
        "Talks/NOUN/nsubjpass/6 between/ADP/prep/0 Armenia/PROPN/pobj/1 and/CCONJ/cc/2 "
        "Azerbaijan/PROPN/conj/2 were/AUX/auxpass/6 held/VERB/ROOT/6 in/ADP/prep/6 "
        "Washington/PROPN/pobj/7",
        ents=[(2, 3, "GPE", ""), (4, 5, "GPE", ""), (8, 9, "GPE", "")],
        lemmas={"Talks": "talk", "held": "hold"},
    )
    assert events(doc) == [("Negotiation", ["Armenia"], ["Azerbaijan"], ["Washington"])]


def test_a_group_said_to_be_part_of_another() -> None:
    # "Ansar Dine is part of JNIM."
    doc = make_doc(
        "Ansar/PROPN/compound/1 Dine/PROPN/nsubj/2 is/AUX/ROOT/2 part/NOUN/attr/2 "
        "of/ADP/prep/3 JNIM/PROPN/pobj/4",
        ents=[(0, 2, "ORG", ""), (5, 6, "ORG", "")],
        lemmas={"is": "be"},
    )
    assert relations(doc) == {("Ansar Dine", "partOf", "JNIM")}


def test_a_group_described_as_folded_into_another() -> None:
    # "the Sahel Front, a coalition of militias integrated into the Azawad Army, fought"
    doc = make_doc(
        "the/DET/det/2 Sahel/PROPN/compound/2 Front/PROPN/nsubj/14 ,/PUNCT/punct/2 a/DET/det/5 "
        "coalition/NOUN/appos/2 of/ADP/prep/5 militias/NOUN/pobj/6 integrated/VERB/acl/7/VBN "
        "into/ADP/prep/8 the/DET/det/12 Azawad/PROPN/compound/12 Army/PROPN/pobj/9 "
        ",/PUNCT/punct/2 fought/VERB/ROOT/14",
        ents=[(1, 3, "ORG", ""), (11, 13, "ORG", "")],
        lemmas={"integrated": "integrate", "militias": "militia"},
    )
    assert ("Sahel Front", "partOf", "Azawad Army") in relations(doc)


def test_part_of_something_that_is_not_a_group_is_no_relation() -> None:
    # "Ansar Dine is part of the problem."
    doc = make_doc(
        "Ansar/PROPN/compound/1 Dine/PROPN/nsubj/2 is/AUX/ROOT/2 part/NOUN/attr/2 "
        "of/ADP/prep/3 the/DET/det/6 problem/NOUN/pobj/4",
        ents=[(0, 2, "ORG", "")],
        lemmas={"is": "be"},
    )
    assert relations(doc) == set()


def test_a_force_withdraws_from_where_it_went() -> None:
    # "Chadian troops entered Sudan in 2020 and then withdrew in 2021."
    doc = make_doc(
        "Chadian/ADJ/amod/1 troops/NOUN/nsubj/2 entered/VERB/ROOT/2 Sudan/PROPN/dobj/2 "
        "in/ADP/prep/2 2020/NUM/pobj/4 and/CCONJ/cc/2 then/ADV/advmod/8 withdrew/VERB/conj/2 "
        "in/ADP/prep/8 2021/NUM/pobj/9",
        ents=[(0, 2, "ORG", "chad--armed-forces"), (3, 4, "GPE", "")],
        lemmas={"entered": "enter", "withdrew": "withdraw"},
    )
    withdrawal = [e for e in events(doc) if e[0] == "Withdrawal"]
    assert withdrawal == [("Withdrawal", ["Chadian troops"], [], ["Sudan"])]


def test_whom_an_accusation_blames_for_an_act_is_its_agent() -> None:
    # "Sudan accused Chad of attacking Adre."
    doc = make_doc(
        "Sudan/PROPN/nsubj/1 accused/VERB/ROOT/1 Chad/PROPN/dobj/1 of/ADP/prep/1 "
        "attacking/VERB/pcomp/3 Adre/PROPN/dobj/4",
        ents=[(0, 1, "GPE", ""), (2, 3, "GPE", ""), (5, 6, "GPE", "")],
        lemmas={"accused": "accuse", "attacking": "attack"},
    )
    assert events(doc) == [
        ("Accusation", ["Sudan"], ["Chad"], []),  # Adre is the charge's, not the accusation's
        ("Attack", ["Chad"], ["Adre"], []),
    ]


def test_a_noun_given_a_name_stands_for_the_name() -> None:
    # "Rwandan troops killed a commander called Abu Yasir in a village called Nantelemule."
    doc = make_doc(
        "Rwandan/ADJ/amod/1 troops/NOUN/nsubj/2 killed/VERB/ROOT/2 a/DET/det/4 "
        "commander/NOUN/dobj/2 called/VERB/acl/4/VBN Abu/PROPN/compound/7 Yasir/PROPN/oprd/5 "
        "in/ADP/prep/2 a/DET/det/10 village/NOUN/pobj/8 called/VERB/acl/10/VBN "
        "Nantelemule/PROPN/oprd/11",
        ents=[(0, 2, "ORG", "rwanda--armed-forces"), (6, 8, "PERSON", ""), (12, 13, "GPE", "")],
        lemmas={"killed": "kill", "called": "call"},
    )
    assert events(doc) == [("Killing", ["Rwandan troops"], ["Abu Yasir"], ["Nantelemule"])]


def test_a_name_the_ner_missed_in_a_list_is_of_the_list_s_kind() -> None:
    # "strikes hit Yater, Shebaa, Kfarkela and Taybeh" (the NER found two of the four)
    doc = make_doc(
        "strikes/NOUN/nsubj/1 hit/VERB/ROOT/1 Yater/PROPN/dobj/1 ,/PUNCT/punct/2 "
        "Shebaa/PROPN/conj/2 ,/PUNCT/punct/4 Kfarkela/PROPN/conj/4 and/CCONJ/cc/6 "
        "Taybeh/PROPN/conj/6",
        ents=[(2, 3, "GPE", ""), (4, 5, "GPE", "")],
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [
        ("Yater", "Place"),
        ("Shebaa", "Place"),
        ("Kfarkela", "Place"),
        ("Taybeh", "Place"),
    ]


def test_one_recognised_name_makes_no_list() -> None:
    # "Amina, Kofi and Ama met" (only Amina found): too little to type the others by
    doc = make_doc(
        "Amina/PROPN/nsubj/5 ,/PUNCT/punct/0 Kofi/PROPN/conj/0 and/CCONJ/cc/2 "
        "Ama/PROPN/conj/2 met/VERB/ROOT/5",
        ents=[(0, 1, "PERSON", "")],
    )
    assert [m.text for _, m in context(doc).spans] == ["Amina"]


def test_places_joined_by_hyphens_are_each_a_place() -> None:
    # "the Gao-Tessalit-Kidal axis" (the NER read one name; Gao and Kidal are known towns)
    doc = make_doc(
        "the/DET/det/6 Gao/PROPN/compound/6 -/PUNCT/punct/3 Tessalit/PROPN/compound/6 "
        "-/PUNCT/punct/5 Kidal/PROPN/compound/6 axis/NOUN/ROOT/6",
        ents=[(1, 6, "ORG", "")],
        joined=(1, 2, 3, 4),
    )
    assert [(m.text, m.cls) for _, m in context(doc).spans] == [
        ("Gao", "Place"),
        ("Tessalit", "Place"),
        ("Kidal", "Place"),
    ]


def test_a_hyphenated_name_is_not_cut_without_known_places() -> None:
    # "Jean-Pierre Bemba" and "Guinea-Bissau" stay whole
    doc = make_doc(
        "Jean/PROPN/compound/2 -/PUNCT/punct/2 Pierre/PROPN/compound/3 Bemba/PROPN/nsubj/4 "
        "left/VERB/ROOT/4 Guinea/PROPN/compound/7 -/PUNCT/punct/7 Bissau/PROPN/dobj/4",
        ents=[(0, 4, "PERSON", ""), (5, 8, "GPE", "")],
        joined=(0, 1, 5, 6),
    )
    assert [m.text for _, m in context(doc).spans] == ["Jean-Pierre Bemba", "Guinea-Bissau"]


def test_a_role_reaches_past_the_group_s_short_form_to_the_person() -> None:
    # "the commander of the Sahel Front (SF) Amadou Koufa said"
    doc = make_doc(
        "the/DET/det/1 commander/NOUN/nsubj/11 of/ADP/prep/1 the/DET/det/5 Sahel/PROPN/compound/5 "
        "Front/PROPN/pobj/2 (/PUNCT/punct/5 SF/PROPN/appos/5 )/PUNCT/punct/5 "
        "Amadou/PROPN/compound/10 Koufa/PROPN/appos/1 said/VERB/ROOT/11",
        ents=[(4, 6, "ORG", ""), (7, 8, "ORG", ""), (9, 11, "PERSON", "")],
    )
    assert ("Amadou Koufa", "leaderOf", "Sahel Front") in relations(doc)


def test_every_nationality_has_its_police(blank_ruler) -> None:
    doc = blank_ruler("The Kenyan police and Ecuador's police arrested them.")
    assert {e.ent_id_ for e in doc.ents} >= {"kenya--police", "ecuador--police"}


def test_an_apposition_says_what_a_name_is() -> None:
    # "found between Koro and Bankass, a town near the border" (Bankass read as a person)
    doc = make_doc(
        "found/VERB/ROOT/0 between/ADP/prep/0 Koro/PROPN/pobj/1 and/CCONJ/cc/2 "
        "Bankass/PROPN/conj/2 ,/PUNCT/punct/2 a/DET/det/7 town/NOUN/appos/2 near/ADP/prep/7 "
        "the/DET/det/10 border/NOUN/pobj/8",
        ents=[(2, 3, "GPE", ""), (4, 5, "PERSON", "")],
    )
    # "Police raided Tabligh, a banned movement" (Tabligh read as a person)
    doc2 = make_doc(
        "Police/NOUN/nsubj/1 raided/VERB/ROOT/1 Tabligh/PROPN/dobj/1 ,/PUNCT/punct/2 "
        "a/DET/det/6 banned/ADJ/amod/6 movement/NOUN/appos/2",
        ents=[(2, 3, "PERSON", "")],
    )
    assert ("Bankass", "Place") in [(m.text, m.cls) for _, m in context(doc).spans]
    assert [(m.text, m.cls) for _, m in context(doc2).spans] == [("Tabligh", "Group")]


def _mentions_with_ruler(nlp, text: str) -> list[tuple[str, str | None]]:
    """The ruler's entities, with a hand parse standing in for the model's (no deps)."""
    from kg.extract.entities import iter_mentions

    return [(m.text, m.actor_id) for _, m in iter_mentions(nlp(text), "t")]


def test_the_armed_forces_are_the_article_s_own_country_s(blank_ruler) -> None:
    found = _mentions_with_ruler(
        blank_ruler, "Ecuador is tense. In Ecuador the armed forces and the police patrol."
    )
    assert ("armed forces", "ecuador--armed-forces") in found
    assert ("police", "ecuador--police") in found


def test_whose_armed_forces_is_not_guessed_without_one_country(blank_ruler) -> None:
    assert _mentions_with_ruler(blank_ruler, "The armed forces patrol.") == []
    tie = _mentions_with_ruler(blank_ruler, "Chad and Sudan say the armed forces patrol.")
    assert [m for m in tie if "armed" in m[0]] == []


def test_a_war_cabinet_of_any_country(blank_ruler) -> None:
    assert {e.ent_id_ for e in blank_ruler("Ukraine's war cabinet met.").ents} == {
        "ukraine--war-cabinet"
    }


def test_agreeing_to_act_is_no_agreement() -> None:
    # "Israel agreed to send a delegation."  /  "Israel agreed on a truce."
    to_act = make_doc(
        "Israel/PROPN/nsubj/1 agreed/VERB/ROOT/1 to/PART/aux/3 send/VERB/xcomp/1 "
        "a/DET/det/5 delegation/NOUN/dobj/3",
        ents=[(0, 1, "GPE", "")],
        lemmas={"agreed": "agree", "send": "send"},
    )
    assert [e for e in events(to_act) if e[0] == "Agreement"] == []


def _dated(doc, anchor: str | None) -> list[tuple[str, str | None]]:
    from kg.extract.events import iter_events

    return [(e.cls, e.date) for e in iter_events(context(doc), doc_id="t", anchor=anchor)]


def test_what_is_said_or_going_on_holds_in_the_month_of_the_report() -> None:
    # "Burhan said the RSF attacked El Obeid." -- the saying is the report's news
    said = make_doc(
        "Burhan/PROPN/nsubj/1 said/VERB/ROOT/1 the/DET/det/3 "
        "RSF/PROPN/nsubj/4 attacked/VERB/ccomp/1 El/PROPN/compound/6 Obeid/PROPN/dobj/4",
        ents=[(0, 1, "PERSON", ""), (3, 4, "ORG", ""), (5, 7, "GPE", "")],
        lemmas={"said": "say", "attacked": "attack"},
    )
    found = dict(_dated(said, "2025-03-06"))
    assert found["Statement"] == "2025-03"
    assert found["Attack"] is None  # a past act with no date of its own stays undated
    assert dict(_dated(said, None))["Statement"] is None  # no report date, no guess
    # "Malian troops are attacking Kidal." -- the present tense is the report's time
    going_on = make_doc(
        "Malian/ADJ/amod/1 troops/NOUN/nsubj/3 are/AUX/aux/3 attacking/VERB/ROOT/3/VBG "
        "Kidal/PROPN/dobj/3",
        ents=[(0, 1, "NORP", ""), (4, 5, "GPE", "")],
        lemmas={"attacking": "attack"},
    )
    assert _dated(going_on, "2025-03-06") == [("Attack", "2025-03")]


def test_an_arrest_and_an_abduction_are_events_with_their_targets() -> None:
    # "The Ghana Police arrested Kofi Mensah in Kumasi." / "Ansaru kidnapped Musa Bello."
    arrest = make_doc(
        "The/DET/det/1 Ghana/PROPN/compound/2 Police/PROPN/nsubj/3 arrested/VERB/ROOT/3 "
        "Kofi/PROPN/compound/5 Mensah/PROPN/dobj/3 in/ADP/prep/3 Kumasi/PROPN/pobj/6",
        ents=[(1, 3, "ORG", ""), (4, 6, "PERSON", ""), (7, 8, "GPE", "")],
        lemmas={"arrested": "arrest"},
    )
    assert events(arrest) == [("Arrest", ["Ghana Police"], ["Kofi Mensah"], ["Kumasi"])]
    abduction = make_doc(
        "Ansaru/PROPN/nsubj/1 kidnapped/VERB/ROOT/1 Musa/PROPN/compound/3 Bello/PROPN/dobj/1",
        ents=[(0, 1, "ORG", ""), (2, 4, "PERSON", "")],
        lemmas={"kidnapped": "kidnap"},
    )
    assert events(abduction) == [("Abduction", ["Ansaru"], ["Musa Bello"], [])]


def test_what_is_conjoined_to_an_unreal_verb_did_not_happen() -> None:
    # "Ansaru plans to abduct or kill Musa Bello.": neither happened
    doc = make_doc(
        "Ansaru/PROPN/nsubj/1 plans/VERB/ROOT/1 to/PART/aux/3 abduct/VERB/xcomp/1 "
        "or/CCONJ/cc/3 kill/VERB/conj/3 Musa/PROPN/compound/7 Bello/PROPN/dobj/5",
        ents=[(0, 1, "ORG", ""), (6, 8, "PERSON", "")],
        lemmas={"abduct": "abduct", "kill": "kill", "plans": "plan"},
    )
    assert events(doc) == []


def test_what_is_told_after_a_likelihood_noun_did_not_happen() -> None:
    # "raising the risk of militias attacking Goma": no attack on Goma
    doc = make_doc(
        "Talks/NOUN/nsubj/1 failed/VERB/ROOT/1 ,/PUNCT/punct/1 raising/VERB/advcl/1 "
        "the/DET/det/5 risk/NOUN/dobj/3 of/ADP/prep/5 militias/NOUN/pobj/6 "
        "attacking/VERB/acl/7 Goma/PROPN/dobj/8",
        ents=[(9, 10, "GPE", "")],
        lemmas={"attacking": "attack", "failed": "fail"},
    )
    assert not any(cls == "Attack" for cls, *_ in events(doc))


def test_of_two_subjects_the_one_nearest_the_verb_speaks() -> None:
    # "Rebels shelled Goma, the UN said", parsed with both as subjects of "said"
    doc = make_doc(
        "Rebels/PROPN/nsubj/6 shelled/VERB/acl/0 Goma/PROPN/dobj/1 ,/PUNCT/punct/6 "
        "the/DET/det/5 UN/PROPN/nsubj/6 said/VERB/ROOT/6",
        ents=[(0, 1, "ORG", ""), (2, 3, "GPE", ""), (5, 6, "ORG", "")],
        lemmas={"said": "say", "shelled": "shell"},
    )
    speakers = [agents for cls, agents, _, _ in events(doc) if cls == "Statement"]
    assert speakers == [["UN"]]


def test_a_group_called_another_s_affiliate_is_part_of_it() -> None:
    # "Katiba Macina, an al-Qaeda affiliate, attacked Djenne."
    doc = make_doc(
        "Katiba/PROPN/compound/1 Macina/PROPN/nsubj/7 ,/PUNCT/punct/1 an/DET/det/5 "
        "al-Qaeda/PROPN/compound/5 affiliate/NOUN/appos/1 ,/PUNCT/punct/1 attacked/VERB/ROOT/7 "
        "Djenne/PROPN/dobj/7",
        ents=[(0, 2, "ORG", ""), (4, 5, "ORG", ""), (8, 9, "GPE", "")],
        lemmas={"attacked": "attack"},
    )
    assert ("Katiba Macina", "partOf", "al-Qaeda") in relations(doc)


def test_a_protest_is_news_where_it_happened_though_no_one_is_named() -> None:
    # "Thousands protested in Lusaka against President Hakainde Hichilema."
    doc = make_doc(
        "Thousands/NOUN/nsubj/1 protested/VERB/ROOT/1 in/ADP/prep/1 Lusaka/PROPN/pobj/2 "
        "against/ADP/prep/1 President/PROPN/compound/7 Hakainde/PROPN/compound/7 "
        "Hichilema/PROPN/pobj/4",
        ents=[(3, 4, "GPE", ""), (6, 8, "PERSON", "")],
        lemmas={"protested": "protest"},
    )
    assert events(doc) == [("Protest", [], ["Hakainde Hichilema"], ["Lusaka"])]
    # "Thousands protested in Lusaka.": where they protested is no one they protested at
    alone = make_doc(
        "Thousands/NOUN/nsubj/1 protested/VERB/ROOT/1 in/ADP/prep/1 Lusaka/PROPN/pobj/2",
        ents=[(3, 4, "GPE", "")],
        lemmas={"protested": "protest"},
    )
    assert events(alone) == [("Protest", [], [], ["Lusaka"])]


def test_a_protest_that_spreads_or_marches_has_where_it_went() -> None:
    # "Protests spread to Kisumu on Sunday."
    spread = make_doc(
        "Protests/NOUN/nsubj/1 spread/VERB/ROOT/1 to/ADP/prep/1 Kisumu/PROPN/pobj/2 "
        "on/ADP/prep/1 Sunday/PROPN/pobj/4",
        ents=[(3, 4, "GPE", "")],
        lemmas={"Protests": "protest", "spread": "spread"},
    )
    assert events(spread) == [("Protest", [], [], ["Kisumu"])]
    # "Students demonstrated in Dhaka." / "Troops marched into Dhaka.": a march is no
    # protest unless it is against someone
    demonstrated = make_doc(
        "Students/NOUN/nsubj/1 demonstrated/VERB/ROOT/1 in/ADP/prep/1 Dhaka/PROPN/pobj/2",
        ents=[(3, 4, "GPE", "")],
        lemmas={"demonstrated": "demonstrate"},
    )
    marched = make_doc(
        "Troops/NOUN/nsubj/1 marched/VERB/ROOT/1 into/ADP/prep/1 Dhaka/PROPN/pobj/2",
        ents=[(3, 4, "GPE", "")],
        lemmas={"marched": "march"},
    )
    assert events(demonstrated) == [("Protest", [], [], ["Dhaka"])] and events(marched) == []


def test_where_someone_was_arrested_is_no_one_arrested() -> None:
    # "Police arrested Kizza Besigye at Entebbe on Friday."
    doc = make_doc(
        "Police/NOUN/nsubj/1 arrested/VERB/ROOT/1 Kizza/PROPN/compound/3 Besigye/PROPN/dobj/1 "
        "at/ADP/prep/1 Entebbe/PROPN/pobj/4",
        ents=[(2, 4, "PERSON", ""), (5, 6, "GPE", "")],
        lemmas={"arrested": "arrest"},
    )
    assert events(doc) == [("Arrest", [], ["Kizza Besigye"], ["Entebbe"])]


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ("sanctions", [("Sanction", ["European Union"], ["Wagner Group"], [])]),
        ("curfew", [("Emergency", ["European Union"], ["Wagner Group"], [])]),
        ("fines", []),
    ],
)
def test_sanctions_imposed_on_a_party_are_an_official_act(obj: str, expected: list) -> None:
    # "The European Union imposed sanctions on the Wagner Group." (CAMEO 163); a curfew
    # imposed is an emergency measure; fines are neither
    doc = make_doc(
        "The/DET/det/2 European/PROPN/compound/2 Union/PROPN/nsubj/3 imposed/VERB/ROOT/3 "
        f"{obj}/NOUN/dobj/3 on/ADP/prep/3 the/DET/det/8 Wagner/PROPN/compound/8 "
        "Group/PROPN/pobj/5",
        ents=[(1, 3, "ORG", ""), (7, 9, "ORG", "")],
        lemmas={"imposed": "impose", obj: obj.removesuffix("s")},
    )
    assert [e[:2] for e in events(doc)] == [e[:2] for e in expected]


def test_an_impeachment_is_the_legislature_s_act_on_whom_it_removes() -> None:
    # "The National Assembly impeached Vice President Chilima."
    doc = make_doc(
        "The/DET/det/2 National/PROPN/compound/2 Assembly/PROPN/nsubj/3 impeached/VERB/ROOT/3 "
        "Vice/PROPN/compound/6 President/PROPN/compound/6 Chilima/PROPN/dobj/3",
        ents=[(1, 3, "ORG", ""), (6, 7, "PERSON", "")],
        lemmas={"impeached": "impeach"},
    )
    assert [e[:3] for e in events(doc)] == [("Legislation", ["National Assembly"], ["Chilima"])]


def test_an_unnamed_speaker_and_a_planned_protest_are_no_events() -> None:
    # "Officials said in Lusaka ..." / "The opposition will protest in Lusaka."
    said = make_doc(
        "Officials/NOUN/nsubj/1 said/VERB/ROOT/1 in/ADP/prep/1 Lusaka/PROPN/pobj/2",
        ents=[(3, 4, "GPE", "")],
        lemmas={"said": "say"},
    )
    planned = make_doc(
        "The/DET/det/1 opposition/NOUN/nsubj/3 will/AUX/aux/3 protest/VERB/ROOT/3 "
        "in/ADP/prep/3 Lusaka/PROPN/pobj/4",
        ents=[(5, 6, "GPE", "")],
    )
    assert events(said) == [] and events(planned) == []
