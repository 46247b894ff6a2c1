"""kg at scale: build generated corpora of N distinct articles and print one table.

    python benchmarks/bench_scale.py [--sizes 100 400 1600] [--workers 1 2] [--repeat 3]

Each size is built by `kg.pipeline.build` (what `kg build` runs) in a fresh child process,
so its peak RSS is its own: `main` is the building process, `worker` the largest parsing
worker, `writer` the forked copy that writes the RDF files (its resident set counts the
graph it shares with the building process; in brackets what only it holds), all watched
from this process (benchmarks/procmem.py); `all` is the peak of the whole build's memory,
every process of it together, shared pages counted once (summed Pss). Columns: articles,
words, workers, wall seconds, words/s, peak memory (MB), triples, and the seconds of each
stage (read, parse, resolve, graph, write). Machines are shared and noisy: compare rows
of one run; never assert these figures in a test. With several worker counts, a second
table gives each count's median over `--repeat` runs (which alternate, so a slow spell of
the machine hits every count) and the speed-up of each over the first."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from procmem import Sampler  # noqa: E402

STAGES = ("read", "parse", "resolve", "graph", "write")


def child(folder: Path, out: Path, workers: int) -> dict:
    """Build one corpus; its figures as a dict (printed as JSON by the child)."""
    from kg.pipeline import build

    start = time.perf_counter()
    report = build([folder], out, workers=workers, formats=("trig",))
    wall = time.perf_counter() - start
    main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "wall": wall,
        "triples": report.triples,
        "entities": report.entities,
        "events": report.events,
        "rss_main": main_kb / 1024,
        "timings": report.timings,
    }


def run(size: int, workers: int, bases: list, seed: int, tmp: Path) -> dict:
    from corpus import generate, write

    folder = tmp / f"corpus-{size}"
    if not folder.exists():
        write(generate(bases, size, seed=seed), folder)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())
    out = tmp / f"out-{size}-{workers}"
    cmd = [sys.executable, __file__, "--child", str(folder), "--out", str(out),
           "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(proc.pid) as helpers:  # parsing workers and writer, watched from here
        stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"the build of {size} articles failed:\n{stderr}")
    row = json.loads(stdout.strip().splitlines()[-1])
    mb = helpers.mb()
    row |= {"rss_worker": mb["worker"], "rss_writer": mb["writer"], "pss_all": mb["all"]}
    row["writer_own"] = mb["writer_private"]
    return {"articles": size, "words": words, "workers": workers, **row}


def table(rows: list[dict]) -> str:
    head = ["articles", "words", "workers", "wall s", "words/s", "RSS main MB", "RSS worker MB",
            "RSS writer MB (own)", "all MB", "triples", *[f"{s} s" for s in STAGES]]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        worker = f"{r['rss_worker']:.0f}" if r["rss_worker"] else "-"  # one: no worker
        cells = [r["articles"], r["words"], r["workers"], f"{r['wall']:.1f}",
                 f"{r['words'] / r['wall']:.0f}", f"{r['rss_main']:.0f}", worker,
                 _writer(r), f"{r['pss_all']:.0f}", r["triples"],
                 *[f"{r['timings'].get(s, 0.0):.1f}" for s in STAGES]]  # fmt: skip
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def _writer(r: dict) -> str:
    """The forked writer's peak resident set, with its own (unshared) part; "-" if the
    build wrote its files itself (one worker)."""
    if not r["rss_writer"]:
        return "-"
    return f"{r['rss_writer']:.0f} ({r['writer_own']:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1600])
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size, alternating")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.out, args.workers[0])))
        return
    from corpus import load_bases

    from kg.workers import default_workers

    bases = load_bases()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in args.sizes:
            for _ in range(args.repeat):  # the worker counts alternate: drift hits each
                for workers in args.workers or [default_workers()]:
                    rows.append(run(size, workers, bases, args.seed, Path(tmp)))
                    print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    if len(args.workers or ()) > 1:
        print("\n" + speedups(rows, args.workers))


def speedups(rows: list[dict], workers: list[int]) -> str:
    """Per size: the median wall and parse seconds of each worker count, and the first
    count's median over each other's (the speed-up)."""
    base = workers[0]
    head = ["articles", "workers", "runs", "median wall s", "median parse s", "whole", "parsing"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for size in dict.fromkeys(r["articles"] for r in rows):
        med = {}
        for w in workers:
            mine = [r for r in rows if r["articles"] == size and r["workers"] == w]
            walls = [r["wall"] for r in mine]
            parses = [r["timings"].get("parse", 0.0) for r in mine]
            med[w] = (statistics.median(walls), statistics.median(parses), len(mine))
        for w in workers:
            wall, parse, runs = med[w]
            whole, parsing = med[base][0] / wall, med[base][1] / parse
            lines.append(f"| {size} | {w} | {runs} | {wall:.1f} | {parse:.1f} | "
                         f"{whole:.2f}x | {parsing:.2f}x |")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    main()
