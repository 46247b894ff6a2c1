"""One writer at a time: an exclusive lock on a folder (an output folder, a store folder),
taken before any work, so two kg processes never interleave their writes. The second is
refused at once with the first's process id and command, not left to wait on a lock it
cannot see. The lock file (`.kg-lock`, hidden) exists only while it is held."""

from __future__ import annotations

import fcntl
import os
import shlex
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kg.errors import KGError

LOCK_NAME = ".kg-lock"
_HELD: dict[str, int] = {}  # folders this process holds -> depth (nested use is allowed)


class LockedError(KGError):
    """Another kg process is writing to the same folder."""


@contextmanager
def exclusive(folder: str | Path) -> Iterator[None]:
    """Hold `folder`'s lock (creating the folder) for the block."""
    folder = Path(folder)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KGError(f"cannot create {folder}: {exc.strerror or exc}; check the path") from exc
    key = str(folder.resolve())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fd = _acquire(folder)
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        _release(folder, fd, created)


def _acquire(folder: Path) -> int:
    path = folder / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise KGError(f"cannot write to {folder}: {reason}; check its permissions") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 500).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise LockedError(
                f"{folder} is in use by {holder}; wait for it to finish (or stop it) and retry"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else the holder removed the file as we opened it: take the new one
            break
        os.close(fd)
    command = shlex.join(["kg", *sys.argv[1:]])[:300]
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    os.ftruncate(fd, 0)
    os.write(fd, f"kg (pid {os.getpid()}, since {started}: {command})".encode())
    return fd


def _release(folder: Path, fd: int, created: bool) -> None:
    with suppress(OSError):
        os.unlink(folder / LOCK_NAME)  # while still locked: no one can have it half-open
    os.close(fd)
    if created:
        with suppress(OSError):
            folder.rmdir()  # only if the run left it empty (it failed before writing)
