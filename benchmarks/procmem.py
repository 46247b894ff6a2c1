"""Peak memory of a build's helper processes, read from /proc while they run (Linux).

A build's parsing workers are forked from multiprocessing's fork server, so they are not
the building process's children and its `getrusage(RUSAGE_CHILDREN)` never sees them; its
RDF writer is a forked copy of the building process, whose resident set counts the graph
pages it shares with it. `Sampler` walks the building process's descendants every `every`
seconds from outside it (a thread inside would stop the writer's fork), and keeps,
per role, the largest peak resident set (VmHWM) and, for the writer, the largest private
memory (what it holds that the building process does not: smaps_rollup's Private_*).
`all` is the peak of the whole build's memory: the proportional set sizes (Pss: a page
shared by k processes counts 1/k in each) of the building process and every descendant,
summed at each sample, so what the processes share is counted once. Reading smaps_rollup
walks a process's page tables (~20 ms of CPU for a two-worker build's five processes, and
it holds each one's memory map meanwhile): done four times a second while two workers parse,
that took ~4% of the two cores from the build being measured, so while workers run the
proportional sizes are read once a second (`pss_every`; their memory is flat then), at
other times and for the cheap VmHWM every `every` seconds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

PROC = Path("/proc")


def _ppid(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces


def _kb(pid: int, name: str, field: str) -> int:
    try:
        for line in (PROC / str(pid) / name).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _private_kb(pid: int) -> int:
    return _kb(pid, "smaps_rollup", "Private_Clean:") + _kb(pid, "smaps_rollup", "Private_Dirty:")


def _cmdline(pid: int) -> bytes:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def _is_fork_server(pid: int) -> bool:
    return b"forkserver" in _cmdline(pid)


def _descendants(root: int, parent: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    todo = [root]
    while todo:
        here = todo.pop()
        children = {pid for pid, pp in parent.items() if pp == here} - found
        found |= children
        todo.extend(children)
    return found


class Sampler:
    """Peak MB per role among the descendants of process `root` (the building one):
    `worker` (a parsing worker), `writer` (a forked copy of it: VmHWM, and
    `writer_private`), `server` (the fork server) and `all` (see the module's note)."""

    def __init__(self, root: int, every: float = 0.25, pss_every: float = 1.0) -> None:
        self.root, self.every, self.pss_every = root, every, pss_every
        self.peaks = {"worker": 0, "writer": 0, "writer_private": 0, "server": 0, "all": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mb(self) -> dict[str, float]:
        return {role: kb / 1024 for role, kb in self.peaks.items()}

    def _run(self) -> None:
        me, last_pss = self.root, 0.0
        while not self._stop.wait(self.every):
            pids = [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]
            parent = {pid: _ppid(pid) for pid in pids}
            servers = {pid for pid, pp in parent.items() if pp == me and _is_fork_server(pid)}
            parsing = any(pp in servers for pp in parent.values())
            pss = not parsing or time.monotonic() - last_pss >= self.pss_every
            last_pss = time.monotonic() if pss else last_pss
            for pid, pp in parent.items():
                if pp in servers:
                    self._peak("worker", _kb(pid, "status", "VmHWM:"))
                elif pid in servers:
                    self._peak("server", _kb(pid, "status", "VmHWM:"))
                elif pp == me and b"resource_tracker" not in _cmdline(pid):
                    self._peak("writer", _kb(pid, "status", "VmHWM:"))
                    self._peak("writer_private", _private_kb(pid))
            if pss:
                family = _descendants(me, parent) | {me}
                self._peak("all", sum(_kb(pid, "smaps_rollup", "Pss:") for pid in family))

    def _peak(self, role: str, kb: int) -> None:
        self.peaks[role] = max(self.peaks[role], kb)
