"""Optional: loading into Virtuoso and Apache Jena Fuseki with `kg load`.

Virtuoso (Debian `virtuoso-opensource`) is started here on free loopback ports when
`virtuoso-t` is installed; Fuseki runs when KG_TEST_FUSEKI names a dataset's Graph Store
endpoint (e.g. http://127.0.0.1:3030/kg/data) and KG_TEST_FUSEKI_QUERY its query endpoint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from .test_remote import free_port, kg_query

pytestmark = [pytest.mark.optional, pytest.mark.model]
EXAMPLES = Path(__file__).parent.parent / "examples"
QUERIES = ("demands.rq", "leaders.rq", "what_demanded.rq")

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 5
[SPARQL]
ResultSetMaxRows = 100000
"""


@pytest.fixture
def virtuoso(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (Debian package virtuoso-opensource)")
    http = free_port()
    ini = tmp_path / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=tmp_path, sql=free_port(), http=http), encoding="utf-8")
    proc = subprocess.Popen(
        [binary, "-f", "-c", str(ini)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{http}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def rows_over_http(query_url: str, rq: Path) -> set[tuple[str, ...]]:
    data = urllib.parse.urlencode({"query": rq.read_text(encoding="utf-8")}).encode()
    req = urllib.request.Request(
        query_url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        doc = json.load(resp)
    cols = doc["head"]["vars"]
    return {tuple(b.get(c, {}).get("value", "") for c in cols) for b in doc["results"]["bindings"]}


def test_virtuoso_digest_auth_load_and_answers(
    virtuoso: str, seeds_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trig = seeds_build / "graph.trig"
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"

    def load(password: str):  # noqa: ANN202
        monkeypatch.setenv("KG_VIRTUOSO_PW", password)
        args = [
            "load",
            str(trig),
            "--endpoint",
            endpoint,
            "--user",
            "dba",
            "--password-env",
            "KG_VIRTUOSO_PW",
        ]
        return CliRunner().invoke(main, args)

    bad = load("wrong")
    assert bad.exit_code == 1 and "HTTP 401" in bad.output
    ok = load("dba")  # a new database's default DBA password
    assert ok.exit_code == 0 and "into 5 graphs" in ok.output, ok.output
    for name in QUERIES:  # Virtuoso's default graph is every graph: compare sets of rows
        assert rows_over_http(f"{virtuoso}/sparql", EXAMPLES / name) == kg_query(
            trig, EXAMPLES / name
        ), name


def test_fuseki_load_and_answers(seeds_build: Path) -> None:
    endpoint, query_url = os.environ.get("KG_TEST_FUSEKI"), os.environ.get("KG_TEST_FUSEKI_QUERY")
    if not endpoint or not query_url:
        pytest.skip("set KG_TEST_FUSEKI and KG_TEST_FUSEKI_QUERY to a running Fuseki dataset")
    trig = seeds_build / "graph.trig"
    ok = CliRunner().invoke(main, ["load", str(trig), "--endpoint", endpoint])
    assert ok.exit_code == 0, ok.output
    for name in QUERIES:
        assert rows_over_http(query_url, EXAMPLES / name) == kg_query(trig, EXAMPLES / name)
