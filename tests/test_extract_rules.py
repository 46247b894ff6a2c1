"""Relation and event rules on hand-parsed sentences (no model)."""

import pytest

from .docs import context, events, make_doc, relations


def test_group_title_person() -> None:
    # "Kataeb Hezbollah spokesman Abu Ali al-Askari said"
    doc = make_doc(
        "Kataeb/PROPN/compound/1 Hezbollah/PROPN/compound/2 spokesman/NOUN/compound/5 "
        "Abu/PROPN/compound/5 Ali/PROPN/compound/5 al-Askari/PROPN/nsubj/6 "
        "said/VERB/ROOT/6",
        ents=[(0, 2, "ORG", "kataib-hezbollah"), (3, 6, "PERSON", "")],
        lemmas={"said": "say"},
    )
    assert ("Abu Ali al-Askari", "spokespersonOf", "Kataeb Hezbollah") in relations(doc)


def test_apposition_leader_of() -> None:
    # "Hadi al-Ameri, leader of the Badr Organization, said"
    doc = make_doc(
        "Hadi/PROPN/compound/1 al-Ameri/PROPN/nsubj/8 ,/PUNCT/punct/1 "
        "leader/NOUN/appos/1 of/ADP/prep/3 the/DET/det/7 Badr/PROPN/compound/7 "
        "Organization/PROPN/pobj/4 said/VERB/ROOT/8",
        ents=[(0, 2, "PERSON", ""), (6, 8, "ORG", "")],
        lemmas={"said": "say"},
    )
    assert ("Hadi al-Ameri", "leaderOf", "Badr Organization") in relations(doc)


def test_deputy_is_only_member() -> None:
    # "Abu Mahdi al-Muhandis, deputy head of the PMU"
    doc = make_doc(
        "Abu/PROPN/compound/2 Mahdi/PROPN/compound/2 al-Muhandis/PROPN/ROOT/2 "
        ",/PUNCT/punct/2 deputy/NOUN/amod/5 head/NOUN/appos/2 of/ADP/prep/5 "
        "the/DET/det/8 PMU/PROPN/pobj/6",
        ents=[(0, 3, "PERSON", ""), (8, 9, "ORG", "popular-mobilization-units")],
    )
    rels = relations(doc)
    assert ("Abu Mahdi al-Muhandis", "memberOf", "PMU") in rels
    assert not any(p == "leaderOf" for _, p, _ in rels)


def test_x_backed_group() -> None:
    # "the Iran-backed Kataib Hezbollah attacked"
    doc = make_doc(
        "the/DET/det/5 Iran/PROPN/npadvmod/3 -/PUNCT/punct/3 backed/VERB/amod/5 "
        "Kataib/PROPN/compound/5 Hezbollah/PROPN/nsubj/6 attacked/VERB/ROOT/6",
        ents=[(1, 2, "GPE", "iran"), (4, 6, "ORG", "kataib-hezbollah")],
    )
    assert ("Kataib Hezbollah", "backedBy", "Iran") in relations(doc)


def test_plural_backed_groups_name_no_one() -> None:
    doc = make_doc(
        "Iranian/ADJ/npadvmod/2 -/PUNCT/punct/2 backed/VERB/amod/3 "
        "groups/NOUN/nsubj/4 attacked/VERB/ROOT/4"
    )
    doc[3].tag_ = "NNS"
    assert relations(doc) == set()


def test_place_in_place_skipping_direction() -> None:
    # "K1 Air Base northwest of Kirkuk in northern Iraq"
    doc = make_doc(
        "K1/PROPN/compound/2 Air/PROPN/compound/2 Base/PROPN/ROOT/2 "
        "northwest/ADV/advmod/2 of/ADP/prep/3 Kirkuk/PROPN/pobj/4 in/ADP/prep/2 "
        "northern/ADJ/amod/8 Iraq/PROPN/pobj/6",
        ents=[(0, 3, "FAC", ""), (5, 6, "GPE", "kirkuk"), (8, 9, "GPE", "iraq")],
    )
    rels = relations(doc)
    assert ("K1 Air Base", "locatedIn", "Iraq") in rels
    assert ("K1 Air Base", "locatedIn", "Kirkuk") not in rels


def test_unit_of_group() -> None:
    # "the 14th Brigade of the PMU"
    doc = make_doc(
        "the/DET/det/2 14th/ADJ/amod/2 Brigade/PROPN/ROOT/2 of/ADP/prep/2 "
        "the/DET/det/5 PMU/PROPN/pobj/3",
        ents=[(1, 3, "ORG", ""), (5, 6, "ORG", "popular-mobilization-units")],
    )
    assert ("14th Brigade", "partOf", "PMU") in relations(doc)


def test_passive_killing_by_agent_noun() -> None:
    # "Soleimani was killed by a US drone strike near Baghdad International Airport"
    doc = make_doc(
        "Soleimani/PROPN/nsubjpass/2 was/AUX/auxpass/2 killed/VERB/ROOT/2 "
        "by/ADP/agent/2 a/DET/det/7 US/PROPN/compound/7 drone/NOUN/compound/7 "
        "strike/NOUN/pobj/3 near/ADP/prep/7 Baghdad/PROPN/compound/11 "
        "International/PROPN/compound/11 Airport/PROPN/pobj/8",
        ents=[
            (0, 1, "PERSON", "qassem-soleimani"),
            (5, 6, "GPE", "united-states"),
            (9, 12, "FAC", "baghdad-international-airport"),
        ],
        lemmas={"killed": "kill", "was": "be"},
    )
    assert events(doc) == [("Killing", ["US"], ["Soleimani"], ["Baghdad International Airport"])]


def test_call_on_is_a_demand_with_addressee() -> None:
    # "Kataib Hezbollah called on US forces to leave"
    doc = make_doc(
        "Kataib/PROPN/compound/1 Hezbollah/PROPN/nsubj/2 called/VERB/ROOT/2 "
        "on/ADP/prep/2 US/PROPN/compound/5 forces/NOUN/pobj/3 to/PART/aux/7 "
        "leave/VERB/xcomp/2",
        ents=[(0, 2, "ORG", "kataib-hezbollah"), (4, 6, "ORG", "us-armed-forces")],
        lemmas={"called": "call"},
    )
    assert events(doc) == [("Demand", ["Kataib Hezbollah"], ["US forces"], [])]


def test_denial_is_not_an_attack_by_the_denier() -> None:
    # "Kataib Hezbollah denied responsibility for the attack"
    doc = make_doc(
        "Kataib/PROPN/compound/1 Hezbollah/PROPN/nsubj/2 denied/VERB/ROOT/2 "
        "responsibility/NOUN/dobj/2 for/ADP/prep/3 the/DET/det/6 attack/NOUN/pobj/4",
        ents=[(0, 2, "ORG", "kataib-hezbollah")],
        lemmas={"denied": "deny"},
    )
    found = events(doc)
    assert not any(cls == "Attack" for cls, *_ in found)
    assert found == [("Statement", ["Kataib Hezbollah"], [], [])]


def test_negated_attack_is_dropped() -> None:
    # "The militia did not attack US forces"
    doc = make_doc(
        "The/DET/det/1 militia/NOUN/nsubj/4 did/AUX/aux/4 not/PART/neg/4 "
        "attack/VERB/ROOT/4 US/PROPN/compound/6 forces/NOUN/dobj/4",
        ents=[(5, 7, "ORG", "us-armed-forces")],
    )
    assert events(doc) == []


def test_negation_alone_drops_a_named_attack() -> None:
    # "Hamas did not attack US forces" / "Hamas attacked US forces": only 'not' differs
    negated = make_doc(
        "Hamas/PROPN/nsubj/3 did/AUX/aux/3 not/PART/neg/3 attack/VERB/ROOT/3 "
        "US/PROPN/compound/5 forces/NOUN/dobj/3",
        ents=[(0, 1, "ORG", "hamas"), (4, 6, "ORG", "us-armed-forces")],
    )
    done = make_doc(
        "Hamas/PROPN/nsubj/1 attacked/VERB/ROOT/1 US/PROPN/compound/3 forces/NOUN/dobj/1",
        ents=[(0, 1, "ORG", "hamas"), (2, 4, "ORG", "us-armed-forces")],
        lemmas={"attacked": "attack"},
    )
    assert events(negated) == []
    assert events(done) == [("Attack", ["Hamas"], ["US forces"], [])]


def test_tags_follow_the_real_model() -> None:
    """The hand-built Docs carry the tags en_core_web_sm gives, which rules read."""
    doc = make_doc(
        "Troops/NOUN/nsubjpass/2 are/AUX/auxpass/2 stationed/VERB/ROOT/2 ./PUNCT/punct/2 // "
        "They/PRON/nsubj/7 will/AUX/aux/7 not/PART/neg/7 leave/VERB/ROOT/7 to/PART/aux/9 "
        "fight/VERB/xcomp/7"
    )
    assert [t.tag_ for t in doc if t.text in {"are", "will", "not", "to"}] == [
        "VBP", "MD", "RB", "TO"
    ]  # fmt: skip
    assert [s.text for s in doc.sents] == ["Troops are stationed .", "They will not leave to fight"]


def test_stative_passive_reads_the_present_tag() -> None:
    # "US troops are stationed in Iraq" is a state; "were deployed" an event (VBP vs VBD)
    def deployment(aux: str, verb: str) -> list:
        doc = make_doc(
            f"US/PROPN/compound/1 troops/NOUN/nsubjpass/3 {aux}/AUX/auxpass/3 "
            f"{verb}/VERB/ROOT/3 in/ADP/prep/3 Iraq/PROPN/pobj/4",
            ents=[(0, 2, "ORG", "us-armed-forces"), (5, 6, "GPE", "iraq")],
            lemmas={"stationed": "station", "deployed": "deploy"},
        )
        return events(doc)

    assert deployment("are", "stationed") == []
    assert deployment("were", "deployed") == [("Deployment", ["US troops"], [], ["Iraq"])]


def test_pronoun_speaker_and_must_clause_demand() -> None:
    # "Hadi al-Ameri spoke . He said US forces must leave"
    doc = make_doc(
        "Hadi/PROPN/compound/1 al-Ameri/PROPN/nsubj/2 spoke/VERB/ROOT/2 ./PUNCT/punct/2 "
        "He/PRON/nsubj/5 said/VERB/ROOT/5 US/PROPN/compound/7 forces/NOUN/nsubj/9 "
        "must/AUX/aux/9 leave/VERB/ccomp/5",
        ents=[(0, 2, "PERSON", "hadi-al-ameri"), (6, 8, "ORG", "us-armed-forces")],
        lemmas={"said": "say"},
    )
    # the speaker comes from the previous subject; "must leave" makes the statement a demand
    assert ("Demand", ["Hadi al-Ameri"], ["US forces"], []) in events(doc)


def test_the_chairman_of_group_comma_person() -> None:
    # "the chairman of the PMU, Falih al-Fayyadh, said"
    doc = make_doc(
        "the/DET/det/1 chairman/NOUN/nsubj/8 of/ADP/prep/1 the/DET/det/4 PMU/PROPN/pobj/2 "
        ",/PUNCT/punct/1 Falih/PROPN/compound/7 al-Fayyadh/PROPN/appos/1 said/VERB/ROOT/8",
        ents=[(4, 5, "ORG", "popular-mobilization-units"), (6, 8, "PERSON", "")],
        lemmas={"said": "say"},
    )
    assert ("Falih al-Fayyadh", "leaderOf", "PMU") in relations(doc)


def test_iran_backed_plural_in_passive_by() -> None:
    # "the militia, backed by Iran, attacked" -> backed by the sponsor
    doc = make_doc(
        "Kataib/PROPN/compound/1 Hezbollah/PROPN/nsubj/7 ,/PUNCT/punct/1 backed/VERB/acl/1 "
        "by/ADP/agent/3 Iran/PROPN/pobj/4 ,/PUNCT/punct/1 attacked/VERB/ROOT/7",
        ents=[(0, 2, "ORG", "kataib-hezbollah"), (5, 6, "GPE", "iran")],
    )
    assert ("Kataib Hezbollah", "backedBy", "Iran") in relations(doc)


def test_one_word_person_before_a_group_noun_is_a_group() -> None:
    doc = make_doc(
        "the/DET/det/3 Nasr/PROPN/compound/3 resistance/NOUN/compound/3 group/NOUN/ROOT/3",
        ents=[(1, 2, "PERSON", "")],
        lemmas={"group": "group"},
    )
    assert [m.cls for m in context(doc).by_token.values()] == ["Group"]


def test_the_possessor_of_the_object_is_the_target() -> None:
    # "The court ratified Maduro 's victory"
    doc = make_doc(
        "The/DET/det/1 court/NOUN/nsubj/2 ratified/VERB/ROOT/2 Maduro/PROPN/poss/5 "
        "'s/PART/case/3 victory/NOUN/dobj/2",
        ents=[(3, 4, "PERSON", "")],
        lemmas={"ratified": "ratify"},
    )
    doc2 = make_doc(
        "Venezuela/PROPN/nsubj/1 ratified/VERB/ROOT/1 Maduro/PROPN/poss/4 "
        "'s/PART/case/2 victory/NOUN/dobj/1",
        ents=[(0, 1, "GPE", ""), (2, 3, "PERSON", "")],
        lemmas={"ratified": "ratify"},
    )
    assert events(doc) == [("Ruling", [], ["Maduro"], [])]
    # a ruling is an act of state: it holds in the state that made it
    assert events(doc2) == [("Ruling", ["Venezuela"], ["Maduro"], ["Venezuela"])]


def test_a_participle_on_the_agent_is_an_act_of_its_own() -> None:
    # "Malian forces battling JNIM advanced on Gao"
    doc = make_doc(
        "Malian/ADJ/amod/1 forces/NOUN/nsubj/4 battling/VERB/acl/1/VBG JNIM/PROPN/dobj/2 "
        "advanced/VERB/ROOT/4 on/ADP/prep/4 Gao/PROPN/pobj/5",
        ents=[(0, 2, "ORG", "mali--armed-forces"), (3, 4, "ORG", ""), (6, 7, "GPE", "")],
        lemmas={"battling": "battle", "advanced": "advance"},
    )
    found = {(cls, tuple(a), tuple(t)) for cls, a, t, _ in events(doc)}
    assert ("Clash", ("Malian forces",), ("JNIM",)) in found
    assert any(cls == "Deployment" and a == ("Malian forces",) for cls, a, _ in found)


def test_an_attack_by_nobody_named_needs_a_place() -> None:
    # "A drone attack hit a base in Jordan" / "A drone attack hit"
    placed = make_doc(
        "A/DET/det/2 drone/NOUN/compound/2 attack/NOUN/nsubj/3 hit/VERB/ROOT/3 "
        "a/DET/det/5 base/NOUN/dobj/3 in/ADP/prep/5 Jordan/PROPN/pobj/6",
        ents=[(7, 8, "GPE", "jordan")],
    )
    bare = make_doc(
        "A/DET/det/2 drone/NOUN/compound/2 attack/NOUN/nsubj/3 hit/VERB/ROOT/3",
    )
    assert [(c, a, t + p) for c, a, t, p in events(placed)] == [("Attack", [], ["Jordan"])]
    assert events(bare) == []


def test_a_role_then_called_and_a_name() -> None:
    # "a Hamas representative called Ali Baraka"
    doc = make_doc(
        "a/DET/det/2 Hamas/PROPN/compound/2 representative/NOUN/ROOT/2 called/VERB/acl/2 "
        "Ali/PROPN/compound/5 Baraka/PROPN/oprd/3",
        ents=[(1, 2, "ORG", "hamas"), (4, 6, "PERSON", "")],
        lemmas={"called": "call"},
    )
    assert ("Ali Baraka", "memberOf", "Hamas") in relations(doc)


def test_a_noun_between_group_and_role() -> None:
    # "the RSF field commander Abdel Rahim Dagalo"
    doc = make_doc(
        "the/DET/det/3 RSF/PROPN/compound/3 field/NOUN/compound/3 commander/NOUN/compound/6 "
        "Abdel/PROPN/compound/6 Rahim/PROPN/compound/6 Dagalo/PROPN/ROOT/6",
        ents=[(1, 2, "ORG", ""), (4, 7, "PERSON", "")],
    )
    assert ("Abdel Rahim Dagalo", "leaderOf", "RSF") in relations(doc)


def test_a_conjoined_role_has_the_first_role_s_person() -> None:
    # "Ali Karti, head of the Islamic Movement and leader of the Popular Front, said"
    doc = make_doc(
        "Ali/PROPN/compound/1 Karti/PROPN/nsubj/15 ,/PUNCT/punct/1 head/NOUN/appos/1 "
        "of/ADP/prep/3 the/DET/det/7 Islamic/PROPN/compound/7 Movement/PROPN/pobj/4 "
        "and/CCONJ/cc/3 leader/NOUN/conj/3 of/ADP/prep/9 the/DET/det/13 Popular/PROPN/compound/13 "
        "Front/PROPN/pobj/10 ,/PUNCT/punct/1 said/VERB/ROOT/15",
        ents=[(0, 2, "PERSON", ""), (6, 8, "ORG", ""), (12, 14, "ORG", "")],
        lemmas={"said": "say"},
    )
    rels = relations(doc)
    assert {
        ("Ali Karti", "leaderOf", "Islamic Movement"),
        ("Ali Karti", "leaderOf", "Popular Front"),
    } <= rels


def test_a_person_s_army_is_the_one_they_lead() -> None:
    # "Hemedti 's Rapid Support Forces attacked"
    doc = make_doc(
        "Hemedti/PROPN/poss/3 's/PART/case/0 Rapid/PROPN/compound/3 Support/PROPN/compound/4 "
        "Forces/PROPN/nsubj/5 attacked/VERB/ROOT/5",
        ents=[(0, 1, "ORG", ""), (2, 5, "ORG", "")],  # the NER took the man for a group
        lemmas={"attacked": "attack"},
    )
    assert ("Hemedti", "leaderOf", "Rapid Support Forces") in relations(doc)


def test_the_object_of_an_attack_noun_is_its_target() -> None:
    # "Iraq 's invasion of Kuwait"
    doc = make_doc(
        "Iraq/PROPN/poss/2 's/PART/case/0 invasion/NOUN/ROOT/2 of/ADP/prep/2 Kuwait/PROPN/pobj/3",
        ents=[(0, 1, "GPE", "iraq"), (4, 5, "GPE", "")],
    )
    assert events(doc) == [("Attack", ["Iraq"], ["Kuwait"], [])]


def test_striking_a_deal_is_no_attack() -> None:
    # "Kenya struck a deal with Haiti" / "Kenya struck Haiti"
    deal = make_doc(
        "Kenya/PROPN/nsubj/1 struck/VERB/ROOT/1 a/DET/det/3 deal/NOUN/dobj/1 with/ADP/prep/1 "
        "Haiti/PROPN/pobj/4",
        ents=[(0, 1, "GPE", "kenya"), (5, 6, "GPE", "haiti")],
        lemmas={"struck": "strike"},
    )
    blow = make_doc(
        "Kenya/PROPN/nsubj/1 struck/VERB/ROOT/1 Haiti/PROPN/dobj/1",
        ents=[(0, 1, "GPE", "kenya"), (2, 3, "GPE", "haiti")],
        lemmas={"struck": "strike"},
    )
    assert [c for c, *_ in events(deal)] == ["Agreement"]
    assert [c for c, *_ in events(blow)] == ["Attack"]


def test_supported_by_is_sponsorship() -> None:
    # "Mali 's army , supported by Wagner forces , attacked"
    doc = make_doc(
        "Mali/PROPN/poss/2 's/PART/case/0 army/NOUN/nsubj/8 ,/PUNCT/punct/2 supported/VERB/acl/2 "
        "by/ADP/agent/4 Wagner/PROPN/compound/7 forces/NOUN/pobj/5 attacked/VERB/ROOT/8",
        ents=[(0, 3, "ORG", "mali--armed-forces"), (6, 7, "ORG", "wagner-group")],
        lemmas={"supported": "support", "attacked": "attack"},
        joined=(0,),  # "Mali's"
    )
    assert ("Mali's army", "backedBy", "Wagner") in relations(doc)


@pytest.mark.parametrize(
    ("spec", "date", "expected"),
    [
        # "Militias have attacked bases since the war began on Oct. 7."
        (
            "Militias/NOUN/nsubj/2 have/AUX/aux/2 attacked/VERB/ROOT/2 bases/NOUN/dobj/2 "
            "since/SCONJ/mark/7 the/DET/det/6 war/NOUN/nsubj/7 began/VERB/advcl/2 on/ADP/prep/7 "
            "Oct./PROPN/pobj/8 7/NUM/nummod/9 ./PUNCT/punct/2",
            (9, 11),
            None,
        ),
        # "Rebels have shelled Goma since March 2023."
        (
            "Rebels/NOUN/nsubj/2 have/AUX/aux/2 shelled/VERB/ROOT/2 Goma/PROPN/dobj/2 "
            "since/ADP/prep/2 March/PROPN/pobj/4 2023/NUM/nummod/5 ./PUNCT/punct/2",
            (5, 7),
            None,
        ),
        # "Rebels shelled Goma on March 3, 2023.": the day it happened
        (
            "Rebels/NOUN/nsubj/1 shelled/VERB/ROOT/1 Goma/PROPN/dobj/1 on/ADP/prep/1 "
            "March/PROPN/pobj/3 3/NUM/nummod/4 ,/PUNCT/punct/4 2023/NUM/nummod/4 ./PUNCT/punct/1",
            (4, 8),
            "March 3, 2023",
        ),
    ],
)
def test_a_date_after_since_opens_a_period_and_dates_nothing(
    spec: str, date: tuple[int, int], expected: str | None
) -> None:
    from kg.extract.attributes import date_text

    doc = make_doc(spec, ents=[(*date, "DATE", "")], joined=(5,) if expected else ())
    verb = next(t for t in doc if t.dep_ == "ROOT")
    assert date_text(context(doc), verb, {verb.i: None}) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("gunman", [("Accusation", ["Kenya Police Service"], ["Ahmed Khan"], [])]),
        ("spokesman", []),  # "identified X as the spokesman" charges no one
    ],
)
def test_identifying_someone_as_the_culprit_is_an_accusation(noun: str, expected: list) -> None:
    """'The Kenya Police Service identified Ahmed Khan as the gunman.'"""
    doc = make_doc(
        "The/DET/det/3 Kenya/PROPN/compound/3 Police/PROPN/compound/3 Service/PROPN/nsubj/4 "
        "identified/VERB/ROOT/4 Ahmed/PROPN/compound/6 Khan/PROPN/dobj/4 as/ADP/prep/4 "
        f"the/DET/det/9 {noun}/NOUN/pobj/7",
        ents=[(1, 4, "ORG", ""), (5, 7, "PERSON", "")],
        lemmas={"identified": "identify"},
    )
    assert events(doc) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("mastermind", [("Accusation", [], ["Ahmed Khan"], [])]),
        ("spokesman", []),
    ],
)
def test_the_charge_is_news_though_no_accuser_is_named(noun: str, expected: list) -> None:
    """'Investigators identified Ahmed Khan as the mastermind.' (no one named accuses)"""
    doc = make_doc(
        "Investigators/NOUN/nsubj/1 identified/VERB/ROOT/1 Ahmed/PROPN/compound/3 "
        f"Khan/PROPN/dobj/1 as/ADP/prep/1 the/DET/det/6 {noun}/NOUN/pobj/4",
        ents=[(2, 4, "PERSON", "")],
        lemmas={"identified": "identify"},
    )
    assert events(doc) == expected
