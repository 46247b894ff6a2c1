"""The graph as N-Quads text, the form a build hands to Oxigraph.

Making a pyoxigraph term or quad from Python costs microseconds each (a build makes millions),
while Oxigraph parses N-Quads in Rust; so the graph builder spells its terms as N-Triples text
(`NTerms`) and a `LineSink` joins them into lines. The sink can also digest each named graph
as it is written: a store compares those digests with the previous build's to rewrite only
the article graphs that changed (`kg.stored`)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError

_blake2b = hashlib.blake2b
_MOD = 1 << 128
DIGEST_FORM = "2: sum of blake2b-128 of sorted line batches"  # a store kept another is rewritten


def nt_string(value: str) -> str:
    """A string literal in N-Triples: only four characters must be escaped (its grammar's
    STRING_LITERAL_QUOTE). Most text has none of them; looking first costs a tenth of
    `str.translate` on an evidence sentence."""
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return f'"{value}"'


class NTerms:
    """How the graph builder spells IRIs and literals for a `LineSink`: N-Triples text."""

    @staticmethod
    def iri(value: str) -> str:
        return f"<{value}>"

    text = staticmethod(nt_string)

    @staticmethod
    @lru_cache(maxsize=1 << 16)  # counts, confidences, dates: few values, written often
    def typed(value: str, datatype: URIRef) -> str:
        return f"{nt_string(value)}^^<{datatype}>"


def nt_term(t: Node) -> str:
    """An rdflib IRI or literal in N-Triples."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        if t.language:
            return f"{nt_string(str(t))}@{t.language}"
        return NTerms.typed(str(t), t.datatype) if t.datatype else nt_string(str(t))
    raise GraphError(f"cannot write RDF term {t!r} as N-Quads")


def graph_of(line: str) -> str:
    """The graph IRI of a line a `LineSink` wrote (`S P O <graph> .`): an IRI has no
    space, so the last ' <' opens it."""
    return line[line.rindex(" <") + 2 : -4]


class LineSink:
    """Named graphs as N-Quads lines: the one Dataset method the builder uses, `graph(name)`,
    returns a graph whose `add` writes a line. Lines of graphs in `keep` (graph IRIs; all
    when None) are gathered in `lines`; with `digests`, every graph's lines are also
    digested into `digests[graph IRI]` (see `hexdigests`). A digest is the sum of its lines'
    hashes, so it does not depend on the order they come in: the builder walks sets, whose
    order changes from one process to the next. Lines are hashed a batch at a time (those
    one `LineGraph` received since the last `settle`, sorted): the builder settles after
    each step, so a digest costs one hash per entity, relation or event, not per line."""

    def __init__(
        self, *, keep: Collection[str] | None = None, digests: dict[str, str] | None = None
    ) -> None:
        self.lines: list[str] = []
        self.keep, self.digests = keep, digests
        self._sums: dict[str, list[int]] = {}
        self._open: list[tuple[list[str], list[int]]] = []  # (lines not yet hashed, sum)
        self._terms: dict[Node, str] = {}
        self.known = self._terms.get

    def term(self, t: Node | str) -> str:
        found = self._terms.get(t)
        if found is None:
            if type(t) is str:  # made by NTerms: already text
                return t
            found = self._terms[t] = nt_term(t)
        return found

    def graph(self, name: URIRef) -> LineGraph:
        iri = str(name)
        kept = self.keep is None or iri in self.keep
        total = None
        if self.digests is not None:
            total = self._sums.setdefault(iri, [0])
        return LineGraph(self, self.term(name), kept, total)

    def settle(self) -> None:
        """Hash the lines each graph received since the last call into its digest."""
        for lines, total in self._open:
            text = "".join(sorted(lines)).encode()
            total[0] += int.from_bytes(_blake2b(text, digest_size=16).digest())
            lines.clear()
        self._open.clear()

    def hexdigests(self) -> None:
        """Put each graph's digest, as hex, in `digests` (once every line is written)."""
        self.settle()
        if self.digests is not None:
            self.digests.update((iri, f"{t[0] % _MOD:032x}") for iri, t in self._sums.items())


class LineGraph:
    def __init__(self, sink: LineSink, name: str, kept: bool, total: list[int] | None):
        self.name, self.kept, self.total = name, kept, total
        self.known, self.term, self.lines = sink.known, sink.term, sink.lines
        self.open, self.unhashed = sink._open, []

    def add(self, triple: tuple[Node | str, Node, Node | str]) -> None:
        # the hot path of a build: the cache is asked first, `term` only on a miss
        known, t = self.known, self.term
        s, p, o = triple
        line = f"{known(s) or t(s)} {known(p) or t(p)} {known(o) or t(o)} {self.name} .\n"
        if self.kept:
            self.lines.append(line)
        if self.total is not None:
            if not self.unhashed:  # the first line since the sink last settled
                self.open.append((self.unhashed, self.total))
            self.unhashed.append(line)
