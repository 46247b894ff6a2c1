"""kg's throughput next to plain spaCy on the same texts, model and machine, in one run.

    python benchmarks/bench_pipeline.py [--words 200000] [--model NAME]

Prints words per second for `nlp.pipe` with the bare model and for kg's whole pipeline
(entity ruler, extraction, resolution, RDF graph), and their ratio. Machines are shared and
noisy: compare ratios from the same run, never absolute times across runs."""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from kg.extract import extract_corpus
from kg.graph import build_dataset
from kg.ingest import read_corpus
from kg.models import Article
from kg.nlp import DEFAULT_MODEL, build_pipeline, load_model
from kg.resolve import resolve
from kg.vocab import Minter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def corpus(words: int) -> list[Article]:
    """The seeds repeated (as distinct articles) to about `words` words."""
    base, _ = read_corpus([SEEDS])
    out: list[Article] = []
    total, i = 0, 0
    while total < words:
        a = base[i % len(base)]
        doc_id = f"{a.doc_id}-{i}"
        out.append(
            Article(
                doc_id=doc_id,
                path=a.path,
                title=a.title,
                text=a.text,
                sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
                publisher=a.publisher,
                date=a.date,
            )
        )
        total += len(a.text.split())
        i += 1
    return out


def time_plain(model: str, texts: list[str]) -> float:
    nlp = load_model(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def time_kg(model: str, articles: list[Article]) -> float:
    nlp = build_pipeline(model)
    start = time.perf_counter()
    res = resolve(extract_corpus(nlp, articles))
    build_dataset(articles, res, Minter())
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()
    articles = corpus(args.words)
    texts = [a.text for a in articles]
    n_words = sum(len(t.split()) for t in texts)
    time_plain(args.model, texts[:5])  # warm up both: model load and first-batch costs
    time_kg(args.model, articles[:5])
    plain = time_plain(args.model, texts)
    kg = time_kg(args.model, articles)
    print(f"corpus: {len(articles)} articles, {n_words} words, model {args.model}")
    print(f"plain nlp.pipe : {n_words / plain:10.0f} words/s  ({plain:.1f} s)")
    print(f"kg pipeline    : {n_words / kg:10.0f} words/s  ({kg:.1f} s)")
    print(f"ratio kg/plain : {plain / kg:.2f}")


if __name__ == "__main__":
    main()
