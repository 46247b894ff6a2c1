"""`kg serve`: the Oxigraph server (the `oxigraph` binary from PyPI) on a graph file, or on
the store folder `kg build --store DIR` keeps, with the union of the articles' graphs as the
default graph."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.query import open_store


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
    """Serve a graph file (loaded into a temporary store: the union of its graphs, each
    triple once, as default graph, the ontology with it) or the folder `kg build --store DIR`
    keeps (its articles' graphs and the ontology's; the default graph is their union);
    read-only unless `writable`. Returns once the server answers."""
    if (graph is None) == (store is None):
        raise KGError("give a graph file or --store DIR to serve (one of them)")
    tmp, union = None, []
    if store is not None:
        store, union = store_location(Path(store)), ["--union-default-graph"]
    if graph is not None:
        tmp = tempfile.TemporaryDirectory(prefix="kg-serve-")
        src = open_store(graph, with_ontology=True)
        disk = ox.Store(tmp.name)
        disk.bulk_extend(list(src))
        disk.flush()
        del disk  # release the folder's lock for the server
        store = tmp.name
    mode = "serve" if writable else "serve-read-only"
    cmd = [oxigraph_binary(), mode, "--location", str(store), "--bind", f"{host}:{port}", *union]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(f"http://{host}:{port}", process, tmp)
    _wait_ready(server, wait_s)
    return server


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
