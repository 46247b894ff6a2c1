"""Generations of a store's database. `DIR/oxigraph` is a symbolic link to the current
database, `DIR/oxigraph.N`; a rewrite fills `oxigraph.N+1` and then renames a new link over
the old one, which is atomic, so the link always names a complete database. The previous
generation is kept until the next rewrite (a `kg serve --store` started on it keeps
reading it); older ones, and any a killed run left half-written, are removed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from kg.atomic import fsync_dir


def _generations(link: Path) -> dict[int, Path]:
    name = re.compile(re.escape(link.name) + r"\.(\d+)")
    out = {}
    for p in link.parent.glob(f"{link.name}.*"):
        m = name.fullmatch(p.name)
        if m and p.is_dir() and not p.is_symlink():
            out[int(m.group(1))] = p
    return out


def current(link: Path) -> Path | None:
    """The database the link names (a plain folder: a store written before generations)."""
    if link.is_symlink():
        return link.parent / os.readlink(link)
    return link if link.is_dir() else None


def next_generation(link: Path) -> Path:
    """A fresh, empty folder name for the next database (removing what a killed run left)."""
    gens = _generations(link)
    new = link.parent / f"{link.name}.{max(gens, default=0) + 1}"
    shutil.rmtree(new, ignore_errors=True)
    return new


def switch_to(link: Path, new: Path) -> None:
    """Point `link` at `new` atomically, then prune all generations but these two."""
    old = current(link)
    if old == link:  # a plain folder from before generations: move it aside first
        old = link.parent / f"{link.name}.0"
        os.replace(link, old)
    tmp = link.parent / f".{link.name}.link-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(new.name, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)
    keep = {new.resolve(), old.resolve() if old else None}
    for path in _generations(link).values():
        if path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)
