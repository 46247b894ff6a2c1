"""Questions at scale: how fast `kg` starts and how fast every query in `examples/` answers,
in memory (what `kg query` runs) and over HTTP through `kg serve`.

    python benchmarks/bench_query.py [--graph OUT/graph.trig] [--size 1600] [--repeat 3]

Without --graph, a generated corpus of --size articles (benchmarks/corpus.py) is built first
with `kg build` (that build is not timed here: bench_scale.py times builds). Query times are
the best of --repeat runs, without loading the graph (printed apart) and, for the in-memory
store, including turning the results into Python rows. Machines are shared and noisy: compare
rows of one run; never assert these figures in a test."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def start_up() -> dict[str, float]:
    """Seconds for `kg --help`, and for importing what `kg query` imports (best of 3)."""
    kg = Path(sys.executable).parent / "kg"
    runs = {
        "kg --help": [str(kg), "--help"],
        "import kg.query": [sys.executable, "-c", "import kg.cli, kg.query"],
        "spaCy loaded?": [
            sys.executable,
            "-c",
            "import sys, kg.cli, kg.query; sys.exit('spacy' in sys.modules)",
        ],
    }
    out: dict[str, float] = {}
    for name, cmd in runs.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True)
            best = min(best, time.perf_counter() - start)
        out[name] = float(done.returncode) if name.endswith("?") else best
    return out


def in_memory(graph: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    from kg.query import open_store, read_query, run_query, uses_named_graphs

    loads, times = {}, {}
    for named in (False, True):
        start = time.perf_counter()
        store = open_store(graph, named_graphs=named)
        loads[f"load (named graphs: {named})"] = time.perf_counter() - start
        for path in sorted(EXAMPLES.glob("*.rq")):
            text = read_query(str(path))
            if uses_named_graphs(text) != named:
                continue
            times[path.name] = _best(lambda t=text, s=store: run_query(s, t), repeat)
    return loads, times


def over_http(graph: Path, repeat: int) -> dict[str, float]:
    from kg.query import read_query
    from kg.server import start_server

    server = start_server(graph, port=7897)
    try:
        times = {}
        for path in sorted(EXAMPLES.glob("*.rq")):
            body = urllib.parse.urlencode({"query": read_query(str(path))}).encode()
            accept = {"Accept": "application/sparql-results+json"}

            def ask(body: bytes = body, accept: dict = accept) -> None:
                request = urllib.request.Request(f"{server.url}/query", data=body, headers=accept)
                with urllib.request.urlopen(request, timeout=600) as response:
                    response.read()

            times[path.name] = _best(ask, repeat)
        return times
    finally:
        server.stop()


def _best(run, repeat: int) -> float:  # noqa: ANN001 (any callable)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def build(size: int, tmp: Path) -> Path:
    from corpus import generate, load_bases, write

    folder, out = tmp / f"corpus-{size}", tmp / "out"
    write(generate(load_bases(), size, seed=0), folder)
    kg = str(Path(sys.executable).parent / "kg")
    subprocess.run([kg, "build", str(folder), "-o", str(out), "--quiet"], check=True)
    return out / "graph.trig"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path)
    parser.add_argument("--size", type=int, default=1600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as tmp:
        graph = args.graph or build(args.size, Path(tmp))
        for name, value in start_up().items():
            shown = ("yes" if value else "no") if name.endswith("?") else f"{value:.2f} s"
            print(f"{name:34} {shown}")
        loads, memory = in_memory(graph, args.repeat)
        for name, seconds in loads.items():
            print(f"{name:34} {seconds:.2f} s")
        http = over_http(graph, args.repeat)
    print(f"\n| query ({graph.name}) | in memory ms | kg serve ms |\n|---|---|---|")
    for name in sorted(memory):
        print(f"| {name} | {memory[name] * 1000:.0f} | {http[name] * 1000:.0f} |")


if __name__ == "__main__":
    main()
