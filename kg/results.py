"""A query's answer as text: a readable table, or the W3C formats other tools read (SPARQL
1.1 Query Results JSON, XML, CSV and TSV, written by pyoxigraph's serialisers)."""

from __future__ import annotations

import textwrap

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query import Answer
from kg.vocab import SPARQL_PREFIXES

# --format name -> (results format for SELECT/ASK, RDF format for CONSTRUCT/DESCRIBE)
FORMATS: dict[str, tuple[ox.QueryResultsFormat | None, ox.RdfFormat]] = {
    "table": (None, ox.RdfFormat.TURTLE),
    "json": (ox.QueryResultsFormat.JSON, ox.RdfFormat.JSON_LD),
    "xml": (ox.QueryResultsFormat.XML, ox.RdfFormat.RDF_XML),
    "csv": (ox.QueryResultsFormat.CSV, ox.RdfFormat.N_TRIPLES),
    "tsv": (ox.QueryResultsFormat.TSV, ox.RdfFormat.N_TRIPLES),
}
MIN_COLUMN = 12  # a table column is never narrower than this, however many there are


def format_result(answer: Answer, fmt: str = "table", *, width: int = 100) -> str:
    """SELECT and ASK in a W3C results format or as a table (ASK: yes/no) at most `width`
    characters wide, long cells wrapped onto more lines, never cut; CONSTRUCT and DESCRIBE
    as Turtle (table), JSON-LD (json), RDF/XML (xml) or N-Triples (csv, tsv)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose from {', '.join(FORMATS)}")
    results, rdf = FORMATS[fmt]
    if answer.kind == "graph":
        prefixes = SPARQL_PREFIXES if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(answer.triples, format=rdf, prefixes=prefixes).decode().rstrip("\n")
    if results is not None:
        parsed = ox.parse_query_results(answer.results, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=results).decode("utf-8").rstrip("\r\n")
    if answer.kind == "ask":
        return "yes" if answer.boolean else "no"
    return table(list(answer.columns), [list(r) for r in answer.rows], width=width)


def table(names: list[str], rows: list[list[str]], *, width: int = 100) -> str:
    cells = [[" ".join(c.split()) for c in r] for r in rows]  # newlines and tabs as spaces
    widths = _widths(names, cells, width)

    def lines(vals: list[str]) -> list[str]:
        parts = [
            textwrap.wrap(v, w, break_on_hyphens=False) or [""]
            for v, w in zip(vals, widths, strict=True)
        ]
        depth = max(len(p) for p in parts)
        return [
            " | ".join(
                (p[i] if i < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)
            ).rstrip()
            for i in range(depth)
        ]

    sep = "-+-".join("-" * w for w in widths)
    body = [line for r in cells for line in lines(r)]
    return "\n".join([*lines(names), sep, *body, f"({len(rows)} rows)"])


def _widths(names: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Each column as wide as its longest cell; if that is too wide in all, the widest
    columns give up space first, none below MIN_COLUMN (or its own content)."""
    want = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    room = width - 3 * (len(names) - 1)
    while sum(want) > room:
        widest = max(range(len(want)), key=lambda i: want[i])
        if want[widest] <= MIN_COLUMN:
            break
        want[widest] -= 1
    return [max(1, w) for w in want]
