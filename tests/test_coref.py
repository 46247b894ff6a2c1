"""Event coreference within an article (kg/coref.py), on hand-made records: one event told
several times is one node; different events stay apart."""

from __future__ import annotations

from kg.resolve import resolve

from .test_resolve import ev, ex, m


def classes(events) -> list[str]:
    return sorted(e.cls for e in events)


def test_agentless_reports_of_one_attack_are_one_node() -> None:
    base = m("a", "Kidal", "Place", 5)
    reports = [
        ev("a", "Attack", [], [base], 10),
        ev("a", "Attack", [], [m("a", "Kidal", "Place", 90)], 95),
    ]
    assert len(resolve([ex("a", [base], reports)]).events) == 1


def test_attacks_on_two_targets_are_two_events() -> None:
    army = m("a", "Malian army", "Group", 0)
    on_gao = ev("a", "Attack", [army], [m("a", "Gao", "Place", 20)], 10)
    on_kidal = ev("a", "Attack", [army], [m("a", "Kidal", "Place", 80)], 70)
    assert len(resolve([ex("a", [army], [on_gao, on_kidal])]).events) == 2


def test_an_attack_and_the_killing_it_was_are_one_killing() -> None:
    rsf = m("a", "Rapid Support Forces", "Group", 0)
    chief = m("a", "Ahmed Musa", "Person", 40)
    told = [ev("a", "Attack", [rsf], [chief], 20), ev("a", "Killing", [], [chief], 120)]
    assert classes(resolve([ex("a", [rsf, chief], told)]).events) == ["Killing"]


def test_different_dates_keep_two_attacks_apart() -> None:
    kidal = m("a", "Kidal", "Place", 5)
    told = [
        ev("a", "Attack", [], [kidal], 10, date="2024-03-01"),
        ev("a", "Attack", [], [kidal], 90, date="2023-11-14"),
    ]
    assert len(resolve([ex("a", [kidal], told)]).events) == 2


def test_a_state_and_its_forces_are_one_actor_here() -> None:
    us = m("a", "United States", "Place", 0, actor="united-states")
    forces = m("a", "US forces", "Group", 30, actor="us-armed-forces")
    qods = m("a", "Quds Force", "Group", 60, actor="quds-force")
    told = [ev("a", "Attack", [us], [qods], 10), ev("a", "Attack", [forces], [qods], 50)]
    assert len(resolve([ex("a", [us, forces, qods], told)]).events) == 1


def test_a_said_and_a_threat_by_one_speaker_are_one_threat() -> None:
    speaker = m("a", "Ali Karti", "Person", 0)
    said = ev("a", "Statement", [speaker], [], 10)
    threat = ev("a", "Threat", [speaker], [], 60)
    demand = ev("a", "Demand", [speaker], [], 120)
    events = resolve([ex("a", [speaker], [said, threat, demand])]).events
    assert classes(events) == ["Demand", "Threat"]  # a threat and a demand stay two acts


def test_an_unattributed_retelling_joins_the_one_attributed_event() -> None:
    iran = m("a", "Iran", "Place", 0, actor="iran")
    us = m("a", "US forces", "Group", 20, actor="us-armed-forces")
    base = m("a", "Ain al-Asad", "Place", 200)
    told = [ev("a", "Attack", [iran], [us], 10), ev("a", "Attack", [], [base], 190)]
    (event,) = resolve([ex("a", [iran, us, base], told)]).events
    assert event.agents == ("iran",) and len(event.evidence) == 2


def test_with_two_attributed_events_an_unattributed_report_stays_apart() -> None:
    iran, israel = (m("a", n, "Place", i, actor=n.lower()) for i, n in ((0, "Iran"), (9, "Israel")))
    gaza = m("a", "Gaza", "Place", 40, actor="gaza")
    base = m("a", "Ain al-Asad", "Place", 200)
    told = [
        ev("a", "Attack", [iran], [base], 10),
        ev("a", "Attack", [israel], [gaza], 50),
        ev("a", "Attack", [], [m("a", "Erbil", "Place", 300)], 290),
    ]
    assert len(resolve([ex("a", [iran, israel, gaza, base], told)]).events) == 3


def test_a_report_naming_the_target_and_one_naming_the_place_are_one_attack() -> None:
    # "US strikes hit the Quds Force" ... "the strikes in Iraq and Syria"
    forces = m("a", "US forces", "Group", 0, actor="us-armed-forces")
    qods = m("a", "Quds Force", "Group", 20, actor="quds-force")
    iraq = m("a", "Iraq", "Place", 80, actor="iraq")
    told = [
        ev("a", "Attack", [forces], [qods], 10),
        ev("a", "Attack", [forces], [], 70, places=[iraq]),
    ]
    assert len(resolve([ex("a", [forces, qods, iraq], told)]).events) == 1


def test_a_city_and_its_country_do_not_disagree() -> None:
    army = m("a", "Sudanese army", "Group", 0, actor="sudan--armed-forces")
    khartoum = m("a", "Khartoum", "Place", 20, actor="khartoum")
    sudan = m("a", "Sudan", "Place", 80, actor="sudan")
    told = [
        ev("a", "Attack", [army], [], 10, places=[khartoum]),
        ev("a", "Attack", [army], [], 70, places=[sudan]),
    ]
    assert len(resolve([ex("a", [army, khartoum, sudan], told)]).events) == 1


def test_a_killing_elsewhere_stays_apart_from_the_attack() -> None:
    # "TTP claimed the Peshawar bombing ... revenge for his brother, killed in Afghanistan"
    ttp = m("a", "TTP", "Group", 0, actor="tehreek-e-taliban-pakistan")
    peshawar = m("a", "Peshawar", "Place", 20, actor="peshawar")
    kabul = m("a", "Afghanistan", "Place", 90, actor="afghanistan")
    told = [
        ev("a", "Attack", [ttp], [peshawar], 10),
        ev("a", "Killing", [], [], 100, places=[kabul]),
    ]
    assert len(resolve([ex("a", [ttp, peshawar, kabul], told)]).events) == 2


def _strike(doc: str, target: str, cls: str = "Group", *, place: str | None = None):
    us = m(doc, "US", "Place", 0, "united-states")
    hit = m(doc, target, cls, 30)
    where = [m(doc, place, "Place", 60)] if place else []
    event = ev(doc, "Attack", [us], [hit], 10, date="2024", places=where)
    return ex(doc, [us, hit, *where], [event])


def test_one_agents_strikes_on_different_targets_in_two_articles_stay_apart() -> None:
    # a year-only date agrees with any day of it; the targets still tell two strikes apart
    told = [_strike("a", "Kataib Hezbollah"), _strike("b", "Harakat al-Nujaba")]
    assert len(resolve(told).events) == 2


def test_one_strike_on_one_target_told_by_two_articles_is_one_event() -> None:
    told = [_strike("a", "Kataib Hezbollah"), _strike("b", "Kataib Hezbollah", place="Iraq")]
    events = resolve(told).events
    assert len(events) == 1 and events[0].docs == ("a", "b")


def test_strikes_in_two_countries_told_by_two_articles_stay_apart() -> None:
    told = [_strike("a", "Aleppo", "Place"), _strike("b", "Mosul", "Place")]
    assert len(resolve(told).events) == 2


def test_a_place_and_what_the_articles_put_it_in_do_not_disagree() -> None:
    """'Rockets hit Kandahar International Airport' / 'the attack on Kandahar': once the
    article puts the airport in the city (locatedIn), the two reports are one attack;
    a town the articles put nowhere still disagrees with the city."""
    from dataclasses import replace

    from kg.models import Relation

    airport = m("a", "Kandahar International Airport", "Place", 0)
    city = m("a", "Kandahar", "Place", 80, actor="kandahar")
    told = [ev("a", "Attack", [], [airport], 10), ev("a", "Attack", [], [city], 90)]
    inside = Relation(airport, "locatedIn", city, "s0", "facility-name", 0.85)
    record = replace(ex("a", [airport, city], told), relations=(inside,))
    assert len(resolve([record]).events) == 1
    assert len(resolve([ex("a", [airport, city], told)]).events) == 2
