"""A function run in a forked copy of this process, beside it: how a build writes its RDF
files while it draws its page. The copy shares the graph already in memory (copy-on-write)
instead of being sent it, which a spawned process would need.

Forking copies only the calling thread, so a lock another thread held stays held in the
copy: `fork_call` forks only on Linux and only when the process runs one thread (an
on-disk store's RocksDB threads, a server's, a BLAS pool's all count), and the caller does
the work itself otherwise. The copy never returns into the caller's code: it reports its
result as JSON through a pipe and leaves with `os._exit`."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from kg.errors import KGError


def can_fork() -> bool:
    """Whether a fork is safe here now: Linux, and no thread but this one."""
    if sys.platform != "linux":
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


class Forked:
    """A forked copy running a function; `join` waits for it and returns its result."""

    def __init__(self, pid: int, report: int, what: str) -> None:
        self.pid, self.report, self.what = pid, report, what
        self.ended = False  # waited for (by `join` or `stop`); `report` is -1 once closed

    def join(self) -> Any:
        """The function's result; its OSError raised again, any other exception as a
        one-line KGError."""
        try:
            with os.fdopen(self.report, "rb") as fh:
                data = fh.read()
        finally:  # closed, whatever stopped the reading (^C: `stop` then kills the copy)
            self.report = -1
        _, status = os.waitpid(self.pid, 0)
        self.ended = True
        if not data:
            code = os.waitstatus_to_exitcode(status)
            how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
            raise KGError(f"the process writing {self.what} died ({how}); retry with --workers 1")
        outcome = json.loads(data)
        if "oserror" in outcome:
            raise OSError(*outcome["oserror"])
        if "error" in outcome:
            raise KGError(outcome["error"])
        return outcome["result"]

    def stop(self) -> None:
        """End it early (the caller failed): killed, waited for, its report dropped."""
        if not self.ended:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.ended = True
        if self.report >= 0:
            os.close(self.report)
            self.report = -1


def fork_call(fn: Callable[[], Any], *, what: str) -> Forked | None:
    """`fn()` started in a forked copy of this process (its result must be JSON), or None
    where forking is not safe (see `can_fork`). `what` names its work in errors."""
    if not can_fork():
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: never returns
        os.close(read)
        _run(fn, write)
    os.close(write)
    return Forked(pid, read, what)


def _run(fn: Callable[[], Any], report: int) -> None:
    code = 1
    try:
        try:
            outcome = {"result": fn()}
            code = 0
        except KGError as exc:
            outcome = {"error": str(exc)}
        except OSError as exc:  # raised again as itself: callers report a full disk so
            outcome = {"oserror": [exc.errno, exc.strerror or str(exc)]}
        except BaseException as exc:  # noqa: BLE001 -- reported to the parent, which raises
            outcome = {"error": f"{type(exc).__name__}: {exc}"}
        data = json.dumps(outcome).encode()
        while data:
            data = data[os.write(report, data) :]
    finally:
        os._exit(code)
