"""Triple stores over HTTP: push a graph with the SPARQL 1.1 Graph Store HTTP Protocol
(`kg load`), and serve one with the Oxigraph server (`kg serve`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError, QueryError
from kg.query import Answer, check_read_only, open_store, to_answer
from kg.vocab import SPARQL_PREFIXES

TIMEOUT_S = 120


@dataclass
class LoadReport:
    endpoint: str
    graphs: list[str] = field(default_factory=list)
    triples: int = 0


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
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


def load_remote(
    path: str | Path,
    endpoint: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> LoadReport:
    """POST the graph to a Graph Store Protocol endpoint (POST appends and is far faster than
    PUT on Oxigraph). Each graph is one request; on a failure the error says which graphs
    were loaded before it, so nothing half-loaded is reported as done."""
    opener = _opener(endpoint, user, password)
    report = LoadReport(endpoint)
    for target, triples in _batches(Path(path), graph):
        # Graph Store Protocol: ?graph=<iri> names a graph, a bare ?default the default graph
        url = (
            f"{endpoint}?graph={urllib.parse.quote(target, safe='')}"
            if target
            else (f"{endpoint}?default")
        )
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/n-triples"}
        )
        try:
            with opener.open(request, timeout=TIMEOUT_S) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise KGError(_failure(report, target, f"HTTP {exc.code} {exc.reason}", exc)) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KGError(_failure(report, target, f"cannot reach it ({reason})", exc)) from exc
        report.graphs.append(target or "default graph")
        report.triples += len(triples)
    return report


def _failure(report: LoadReport, target: str | None, what: str, exc: Exception) -> str:
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
    body = urllib.parse.urlencode({"query": with_prefixes(query)}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
    )
    shown = _redact(url)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
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


# ---------------------------------------------------------------- serving
def oxigraph_binary() -> str:
    """The `oxigraph` server the PyPI package installs beside this Python."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise KGError("the Oxigraph server is not installed; run `pip install oxigraph`")
    return found


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    tmp: tempfile.TemporaryDirectory[str] | None = None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.tmp:
            self.tmp.cleanup()


def start_server(
    graph: str | Path | None = None,
    *,
    store: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    wait_s: float = 30.0,
) -> Server:
    """Serve a graph file (loaded into a temporary store) or a store folder; read-only
    unless `writable`. Returns once the server answers."""
    if (graph is None) == (store is None):
        raise KGError("give a graph file or --store DIR to serve (one of them)")
    tmp = None
    if graph is not None:
        tmp = tempfile.TemporaryDirectory(prefix="kg-serve-")
        src = open_store(graph, with_ontology=True)
        disk = ox.Store(tmp.name)
        disk.bulk_extend(list(src))
        disk.flush()
        del disk  # release the folder's lock for the server
        store = tmp.name
    mode = "serve" if writable else "serve-read-only"
    cmd = [oxigraph_binary(), mode, "--location", str(store), "--bind", f"{host}:{port}"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(f"http://{host}:{port}", process, tmp)
    _wait_ready(server, wait_s)
    return server


def _wait_ready(server: Server, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = (server.process.stderr.read() if server.process.stderr else b"").decode()
            server.stop()
            raise KGError(
                f"the Oxigraph server stopped: {err.strip()[:300] or 'no message'}; "
                "is the port in use or the store locked by another process?"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/query?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.stop()
    raise KGError(f"the Oxigraph server did not answer at {server.url} within {wait_s:.0f} s")
