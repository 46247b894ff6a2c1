from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import SDO

from kg.defaults import DEFAULT_BASE
from kg.graph import build_dataset, union_graph
from kg.ingest import read_article
from kg.markup import front_matter, html_to_text, markdown_to_text, web_address
from kg.resolve import Resolution
from kg.vocab import Minter

PAGE = """<html><head><title>Militia strikes base - The Outlet</title>
<meta property='og:site_name' content='The Outlet'>
<link rel="canonical" href="https://example.com/news/2021/militia-strikes">
<meta name="author" content="Jane Roe">
<meta property='article:published_time' content='2021-03-05T10:00:00Z'></head>
<body><nav>Home | World | Sport</nav><article><h1>Militia strikes base</h1>
<script>var x = 1;</script><iframe src="https://ads.example"></iframe>
<p>Rebels fired rockets at the air base on Tuesday, officials said on Wednesday.</p>
<p>The group denied responsibility in a statement, according to the ministry.</p>
</article><footer>Copyright 2021 The Outlet</footer></body></html>"""


def test_html_story_and_metadata_through_trafilatura() -> None:
    text, meta = html_to_text(PAGE)
    assert "Rebels fired rockets" in text and "denied responsibility" in text
    assert "var x" not in text and "Home" not in text and "Copyright" not in text
    assert meta == {
        "title": "Militia strikes base",
        "publisher": "The Outlet",
        "date": "2021-03-05",
        "url": "https://example.com/news/2021/militia-strikes",
        "author": "Jane Roe",
    }


def test_a_fragment_without_a_story_falls_back_to_its_blocks() -> None:
    text, meta = html_to_text("<p>Short note.</p><script>alert(1)</script>")
    assert text == "Short note." and meta == {}


def test_markdown_reduced_to_text() -> None:
    md = "# Headline\n\nSome **bold** [link](http://x) ![img](a.png) text."
    assert markdown_to_text(md) == "Headline\n\nSome bold link  text."


def test_front_matter_is_read_and_removed() -> None:
    text, meta = front_matter(
        "---\ntitle: Rebels take the town\noutlet: Example Wire\ndate: 2024-05-02\n"
        "url: https://example.org/a b\nauthors: [A. One, B. Two]\ntags: [x]\n---\nBody.\n"
    )
    assert text == "Body.\n"
    assert meta == {
        "title": "Rebels take the town",
        "publisher": "Example Wire",
        "date": "2024-05-02",
        "url": "https://example.org/a%20b",
        "author": "A. One, B. Two",
    }


def test_dashes_that_are_not_front_matter_stay_text() -> None:
    for text in ("---\nnot: [closed\n---\nBody", "---\njust a line\n---\nBody", "Body\n---\n"):
        assert front_matter(text) == (text, {})


def test_a_bad_url_or_date_in_front_matter_is_dropped() -> None:
    _, meta = front_matter("---\nurl: javascript:alert(1)\ndate: last Tuesday\n---\nBody")
    assert meta == {}


def test_front_matter_reaches_the_graph(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text(
        "---\ntitle: Army retakes the town\nurl: https://news.example/army\n"
        "outlet: Example Wire\n---\n# Army retakes the town\n\nThe army said so.\n",
        encoding="utf-8",
    )
    article = read_article(src)
    assert (article.title, article.publisher, article.url) == (
        "Army retakes the town",
        "Example Wire",
        "https://news.example/army",
    )
    g = union_graph(build_dataset([article], Resolution(), Minter(DEFAULT_BASE)))
    assert (None, SDO.url, URIRef("https://news.example/army")) in g


@given(st.text())
def test_a_web_address_is_none_or_a_valid_iri(text: str) -> None:
    url = web_address("https://example.org/" + text)
    assert url is not None
    g = Graph()
    g.add((URIRef("https://example.org/doc"), SDO.url, URIRef(url)))
    back = Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert (None, SDO.url, URIRef(url)) in back
    assert web_address(text) is None or text.strip().lower().startswith("http")
