"""Giving freed memory back to the system. Oxigraph (Rust) allocates through the C library's
malloc; Python's own small objects live in arenas it maps for itself. So what Oxigraph frees
after a large query (the hash set of a DISTINCT over the union: ~185 MB at 1.3 million
triples) stays in the C heap, where no later Python object can reuse it, and the build's
peak grows by that much. glibc's `malloc_trim` returns such free pages at once."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back() -> bool:
    """Return the C heap's free pages to the system (glibc only; elsewhere nothing is done).
    True if some were returned."""
    libc = _libc()
    return bool(libc.malloc_trim(0)) if libc is not None else False
