"""Extract: the only stage that touches spaCy objects. Doc in, frozen records out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from kg.dates import estimate_report_date
from kg.extract.entities import Context, iter_mentions
from kg.extract.events import iter_events
from kg.extract.relations import iter_relations
from kg.models import Article, Extraction, Mention
from kg.paths import ontology_fixed
from kg.rules import grammar


def extract_doc(doc: Doc, article: Article) -> Extraction:
    ctx = Context(doc, list(iter_mentions(doc, article.doc_id)))
    # relative dates ("on Tuesday") need the report's day: printed, else estimated
    anchor = article.date or estimate_report_date(article.text.splitlines(), today=date.today())
    return Extraction(
        article=article,
        mentions=tuple(m for _, m in ctx.spans),
        relations=tuple(iter_relations(ctx)),
        events=tuple(iter_events(ctx, doc_id=article.doc_id, anchor=anchor)),
        acronyms=(*iter_acronyms(ctx), *iter_aliases(ctx)),
    )


def extract_corpus(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 16
) -> Iterator[Extraction]:
    """Parse articles with `nlp.pipe` and extract each. Texts must be within spaCy's limit:
    `kg.workers.extract_articles` (the entry point) cuts long articles into pieces first."""
    articles = list(articles)
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for doc, article in zip(docs, articles, strict=True):
        with ontology_fixed():
            ex = extract_doc(doc, article)
        yield ex


def iter_acronyms(ctx: Context) -> Iterator[tuple[str, str]]:
    """Short forms defined in the text, (short, long), in the ways news defines them:
    'Popular Mobilization Units (PMU)', 'The Resistance Front (TRF)', 'the Arakan Army, or
    AA', 'CARICOM (the Caribbean Community)' -- when the letters fit the name."""
    doc = ctx.doc
    for span, m in ctx.spans:
        j = span.end
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
            short = doc[j + 1].text
            if _is_acronym(short) and _initials_fit(short, _with_article(span)):
                yield short, m.text
        if j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ == "or":
            short = doc[j + 2].text
            if _is_acronym(short) and _initials_fit(short, _with_article(span)):
                yield short, m.text
        if _is_acronym(m.text) and span.end + 1 < len(doc) and doc[span.end].text == "(":
            inner = next((x for s, x in ctx.spans if s.start in (j + 1, j + 2)), None)
            if inner is not None and _initials_fit(m.text, inner.text):
                yield m.text, inner.text


def iter_aliases(ctx: Context) -> Iterator[tuple[str, str]]:
    """Other names given in the text, (alias, name): 'Mohamed Hamdan Dagalo, known as
    Hemedti', 'Saifullah Kasuri, also known by the alias Khalid' (grammar.yaml's
    alias_cues), for a person or group and a name just after the cue."""
    doc, cues = ctx.doc, grammar().alias_cues
    longest = max((len(c.split()) for c in cues), default=0)
    for span, m in ctx.spans:
        if m.cls == "Place":
            continue
        j = span.end + (span.end < len(doc) and doc[span.end].text in {",", "("})
        for n in range(1, longest + 1):
            if " ".join(t.lower_ for t in doc[j : j + n]) in cues:
                alias = ctx.by_token.get(j + n)
                if alias is not None and alias != m and _free(alias, m):
                    yield alias.text, m.text
                break


def _free(alias: Mention, m: Mention) -> bool:
    """An alias may not join two different entries of the dictionary."""
    return not (alias.actor_id and m.actor_id and alias.actor_id != m.actor_id)


def _is_acronym(text: str) -> bool:
    """'PMU', 'LeT', 'JeM', 'CARICOM': mostly capitals, two or more of them."""
    caps = sum(c.isupper() for c in text)
    return text.isalpha() and caps >= 2 and text[0].isupper() and caps * 2 > len(text) - 1


def _initials_fit(short: str, long: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", long) if w[0].isupper())
    upper = short.upper()
    return bool(initials) and upper[0] == initials[0] and len(set(upper) - set(initials)) <= 1


def _with_article(span) -> str:
    """The name with a 'The' that belongs to it: 'The Resistance Front' for TRF."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return f"The {span.text}" if before is not None and before.text == "The" else span.text


__all__ = ["extract_doc", "extract_corpus", "Mention"]
