"""Whatever a scraper leaves in a folder: one real `kg build` (a subprocess, so stderr and
the exit status are the user's) over a folder of hostile files. Each readable file becomes
its article in the graph; each unreadable one gives exactly one `skipped: FILE: reason`
line; nothing gives a traceback; and the graph parses in every format (and in rapper)."""

from __future__ import annotations

import base64
import codecs
import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.vocab import KG

STORY = "Police said {name} met officials in Baghdad on Monday."
HEAD = "Officials meet in Baghdad\n\n"
NASTY = 'Officials "} ; DROP ALL ; {" say """x""" \\ @prefix : <x> . ^^xsd:int \\u0022 # end'


def story(name: str = "Hassan Nasrallah") -> str:
    return HEAD + STORY.format(name=name) + "\n"


@dataclass(frozen=True)
class Case:
    name: str  # path under the input folder
    data: bytes | None  # None: made by `special`
    skipped: str | None = None  # a fragment of the reason when the file cannot be read
    label: str | None = None  # a name the graph must hold when it can


def _blob(n: int, seed: int) -> str:
    return base64.b64encode(random.Random(seed).randbytes(n)).decode()


READ = [
    Case("bom.txt", codecs.BOM_UTF8 + story().encode()),
    Case("utf16-bom.txt", story().encode("utf-16")),
    Case("utf16be-bom.txt", codecs.BOM_UTF16_BE + story().encode("utf-16-be")),
    Case("utf16-no-bom.txt", story("Karim Nadir").encode("utf-16-le"), label="Karim Nadir"),
    Case("utf32.txt", story().encode("utf-32")),
    Case("latin1.txt", story("José Müller").encode("latin-1"), label="José Müller"),
    Case("cp1252.txt", (HEAD + "Police said \x93Ali Khamenei\x94 met").encode("latin-1")),
    Case("bad-byte.txt", story("Nuri al-Mālikī").encode().replace(b"Monday", b"Mon\xffday")),
    Case("nul.txt", story().encode().replace(b"Police", b"Pol\x00ice")),
    Case("crlf.txt", story().replace("\n", "\r\n").encode()),
    Case("cr.txt", story().replace("\n", "\r").encode()),
    Case(
        "scripts.html",
        b"<html><head><title>Officials meet in Baghdad</title><style>p{}</style>"
        b"<script>alert('x')</script></head><body><iframe src='https://evil.example'></iframe>"
        b"<article><p>" + STORY.format(name="Samir Haddad").encode() + b"</p>"
        b"<script>document.write('<p>Injected Person</p>')</script></article></body></html>",
        label="Samir Haddad",
    ),
    Case("quotes.txt", story("Seamus O'Brien").encode(), label="Seamus O'Brien"),
    Case("markup.txt", (HEAD + "Police said <b>Ali & Co</b> met 2 < 3 > 1.").encode()),
    Case("rtl.txt", story("\u200fحسن نصر الله\u200f Hassan Nasrallah").encode()),
    Case("zwj.txt", story("Ab\u200ddul Ra\u200chman").encode()),
    Case("emoji.txt", story("Ali 🙂 Hassan").encode()),
    Case("turtle.txt", (NASTY + "\n\n" + STORY.format(name="Ali Khamenei")).encode(), label=NASTY),
    Case(
        "iri.txt",
        (
            HEAD + "Police said <http://evil.example/x> a owl:Thing . javascript:alert(1) "
            "</script><script>alert(1)</script> <img src=x onerror=alert(1)> met Ali Khamenei."
        ).encode(),  # fmt: skip
    ),
    Case("name with spaces.txt", story().encode()),
    Case("nön-ascii ñame ✓.txt", story().encode()),
    Case("UPPER.TXT", story().encode()),
    Case("front.md", b"---\ntitle: Officials meet\ndate: 2024-03-01\n---\n# Meeting\n\nText."),
    Case("title-only.txt", b"Officials meet in Baghdad"),
    Case(
        "long-line.txt",
        (
            STORY.format(name="Hassan Nasrallah")
            + " data:image/png;base64,"
            + _blob(3_600_000, 1)
            + " "
            + STORY.format(name="Ali Khamenei")
        ).encode(),  # fmt: skip
        label="Ali Khamenei",
    ),
    Case(
        "twenty-mb.txt",
        (
            HEAD
            + STORY.format(name="Hassan Nasrallah")
            + "\n\n"
            + "".join(_blob(6_750, i) + "\n\n" for i in range(2_200))
            + STORY.format(name="Tariq Yousef")
        ).encode(),  # fmt: skip
        label="Tariq Yousef",
    ),
    Case("a/" * 60 + "deep.txt", story().encode()),
    Case("folder.txt/inside.txt", story().encode()),  # a folder named *.txt is a folder
    Case("linked-file.txt", None),
    Case("linked-folder/in-link.txt", None),
]
SKIPPED = [
    Case("empty.txt", b"", skipped="empty file"),
    Case("blank.txt", b" \n\t\r\n  ", skipped="empty file"),
    Case("random.txt", random.Random(7).randbytes(4096), skipped="binary file"),
    Case("nuls.txt", b"\x00" * 100, skipped="binary file"),
    Case("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), skipped="PNG image"),
    Case("doc.txt", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj", skipped="PDF"),
    Case("word.txt", b"PK\x03\x04" + bytes(100), skipped="ZIP archive"),
    Case(
        "scripts-only.html", b"<html><script>var a = 1;</script></html>", skipped="no article text"
    ),
    Case("broken-link.txt", None, skipped="broken symbolic link"),
    Case("loop-a.txt", None, skipped="symbolic link loop"),
    Case("loop-b.txt", None, skipped="symbolic link loop"),
    Case("pipe.txt", None, skipped="not a regular file"),
    Case("x" * 200 + "/", None, skipped="File name too long"),
]


def special(root: Path, case: Case) -> None:
    path = root / case.name
    if case.name == "linked-file.txt":
        (root / "target.dat").write_text(story("Qais al-Khazali"), encoding="utf-8")
        path.symlink_to("target.dat")
    elif case.name.startswith("linked-folder/"):
        outside = root.parent / "elsewhere"
        outside.mkdir(exist_ok=True)
        (outside / "in-link.txt").write_text(story(), encoding="utf-8")
        (outside / "back").symlink_to(outside)  # a loop inside the linked folder
        (root / "linked-folder").symlink_to(outside)
    elif case.name == "broken-link.txt":
        path.symlink_to("gone.txt")
    elif case.name == "loop-a.txt":
        path.symlink_to("loop-b.txt")
    elif case.name == "loop-b.txt":
        path.symlink_to("loop-a.txt")
    elif case.name == "pipe.txt":
        os.mkfifo(path)
    elif case.name.startswith("x" * 200):
        _too_long(root)


def _too_long(root: Path) -> None:
    """A folder chain whose full path is over PATH_MAX (4,096): made step by step."""
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(22):
            os.mkdir("x" * 200, dir_fd=here)
            nxt = os.open("x" * 200, os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = nxt
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=here)
        os.write(fd, story().encode())
        os.close(fd)
    finally:
        os.close(here)


def _source(case: Case) -> str:
    return "linked-file.txt" if case.name == "linked-file.txt" else case.name


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("hostile")
    root = base / "in"
    root.mkdir()
    for case in READ + SKIPPED:
        path = root / case.name
        if case.data is None:
            special(root, case)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(case.data)
    (root / ".hidden.txt").write_bytes(b"\x00\x01")  # hidden: never read, never reported
    out = base / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            "in",
            "-o",
            "out",
            "--format",
            "nq",
            "--format",
            "jsonld",
            "--quiet",
        ],  # fmt: skip
        cwd=base,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    _clean(root)
    return out, proc


def _clean(root: Path) -> None:
    """The over-long chain cannot be removed by path: pytest's cleanup would fail on it."""
    top = root / ("x" * 200)
    if top.exists():
        subprocess.run(["rm", "-rf", str(top)], check=False, cwd=root)


@pytest.mark.model
def test_no_traceback_and_one_line_per_unreadable_file(hostile) -> None:
    _, proc = hostile
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert all(ln.startswith("skipped: ") for ln in lines), lines
    for case in SKIPPED:
        mine = [ln for ln in lines if ln.startswith(f"skipped: in/{case.name.rstrip('/')}")]
        assert len(mine) == 1, (case.name, lines)
        assert case.skipped in mine[0], mine[0]
    assert len(lines) == len(SKIPPED), lines  # nothing readable was reported


@pytest.mark.model
def test_every_readable_file_is_an_article_of_the_graph(hostile) -> None:
    out, _ = hostile
    g = Graph().parse(out / "graph.ttl")
    files = {str(o) for o in g.objects(None, KG.sourceFile)}
    expected = {_source(c) for c in READ}
    assert expected <= files, expected - files
    assert not any(f.startswith(("/", "in/")) for f in files)  # relative to the input root
    labels = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    for case in READ:
        if case.label:
            assert case.label in labels, case.name
    assert "Injected Person" not in labels  # script text is not story text
    assert not any(len(x) > 400 for x in labels)  # no 5 MB line as a title


@pytest.mark.model
def test_the_hostile_graph_round_trips_in_every_format(hostile) -> None:
    out, _ = hostile
    g = Graph().parse(out / "graph.ttl")
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    assert {(s, p, o) for s, p, o, _ in ds.quads()} == set(g)  # the union is the Turtle
    doc = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    from_jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert set(from_jsonld.subjects()) == set(g.subjects()) and len(from_jsonld) == len(g)
    assert NASTY in _texts(g) and NASTY in {str(o) for _, _, o, _ in ds.quads()}
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    for name, syntax in (("graph.ttl", "turtle"), ("graph.nq", "nquads")):
        proc = subprocess.run(
            [rapper, "-q", "-i", syntax, "-c", str(out / name)], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr[-500:]


def _texts(g: Graph) -> set[str]:
    return {str(o) for o in g.objects() if isinstance(o, Literal)}


@pytest.mark.model
def test_the_view_carries_hostile_text_only_as_data(hostile) -> None:
    out, _ = hostile
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in page and "<img src=x onerror" not in page


def test_an_unreadable_file_is_skipped_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.ingest import read_corpus

    (tmp_path / "good.txt").write_text(story(), encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(story(), encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: refuse this one file as the kernel would
        real = Path.open

        def refuse(self: Path, *args: object, **kw: object):  # noqa: ANN202
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kw)

        monkeypatch.setattr(Path, "open", refuse)
    articles, problems = read_corpus([tmp_path])
    assert [a.doc_id for a in articles] == ["good"]
    assert [(Path(p.path).name, p.message) for p in problems] == [
        ("locked.txt", "cannot read it: Permission denied; check its permissions")
    ]


def test_a_file_that_vanishes_after_listing_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import ingest

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(story(), encoding="utf-8")
    real = ingest.find_sources

    def listed_then_deleted(*args: object, **kw: object):  # noqa: ANN202
        found = real(*args, **kw)
        (tmp_path / "b.txt").unlink()
        return found

    monkeypatch.setattr(ingest, "find_sources", listed_then_deleted)
    articles, problems = ingest.read_corpus([tmp_path])
    assert [a.doc_id for a in articles] == ["a"]
    assert [p.message for p in problems] == ["it vanished before it could be read"]


def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path: Path) -> None:
    from kg.errors import InputError
    from kg.files import read_bytes

    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(80_000_000)  # sparse: no disk used
    with pytest.raises(InputError, match="80.0 MB is over the 64 MB limit"):
        read_bytes(big)
