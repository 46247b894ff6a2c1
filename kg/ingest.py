"""Ingest: files and folders of articles -> `Article` records with furniture stripped.
(`kg.files` finds and decodes the files.)"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kg.dates import find_publication_date
from kg.errors import InputError
from kg.files import Problem, Source, decode, find_sources, read_bytes
from kg.markup import front_matter, html_to_text, markdown_to_text
from kg.models import Article
from kg.paths import ontology_dir, ontology_fixed
from kg.rulefile import build, fail, read_yaml

NAV_ZONE = 5  # lines from the top where breadcrumbs and section lists appear

# One-to-one character folds: offsets into the text stay valid.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """Fold curly quotes and apostrophes, so "Asa’ib" and "Asa'ib" are one spelling."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Furniture:
    """`lexicon/furniture.yaml`: regular expressions (case-insensitive) for page furniture."""

    drop_line: tuple[re.Pattern[str], ...] = ()  # a whole line that is not news
    nav_line: tuple[re.Pattern[str], ...] = ()  # navigation before the title
    inline: tuple[re.Pattern[str], ...] = ()  # credits and pointers inside a line
    publisher: tuple[re.Pattern[str], ...] = ()  # group 1 names the outlet


@dataclass(frozen=True)
class _FurnitureText:
    drop_line: tuple[str, ...] = ()
    nav_line: tuple[str, ...] = ()
    inline: tuple[str, ...] = ()
    publisher: tuple[str, ...] = ()


@cache
def _furniture_at(root: Path) -> Furniture:
    path, data = read_yaml("lexicon/furniture.yaml")
    text = build(_FurnitureText, data, str(path))
    compiled = {}
    for name, patterns in vars(text).items():
        out = []
        for i, pattern in enumerate(patterns):
            try:
                out.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise fail(f"{path}: {name}[{i}]", f"not a regular expression: {exc}") from exc
        compiled[name] = tuple(out)
    return Furniture(**compiled)


def furniture() -> Furniture:
    return _furniture_at(ontology_dir())


def read_corpus(
    inputs: Iterable[str | Path],
    *,
    exclude: Iterable[str | Path] = (),
    found: Callable[[list[Source]], None] | None = None,
) -> tuple[list[Article], list[Problem]]:
    """Read every article; a file that cannot be read becomes a Problem, the rest still
    load. Folders in `exclude` (kg's output and store folders) are never read as input.
    `found` hears of the files before any is read (a build starts its workers then)."""
    articles, (files, problems) = [], find_sources(inputs, exclude=exclude)
    if found is not None:
        found(files)
    if not files and not problems:
        names = ", ".join(map(str, inputs))
        raise InputError(f"no .txt, .md or .html articles found in {names}; point kg at news files")
    seen: dict[str, str] = {}
    for src in files:
        try:
            with ontology_fixed():  # the furniture rules are asked of every line
                article = read_article(src.path, name=src.name)
        except InputError as exc:
            problems.append(Problem(str(src.path), str(exc)))
            continue
        if seen.get(article.doc_id, article.sha256) != article.sha256:
            # same file name in two folders, different text: two articles, two ids
            article = replace(article, doc_id=f"{article.doc_id}-{article.sha256[:8]}")
        if article.doc_id not in seen:
            seen[article.doc_id] = article.sha256
            articles.append(article)
    if not articles:
        first = problems[0]
        raise InputError(
            f"none of the {len(files) or len(problems)} input files could be read: "
            f"{first.path}: {first.message}"
        )
    return articles, problems


# a "word" of 100 characters is no prose: base64 data, hashes, minified code
_BLOB = re.compile(r"[^\s]{100,}")


_KG_PAGE = re.compile(r'<meta name="generator" content="kg">')


def read_article(path: Path, *, name: str | None = None) -> Article:
    """One article file; `name` (default: the file name) is what the graph records of it."""
    raw = read_bytes(path)
    text = decode(raw)
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        if _KG_PAGE.search(text[:2000]):
            raise InputError("a page kg wrote (a graph view), not an article")
        text, meta = html_to_text(text)
    else:
        text, meta = front_matter(text)
        if suffix == ".md":
            text = markdown_to_text(text)
    return parse_text(
        normalise(_BLOB.sub(" ", text)),
        doc_id=path.stem,
        path=name or path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        meta=meta,
    )


def parse_text(
    text: str, *, doc_id: str, path: str, sha256: str, meta: dict[str, str] | None = None
) -> Article:
    """Split plain text into title and body, dropping furniture; read publisher and date."""
    meta = meta or {}
    lines = [ln.strip() for ln in text.splitlines()]
    publisher = meta.get("publisher") or _find_publisher(lines)
    body = [ln for ln in (_clean_line(ln) for ln in lines) if ln]
    # navigation sits above the headline: drop it among the first few lines only
    body = [ln for i, ln in enumerate(body) if i >= NAV_ZONE or not _is_nav(ln)]
    if not body:
        raise InputError("no article text in it after removing page furniture")
    full_title = meta.get("title") or _headline(body)
    title = _short(full_title)
    title, site = _split_site(title, body)
    if site and not publisher:
        publisher = site
    if body[0] != title and _split_site(body[0], body)[0] == title:
        body.pop(0)  # the "Title - Site" line; the bare title follows later
    if full_title not in body[:3]:
        body.insert(0, title)
    # the story's first lines (after headline, byline, captions) may open with a dateline
    body = [
        part
        for i, line in enumerate(body)
        for part in _split_dateline(line, first=0 < i <= NAV_ZONE + 2)
    ]
    date = meta.get("date") or find_publication_date(lines)
    return Article(
        doc_id=doc_id,
        path=path,
        title=title,
        text="\n\n".join(body),
        sha256=sha256,
        publisher=publisher,
        date=date,
        url=meta.get("url"),
        author=meta.get("author"),
    )


FURNITURE_MAX = 2_000  # furniture is a short line; a longer one is story (or a dump)


def _clean_line(line: str) -> str:
    if len(line) > FURNITURE_MAX:
        return line.strip()
    rules = furniture()
    if any(p.search(line) for p in rules.drop_line):
        return ""
    for p in rules.inline:
        line = p.sub("", line)
    return line.strip()


def _is_nav(line: str) -> bool:
    return len(line) <= FURNITURE_MAX and any(p.search(line) for p in furniture().nav_line)


_DATELINE = re.compile(
    r"^(?P<place>(?-i:[A-Z][A-Z.'’\- ]{2,40})(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:,?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*[—–:-]\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def _split_dateline(line: str, *, first: bool) -> list[str]:
    """'BAMAKO, July 27 (Reuters) - Mali's army said ...': the wire dateline's place goes
    to a line of its own, so it is never read as the story's first actor; its agency and
    date go (the date was read already)."""
    m = _DATELINE.match(line) if first else None
    if m is None:
        return [line]
    place = m["place"].strip()
    head, _, country = place.partition(",")
    return [", ".join(p for p in (head.strip().title(), country.strip()) if p), m["rest"]]


TITLE_MAX = 300  # a longer first line is story text (or a dump), not a headline


def _short(title: str) -> str:
    """The title, cut at a word (marked with an ellipsis) when it is not headline-sized."""
    if len(title) <= TITLE_MAX:
        return title
    return title[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _headline(body: list[str]) -> str:
    """The first line that reads as a headline: a menu item glued to a dash ("-Top News")
    or a bullet is not one, though it stays in the text."""
    for line in body[:NAV_ZONE]:
        if line[:1].isalnum() or line[:1] in "\"'‘“(":
            return line
    return body[0]


def _find_publisher(lines: list[str]) -> str | None:
    for line in (ln for ln in lines if len(ln) <= FURNITURE_MAX):
        for p in furniture().publisher:
            m = p.search(line)
            if m:
                return m.group(1).strip()
    return None


def _split_site(title: str, body: list[str]) -> tuple[str, str | None]:
    """'Headline - Site Name' -> ('Headline', 'Site Name') when the headline recurs alone."""
    m = re.match(r"^(.{10,}?)\s+[-|–]\s+([^-|–]{2,50})$", title)
    if m and m.group(1) in body:
        return m.group(1), m.group(2).strip()
    return title, None
