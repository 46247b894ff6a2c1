"""Turtle I/O at scale: rdflib's serializer and parser next to pyoxigraph's, same run.

    python benchmarks/bench_io.py [--triples 1000000] [--graph outputs/graph.ttl]

The graph is kg's own seeds graph repeated with renamed IRIs until it reaches the size, so
the mix of IRIs, literals and typed values is what kg writes."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent


def _rename(t: ox.NamedNode | ox.Literal, copy: int) -> ox.NamedNode | ox.Literal:
    if isinstance(t, ox.NamedNode) and "/id/" in t.value:
        return ox.NamedNode(f"{t.value}-{copy}")
    return t


def triples(graph: Path, n: int) -> list[ox.Triple]:
    base = list(ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE))
    out: list[ox.Triple] = []
    copy = 0
    while len(out) < n:
        out += [
            ox.Triple(_rename(t.subject, copy), t.predicate, _rename(t.object, copy)) for t in base
        ]
        copy += 1
    return out[:n]


def to_rdflib(ts: list[ox.Triple]) -> Graph:
    g = Graph()
    for t in ts:
        o = t.object
        obj = (
            URIRef(o.value)
            if isinstance(o, ox.NamedNode)
            else Literal(
                o.value,
                lang=o.language or None,
                datatype=None if o.language else URIRef(o.datatype.value),
            )
        )
        g.add((URIRef(t.subject.value), URIRef(t.predicate.value), obj))
    return g


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--graph", type=Path, default=ROOT / "outputs" / "graph.ttl")
    args = ap.parse_args()
    ts = triples(args.graph, args.triples)
    g = to_rdflib(ts)
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "rdflib.ttl", Path(tmp) / "ox.ttl"
        rd_w = timed(lambda: g.serialize(destination=str(a), format="turtle"))
        ox_w = timed(lambda: ox.serialize(ts, output=str(b), format=ox.RdfFormat.TURTLE))
        rd_r = timed(lambda: Graph().parse(str(a), format="turtle"))
        # both parse into their in-memory store: rdflib's Graph, Oxigraph's Store
        ox_r = timed(lambda: ox.Store().bulk_load(path=str(b), format=ox.RdfFormat.TURTLE))
    print(f"{len(g)} triples of Turtle")
    print(f"write: rdflib {rd_w:6.1f} s   pyoxigraph {ox_w:5.2f} s   ratio {rd_w / ox_w:5.1f}x")
    print(f"read:  rdflib {rd_r:6.1f} s   pyoxigraph {ox_r:5.2f} s   ratio {rd_r / ox_r:5.1f}x")


if __name__ == "__main__":
    main()
