"""Markup to text, with the article's metadata: HTML through trafilatura (and htmldate, which
it calls for the publication date), Markdown reduced to its text, and YAML front matter on
`.txt`/`.md` files. Every function returns (text, metadata) with metadata keys drawn from
`META_KEYS`, all strings."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

META_KEYS = ("title", "publisher", "date", "url", "author")
# the names a front matter may give each key (Jekyll, Hugo and news scrapers differ)
_FRONT_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "publisher",
    "publisher": "publisher",
    "source": "publisher",
    "site": "publisher",
    "sitename": "publisher",
    "date": "date",
    "published": "date",
    "datepublished": "date",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "author": "author",
    "authors": "author",
    "byline": "author",
}
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """A leading `---` YAML block of known keys -> (the rest, its metadata). A block that is
    not YAML, or not a mapping, is left in the text: it may be a rule drawn with dashes."""
    m = _FRONT.match(text)
    if m is None:
        return text, {}
    try:
        data = yaml.safe_load(m["yaml"])
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    meta: dict[str, str] = {}
    for key, value in data.items():
        name = _FRONT_KEYS.get(str(key).strip().lower().replace("_", ""))
        if name and name not in meta and (clean := _value(name, value)):
            meta[name] = clean
    return text[m.end() :], meta


def _value(name: str, value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value if v is not None)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    if value is None:
        return None
    text = " ".join(str(value).split())
    if name == "date":
        return text[:10] if _ISO_DATE.match(text) else None
    if name == "url":
        return web_address(text)
    return text or None


def web_address(text: str) -> str | None:
    """An http(s) URL made safe as an IRI (spaces and the characters Turtle forbids are
    percent-encoded); anything else (a path, `javascript:`) is not a source address."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(text, safe=":/?#[]@!$&'()*+,;=%~")


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The article's text and metadata. trafilatura finds the story among the page's
    furniture and reads title, site name, canonical URL, author and date (htmldate); a page
    it finds no story in (a fragment, a stub) falls back to every text block of the page."""
    doc = _trafilatura(html)
    if doc is None:
        return _blocks(html)
    meta: dict[str, str] = {}
    found = {
        "title": doc.title,
        "publisher": doc.sitename,
        "date": doc.date,
        "url": doc.url,
        "author": doc.author,
    }
    for key, value in found.items():
        if value and (clean := _value(key, value)):
            meta[key] = clean
    text = doc.text or ""
    # trafilatura leaves the headline out of the text when it is outside the story's block
    if meta.get("title") and meta["title"] not in text[:500]:
        text = f"{meta['title']}\n\n{text}"
    return text, meta


def _trafilatura(html: str) -> Any:
    import trafilatura  # imported here: it costs ~0.3 s and only HTML input needs it

    try:
        return trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_recall=True
        )
    except (ValueError, TypeError):  # a page lxml cannot build a tree of
        return None


class _TextExtractor(HTMLParser):
    """Text of every block that can carry news; scripts, styles and navigation are skipped."""

    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "button"}
    SKIP |= {"iframe", "template", "svg", "object"}
    BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "div", "br", "article", "section", "title"}
    META = {"og:site_name": "publisher", "article:published_time": "date", "og:title": "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "meta":
            key = self.META.get(a.get("property") or a.get("name") or "")
            if key and a.get("content") and (clean := _value(key, a["content"])):
                self.meta.setdefault(key, clean)
        if tag in self.BLOCK:
            self.parts.append("\n")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._in_title:
            self.parts.append(data)


def _blocks(html: str) -> tuple[str, dict[str, str]]:
    parser = _TextExtractor()
    parser.feed(html)
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip(), parser.meta


def markdown_to_text(md: str) -> str:
    """Markdown to plain lines: headings, emphasis, links and images reduced to their text."""
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)
    md = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"^#{1,6}\s*", "", md, flags=re.MULTILINE)
    md = re.sub(r"^\s*[-*+]\s+", "", md, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1", r"\2", md)
