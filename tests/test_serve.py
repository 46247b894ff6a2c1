"""`kg serve` under load and abuse, and `kg load` against a store that misbehaves: all on
127.0.0.1. Pathological queries are stopped by the time limit and the memory bound while
other clients are served; SERVICE is refused; a writable server refuses cross-origin and
foreign-Host writes; the server's death ends kg serve with a message, and kg serve's death
ends the server; a redirect or non-2xx answer fails `kg load`, naming what was loaded."""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.server import start_server

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GRAPH = ROOT / "outputs" / "graph.trig"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, query: str, *, headers: dict | None = None, timeout: float = 60) -> tuple:
    body = urllib.parse.urlencode({"query": query}).encode()
    hdrs = {"Accept": "application/sparql-results+json", **(headers or {})}
    request = urllib.request.Request(f"{url}/query", data=body, headers=hdrs)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def served() -> Iterator:
    server = start_server(GRAPH, port=free_port(), timeout_s=2, memory_mb=400)
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    yield server
    server.stop()


@pytest.mark.parametrize("query", [CARTESIAN, SORTED])
def test_a_pathological_query_is_stopped_and_others_are_served(served, query: str) -> None:
    results: list[int] = []
    done = threading.Event()

    def others() -> None:
        while not done.is_set():
            results.append(ask(served.url, COUNT)[0])

    client = threading.Thread(target=others)
    client.start()
    status, text = ask(served.url, query)
    done.set()
    client.join()
    assert status == 503 and ("--timeout" in text or "--memory-mb" in text), text
    assert results and set(results) == {200}  # served all along, never refused
    assert ask(served.url, COUNT)[0] == 200  # and the stopped process was replaced


def test_the_memory_bound_stops_a_query_that_would_take_gigabytes() -> None:
    server = start_server(GRAPH, port=free_port(), timeout_s=60, memory_mb=200)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        status, text = ask(server.url, SORTED)
        assert status == 503 and "200 MB" in text, text
        assert ask(server.url, COUNT)[0] == 200
    finally:
        server.stop()


def test_service_is_refused_unless_allowed(tmp_path: Path) -> None:
    hits: list[str] = []

    class Remote(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    remote = HTTPServer(("127.0.0.1", 0), Remote)
    threading.Thread(target=remote.serve_forever, daemon=True).start()
    federated = f"SELECT * {{ SERVICE <http://127.0.0.1:{remote.server_port}/x> {{ ?s ?p ?o }} }}"
    try:
        for allow in (False, True):
            server = start_server(GRAPH, port=free_port(), allow_service=allow)
            try:
                status, text = ask(server.url, federated)
            finally:
                server.stop()
            if allow:
                assert hits, "the allowed SERVICE call never left"
            else:
                assert status == 403 and "--allow-service" in text and not hits
        result = CliRunner().invoke(main, ["query", str(GRAPH), federated])
        assert result.exit_code == 1 and "--allow-service" in result.output
    finally:
        remote.shutdown()


def test_a_writable_server_refuses_cross_origin_and_foreign_host_updates(tmp_path: Path) -> None:
    server = start_server(GRAPH, port=free_port(), writable=True)
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    marker = "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }"

    def update(headers: dict) -> int:
        body = urllib.parse.urlencode({"update": insert}).encode()
        request = urllib.request.Request(f"{server.url}/update", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        assert update({"Origin": "http://evil.example"}) == 403
        assert update({"Origin": "null"}) == 403
        assert update({"Host": "evil.example"}) == 403
        assert json.loads(ask(server.url, marker)[1])["boolean"] is False
        assert update({}) in (200, 204)  # a same-machine client (no Origin) may write
        assert json.loads(ask(server.url, marker)[1])["boolean"] is True
    finally:
        server.stop()


def serve_process(*args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(GRAPH), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = proc.stdout.readline()
    assert line.startswith("serving"), (line, proc.stderr.read() if proc.poll() else "")
    return proc, f"http://127.0.0.1:{port}"


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_the_server_dying_ends_kg_serve_with_a_message() -> None:
    proc, _ = serve_process()
    try:
        os.kill(children(proc.pid)[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 1 and "stopped on its own" in err, err
    finally:
        proc.kill()


def test_killing_kg_serve_never_leaves_the_server_running() -> None:
    proc, url = serve_process()
    kids = children(proc.pid)
    assert kids and all(alive(k) for k in kids)
    proc.kill()  # kill -9: no clean-up code runs
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(k) for k in kids)


def test_listening_beyond_loopback_warns() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(GRAPH), "--host", "0.0.0.0",
         "--port", str(port)],  # fmt: skip
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert "warning: --host 0.0.0.0 exposes the endpoint" in proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_fifty_clients_running_the_example_queries_get_no_errors() -> None:
    """50 concurrent clients for 30 s against `kg serve` in its own process (the README's
    figures come from this run)."""
    proc, url = serve_process()
    queries = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.rq"))]
    from kg.remote import with_prefixes

    queries = [with_prefixes(q) for q in queries]
    assert len(queries) >= 5
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + 30

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            start = time.perf_counter()
            status, text = ask(url, queries[n % len(queries)], timeout=120)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"{status} {text[:100]}")
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    proc.terminate()
    proc.wait(timeout=30)
    assert errors == [] and len(latencies) > 50
    q = statistics.quantiles(latencies, n=100)
    print(f"\n50 clients, 30 s: {len(latencies) / 30:.0f} req/s, p50 {q[49] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms")  # fmt: skip


class Redirecting(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.send_response(302)
        self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


class Accepting(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Accepting.seen.append(self.headers.get("Authorization") or "")
        code = 202 if len(Accepting.seen) < 2 else 500
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("handler", [Redirecting, Accepting])
def test_kg_load_fails_on_a_redirect_or_an_error_naming_what_was_loaded(handler) -> None:
    Accepting.seen = []
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://kg:s3cret-pw@127.0.0.1:{httpd.server_port}/store"
    try:
        result = CliRunner().invoke(main, ["load", str(GRAPH), "--endpoint", url])
    finally:
        httpd.shutdown()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "s3cret-pw" not in result.output  # the password is never shown
    if handler is Redirecting:
        assert "HTTP 302" in result.output and "0 graphs (0 triples) were loaded" in result.output
    else:
        assert "HTTP 500" in result.output and "1 graphs (" in result.output


def test_kg_load_verifies_an_https_endpoints_certificate(tmp_path: Path) -> None:
    """A self-signed certificate (what a man in the middle would present) is refused."""
    import shutil
    import ssl

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    Accepting.seen = []
    httpd = HTTPServer(("127.0.0.1", 0), Accepting)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"https://127.0.0.1:{httpd.server_port}/store"
        result = CliRunner().invoke(main, ["load", str(GRAPH), "--endpoint", url])
    finally:
        httpd.shutdown()
    assert result.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in result.output, result.output
    assert Accepting.seen == []  # not one graph was sent
