"""Finding and decoding article files. Whatever a scraper leaves in a folder (binary files,
other encodings, broken or looping links, pipes, unreadable or vanishing files) becomes
either text or a `Problem` with a one-line reason; nothing here raises on one bad file."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

SUFFIXES = {".txt", ".md", ".html", ".htm"}
MAX_BYTES = 64_000_000  # a news article is rarely 100 KB; beyond this a file is a dump, not news

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
# C0 controls that are not layout (tab, newline, form feed, carriage return)
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """A file that could not be read: reported (`skipped: PATH: reason`) and left out."""

    path: str
    message: str  # the reason and the fix, without the path


@dataclass(frozen=True)
class Source:
    """An article file: where it is, and its name relative to the input it was found under
    (POSIX form), which is all the graph records of it, so outputs do not depend on the
    working directory or on how the input path was typed."""

    path: Path
    name: str


def find_sources(
    inputs: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()
) -> tuple[list[Source], list[Problem]]:
    """Article files under the inputs (a file given by name is read whatever its suffix),
    sorted per input; folders in `exclude` (kg's own output and store) and hidden entries
    are not read. A missing input is an InputError: that is a typo, not a bad file."""
    skip = {_identity(Path(p)) for p in exclude} - {None}
    sources: list[Source] = []
    problems: list[Problem] = []
    for item in inputs:
        path = Path(item)
        if not os.path.lexists(path):
            raise InputError(
                f"input {str(path)!r} does not exist; give a file or folder of articles"
            )
        if path.is_dir():
            found = list(_walk(path, skip, problems))
            sources += sorted(found, key=lambda s: s.name)
        else:
            sources.append(Source(path, path.name))
    return sources, problems


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: Path, skip: set, problems: list[Problem]) -> Iterator[Source]:
    """Depth-first without recursion (a deep tree cannot exhaust the stack); a link to a
    folder is followed once, so a link loop ends."""
    seen = {_identity(root)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), f"cannot list this folder: {_reason(exc)}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: version control, editors' and kg's own temporary files
            yield from _entry(root, entry, seen, skip, stack, problems)


def _entry(
    root: Path,
    entry: os.DirEntry[str],
    seen: set,
    skip: set,
    stack: list[Path],
    problems: list[Problem],
) -> Iterator[Source]:
    path = Path(entry.path)
    try:
        st = os.stat(entry.path)  # follows a link
    except OSError as exc:
        if entry.is_symlink():
            problems.append(Problem(str(path), _link_reason(exc)))
        elif exc.errno != errno.ENOENT:
            problems.append(Problem(str(path), f"cannot read it: {_reason(exc)}"))
        elif path.suffix.lower() in SUFFIXES:
            problems.append(Problem(str(path), "it vanished while the folder was read"))
        return
    if stat.S_ISDIR(st.st_mode):
        ident = (st.st_dev, st.st_ino)
        if ident not in seen and ident not in skip:
            seen.add(ident)
            stack.append(path)
        return
    if path.suffix.lower() not in SUFFIXES:
        return
    if not stat.S_ISREG(st.st_mode):
        problems.append(Problem(str(path), "not a regular file (a pipe, socket or device)"))
        return
    yield Source(path, path.relative_to(root).as_posix())


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop; remove the link"
    if exc.errno == errno.ENOENT:
        return "a broken symbolic link (its target is gone); remove it or restore the target"
    return _reason(exc)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; a file that is too large, vanished or unreadable is an InputError
    with the reason."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit of one "
                "article; split it into articles"
            )
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise InputError("it vanished before it could be read") from exc
        raise InputError(f"cannot read it: {_reason(exc)}; check its permissions") from exc


def decode(raw: bytes) -> str:
    """Text from bytes: a BOM names the encoding; else UTF-8 (a few bad bytes become U+FFFD),
    else Windows-1252/Latin-1 for a legacy 8-bit file. Binary files are an InputError.
    Control characters (NUL and the like) are dropped: they are no part of news."""
    if not raw.strip():
        raise InputError("empty file; nothing to read")
    text = _decode(raw)
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise InputError("no text in it")
    return text


def _decode(raw: bytes) -> str:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return raw.decode(utf16, errors="replace")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(f"{what}, not text; convert it to text or HTML first")
    sample = raw[:65536]
    if sum(sample.count(b) for b in _CONTROL_BYTES) > 0.02 * len(sample):
        raise InputError("a binary file, not text; remove it or convert it to UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if any(ord(c) > 0x7F and c != "\ufffd" for c in text) and bad <= max(8, len(text) // 1000):
        return text  # UTF-8 with a few corrupt bytes: keep the rest as written
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM: most of its ASCII letters leave a NUL in the other byte."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None
