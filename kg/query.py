"""SPARQL over a built graph file (the ontology loaded alongside, for subclass queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import GraphError, QueryError
from kg.paths import ontology_dir
from kg.sparqlscan import uses_service
from kg.vocab import SPARQL_PREFIXES

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


QUERY_SUFFIXES = (".rq", ".sparql", ".txt")


def read_query(arg: str, *, stdin: str | None = None) -> str:
    """The query text: '-' reads standard input (given as `stdin`), an existing file of any
    extension is read, anything else is the query itself."""
    if arg == "-":
        if not (stdin or "").strip():
            raise QueryError("no query on standard input; pipe one in, or give it as text")
        return stdin or ""
    path = Path(arg)
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {arg!r}: {exc}") from exc
    if arg.endswith(QUERY_SUFFIXES) and "{" not in arg:
        raise QueryError(f"query file {arg!r} does not exist")
    return arg


@dataclass(frozen=True)
class Answer:
    """A SPARQL result as plain data: SELECT rows, an ASK boolean, or a CONSTRUCT graph."""

    kind: str  # "select" | "ask" | "graph"
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # each term's lexical value, "" when unbound
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    results: bytes = b""  # SELECT/ASK: the W3C SPARQL JSON results, terms with their types


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


_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def check_read_only(query: str) -> None:
    """kg query reads; a SPARQL update is refused by name, not as a syntax error."""
    found = _UPDATE.match(_COMMENT.sub("", query))
    if found:
        raise QueryError(
            f"this is a SPARQL update ({found.group(1).upper()}); kg query runs SELECT, ASK, "
            "CONSTRUCT and DESCRIBE only"
        )


def check_service(query: str, *, allow: bool = False) -> None:
    """SERVICE sends a query to another host; kg query refuses it unless asked for."""
    if not allow and uses_service(query):
        raise QueryError(
            "the query uses SERVICE (a federated query to another endpoint); "
            "pass --allow-service to let kg query send it"
        )


def run_query(store: ox.Store, query: str) -> Answer:
    """SPARQL over the whole graph (and GRAPH ?g over each article's), with the common
    prefixes (`kg.vocab.SPARQL_PREFIXES`) predeclared."""
    check_read_only(query)
    try:
        result = store.query(query, prefixes=SPARQL_PREFIXES)
    except SyntaxError as exc:
        raise QueryError(syntax_message(query, str(exc))) from exc
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    return to_answer(result)


def to_answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    if isinstance(result, ox.QueryTriples):
        return Answer("graph", triples=tuple(result))
    data = result.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result), results=data)
    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(
        tuple("" if (t := sol[c]) is None else t.value for c in columns) for sol in solutions
    )
    return Answer("select", columns=columns, rows=rows, results=data)


_AT = re.compile(r"error at (\d+):(\d+)")


def syntax_message(query: str, error: str) -> str:
    """One line: an undeclared prefix by name, other errors by place and Oxigraph's words."""
    first = error.splitlines()[0]
    at = _AT.search(first)
    if at and "Prefix not found" in first:
        line, col = int(at.group(1)), int(at.group(2))
        text = query.splitlines()[line - 1] if line <= len(query.splitlines()) else ""
        # Oxigraph points just past the prefixed name ("foo:bar|")
        name = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", text[: col - 1])
        prefix = (name.group(1) or "") if name else "?"
        known = ", ".join(SPARQL_PREFIXES)
        return (
            f"undeclared prefix '{prefix}:' at line {line}; declare it (PREFIX {prefix}: <...>) "
            f"or use a predeclared one: {known}"
        )
    return f"invalid SPARQL query: {first[:200]}; check the syntax and PREFIX lines"
