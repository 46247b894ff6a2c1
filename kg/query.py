"""SPARQL over a built graph file (the ontology loaded alongside, for subclass queries)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError, QueryError
from kg.paths import ontology_dir

RDF_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
}


def load_graph(path: str | Path, *, with_ontology: bool = True) -> Graph:
    """A graph file as an rdflib Graph (named graphs merged) kept in an Oxigraph store through
    oxrdflib: rdflib's API for pyshacl and the evaluator, Oxigraph's parsers and storage."""
    store = open_store(path, with_ontology=with_ontology)
    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def read_query(text_or_file: str) -> str:
    path = Path(text_or_file)
    if text_or_file.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"query file {text_or_file!r} does not exist")
        return path.read_text(encoding="utf-8")
    return text_or_file


@dataclass(frozen=True)
class Answer:
    """A SPARQL result as plain data: SELECT rows, an ASK boolean, or a CONSTRUCT graph."""

    kind: str  # "select" | "ask" | "graph"
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def open_store(
    path: str | Path, *, with_ontology: bool = True, named_graphs: bool = True
) -> ox.Store:
    """A graph file in an in-memory Oxigraph store. The default graph is the union of the
    articles' graphs, each triple once (Oxigraph's own union default graph would repeat a
    triple for every graph that holds it), plus the ontology for subclass paths. With
    `named_graphs`, each article's graph from TriG or N-Quads is kept too, for GRAPH ?g.

    Leave them out when the query does not ask for them: Oxigraph's in-memory store finds
    a subject's triples by walking all its quads in every graph, so a store that also holds
    1,600 article graphs answers default-graph joins ~30x slower."""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if not path.is_file():
        raise GraphError(f"graph {str(path)!r} does not exist; build one with `kg build`")
    if fmt is None:
        known = ", ".join(RDF_FORMATS)
        raise GraphError(f"cannot tell the RDF format of {path.name}; use one of {known}")
    rdf_format = ox.RdfFormat.from_extension(path.suffix[1:])
    store = ox.Store()
    try:
        if named_graphs or not rdf_format.supports_datasets:
            store.bulk_load(path=str(path), format=rdf_format)
            if rdf_format.supports_datasets:
                store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            quads = ox.parse(path=str(path), format=rdf_format)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path} is not valid {fmt}: {str(exc).splitlines()[0][:200]}") from exc
    if with_ontology:
        store.bulk_load(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    return store


_NAMED = re.compile(r"\b(GRAPH|NAMED)\b", re.IGNORECASE)
_COMMENT = re.compile(r"(^|\s)#.*$", re.MULTILINE)  # a '#' inside an IRI follows no space


def uses_named_graphs(query: str) -> bool:
    """Whether a query may read the articles' named graphs (GRAPH, FROM NAMED). The word in
    a string also counts: that costs speed, never a wrong answer."""
    return bool(_NAMED.search(_COMMENT.sub("", query)))


def run_query(store: ox.Store, query: str) -> Answer:
    """SPARQL over the whole graph (and GRAPH ?g over each article's)."""
    try:
        result = store.query(query)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0][:200]
        raise QueryError(
            f"invalid SPARQL query: {first}; check the syntax and PREFIX lines"
        ) from exc
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer("graph", triples=tuple(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple("" if (t := sol[c]) is None else t.value for c in columns) for sol in result)
    return Answer("select", columns=columns, rows=rows)


def format_result(answer: Answer, fmt: str = "table") -> str:
    """ASK -> yes/no; CONSTRUCT/DESCRIBE -> Turtle (JSON-LD with json); SELECT -> table,
    CSV or JSON."""
    if answer.kind == "ask":
        return (
            json.dumps({"boolean": answer.boolean})
            if fmt == "json"
            else ("yes" if answer.boolean else "no")
        )
    if answer.kind == "graph":
        rdf = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
        return ox.serialize(answer.triples, format=rdf).decode("utf-8")
    names, rows = list(answer.columns), [list(r) for r in answer.rows]
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
