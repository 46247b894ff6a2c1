"""Extract: the only stage that touches spaCy objects. Doc in, frozen records out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.entities import Context, iter_mentions
from kg.extract.events import iter_events
from kg.extract.relations import iter_relations
from kg.models import Article, Extraction, Mention


def extract_doc(doc: Doc, article: Article) -> Extraction:
    ctx = Context(doc, list(iter_mentions(doc, article.doc_id)))
    return Extraction(
        article=article,
        mentions=tuple(m for _, m in ctx.spans),
        relations=tuple(iter_relations(ctx)),
        events=tuple(iter_events(ctx, doc_id=article.doc_id, anchor=article.date)),
        acronyms=tuple(iter_acronyms(ctx)),
    )


def extract_corpus(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 16
) -> Iterator[Extraction]:
    """Parse articles with `nlp.pipe` and extract each."""
    articles = list(articles)
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for doc, article in zip(docs, articles, strict=True):
        yield extract_doc(doc, article)


def iter_acronyms(ctx: Context) -> Iterator[tuple[str, str]]:
    """'Popular Mobilization Units (PMU)': (short, long) when the letters fit the name."""
    doc = ctx.doc
    for span, m in ctx.spans:
        j = span.end
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
            short = doc[j + 1].text
            if short.isupper() and _initials_fit(short, m.text):
                yield short, m.text


def _initials_fit(short: str, long: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", long) if w[0].isupper())
    return short[0] == initials[:1] and len(set(short) - set(initials)) <= 1


__all__ = ["extract_doc", "extract_corpus", "Mention"]
