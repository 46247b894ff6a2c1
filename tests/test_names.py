import pytest

from kg.names import spelling_variants


def test_spelling_variants() -> None:
    v = spelling_variants("Abu Mahdi al-Muhandis")
    assert {"Abu Mahdi al-Muhandis", "Abu Mahdi al Muhandis"} <= v
    assert "Asaib Ahl al-Haq" in spelling_variants("Asa'ib Ahl al-Haq")


def ents(nlp, text):
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_dictionary_names_every_spelling(blank_ruler) -> None:
    for text in ["Kataib Hezbollah", "Kata'ib Hizballah", "Kataeb Hezbollah", "kataib hezbollah"]:
        assert ents(blank_ruler, f"Fighters of {text} fired.")[0][2] == "kataib-hezbollah"
    for text in ["Qassem Soleimani", "Qasem Suleimani"]:
        assert ents(blank_ruler, f"{text} died.")[0][2] == "qassem-soleimani"
    assert ents(blank_ruler, "al-Hashd al-Shaabi said")[0][2] == "popular-mobilization-units"


def test_acronyms_match_case(blank_ruler) -> None:
    assert ents(blank_ruler, "IS fighters attacked.")[0][2] == "islamic-state"
    assert ents(blank_ruler, "This is it.") == []
    assert ents(blank_ruler, "Send it to us.") == []


def test_demonym_forces_name_the_institution(blank_ruler) -> None:
    assert ents(blank_ruler, "US troops left.")[0][2] == "us-armed-forces"
    assert ents(blank_ruler, "Iraqi forces left.")[0][2] == "iraqi-armed-forces"
    assert ents(blank_ruler, "Jordanian troops left.")[0][2] == "jordan--armed-forces"
    assert ents(blank_ruler, "Iraqi officials left.") == []


@pytest.mark.parametrize(
    ("text", "not_id"),
    [
        ("Royal Marines landed at dawn.", "us-marine-corps"),
        ("India's Congress party won the vote.", "us-congress"),
        ("Peace Brigades International sent observers.", "saraya-al-salam"),
        ("Saddam, a shopkeeper in Cairo, said prices rose.", "saddam-hussein"),
        ("Badr Abdelatty, Egypt's foreign minister, arrived.", "badr-organization"),
    ],
)
def test_generic_aliases_capture_no_one(blank_ruler, text: str, not_id: str) -> None:
    """Aliases that are a common word or a bare name are gone from the dictionary."""
    assert not_id not in {e.ent_id_ for e in blank_ruler(text).ents}


def test_full_names_still_match(blank_ruler) -> None:
    """Positive control for the above: the dictionary's full names are matched."""
    ids = {e.ent_id_ for e in blank_ruler("Saddam Hussein and the Badr Organization.").ents}
    assert {"saddam-hussein", "badr-organization"} <= ids
