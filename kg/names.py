"""Name folding: the spelling-insensitive keys and transliteration variants kg matches on."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

_APOS = dict.fromkeys(map(ord, "'’‘`´ʼ\""), None)


@lru_cache(maxsize=1 << 17)  # names recur across a corpus: fold each spelling once
def fold(name: str) -> str:
    """Spelling-insensitive key: accents, apostrophes, hyphens, case and a leading 'the'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = s.translate(_APOS).casefold()
    s = re.sub(r"[\-‐–—_.]", " ", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def spelling_variants(alias: str) -> set[str]:
    """Transliteration variants news uses interchangeably: hyphen or space after 'al',
    with or without apostrophes."""
    out = {alias, alias.replace("'", ""), alias.replace("'", "’")}
    out |= {re.sub(r"\b([Aa]l)-", r"\1 ", v) for v in list(out)}
    out |= {re.sub(r"\b([Aa]l) ", r"\1-", v) for v in list(out)}
    return {v for v in out if v.strip()}


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 17)  # keys, ids and names recur: an event slug asks for three
def slugify(text: str, *, max_len: int = 60) -> str:
    """A readable, ASCII, IRI-safe slug: 'Asa'ib Ahl al-Haq' -> 'asaib-ahl-al-haq'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = _SLUG_DROP.sub("-", ascii_text).strip("-")[:max_len].strip("-")
    return slug or "x"


def unique_slugs(wanted: Mapping[str, str]) -> dict[str, str]:
    """Distinct slugs for distinct things. `wanted` maps each thing's identity (a string
    that differs between different things) to the slug it would like. Where several want
    one slug, the first identity in sorted order keeps it and each other gets a suffix
    from a hash of its identity: deterministic, and independent of input order."""
    by_slug: dict[str, list[str]] = {}
    for ident, slug in wanted.items():
        by_slug.setdefault(slug, []).append(ident)
    taken = set(by_slug)
    out: dict[str, str] = {}
    for slug, idents in by_slug.items():
        first, *others = sorted(idents)
        out[first] = slug
        for ident in others:
            digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()
            n = 6
            while f"{slug}-{digest[:n]}" in taken:
                n += 2
            out[ident] = f"{slug}-{digest[:n]}"
            taken.add(out[ident])
    return out
