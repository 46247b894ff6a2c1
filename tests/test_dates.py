from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kg.dates import find_publication_date, parse_absolute, resolve


def test_absolute_forms() -> None:
    assert parse_absolute("On January 3, 2020, the US") == "2020-01-03"
    assert parse_absolute("on 5 January 2020") == "2020-01-05"
    assert parse_absolute("in January 2020") == "2020-01"
    assert parse_absolute("since June 2014") == "2014-06"
    assert parse_absolute("In early 2003") == "2003"
    assert parse_absolute("on Tuesday") is None


def test_relative_needs_an_anchor() -> None:
    assert resolve("Two days later", previous="2020-01-03") == "2020-01-05"
    assert resolve("Tuesday", anchor="2018-12-27") == "2018-12-25"
    assert resolve("last month", anchor="2021-03-02") == "2021-02"
    assert resolve("On 26 July", anchor="2021-12-29") == "2021-07-26"
    assert resolve("Tuesday") is None
    assert resolve("26 July") is None


def test_publication_date_line() -> None:
    assert find_publication_date(["Headline", "December 27, 2018 | 12:45am"]) == "2018-12-27"
    assert find_publication_date(["Published: 5 March 2021"]) == "2021-03-05"
    assert find_publication_date(["The war began on 5 March 2021 in the north."]) is None


def test_wire_datelines() -> None:
    assert find_publication_date(["T", "BAGHDAD, March 12, 2023 — Rockets hit."]) == "2023-03-12"
    line = "WASHINGTON, 5 January 2020 (Reuters) - The US said."
    assert find_publication_date(["T", line]) == "2020-01-05"
    assert find_publication_date(["T", "In BAGHDAD, March 12, 2023 — x"]) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_written_dates_round_trip(d: date) -> None:
    written = f"{d.strftime('%B')} {d.day}, {d.year}"
    assert parse_absolute(written) == d.isoformat()
    assert parse_absolute(f"{d.day} {d.strftime('%B')} {d.year}") == d.isoformat()


def test_month_precise_anchor_resolves_months_not_days() -> None:
    assert resolve("On 26 July", anchor="2021-12") == "2021-07-26"
    assert resolve("last month", anchor="2021-12") == "2021-11"
    assert resolve("on Tuesday", anchor="2021-12") is None
