"""Progress of a long build on stderr, for the command line only (the library reports
through a callback and never prints): a tqdm bar with articles done, articles per second
and time left on a terminal; a plain line every `every` seconds in a log or a pipe."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Callback = Callable[[int, int], None]  # (articles done, articles to parse)


@contextmanager
def progress_reporter(
    *, quiet: bool = False, stream: TextIO | None = None, every: float = 10.0
) -> Iterator[Callback | None]:
    stream = stream or sys.stderr
    if quiet:
        yield None
    elif stream.isatty():
        with _bar(stream) as callback:
            yield callback
    else:
        yield _lines(stream, every)


@contextmanager
def _bar(stream: TextIO) -> Iterator[Callback]:
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="article", desc="parsing", file=stream, leave=False)
        if total != bar.total:  # more articles found to need parsing (a store's changed ones)
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


def _lines(stream: TextIO, every: float) -> Callback:
    start = time.monotonic()
    last = [start]

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < every and done < total:
            return
        last[0] = now
        rate = done / max(now - start, 1e-9)
        left = (total - done) / rate if rate else 0.0
        print(f"parsed {done}/{total} articles ({rate:.1f}/s, {left:.0f} s left)", file=stream)
        stream.flush()

    return update
