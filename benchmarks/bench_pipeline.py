"""kg's throughput next to plain spaCy on the same texts, model and machine, in one run.

    python benchmarks/bench_pipeline.py [--words 200000] [--model NAME]

Prints words per second for `nlp.pipe` with the bare model and for kg's whole pipeline in
one process (entity ruler, extraction, resolution, the graph's quads into the Oxigraph
store), and their ratio. Machines are shared and noisy: compare ratios from the same run,
never absolute times across runs."""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from kg.extract import extract_corpus
from kg.graph import iter_nquads
from kg.ingest import read_corpus
from kg.models import Article
from kg.nlp import DEFAULT_MODEL, build_pipeline, load_model
from kg.resolve import resolve
from kg.store import GraphStore
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


def interleaved(model: str, articles: list[Article], *, chunk: int = 25) -> tuple[float, float]:
    """Seconds for plain `nlp.pipe` and for kg on the same texts, timed chunk by chunk,
    alternating which goes first, so a burst of load on a shared machine hits both sides
    alike. kg's corpus-level steps (resolution, RDF) are timed once at the end."""
    plain, kg_nlp = load_model(model), build_pipeline(model)
    list(plain.pipe([a.text for a in articles[:5]]))  # warm up both
    list(extract_corpus(kg_nlp, articles[:5]))
    t_plain = t_kg = 0.0
    extractions = []
    for n, start in enumerate(range(0, len(articles), chunk)):
        part = articles[start : start + chunk]
        for side in ("plain", "kg") if n % 2 == 0 else ("kg", "plain"):
            t0 = time.perf_counter()
            if side == "plain":
                for _ in plain.pipe([a.text for a in part], batch_size=16):
                    pass
                t_plain += time.perf_counter() - t0
            else:
                extractions += list(extract_corpus(kg_nlp, part))
                t_kg += time.perf_counter() - t0
    t0 = time.perf_counter()
    res = resolve(extractions)
    t1 = time.perf_counter()
    GraphStore().replace(iter_nquads(articles, res, Minter()))
    t2 = time.perf_counter()
    print(f"kg: parse+extract {t_kg:.1f} s, resolve {t1 - t0:.1f} s, graph {t2 - t1:.1f} s")
    return t_plain, t_kg + t2 - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()
    articles = corpus(args.words)
    n_words = sum(len(a.text.split()) for a in articles)
    plain, kg = interleaved(args.model, articles)
    print(f"corpus: {len(articles)} articles, {n_words} words, model {args.model}")
    print(f"plain nlp.pipe : {n_words / plain:10.0f} words/s  ({plain:.1f} s)")
    print(f"kg pipeline    : {n_words / kg:10.0f} words/s  ({kg:.1f} s)")
    print(f"ratio kg/plain : {plain / kg:.2f}")


if __name__ == "__main__":
    main()
