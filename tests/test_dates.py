from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kg.dates import (
    estimate_report_date,
    find_publication_date,
    parse_absolute,
    resolve,
    weekday_year,
)


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


def test_a_weekday_fixes_the_year_of_a_day_written_without_one() -> None:
    today = date(2026, 11, 22)
    assert weekday_year(8, 8, 4, today=today) == 2025  # Friday, August 8
    assert weekday_year(8, 7, 5, today=today) == 2021  # Saturday, August 7
    assert weekday_year(8, 8, 4, today=date(2020, 1, 1)) == 2014
    assert weekday_year(2, 29, 0, today=today) == 2016  # a Monday 29 February


def test_an_undated_report_is_dated_by_the_days_it_names_with_their_weekday() -> None:
    today = date(2026, 11, 22)
    story = [
        "Soldiers reached the port on Thursday, March 6, after a week of fighting.",
        "The rebels had held it since 12 May 2022.",
    ]
    assert estimate_report_date(story, today=today) == "2025-03-06"
    # a day named with its year alone may be long past: no estimate from it
    assert estimate_report_date(story[1:], today=today) is None
    # a deadline is not a day the report looks back on
    ahead = ["Troops must leave by Tuesday, December 31, 2024, the minister said."]
    assert estimate_report_date(ahead, today=today) is None
    # a caption, often of an archive picture, is left out
    caption = ["Rebels gather near Goma on Sunday, Dec. 26, 2014. (AP Photo/Jane Roe)"]
    assert estimate_report_date(caption, today=today) is None
    # an embedded post is signed with the day it was posted
    post = ["Shelling resumed.— Sahel Watch (@sahelwatch) January 8, 2020"]
    assert estimate_report_date(post, today=today) == "2020-01-08"


def test_a_deadline_opening_a_line_is_no_byline() -> None:
    lines = ["Headline", "By December 31, 2021, no foreign troops should remain, he said."]
    assert find_publication_date(lines) is None
    assert find_publication_date(["Headline", "By Jane Roe 28/1/2019"]) == "2019-01-28"


def test_a_caption_is_known_by_its_closing_credit() -> None:
    line = "Protesters march in Nairobi, June 25, 2024. (Jane Roe/Flash90)"
    assert find_publication_date(["Headline", line, "Body."]) == "2024-06-25"


def test_a_caption_older_than_the_days_of_the_story_is_an_archive_picture() -> None:
    lines = [
        "Headline",
        "Mr. Roe speaks at a rally on May 7, 2018. (Photo by Jane Doe / AFP)",
        "By December 31, 2021, the party must register, he said on Tuesday.",
        "The vote was held on November 2, 2021.",
    ]
    assert find_publication_date(lines) is None
    assert find_publication_date(lines[:2]) == "2018-05-07"  # positive control
