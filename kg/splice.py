"""Turtle and TriG files updated in place of being written whole.

Both files are sorted (`GraphStore.write`): graph.ttl is a run of subject blocks (a line
that opens with the subject, lines that open with a tab after it); graph.trig a run of
graph blocks (`<g> {` ... `}`), each a run of subject blocks indented by a tab. Oxigraph
writes a block the same whether it writes it alone or among others, and escapes line
breaks inside literals, so a line that opens with `<` opens a block. After a small change
to a store (`kg.store.Delta`), the blocks of the subjects (and graphs) that changed are
written anew from the store and put in the old file's place, found by bisecting the old
file; the rest is copied. The old file must be as kg wrote it (the caller checks its hash).
Blocks of another form (a subject written as a prefixed name, a blank node) return None,
and the caller writes the file whole."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.store import GraphStore, quad_key, union_about

# what opens a block's first line: a subject (Turtle), a graph (TriG) or a subject in one
_SUBJECT, _GRAPH, _INNER_SUBJECT = b"<", b"<", b"\t<"
_PREFIX_LINE = re.compile(rb"@prefix [^\n]*\n")
# how the lines of a file of kg's open (after its @prefix lines); any other (a subject or
# graph written as a prefixed name, as under a base IRI in a prefix's namespace, a blank
# node, text outside a block) and the file is written whole
_LINES = {"ttl": (b"<", b"\t"), "trig": (b"<", b"}", b"\t<", b"\t\t")}


def _spliceable(old: bytes) -> bool:
    """Whether `old` is a file of kg's with blocks (an empty graph's file is written
    without its @prefix lines, which are not known here). The file is as kg wrote it
    (the caller checked its hash), so its blocks are sorted; lines of another form
    (a subject written as a prefixed name, under a base IRI in a prefix's namespace)
    show in the blocks written anew, which are checked (`_plain`)."""
    head = _head(old)
    return head > 0 and old.startswith(b"<", head)


def _plain(text: bytes, fmt: str) -> bool:
    """Whether every line of `text` opens as kg's do (counted, not read line by line)."""
    if not text:
        return True
    if not (text.endswith(b"\n") and text.startswith(b"<")):
        return False
    opened = sum(text.count(b"\n" + lead) for lead in _LINES[fmt])
    return opened == text.count(b"\n") - 1


def _blocks(text: bytes, lead: bytes) -> tuple[list[bytes], list[int]]:
    """The keys (`<IRI>`) and start offsets of the blocks of `text` (a few, just written),
    those lines that open with `lead`."""
    starts = [0] if text.startswith(lead) else []
    at = 0
    while (at := text.find(b"\n" + lead, at) + 1) > 0:  # found at -1: none left
        starts.append(at)
    return [text[at + len(lead) - 1 : text.index(b">", at) + 1] for at in starts], starts


class _Sorted:
    """The blocks of a sorted file, found by bisecting its bytes: a change to a few
    blocks reads a few kilobytes of the file around them, not all of it."""

    def __init__(self, text: bytes, lead: bytes) -> None:
        self.text, self.lead, self.sep = text, lead, b"\n" + lead
        self.first = 0 if text.startswith(lead) else self.after(1)

    def after(self, at: int) -> int:
        """The first block that starts at `at` or later (the file's end if none)."""
        if at <= 0:
            return self.first
        found = self.text.find(self.sep, at - 1)
        return found + 1 if found >= 0 else len(self.text)

    def key(self, at: int) -> bytes:
        opens = at + len(self.lead) - 1
        return self.text[opens : self.text.index(b">", opens) + 1]

    def locate(self, key: bytes, lo: int) -> int:
        """The first block from block `lo` on whose key is not below `key`. Invariant:
        the blocks before `lo` are below it, the first block from `hi` on is not."""
        hi, end = len(self.text), len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            at = self.after(mid)
            if at < hi and self.key(at) < key:
                lo = self.after(at + 1)
            else:  # no block in [mid, hi), or its key is not below
                hi = mid
        return min(lo, end)


def merge(text: bytes, lead: bytes, new: dict[bytes, bytes]) -> bytes:
    """`text` (a head, then sorted blocks whose first line opens with `lead`) with the
    block of each key of `new` replaced by its value, inserted in order if it was not
    there, or left out if the value is empty."""
    blocks = _Sorted(text, lead)
    out, done = [], 0  # the text before `done` is in `out`
    for key in sorted(new):
        at = blocks.locate(key, max(done, blocks.first))
        out += [text[done:at], new[key]]
        held = at < len(text) and blocks.key(at) == key
        done = blocks.after(at + 1) if held else at
    out.append(text[done:])
    return b"".join(out)


def _head(text: bytes) -> int:
    """Where the @prefix lines at the start of `text` end."""
    at = 0
    while m := _PREFIX_LINE.match(text, at):
        at = m.end()
    return at


def _render(items: list, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    text = ox.serialize(items, format=fmt, prefixes=prefixes)
    return text[_head(text) :]


def _subject_blocks(body: bytes, lead: bytes, subjects: frozenset[str]) -> dict[bytes, bytes]:
    """Each subject's block in `body` (a run of sorted blocks); b"" for those not in it."""
    new = {s.encode(): b"" for s in subjects}
    keys, starts = _blocks(body, lead)
    for k, a, b in zip(keys, starts, [*starts[1:], len(body)], strict=False):
        new[k] = body[a:b]  # (no block: nothing to zip)
    return new


def _nodes(subjects: frozenset[str]) -> list[ox.NamedNode] | None:
    if any(not s.startswith("<") for s in subjects):
        return None  # a blank node: its label may differ between writes
    return [ox.NamedNode(s[1:-1]) for s in sorted(subjects)]


def splice_turtle(
    old: bytes, store: GraphStore, subjects: frozenset[str], prefixes: dict[str, str]
) -> bytes | None:
    """graph.ttl after a change to the triples of `subjects` (N-Triples form)."""
    nodes = _nodes(subjects)
    if nodes is None or not _spliceable(old):
        return None
    triples = [t for s in nodes for t in sorted(union_about(store.store, s), key=quad_key)]
    body = _render(triples, ox.RdfFormat.TURTLE, prefixes)
    if not _plain(body, "ttl"):
        return None
    return _not_empty(merge(old, _SUBJECT, _subject_blocks(body, _SUBJECT, subjects)))


def splice_trig(
    old: bytes, store: GraphStore, graphs: dict[str, frozenset[str]], prefixes: dict[str, str]
) -> bytes | None:
    """graph.trig after a change to the quads of the given subjects in the given graphs
    (graph IRI -> subjects in N-Triples form)."""
    if any(_nodes(s) is None for s in graphs.values()) or not _spliceable(old):
        return None
    blocks = _Sorted(old, _GRAPH)
    new = {}
    for iri, subjects in graphs.items():
        key = f"<{iri}>".encode()
        opener = key + b" {\n"
        graph = ox.NamedNode(iri)
        quads = [
            q
            for s in _nodes(subjects) or ()
            for q in sorted(store.store.quads_for_pattern(s, None, None, graph), key=quad_key)
        ]
        body = _render(quads, ox.RdfFormat.TRIG, prefixes)
        if body and not (body.startswith(opener) and body.endswith(b"\n}\n")):
            return None
        if not _plain(body, "trig"):
            return None
        fresh = _subject_blocks(body[len(opener) : -2], _INNER_SUBJECT, subjects)
        at = blocks.locate(key, blocks.first)
        if at < len(old) and blocks.key(at) == key:
            block = old[at : blocks.after(at + 1)]
            if not block.startswith(opener) or not block.endswith(b"\n}\n"):
                return None
            inner = merge(block[len(opener) : -2], _INNER_SUBJECT, fresh)
        else:
            inner = b"".join(fresh[k] for k in sorted(fresh))
        new[key] = opener + inner + b"}\n" if inner else b""
    return _not_empty(merge(old, _GRAPH, new))


def _not_empty(text: bytes | None) -> bytes | None:
    """The spliced file, unless it is left with no block (see `_spliceable`)."""
    return text if text is not None and len(text) > _head(text) else None
