"""Incremental store builds: adding and removing one article, against a full build.

    python benchmarks/bench_incremental.py [--size 3200] [--workers N] [--seed 0]

Generates --size distinct articles and one more (benchmarks/corpus.py). The --size articles
are built into a store twice: with `--no-files` (the store alone) and with the files
(graph.ttl, graph.html, graph.trig). Into each store the extra article is then added and
removed again, the same way. Each step is one `kg.pipeline` call (what `kg build` and
`kg remove` run) in a fresh child process, so every step pays what a command pays (imports,
loading the model). Prints each step's wall seconds, its share of the full build of its
kind, the article graphs it wrote into the store, whether the files were updated from the
previous ones or drawn whole, and its stage timings. Machines are shared
and noisy: compare rows of one run; never assert these figures in a test."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = ("read", "parse", "resolve", "graph", "store", "write")


def child(step: dict) -> dict:
    """One build or removal; its figures (printed as JSON by the child)."""
    from kg.pipeline import build, remove

    start = time.perf_counter()
    if step["remove"]:
        _, report = remove(step["remove"], step["store"], step["out"], files=step["files"])
    else:
        report = build(
            [step["input"]],
            step["out"],
            store=step["store"],
            formats=("trig",),
            workers=step["workers"],
            files=step["files"],
        )
    return {
        "wall": time.perf_counter() - start,
        "parsed": report.parsed,
        "graphs": report.graphs_written,
        "updated": report.updated,
        "articles": report.articles,
        "timings": report.timings,
    }


def steps(corpus: Path, extra: Path, tmp: Path, workers: int) -> list[tuple[str, dict]]:
    out = []
    for files in (False, True):
        kind = "files" if files else "no-files"
        base = {"store": str(tmp / f"store-{kind}"), "out": str(tmp / f"out-{kind}"),
                "files": files, "workers": workers, "remove": None}  # fmt: skip
        out += [
            (f"full build ({kind})", {**base, "input": str(corpus)}),
            (f"add one ({kind})", {**base, "input": str(extra)}),
            (f"remove one ({kind})", {**base, "remove": extra.stem}),
        ]
    return out


def run_step(step: dict) -> dict:
    cmd = [sys.executable, __file__, "--child", json.dumps(step)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[tuple[str, dict, float]]) -> str:
    head = ["step", "wall s", "% of full", "articles", "parsed", "graphs written", "files",
            *[f"{s} s" for s in STAGES]]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, r, full in rows:
        stages = [f"{r['timings'].get(s, 0.0):.1f}" for s in STAGES]
        share = f"{100 * r['wall'] / full:.1f}"
        files = "-" if "no-files" in name else ("updated" if r["updated"] else "whole")
        cells = [name, f"{r['wall']:.1f}", share, r["articles"], r["parsed"], r["graphs"], files,
                 *stages]  # fmt: skip
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3200)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    from corpus import generate, load_bases, write

    from kg.workers import default_workers

    rows: list[tuple[str, dict, float]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        articles = generate(load_bases(), args.size + 1, seed=args.seed)
        write(articles[:-1], Path(tmp) / "corpus")
        write(articles[-1:], Path(tmp) / "extra")
        extra = Path(tmp) / "extra" / articles[-1][0]
        full = 0.0
        for name, step in steps(
            Path(tmp) / "corpus", extra, Path(tmp), args.workers or default_workers()
        ):
            r = run_step(step)
            full = r["wall"] if name.startswith("full") else full
            rows.append((name, r, full))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
