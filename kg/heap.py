"""Memory: the cycle collector paused while millions of small objects are made, and the C
heap's free pages given back to the system, or kept, as the work needs.

Oxigraph (Rust) allocates through the C library's
malloc; Python's own small objects live in arenas it maps for itself. So what Oxigraph frees
after a large query (the hash set of a DISTINCT over the union: ~185 MB at 1.3 million
triples) stays in the C heap, where no later Python object can reuse it, and the build's
peak grows by that much. glibc's `malloc_trim` returns such free pages at once.

Parsing wants the opposite. spaCy frees a batch's arrays (hundreds of kilobytes to a few
megabytes each) and allocates the same sizes for the next batch; by default glibc maps such
blocks afresh and unmaps them when freed, and trims the heap's top, so every batch faults
its pages in again, each zeroed by the kernel: ~150,000 page faults and ~0.3-0.5 s of
system time per 200 generated articles, ~4% of the parse, and the zeroing is memory
traffic that two parsing processes contend for. `hold_freed` makes glibc keep them."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
HOLD_TRIM = 256 << 20  # free memory kept at the heap's top before it is handed back
HOLD_MMAP = 32 << 20  # blocks up to this come from the heap, not from their own mapping


def hold_freed() -> bool:
    """Keep freed C-heap memory for reuse in this process (glibc only; elsewhere nothing is
    done): blocks of up to 32 MB come from the heap and up to 256 MB of free memory stays
    at its top. For a process that parses; `give_back` still returns free pages when asked.
    True if glibc took both settings."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallopt"):
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, HOLD_MMAP)) & bool(
        libc.mallopt(M_TRIM_THRESHOLD, HOLD_TRIM)
    )


def give_back() -> bool:
    """Return the C heap's free pages to the system (glibc only; elsewhere nothing is done).
    True if some were returned."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while records are loaded, resolved and written (its
    previous state restored after). These stages make millions of small objects and almost
    no reference cycles (at 3,200 articles, a collection after resolution finds 20 objects),
    yet each time allocations pile up the collector rescans every live record: 1.8 s of a
    6.6 s resolution there. Reference counting frees everything as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
