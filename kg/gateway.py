"""`kg serve`'s front: a small HTTP proxy before one or more Oxigraph server processes.
Oxigraph answers the SPARQL protocol; the front adds what a shared endpoint needs and
Oxigraph lacks: a query time limit that stops the query (the process running it is
killed and restarted: Oxigraph's own `--timeout-s` does not interrupt evaluation), a
memory bound per process, SERVICE refused unless asked for, Host and Origin checks (DNS
rebinding, cross-site form posts), and routing around a process busy with a long query,
so one pathological query does not starve other clients."""

from __future__ import annotations

import http.client
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.server import Server
from kg.sparqlscan import uses_service

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
LONG_S = 0.5  # a process with a request older than this is avoided while another is free


@dataclass(frozen=True)
class Policy:
    timeout_s: float
    memory_mb: int
    allow_service: bool
    hosts: frozenset[str]  # Host header values accepted ("127.0.0.1:7878", ...)


@dataclass(eq=False)
class Child:
    """One Oxigraph process and what the front knows of its load."""

    server: Server
    started: dict[int, float] = field(default_factory=dict)  # request id -> start time
    generation: int = 0
    doomed: bool = False  # killed by the front (a query over time): restart it

    def busy_long(self, now: float) -> bool:
        return any(now - t > LONG_S for t in self.started.values())


class Gateway:
    def __init__(
        self, spawn: Callable[[], Server], processes: int, policy: Policy, host: str, port: int
    ) -> None:
        self.spawn, self.policy = spawn, policy
        self.children = [Child(spawn()) for _ in range(processes)]
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.failure: str | None = None
        self.tmp: tempfile.TemporaryDirectory[str] | None = None  # removed by `stop`
        self.ids = iter(range(1 << 62))
        self.httpd = _Listener((host, port), _handler(self))
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    # ------------------------------------------------------------ supervision
    def run(self) -> str | None:
        """Watch the processes until `stop()` (returns None) or one dies unasked (returns
        why). Restarts happen here, in the main thread, so a process's parent-death signal
        is tied to a thread that lives as long as kg serve."""
        while not self.stopping.wait(0.1):
            for child in self.children:
                code = child.server.process.poll()
                if code is None:
                    continue
                if child.doomed or child.started:  # stopped by the front, or by a query
                    self._restart(child)
                else:
                    self.failure = (
                        f"the Oxigraph server (pid {child.server.process.pid}) stopped on its "
                        f"own (exit status {code})"
                    )
                    self.stop()
        return self.failure

    def _restart(self, child: Child) -> None:
        child.server.stop()
        with self.lock:
            child.server = self.spawn()
            child.generation += 1
            child.doomed = False

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for child in self.children:
            child.server.stop()
        if self.tmp is not None:
            self.tmp.cleanup()

    # ------------------------------------------------------------ routing
    def acquire(self) -> tuple[Child, int, int]:
        with self.lock:
            now = time.monotonic()
            live = [c for c in self.children if not c.doomed] or self.children
            child = min(live, key=lambda c: (c.busy_long(now), len(c.started)))
            rid = next(self.ids)
            child.started[rid] = now
            return child, rid, child.generation

    def release(self, child: Child, rid: int) -> None:
        with self.lock:
            child.started.pop(rid, None)

    def kill(self, child: Child, generation: int) -> None:
        """Stop the process running an over-time query; `run` restarts it."""
        with self.lock:
            if child.generation == generation and not child.doomed:
                child.doomed = True
                child.server.process.kill()


class _Listener(ThreadingHTTPServer):
    request_queue_size = 256  # 50 clients connecting at once must not find the queue full
    daemon_threads = True


def _handler(gw: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "kg-serve"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # quiet: an access log is the proxy in front's business

        def do_GET(self) -> None:  # noqa: N802
            self._serve(b"")

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self) -> None:  # noqa: N802
            self._serve(self._body())

        do_PUT = do_DELETE = do_PATCH = do_POST  # noqa: N815

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _serve(self, body: bytes) -> None:
            refusal = _refusal(gw.policy, self.command, self.path, self.headers, body)
            if refusal:
                self._reply(refusal[0], refusal[1])
                return
            _forward(gw, self, body)

        def _reply(self, status: int, text: str) -> None:
            data = (text + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

    return Handler


def _refusal(
    policy: Policy, method: str, path: str, headers: object, body: bytes
) -> tuple[int, str] | None:
    host = (headers.get("Host") or "").lower()  # type: ignore[attr-defined]
    if host not in policy.hosts:
        return 403, f"unexpected Host header {host!r}; kg serve answers for its own address"
    origin = headers.get("Origin")  # type: ignore[attr-defined]
    # a browser names the page that sent a POST ("null" from a file or sandboxed frame)
    cross = origin and urllib.parse.urlsplit(origin).netloc.lower() not in policy.hosts
    if method not in ("GET", "HEAD") and cross:
        return 403, f"cross-origin requests are refused (Origin {origin!r})"
    if not policy.allow_service and any(uses_service(q) for q in _sparql(path, headers, body)):
        return 403, "SERVICE (a federated query) is off; start kg serve with --allow-service"
    return None


def _sparql(path: str, headers: object, body: bytes) -> list[str]:
    """The query or update texts a request carries (URL, form body or direct body)."""
    texts = []
    for key, values in urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).items():
        if key in ("query", "update"):
            texts += values
    kind = (headers.get("Content-Type") or "").split(";")[0].strip()  # type: ignore[attr-defined]
    if kind == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        texts += form.get("query", []) + form.get("update", [])
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return texts


def _forward(gw: Gateway, handler: BaseHTTPRequestHandler, body: bytes) -> None:
    child, rid, generation = gw.acquire()
    deadline = time.monotonic() + gw.policy.timeout_s
    try:
        status, headers, data = _exchange(child.server, handler, body, gw.policy.timeout_s)
        if time.monotonic() > deadline:
            raise TimeoutError
    except TimeoutError:
        gw.kill(child, generation)
        status, headers, data = _text(
            503, f"query stopped: over the {gw.policy.timeout_s:g} s limit (kg serve --timeout)"
        )
    except (OSError, http.client.HTTPException):
        gw.kill(child, generation)  # dead or broken: `run` restarts it
        status, headers, data = _text(
            503,
            "query stopped: the server running it died (over the "
            f"{gw.policy.memory_mb} MB bound of kg serve --memory-mb?); it was restarted",
        )
    finally:
        gw.release(child, rid)
    handler.send_response(status)
    for key, value in headers:
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)


def _exchange(
    server: Server, handler: BaseHTTPRequestHandler, body: bytes, timeout_s: float
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request to the process, on an idle kept-alive connection when there is one (a
    connection the process closed meanwhile is replaced once; that is no failure of it)."""
    netloc = urllib.parse.urlsplit(server.url).netloc
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP}
    headers["Host"] = netloc
    while True:
        try:
            conn, reused = server.idle.pop(), True  # (list.pop is atomic: no lock needed)
        except IndexError:
            conn, reused = http.client.HTTPConnection(netloc), False
        conn.timeout = timeout_s
        if conn.sock is not None:
            conn.sock.settimeout(timeout_s)
        try:
            conn.request(handler.command, handler.path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if reused:
                continue  # a stale kept-alive connection: try a fresh one
            raise
        except BaseException:
            conn.close()
            raise
        if response.will_close:
            conn.close()
        else:
            server.idle.append(conn)
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP]
        return response.status, kept, data


def _text(status: int, text: str) -> tuple[int, list[tuple[str, str]], bytes]:
    return status, [("Content-Type", "text/plain; charset=utf-8")], (text + "\n").encode()
