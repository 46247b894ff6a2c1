"""Long articles in pieces: a text over PIECE_CHARS is parsed as pieces cut at paragraph
(else line, sentence or word) boundaries, within spaCy's 1,000,000-character limit and in
bounded memory (the parser's grows with a text's length), and the pieces' records are
joined with offsets into the whole text. Pieces of one article may go to several workers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from kg.models import Article, Extraction, Mention

PIECE_CHARS = 10_000


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of at most `limit` characters that together are the text, each cut
    after the last paragraph break, else line break, sentence end or space, in its range."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next(
            (i + len(sep) for sep in ("\n\n", "\n", ". ", " ") if (i := window.rfind(sep)) > 0),
            limit,
        )
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def shift(ex: Extraction, offset: int) -> Extraction:
    """The records of a piece with offsets into the whole article."""
    if offset == 0:
        return ex

    def m(x: Mention) -> Mention:
        return replace(x, start=x.start + offset, end=x.end + offset)

    return replace(
        ex,
        mentions=tuple(map(m, ex.mentions)),
        relations=tuple(replace(r, subject=m(r.subject), object=m(r.object)) for r in ex.relations),
        events=tuple(
            replace(
                e,
                start=e.start + offset,
                agents=tuple(map(m, e.agents)),
                targets=tuple(map(m, e.targets)),
                places=tuple(map(m, e.places)),
            )
            for e in ex.events
        ),
    )


def join(parts: list[Extraction], article: Article) -> Extraction:
    """One article's record from its pieces' (already shifted) records."""
    if len(parts) == 1:
        return replace(parts[0], article=article)
    return Extraction(
        article=article,
        mentions=tuple(x for p in parts for x in p.mentions),
        relations=tuple(x for p in parts for x in p.relations),
        events=tuple(x for p in parts for x in p.events),
        acronyms=tuple(dict.fromkeys(x for p in parts for x in p.acronyms)),
    )


def split_articles(articles: list[Article]) -> tuple[list[Article], list[tuple[int, int]]]:
    """Each article, or its pieces as articles of their own text, with (which article,
    offset) for each, so `join_pieces` can put the records together again."""
    pieces: list[Article] = []
    plan: list[tuple[int, int]] = []
    for i, article in enumerate(articles):
        for offset, text in split_text(article.text, PIECE_CHARS):
            pieces.append(article if text == article.text else replace(article, text=text))
            plan.append((i, offset))
    return pieces, plan


def join_pieces(
    articles: list[Article], extractions: list[Extraction], plan: list[tuple[int, int]]
) -> list[Extraction]:
    """The articles' records from their pieces' records (in `split_articles` order)."""
    parts: list[list[Extraction]] = [[] for _ in articles]
    for ex, (i, offset) in zip(extractions, plan, strict=True):
        parts[i].append(shift(ex, offset))
    return [join(p, article) for p, article in zip(parts, articles, strict=True)]
