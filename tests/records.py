"""Hand-made extraction records (no spaCy) for model-free tests of graph, store, export,
workspace and pipeline: two articles that report one killing, one relation, and an event each."""

from __future__ import annotations

import hashlib

from rdflib import Dataset

from kg.graph import build_dataset
from kg.models import Article, EventRecord, Extraction, Mention, Relation
from kg.resolve import resolve
from kg.vocab import Minter

BASE = "https://example.org/kg/"
KILL_A = "US forces killed Soleimani on January 3, 2020."
KILL_B = "Washington killed Qasem Soleimani in Baghdad."
LEADS_A = "Karim Nadir leads the Northern Shield Brigade."
LEADS_B = "Northern Shield Brigade commander Karim Nadir spoke."


def article(doc_id: str, *, date: str | None = None, publisher: str | None = None) -> Article:
    return Article(
        doc_id=doc_id,
        path=f"news/{doc_id}.txt",
        title=f"Title of {doc_id}",
        text=f"Title of {doc_id}\n\nBody.",
        sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        publisher=publisher,
        date=date,
    )


def mention(doc: str, text: str, cls: str, start: int = 0, actor: str | None = None) -> Mention:
    return Mention(
        doc_id=doc, start=start, end=start + len(text), text=text, cls=cls, actor_id=actor
    )


def event(doc: str, cls: str, evidence: str, start: int, **kw: object) -> EventRecord:
    return EventRecord(
        doc_id=doc, cls=cls, trigger=f"t{start}", cameo="18", evidence=evidence, start=start, **kw
    )


def extraction_a() -> Extraction:
    us, qs = (
        mention("a", "US", "Place", 0, "united-states"),
        mention("a", "Soleimani", "Person", 17, "qassem-soleimani"),
    )
    karim, brigade = (
        mention("a", "Karim Nadir", "Person", 50),
        mention("a", "Northern Shield Brigade", "Group", 72),
    )
    return Extraction(
        article=article("a", date="2020-01-03"),
        mentions=(us, qs, karim, brigade),
        relations=(Relation(karim, "leaderOf", brigade, LEADS_A, "role-noun", 0.9),),
        events=(
            event(
                "a", "Killing", KILL_A, 10, agents=(us,), targets=(qs,), date="2020-01-03",
                date_text="January 3, 2020", confidence=0.9,
            ),
            event(
                "a", "Statement", "Nadir said we will respond.", 60, agents=(karim,),
                date="2020-01", content="we will respond", confidence=0.9,
            ),
        ),
        acronyms=(("NSB", "Northern Shield Brigade"),),
    )  # fmt: skip


def extraction_b() -> Extraction:
    us, qs = (
        mention("b", "Washington", "Place", 0, "united-states"),
        mention("b", "Qasem Soleimani", "Person", 18, "qassem-soleimani"),
    )
    karim, brigade = (
        mention("b", "Karim Nadir", "Person", 80),
        mention("b", "Northern Shield Brigade", "Group", 50),
    )
    iraq = mention("b", "Iraq", "Place", 120, "iraq")
    return Extraction(
        article=article("b", date="2020-01-04", publisher="Example News"),
        mentions=(us, qs, karim, brigade, iraq),
        relations=(Relation(karim, "leaderOf", brigade, LEADS_B, "title", 0.5),),
        events=(
            event("b", "Killing", KILL_B, 11, agents=(us,), targets=(qs,), confidence=0.6),
            event(
                "b", "Attack", "The brigade attacked in Iraq in 2020.", 100, agents=(brigade,),
                places=(iraq,), date="2020", confidence=0.5,
            ),
        ),
    )  # fmt: skip


def corpus() -> list[Extraction]:
    return [extraction_a(), extraction_b()]


def dataset(extractions: list[Extraction] | None = None) -> Dataset:
    exs = corpus() if extractions is None else extractions
    return build_dataset([ex.article for ex in exs], resolve(exs), Minter(BASE))
