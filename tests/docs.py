"""Hand-built parsed Docs for model-free rule tests.

Each token is 'word/POS/dep/head' (head: absolute index, or the token's own index for ROOT);
entities are (start, end, label, id) over token indices."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

_NLP = spacy.blank("en")
_TAGS = {
    "PROPN": "NNP",
    "NOUN": "NN",
    "VERB": "VBD",
    "ADJ": "JJ",
    "ADP": "IN",
    "DET": "DT",
    "PUNCT": ",",
    "PRON": "PRP",
    "AUX": "VBD",
    "PART": "POS",
    "NUM": "CD",
    "CCONJ": "CC",
    "ADV": "RB",
}


def make_doc(
    spec: str, ents: list[tuple[int, int, str, str]] = (), lemmas: dict[str, str] | None = None
) -> Doc:
    toks = [t.rsplit("/", 3) for t in spec.split()]
    words = [t[0] for t in toks]
    lemmas = lemmas or {}
    doc = Doc(
        _NLP.vocab,
        words=words,
        pos=[t[1] for t in toks],
        tags=[_TAGS.get(t[1], "XX") for t in toks],
        deps=[t[2] for t in toks],
        heads=[int(t[3]) for t in toks],
        lemmas=[lemmas.get(w, w.lower()) for w in words],
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    doc.ents = [Span(doc, s, e, label=label, span_id=ent_id or 0) for s, e, label, ent_id in ents]
    return doc


def context(doc: Doc, doc_id: str = "t"):
    from kg.extract.entities import Context, iter_mentions

    return Context(doc, list(iter_mentions(doc, doc_id)))
