"""A store folder (`--store DIR`) that grows article by article.

    DIR/oxigraph/          the Oxigraph store holding the current graph
    DIR/articles/ID.json   each article's extraction records (what parsing found)

Adding articles parses only the new ones; removing one deletes its records. Either way the
graph is then rebuilt from all records by resolution alone (no NLP), so it always equals a
build of the same articles at once: same IRIs, nothing duplicated, and a fact that only a
removed article supported is gone while facts other articles support keep their sources."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg.atomic import fsync_dir, recover, write_file
from kg.errors import InputError, KGError
from kg.models import Article, EventRecord, Extraction, Mention, Relation

FORMAT_VERSION = 1


def to_json(ex: Extraction) -> str:
    return json.dumps({"version": FORMAT_VERSION, **asdict(ex)}, ensure_ascii=False, indent=0)


class _Mentions:
    """Mentions made from their records, each distinct one once: relations and events
    repeat the article's mentions (80,000 of 172,000 at 3,200 articles), and a store
    build reads every record."""

    def __init__(self) -> None:
        self.made: dict[tuple, Mention] = {}

    def __call__(self, d: dict[str, Any]) -> Mention:
        key = tuple(d.values())
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = Mention(**d)
        return found

    def all(self, ds: list[dict[str, Any]]) -> tuple[Mention, ...]:
        return tuple(map(self, ds))


def from_json(text: str) -> Extraction:
    d = json.loads(text)
    if d.pop("version", None) != FORMAT_VERSION:
        raise KGError("the store was written by another kg version; rebuild it from the articles")
    mention = _Mentions()
    return Extraction(
        article=Article(**d["article"]),
        mentions=mention.all(d["mentions"]),
        relations=tuple(
            Relation(**{**r, "subject": mention(r["subject"]), "object": mention(r["object"])})
            for r in d["relations"]
        ),
        events=tuple(
            EventRecord(**{**e, **{k: mention.all(e[k]) for k in ("agents", "targets", "places")}})
            for e in d["events"]
        ),
        acronyms=tuple(tuple(pair) for pair in d["acronyms"]),
    )


class Workspace:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.articles = self.root / "articles"

    @property
    def store_path(self) -> Path:
        return self.root / "oxigraph"

    def save(self, extractions: list[Extraction]) -> None:
        """Each article's record, written atomically (a fsynced temporary file renamed)."""
        self.articles.mkdir(parents=True, exist_ok=True)
        recover(self.articles)  # temporary files a killed run left
        for ex in extractions:
            write_file(self.articles / f"{ex.article.doc_id}.json", to_json(ex).encode("utf-8"))
        fsync_dir(self.articles)

    def load_all(self) -> list[Extraction]:
        if not self.articles.is_dir():
            return []
        return [
            from_json(p.read_text(encoding="utf-8")) for p in sorted(self.articles.glob("*.json"))
        ]

    def stored(self) -> set[str]:
        """The ids of the articles it holds records of (their files' names, none read)."""
        return {p.stem for p in self.articles.glob("*.json")} if self.articles.is_dir() else set()

    def known(self) -> dict[str, str]:
        """Article id -> content hash of what the store holds."""
        return {ex.article.doc_id: ex.article.sha256 for ex in self.load_all()}

    def record(self, doc: str) -> Path:
        """The record of one article, by id (file stem) or by source file path."""
        doc_id = Path(doc).stem if doc.endswith((".txt", ".md", ".html", ".htm")) else doc
        path = self.articles / f"{doc_id}.json"
        # an id names a record in this store, never a path elsewhere ("../../x")
        if not path.is_file() or path.resolve().parent != self.articles.resolve():
            known = ", ".join(sorted(self.known())) or "none"
            raise InputError(f"article {doc!r} is not in the store {self.root}; it holds: {known}")
        return path
