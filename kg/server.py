"""`kg serve`: the Oxigraph server (the `oxigraph` binary from PyPI) on a graph file, or on
the store folder `kg build --store DIR` keeps, with the union of the articles' graphs as the
default graph."""

from __future__ import annotations

import ctypes
import http.client
import ipaddress
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import KGError
from kg.query import open_store
from kg.store import forget_digests

if TYPE_CHECKING:
    from kg.gateway import Gateway


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
    idle: list[http.client.HTTPConnection] = field(default_factory=list)  # kept alive

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(
    graph: str | Path | None = None,
    *,
    store: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    timeout_s: float = 30.0,
    memory_mb: int = 2048,
    processes: int = 2,
    allow_service: bool = False,
    allow_hosts: tuple[str, ...] = (),
) -> Gateway:
    """Serve a graph file (loaded into a temporary store: the union of its graphs, each
    triple once, as default graph, the ontology with it) or the folder `kg build --store
    DIR` keeps (its articles' graphs and the ontology's; the default graph is their union);
    read-only unless `writable` (then one process: a database has one writer). Returns once
    the Oxigraph processes answer, behind the front (`kg.gateway`) on host:port."""
    from kg.gateway import Gateway, Policy

    if (graph is None) == (store is None):
        raise KGError("give a graph file or --store DIR to serve (one of them)")
    tmp, union = None, ["--union-default-graph"]
    if store is not None:
        location = store_location(Path(store))
        if writable:
            forget_digests(location)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kg-serve-")
        src = open_store(graph, with_ontology=True)
        disk = ox.Store(tmp.name)
        disk.bulk_extend(list(src))
        disk.flush()
        del disk  # release the folder's lock for the server
        location, union = Path(tmp.name), []
    mode = "serve" if writable else "serve-read-only"

    def spawn() -> Server:
        return spawn_oxigraph([mode, "--location", str(location.resolve()), *union], memory_mb)

    policy = Policy(timeout_s, memory_mb, allow_service, _hosts(host, port, allow_hosts))
    try:
        gateway = Gateway(spawn, 1 if writable else processes, policy, host, port)
    except OSError as exc:
        if tmp:
            tmp.cleanup()
        reason = exc.strerror or exc
        raise KGError(f"cannot listen on {host}:{port}: {reason}; is the port in use?") from exc
    gateway.tmp = tmp
    return gateway


def _hosts(host: str, port: int, extra: tuple[str, ...]) -> frozenset[str]:
    """Host header values the front accepts: its own address and loopback names, and any
    `--allow-host` names (how clients reach it when it listens beyond loopback)."""
    names = {host, "localhost", "127.0.0.1", "[::1]", *extra}
    if host in ("0.0.0.0", "::"):
        names |= {socket.gethostname(), socket.getfqdn()}
    out = {f"{n.lower()}:{port}" for n in names if n}
    return frozenset(out | ({n.lower() for n in names if n} if port == 80 else set()))


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def spawn_oxigraph(args: list[str], memory_mb: int) -> Server:
    """An Oxigraph server on a free loopback port, bounded to `memory_mb` of data memory,
    and killed by the kernel if kg dies (even by kill -9): never an orphan."""
    port = _free_port()
    cmd = [oxigraph_binary(), *args, "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_bounded(memory_mb),  # noqa: PLW1509 (nothing else runs in the fork)
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    _wait_ready(server, 30)
    return server


def _bounded(memory_mb: int) -> Callable[[], None]:
    def setup() -> None:
        if sys.platform == "linux":
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    return setup


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_location(folder: Path) -> Path:
    """The Oxigraph database of a `kg build --store DIR` folder (DIR/oxigraph), or DIR itself
    when it is an Oxigraph database."""
    if (folder / "oxigraph").is_dir():
        return folder / "oxigraph"
    if (folder / "CURRENT").is_file():  # RocksDB's marker: an Oxigraph database
        return folder
    raise KGError(
        f"{folder} is not a kg store (no oxigraph/ folder in it); make one with "
        f"`kg build ARTICLES --store {folder}`"
    )


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
