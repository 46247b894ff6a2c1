"""Writing files so that a failure or a kill at any moment leaves the old set or the new
one. Each file goes to a hidden temporary sibling (`*.kgtmp`), is fsynced, and is renamed
into place. A set of files is committed through a journal (`.kg-commit`, written and
fsynced before the first rename): a run killed between renames leaves the journal, and the
next write to that folder (`recover`) finishes the renames, so the set is never left mixed
for long. Temporary files of a killed run are removed by that same next write."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import BinaryIO

from kg.errors import KGError
from kg.forked import Forked, fork_call
from kg.locking import exclusive

JOURNAL = ".kg-commit"
TMP_SUFFIX = ".kgtmp"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# a file's content: its bytes, or a function that writes them into the (seekable) file,
# so a large file goes to disk as it is made instead of being held whole
Content = bytes | Callable[[BinaryIO], None]


def stage(folder: Path, name: str, data: Content) -> Path:
    """`data` in a fsynced temporary file beside `folder/name`; the caller renames it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "w+b") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                data(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_file(path: Path, data: bytes) -> None:
    """One file, atomically (its folder must exist)."""
    tmp = stage(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(folder: Path) -> None:
    """Finish a commit a killed run left half-done, and remove its temporary files."""
    journal = folder / JOURNAL
    if journal.is_file():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pairs = []  # torn before its rename: no file was renamed yet
        for tmp, final in pairs:
            if (folder / tmp).is_file() and not (folder / final).is_dir():
                os.replace(folder / tmp, folder / final)
        fsync_dir(folder)
        journal.unlink()
    for stale in folder.glob(f".*{TMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def write_atomic(
    out_dir: Path,
    files: dict[str, Content],
    *,
    aside: Collection[str] = (),
    then: Callable[[dict[str, Path]], dict[str, Content]] | None = None,
) -> list[Path]:
    """Write each file to a temporary sibling (fsynced), then rename all into place under a
    journal. A failure while writing (a full disk, a read-only folder) leaves the previous
    outputs as they were and no temporary file behind, and is a one-line KGError.
    The files named in `aside` are written by a forked copy of this process meanwhile,
    where one can be (`kg.forked`); `then`, given every file's temporary path once all are
    written, returns more files (a manifest of their hashes) committed with them."""
    with exclusive(out_dir):  # held already by a build; taken by `kg view`
        return _write_locked(out_dir, files, set(aside) & set(files), then)


def _write_locked(
    out_dir: Path,
    files: dict[str, Content],
    aside: set[str],
    then: Callable[[dict[str, Path]], dict[str, Content]] | None,
) -> list[Path]:
    tmp_of: dict[str, Path] = {}  # file name -> its staged temporary file
    helper: Forked | None = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        in_the_way = [name for name in files if (out_dir / name).is_dir()]
        if in_the_way:
            raise KGError(
                f"cannot write {out_dir / in_the_way[0]}: a folder has that name; move it away"
            )
        helper = _stage_aside(out_dir, {name: files[name] for name in aside})
        for name, data in files.items():
            if helper is None or name not in aside:
                tmp_of[name] = stage(out_dir, name, data)
        if helper is not None:
            done, helper = helper.join(), None
            tmp_of.update({name: out_dir / tmp for name, tmp in done.items()})
        tmp_of = {name: tmp_of[name] for name in files}  # in the order given
        for name, data in (then(dict(tmp_of)) if then is not None else {}).items():
            tmp_of[name] = stage(out_dir, name, data)
        pairs = [[tmp.name, name] for name, tmp in tmp_of.items()]
        write_file(out_dir / JOURNAL, json.dumps(pairs).encode())
    except BaseException as exc:  # a renderer may fail too: nothing staged stays behind
        if helper is not None:  # this one failed first: the copy is stopped, its files go
            helper.stop()
            for name in aside:
                for tmp in out_dir.glob(f".{name}.*{TMP_SUFFIX}"):
                    tmp.unlink(missing_ok=True)
        for tmp in tmp_of.values():
            tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        reason = exc.strerror or str(exc)
        raise KGError(f"cannot write to {out_dir}: {reason}; check the path and space") from exc
    try:  # from here on the journal commits the set: renames need no space
        recover(out_dir)
    except OSError as exc:
        raise KGError(
            f"cannot finish writing to {out_dir}: {exc.strerror or exc}; the next kg run that "
            "writes there completes it"
        ) from exc
    return [out_dir / name for name in tmp_of]


def _stage_aside(folder: Path, files: dict[str, Content]) -> Forked | None:
    """`files` being staged by a forked copy of this process (None if none can be made,
    and the caller stages them): it reports each file's temporary name, or removes the
    ones it wrote if one fails."""
    if not files:
        return None

    def work() -> dict[str, str]:
        done: dict[str, str] = {}
        try:
            for name, data in files.items():
                done[name] = stage(folder, name, data).name
        except BaseException:
            for tmp in done.values():
                (folder / tmp).unlink(missing_ok=True)
            raise
        return done

    return fork_call(work, what=", ".join(files))
