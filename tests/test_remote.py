"""Real triple stores: a live Oxigraph server on a free loopback port; `kg load` into it and
the same SPARQL answered over HTTP and by `kg query`."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.errors import KGError
from kg.server import Server, _wait_ready, oxigraph_binary, start_server

pytestmark = pytest.mark.model
EXAMPLES = Path(__file__).parent.parent / "examples"
SEEDS = Path(__file__).parent.parent / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A writable Oxigraph server whose default graph is the union of its named graphs."""
    yield from _oxigraph(tmp_path / "store")


@pytest.fixture
def oxigraph2(tmp_path: Path) -> Iterator[str]:
    yield from _oxigraph(tmp_path / "store2")


def _oxigraph(location: Path) -> Iterator[str]:
    port = free_port()
    cmd = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    server = Server(
        f"http://127.0.0.1:{port}",
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE),
    )
    _wait_ready(server, 30)
    yield server.url
    server.stop()


def canon(cell: str) -> str:
    """A GROUP_CONCAT cell with its parts sorted: SPARQL leaves their order to the store."""
    return "; ".join(sorted(cell.split("; ")))


PREFIX_KG = "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"


def sparql_over_http(url: str, query: str) -> set[tuple[str, ...]]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(
        f"{url}/query", data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        doc = json.load(resp)
    cols = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    return {tuple(canon(b.get(c, {}).get("value", "")) for c in cols) for b in bindings}


def kg_query(graph: Path | str, rq: Path | str) -> set[tuple[str, ...]]:
    out = CliRunner().invoke(main, ["query", str(graph), str(rq), "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    cols = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    return {tuple(canon(b.get(c, {}).get("value", "")) for c in cols) for b in bindings}


def test_load_then_same_answers_over_http(oxigraph: str, seeds_build: Path) -> None:
    trig = seeds_build / "graph.trig"
    result = CliRunner().invoke(main, ["load", str(trig), "--endpoint", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert "into 6 graphs" in result.output  # five articles and the corpus graph
    assert "the ontology into" in result.output
    for name in sorted(p.name for p in EXAMPLES.glob("*.rq")):  # subClassOf* too
        rq = EXAMPLES / name
        expected = kg_query(trig, rq)
        assert expected, name
        assert sparql_over_http(oxigraph, rq.read_text(encoding="utf-8")) == expected, name


def test_kg_query_asks_an_endpoint_as_it_asks_a_file(oxigraph: str, seeds_build: Path) -> None:
    trig = seeds_build / "graph.trig"
    assert (
        CliRunner().invoke(main, ["load", str(trig), "--endpoint", f"{oxigraph}/store"]).exit_code
        == 0
    )
    for name in ("leaders.rq", "what_demanded.rq", "sources.rq"):
        assert kg_query(f"{oxigraph}/query", EXAMPLES / name) == kg_query(trig, EXAMPLES / name)
    # prefixes predeclared for the endpoint too; CONSTRUCT comes back as RDF
    construct = "CONSTRUCT { ?g a kg:Group } WHERE { ?g a kg:Group }"
    out = CliRunner().invoke(main, ["query", f"{oxigraph}/query", construct])
    assert (
        out.exit_code == 0 and "group/kataib-hezbollah>" in out.output and "kg:Group" in out.output
    )
    refused = CliRunner().invoke(main, ["query", f"{oxigraph}/query", "SELECT * {"])
    assert refused.exit_code == 1 and "refused the query: HTTP 400" in refused.output
    gone = CliRunner().invoke(main, ["query", f"http://127.0.0.1:{free_port()}/query", "ASK {}"])
    assert gone.exit_code == 1 and "cannot reach the SPARQL endpoint" in gone.output


def test_load_into_one_named_graph(oxigraph: str, seeds_build: Path) -> None:
    ttl = seeds_build / "graph.ttl"
    args = ["load", str(ttl), "--endpoint", f"{oxigraph}/store", "--graph", "urn:kg:seeds"]
    n = len(Graph().parse(ttl, format="turtle"))
    assert f"loaded {n} triples into 1 graphs" in CliRunner().invoke(main, args).output
    query = "SELECT (COUNT(*) AS ?n) { GRAPH <urn:kg:seeds> { ?s ?p ?o } }"
    assert sparql_over_http(oxigraph, query) == {(str(n),)}


def one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output


def test_refused_connection_and_http_errors(oxigraph: str, seeds_build: Path) -> None:
    trig = str(seeds_build / "graph.trig")
    msg = one_line_error(["load", trig, "--endpoint", f"http://127.0.0.1:{free_port()}/store"])
    assert "Connection refused" in msg and "0 graphs (0 triples) were loaded" in msg
    msg = one_line_error(["load", trig, "--endpoint", f"{oxigraph}/no-such-endpoint"])
    assert "HTTP 404" in msg


class _NeedsAuth(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="kg-test"')
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_bad_credentials(seeds_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    httpd = HTTPServer(("127.0.0.1", 0), _NeedsAuth)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("KG_TEST_PW", "wrong")
        url = f"http://127.0.0.1:{httpd.server_port}/store"
        result = CliRunner().invoke(
            main,
            [
                "load",
                str(seeds_build / "graph.trig"),
                "--endpoint",
                url,
                "--user",
                "kg",
                "--password-env",
                "KG_TEST_PW",
            ],  # fmt: skip
        )
        assert result.exit_code == 1 and "Traceback" not in result.output
        warning, msg = result.output.strip().splitlines()
        assert warning.startswith("warning: the endpoint is plain http")
        assert "wrong" not in result.output  # the password is never shown
        assert "HTTP 401" in msg and "--password-env" in msg
    finally:
        httpd.shutdown()


def test_serve_is_read_only_and_answers(seeds_build: Path) -> None:
    server = start_server(seeds_build / "graph.trig", port=free_port())
    try:
        q = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g {?s ?p ?o} }"
        assert sparql_over_http(server.url, q) == {("6",)}  # five articles, the corpus
        q = "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g {?d a kg:Document} }"
        assert sparql_over_http(server.url, PREFIX_KG + q) == {("5",)}
        req = urllib.request.Request(
            f"{server.url}/store?default",
            data=b"<a:b> <a:c> <a:d> .",
            headers={"Content-Type": "application/n-triples"},
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code in (403, 405)
    finally:
        server.stop()
    assert all(c.server.process.poll() is not None for c in server.children)


def source_counts(url: str) -> set[tuple[str, ...]]:
    q = "SELECT DISTINCT ?x ?n ?g { GRAPH ?g { ?x kg:sourceCount ?n } }"
    return sparql_over_http(url, PREFIX_KG + q)


def test_load_replace_after_remove_leaves_no_stale_fact(
    oxigraph: str, oxigraph2: str, tmp_path: Path
) -> None:
    store, out = tmp_path / "ws", tmp_path / "out"
    run = CliRunner().invoke
    assert (
        run(main, ["build", str(SEEDS), "--store", str(store), "-o", str(out), "--quiet"]).exit_code
        == 0
    )
    assert (
        run(main, ["load", str(out / "graph.trig"), "--endpoint", f"{oxigraph}/store"]).exit_code
        == 0
    )
    gone = sorted(SEEDS.glob("*.txt"))[0]
    assert run(main, ["remove", gone.stem, "--store", str(store), "-o", str(out)]).exit_code == 0
    args = ["load", str(out / "graph.trig"), "--endpoint", f"{oxigraph}/store", "--replace"]
    replaced = run(main, args)
    assert replaced.exit_code == 0, replaced.output
    assert "deleted 1 graphs of articles no longer in" in replaced.output
    fresh = run(main, ["load", str(out / "graph.trig"), "--endpoint", f"{oxigraph2}/store"])
    assert fresh.exit_code == 0
    assert source_counts(oxigraph) == source_counts(oxigraph2) != set()
    graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    assert sparql_over_http(oxigraph, graphs) == sparql_over_http(oxigraph2, graphs)
    assert all(gone.stem[:3] not in g for (g,) in sparql_over_http(oxigraph, graphs))


def test_serve_a_build_store_folder(tmp_path: Path) -> None:
    store, out = tmp_path / "ws", tmp_path / "out"
    args = ["build", str(SEEDS), "--store", str(store), "-o", str(out), "--quiet"]
    assert CliRunner().invoke(main, args).exit_code == 0
    server = start_server(store=store, port=free_port())
    try:
        for name in sorted(p.name for p in EXAMPLES.glob("*.rq")):
            rq = EXAMPLES / name
            expected = kg_query(out / "graph.trig", rq)
            assert expected, name
            assert sparql_over_http(server.url, rq.read_text(encoding="utf-8")) == expected, name
    finally:
        server.stop()
    with pytest.raises(KGError, match="is not a kg store"):
        start_server(store=tmp_path / "out", port=free_port())
