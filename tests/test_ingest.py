from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import normalise, parse_text, read_corpus

PAGE = """News   /   World   /   News

Rebels say they will leave the city

A spokesman said the fighters would leave (AFP Photo) on Friday.

The city’s mayor welcomed the move.

ALSO READ: Something else entirely

https://example.org/wp-content/uploads/2021/12/abc.png

Leave a Reply

Your email address will not be published. Required fields are marked *

Example News’s website can also be accessed at the following alternate addresses:

SHARE THIS ARTICLE
"""


def parse(text: str):
    return parse_text(normalise(text), doc_id="x", path="x.txt", sha256="0" * 64)


def test_furniture_is_stripped_and_title_kept() -> None:
    art = parse(PAGE)
    assert art.title == "Rebels say they will leave the city"
    assert "ALSO READ" not in art.text
    assert "Leave a Reply" not in art.text
    assert ".png" not in art.text
    assert "AFP Photo" not in art.text
    assert "SHARE" not in art.text
    assert "News   /" not in art.text
    assert "The city's mayor welcomed the move." in art.text


@pytest.mark.parametrize(
    "credit",
    [
        "Photo: Rana Haddad/AP",
        "(Omar Said/Stars and Stripes)",
        "NAOMI KERR/AFP via Getty Images",
    ],
)
def test_a_photo_credit_at_a_line_end_goes(credit: str) -> None:
    art = parse(f"Rebels leave the city\n\nFighters left the city at dawn. {credit}\n")
    assert art.text.endswith("Fighters left the city at dawn.")


def test_words_with_a_slash_at_a_line_end_are_not_a_credit() -> None:
    line = "Observers said the vote would be delayed and/or annulled."
    assert line in parse(f"Rebels leave the city\n\n{line}\n").text


def test_publisher_from_source_line() -> None:
    assert parse("A headline for it\n\nBody text.\n\nSource: Example News").publisher == (
        "Example News"
    )


def test_headlines_are_not_taken_for_navigation() -> None:
    """Rules that read camel case or a leading dash as navigation deleted real headlines."""
    for headline in ("McKenzie meets McCarthy in Washington", "- Rebels take the town of Kidal"):
        art = parse(f"{headline}\n\nThe two men met on Monday in the capital.")
        assert headline.lstrip("- ") in art.text, headline
    assert "News   /" not in parse(PAGE).text  # positive control: a breadcrumb still goes


def test_title_with_site_suffix_is_split() -> None:
    art = parse(
        "Rebels withdraw from town - Daily Example\nNavA\n\nRebels withdraw from town\n\n"
        "The rebels withdrew on Monday."
    )
    assert art.title == "Rebels withdraw from town"
    assert art.publisher == "Daily Example"


def test_dateline_is_publication_date() -> None:
    art = parse("Title of the story here\n\nDecember 27, 2018 | 12:45am\n\nBody text of it.")
    assert art.date == "2018-12-27"


def test_curly_quotes_fold_one_to_one() -> None:
    raw = "Asa’ib said “leave”"
    assert normalise(raw) == 'Asa\'ib said "leave"'
    assert len(normalise(raw)) == len(raw)


def test_bad_files_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A headline for it\n\nThe army said so.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    articles, problems = read_corpus([tmp_path])
    assert [a.doc_id for a in articles] == ["good", "latin1"]  # Latin-1 is read as such
    assert "Café au lait" in articles[1].text
    assert [(Path(p.path).name, p.message.split(",")[0]) for p in problems] == [
        ("binary.txt", "a binary file")
    ]


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_corpus([tmp_path / "nope"])
    with pytest.raises(InputError, match="no .txt, .md or .html"):
        read_corpus([tmp_path])


def test_folders_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("# Deep title here\n\nText.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    articles, _ = read_corpus([tmp_path])
    assert [a.doc_id for a in articles] == ["deep"]


def test_same_name_in_two_folders_is_two_articles(tmp_path: Path) -> None:
    for folder, text in (
        ("a", "First headline here\n\nOne."),
        ("b", "Other headline here\n\nTwo."),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "story.txt").write_text("First headline here\n\nOne.", encoding="utf-8")
    articles, _ = read_corpus([tmp_path])
    ids = [a.doc_id for a in articles]
    assert len(ids) == 2 and ids[0] == "story" and ids[1].startswith("story-")


def test_an_upload_path_does_not_date_the_article() -> None:
    """Where a page filed its images says nothing of when the story ran."""
    art = parse(
        "A headline for it here\n\nBody text.\n\nhttps://media.example.com/wp-content/"
        "uploads/2021/12/abc.png\n"
    )
    assert art.date is None
    dated = parse("Headline of it\n\nDecember 27, 2018 | 12:45am\n\nx/uploads/2021/12/a.png")
    assert dated.date == "2018-12-27"  # positive control: a byline does


def test_publication_date_in_the_ways_pages_print_it() -> None:
    cases = {
        "By Associated Press 28/1/2019": "2019-01-28",
        "By Maria Lopez | March 3, 2022 | 4:15pm EST": "2022-03-03",
        "By Staff Reporter, 05.11.2023": "2023-11-05",
        "Published: 14 June 2021": "2021-06-14",
        "NAIROBI, July 27, 2024 (Reuters) - Kenyan police said": "2024-07-27",
        "Read it at https://news.example.com/africa/2023/04/15/sudan-clashes/": "2023-04-15",
        "Soldiers patrol Goma on Tuesday, Feb. 6, 2024. (AP Photo/Moses Sawasawa)": "2024-02-06",
    }
    for line, iso in cases.items():
        assert parse(f"A headline for the story\n\n{line}\n\nBody text here.").date == iso, line


def test_an_archive_photo_does_not_date_the_article() -> None:
    art = parse(
        "A headline for the story\n\nIn this 2017 photo, rebels gather near Goma, Dec. 26, "
        "2014. (AP Photo)\n\nBody text here."
    )
    assert art.date is None


def test_a_menu_line_above_the_headline_is_not_the_title() -> None:
    art = parse("-Top News World Sport\n\nRebels take the town of Kidal\n\nThe rebels said so.")
    assert art.title == "Rebels take the town of Kidal"
    plain = parse("Rebels take the town of Kidal\n\nThe rebels said so.")
    assert plain.title == "Rebels take the town of Kidal"  # control: no menu, same title


@pytest.mark.parametrize(
    ("lead", "place"),
    [
        ("BAMAKO, July 27 (Reuters) - Mali's army said it killed 20 militants.", "Bamako"),
        ("MOGADISHU, Somalia: Al-Shabaab fighters attacked a base.", "Mogadishu, Somalia"),
        ("GOMA (AFP) – M23 rebels entered the city.", "Goma"),
    ],
)
def test_a_wire_dateline_is_not_the_first_actor(lead: str, place: str) -> None:
    art = parse(f"A headline for the story\n\n{lead}")
    lines = art.text.split("\n\n")
    assert lines[1] == place and "(Reuters)" not in art.text and "(AFP)" not in art.text
    assert lines[2][0].isupper() and lines[2] in lead


def test_a_sentence_with_a_dash_is_not_a_dateline() -> None:
    art = parse("A headline for the story\n\nKenya - the army said it would leave.")
    assert "Kenya - the army said it would leave." in art.text
    assert parse("One line only").text == "One line only"  # no line after the headline


def test_a_dateline_after_captions_is_found() -> None:
    art = parse(
        "A headline for the story\n\nA caption of a photo here.\n\nAnother caption line.\n\n"
        "BAGHDAD — The militia leader said Monday that troops must leave."
    )
    assert "Baghdad\n\nThe militia leader said Monday" in art.text
