"""The C heap's settings (kg/heap.py): what a parsing process keeps of the memory it frees."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.heap import _libc

# Allocates 250 blocks of 200 KB, writes to each, frees them all, five times over, in a
# fresh interpreter (a fresh C heap); prints the page faults of rounds 2-5: the pages a
# round faults in that the one before it had already had.
ROUNDS = """
import ctypes, ctypes.util, resource, sys
from kg.heap import hold_freed
if sys.argv[1] == "hold":
    assert hold_freed()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
size, faults = 200 * 1024, 0
for round in range(5):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = [libc.malloc(size) for _ in range(250)]
    for b in blocks:
        ctypes.memset(b, 1, size)
    for b in blocks:
        libc.free(b)
    if round:
        faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
print(faults)
"""


def _faults(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", ROUNDS, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


@pytest.mark.skipif(_libc() is None or not sys.platform.startswith("linux"), reason="glibc")
def test_a_parsing_process_reuses_what_it_freed_instead_of_faulting_it_in_again() -> None:
    # 4 rounds x 50 MB = ~12,800 pages each time by default: the heap's top is trimmed
    assert _faults("default") > 10_000  # what the setting is for happens on this platform
    assert _faults("hold") < 1_000
