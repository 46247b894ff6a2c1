"""Triple stores over HTTP: push a graph with the SPARQL 1.1 Graph Store HTTP Protocol
(`kg load`), and serve one with the Oxigraph server (`kg serve`)."""

from __future__ import annotations

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

from kg.errors import KGError
from kg.query import open_store

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
