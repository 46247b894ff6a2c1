"""A SPARQL lexer just deep enough to see keywords: strings, IRIs and comments are blanked
first, so a word inside them (a label "Service Road", <http://x/SERVICE>) is not taken for
one. Used to refuse SERVICE (federated queries) unless asked for, and to tell an update."""

from __future__ import annotations

import re

_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs: no space inside, unlike `?a < ?b`
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
# a bare word: not a variable (?x, $x), not part of a prefixed name (ex:service, service:x)
_WORD = re.compile(r"(?<![\w?$:\-.])([A-Za-z_][\w\-]*)(?![\w:\-])")


def keywords(query: str) -> set[str]:
    """The bare words of a query, upper-cased."""
    return {m.group(1).upper() for m in _WORD.finditer(_OPAQUE.sub(" ", query))}


def uses_service(query: str) -> bool:
    return "SERVICE" in keywords(query)
