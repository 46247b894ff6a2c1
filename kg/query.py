"""SPARQL over a built graph file (the ontology loaded alongside, for subclass queries)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result

from kg.errors import GraphError, QueryError
from kg.graph import union_graph
from kg.lexicon import ontology_dir

ONTOLOGY_GRAPH = URIRef("urn:kg:ontology")
RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
}


def _parse(path: Path) -> tuple[Dataset, str]:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if not path.is_file():
        raise GraphError(f"graph {str(path)!r} does not exist; build one with `kg build`")
    if fmt is None:
        known = ", ".join(RDF_FORMATS)
        raise GraphError(f"cannot tell the RDF format of {path.name}; use one of {known}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid {fmt}: {str(exc).splitlines()[0][:200]}") from exc
    return ds, fmt


def load_dataset(path: str | Path, *, with_ontology: bool = True) -> Dataset:
    """A graph file as a Dataset: named graphs (one per article, from TriG or N-Quads) are
    kept for GRAPH queries, and the default graph is their union."""
    ds, _ = _parse(Path(path))
    if with_ontology:
        ds.graph(ONTOLOGY_GRAPH).parse(ontology_dir() / "kg.ttl", format="turtle")
    return ds


def load_graph(path: str | Path, *, with_ontology: bool = True) -> Graph:
    """A graph file as one plain Graph (named graphs merged)."""
    return union_graph(load_dataset(path, with_ontology=with_ontology))


def read_query(text_or_file: str) -> str:
    path = Path(text_or_file)
    if text_or_file.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"query file {text_or_file!r} does not exist")
        return path.read_text(encoding="utf-8")
    return text_or_file


def run_query(g: Graph | Dataset, query: str) -> Result:
    try:
        return g.query(query)
    except Exception as exc:  # pyparsing and rdflib errors alike
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise QueryError(
            f"invalid SPARQL query: {first}; check the syntax and PREFIX lines"
        ) from exc


def format_result(result: Result, fmt: str = "table") -> str:
    """ASK -> yes/no; CONSTRUCT/DESCRIBE -> Turtle; SELECT -> table, CSV or JSON."""
    if result.type == "ASK":
        return (
            json.dumps({"boolean": bool(result.askAnswer)})
            if fmt == "json"
            else ("yes" if result.askAnswer else "no")
        )
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    names = [str(v) for v in result.vars]
    rows = [["" if v is None else str(v) for v in row] for row in result]
    if fmt == "json":
        return json.dumps(
            [dict(zip(names, r, strict=True)) for r in rows], indent=1, ensure_ascii=False
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return _table(names, rows)


def _table(names: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in r] for r in rows]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]

    def line(vals: list[str]) -> str:
        return " | ".join(v[:w].ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    return "\n".join([line(names), sep, *(line(r) for r in cells), f"({len(rows)} rows)"])
