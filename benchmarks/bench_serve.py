"""`kg serve` under load against Oxigraph alone: the same 50 client threads run the example
queries for 30 s against each, on the same graph, in the same run (machines are noisy: the
ratio is the figure to compare, not the times).

    python benchmarks/bench_serve.py [--graph outputs/graph.trig] [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from kg.query import open_store
from kg.remote import with_prefixes
from kg.server import oxigraph_binary

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, query: str) -> int:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{url}/query", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def load(url: str, queries: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            start = time.perf_counter()
            if ask(url, queries[n % len(queries)]) != 200:
                errors[0] += 1
            latencies.append(time.perf_counter() - start)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / seconds, "p50": q[49], "p99": q[98], "errors": errors[0]}


def wait(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "outputs" / "graph.trig")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    queries = [
        with_prefixes(p.read_text("utf-8")) for p in sorted((ROOT / "examples").glob("*.rq"))
    ]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        disk = ox.Store(tmp)
        disk.bulk_extend(list(open_store(args.graph, with_ontology=True)))
        disk.flush()
        del disk
        port = free_port()
        # the same database kg serve makes of a graph file: the union as default graph
        cmd = [oxigraph_binary(), "serve-read-only", "--location", tmp, "--bind",
               f"127.0.0.1:{port}"]  # fmt: skip
        alone = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        try:
            wait(f"http://127.0.0.1:{port}")
            results["oxigraph alone"] = load(
                f"http://127.0.0.1:{port}", queries, args.clients, args.seconds
            )
        finally:
            alone.terminate()
            alone.wait()
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(args.graph), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait(f"http://127.0.0.1:{port}")
        results["kg serve"] = load(f"http://127.0.0.1:{port}", queries, args.clients, args.seconds)
    finally:
        serve.terminate()
        serve.wait()
    print(f"{args.clients} clients, {args.seconds:g} s, {len(queries)} example queries")
    for name, r in results.items():
        print(f"{name:<15} {r['rps']:6.0f} req/s  p50 {r['p50'] * 1000:5.0f} ms  "
              f"p99 {r['p99'] * 1000:5.0f} ms  errors {r['errors']:.0f}")  # fmt: skip
    ratio = results["kg serve"]["rps"] / results["oxigraph alone"]["rps"]
    print(f"kg serve / oxigraph alone: {ratio:.2f}x the requests per second")


if __name__ == "__main__":
    main()
