"""Triple stores over HTTP: push a graph with the SPARQL 1.1 Graph Store HTTP Protocol
(`kg load`), and serve one with the Oxigraph server (`kg serve`)."""

from __future__ import annotations

import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.paths import ontology_dir
from kg.query import Answer, check_read_only, open_store, to_answer
from kg.store import ONTOLOGY_GRAPH
from kg.vocab import SPARQL_PREFIXES

TIMEOUT_S = 120


@dataclass
class LoadReport:
    endpoint: str
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    deleted: list[str] = field(default_factory=list)  # graphs of articles no longer exported
    ontology: str = ""  # the graph the ontology went into


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error, not a detour: urllib would turn the POST of a graph into a
    GET and report success on the page it lands on."""

    def redirect_request(self, *args: Any, **kw: Any) -> None:
        return None


def sends_password_in_clear(endpoint: str, user: str | None) -> bool:
    """Basic authentication over plain http: anyone on the path reads the password."""
    parts = urllib.parse.urlsplit(endpoint)
    return parts.scheme == "http" and bool(user or parts.username)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without user:password@, user, password)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    bare = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return (
        bare,
        urllib.parse.unquote(parts.username or ""),
        urllib.parse.unquote(parts.password or ""),
    )


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [
        _NoRedirect(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),  # verifies
    ]
    if user:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, endpoint, user, password or "")
        handlers += [
            urllib.request.HTTPDigestAuthHandler(mgr),
            urllib.request.HTTPBasicAuthHandler(mgr),
        ]
    return urllib.request.build_opener(*handlers)


def _batches(path: Path, graph: str | None) -> list[tuple[str | None, list[ox.Triple]]]:
    """(target graph IRI or None for the default graph, triples): one batch per article's
    named graph, or everything into `graph` when it is given."""
    store = open_store(path, with_ontology=False)
    named = sorted(g.value for g in store.named_graphs())
    if graph or not named:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store}, key=str)
        return [(graph, triples)]
    return [
        (
            g,
            sorted(
                (
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
                ),
                key=str,
            ),
        )
        for g in named
    ]


def _ontology_batch() -> tuple[str, list[ox.Triple]]:
    """The ontology, for its own named graph: `rdfs:subClassOf*` then works in the store."""
    path = ontology_dir() / "kg.ttl"
    return ONTOLOGY_GRAPH.value, sorted(
        ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), key=str
    )


def load_remote(
    path: str | Path,
    endpoint: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    replace: bool = False,
    sparql: str | None = None,
) -> LoadReport:
    """Send the graph to a Graph Store Protocol endpoint, one request per graph (each
    article's, and the ontology's in its own). POST appends (far faster than PUT on
    Oxigraph); with `replace`, PUT replaces each graph and the graphs of articles no longer in
    the export are DELETEd (found through the SPARQL endpoint `sparql`, guessed from the store
    URL when not given), so no removed article's fact stays. On a failure the error says which
    graphs were loaded before it, so nothing half-loaded is reported as done."""
    endpoint, url_user, url_password = split_credentials(endpoint)
    user, password = user or url_user, password if password is not None else url_password
    opener = _opener(endpoint, user, password)
    report = LoadReport(endpoint)
    batches = _batches(Path(path), graph)
    stale: list[str] = []
    if replace:
        listed = _article_graphs(sparql or query_url(endpoint))
        stale = sorted(listed - {target for target, _ in batches if target})
    method = "PUT" if replace else "POST"
    for target, triples in batches:
        _send(opener, report, method, target, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        report.graphs.append(target or "default graph")
        report.triples += len(triples)
    target, triples = _ontology_batch()  # replaced whole every time: a later kg's ontology
    _send(opener, report, "PUT", target, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    report.ontology = target
    for target in stale:
        _send(opener, report, "DELETE", target, None)
        report.deleted.append(target)
    return report


def _send(
    opener: Any, report: LoadReport, method: str, target: str | None, body: bytes | None
) -> None:
    # Graph Store Protocol: ?graph=<iri> names a graph, a bare ?default the default graph
    url = (
        f"{report.endpoint}?graph={urllib.parse.quote(target, safe='')}"
        if target
        else f"{report.endpoint}?default"
    )
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(request, timeout=TIMEOUT_S) as response:
            response.read()
        if response.status // 100 != 2:
            raise KGError(_failure(report, target, f"HTTP {response.status}", None))
    except urllib.error.HTTPError as exc:
        what = f"HTTP {exc.code} {exc.reason}"
        if 300 <= exc.code < 400:
            what += f" (a redirect to {_redact(exc.headers.get('Location') or '?')}; give that URL)"
        raise KGError(_failure(report, target, what, exc)) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KGError(_failure(report, target, f"cannot reach it ({reason})", exc)) from exc


def query_url(store_url: str) -> str:
    """The SPARQL query endpoint beside a Graph Store endpoint, for the stores kg documents
    (Oxigraph /store -> /query, Virtuoso /sparql-graph-crud -> /sparql, Fuseki /ds/data ->
    /ds/query); otherwise --sparql must name it."""
    for tail, query in (("/store", "/query"), ("/sparql-graph-crud-auth", "/sparql"),
                        ("/sparql-graph-crud", "/sparql"), ("/data", "/query")):  # fmt: skip
        if store_url.rstrip("/").endswith(tail):
            return store_url.rstrip("/")[: -len(tail)] + query
    raise KGError(
        f"cannot tell the SPARQL query endpoint of {store_url}; give it with --sparql URL"
    )


def _article_graphs(sparql: str) -> set[str]:
    """The named graphs of the store that hold a kg article (its Document node)."""
    answer = query_endpoint(sparql, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a kg:Document } }")
    return {row[0] for row in answer.rows}


def _failure(report: LoadReport, target: str | None, what: str, exc: Exception | None) -> str:
    hint = (
        "check --user and --password-env"
        if getattr(exc, "code", 0) in (401, 403)
        else ("check the endpoint URL and that the store is running")
    )
    done = f"{len(report.graphs)} graphs ({report.triples} triples) were loaded before it"
    return (
        f"loading {target or 'the default graph'} into {report.endpoint} failed: {what}; "
        f"{done}; {hint}"
    )


# ---------------------------------------------------------------- querying
_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8"
_DECLARED = re.compile(r"\bPREFIX\s+([\w.-]*):", re.IGNORECASE)


def is_endpoint(graph: str) -> bool:
    return graph.startswith(("http://", "https://"))


def with_prefixes(query: str) -> str:
    """The query with kg's common prefixes declared in front, those it does not declare."""
    own = {m.group(1) for m in _DECLARED.finditer(query)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in SPARQL_PREFIXES.items() if p not in own]
    return "\n".join([*lines, query])


def query_endpoint(url: str, query: str) -> Answer:
    """Run a read-only query on a SPARQL 1.1 endpoint (POST, form-encoded, as the protocol
    allows); the answer is read with pyoxigraph's parsers, like a local one."""
    check_read_only(query)
    url, user, password = split_credentials(url)
    body = urllib.parse.urlencode({"query": with_prefixes(query)}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
    )
    shown = _redact(url)
    try:
        with _opener(url, user, password).open(request, timeout=TIMEOUT_S) as response:
            media = response.headers.get_content_type()
            data = response.read()
    except urllib.error.HTTPError as exc:
        said = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise QueryError(
            f"the endpoint {shown} refused the query: HTTP {exc.code} {exc.reason}"
            + (f": {said[0][:200]}" if said else "")
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"cannot reach the SPARQL endpoint {shown} ({reason})") from exc
    return _answer(data, media, shown)


def _answer(data: bytes, media: str, shown: str) -> Answer:
    try:
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            return to_answer(ox.parse_query_results(data, format=results))
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is not None:
            return Answer("graph", triples=tuple(ox.parse(data, format=rdf)))
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"the endpoint {shown} answered unreadable {media}: {exc}") from exc
    raise QueryError(f"the endpoint {shown} answered {media}, not SPARQL results or RDF")


def _redact(url: str) -> str:
    """The URL without a password in it (user:secret@host), for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
