"""Hand-built parsed Docs for model-free rule tests.

Each token is 'word/POS/dep/head' or 'word/POS/dep/head/TAG' (head: absolute index over
the whole text, or the token's own index for ROOT). A token '//' (not counted in indices)
starts a new sentence, so rules that look back across sentences can be tested.
Entities are (start, end, label, id) over token indices.

Fine-grained tags follow what en_core_web_sm gives, so rules that read tags see real ones:
modals are MD, present auxiliaries VBZ/VBP, 'to' is TO and 'not' RB (not POS)."""

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
    "PART": "RP",
    "NUM": "CD",
    "CCONJ": "CC",
    "ADV": "RB",
    "SCONJ": "IN",
}
# Words whose tag the model fixes whatever the sentence: auxiliaries, modals, particles.
_WORD_TAGS = {
    "will": "MD", "would": "MD", "must": "MD", "can": "MD", "could": "MD", "may": "MD",
    "might": "MD", "should": "MD", "shall": "MD",
    "is": "VBZ", "has": "VBZ", "does": "VBZ", "are": "VBP", "am": "VBP", "have": "VBP",
    "do": "VBP", "was": "VBD", "were": "VBD", "had": "VBD", "did": "VBD", "be": "VB",
    "been": "VBN", "being": "VBG",
    "to": "TO", "not": "RB", "n't": "RB", "'s": "POS", "’s": "POS",
}  # fmt: skip
_PUNCT_TAGS = {".": ".", ",": ",", '"': "``", ":": ":", "(": "-LRB-", ")": "-RRB-"}


def _tag(word: str, pos: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    if pos == "PUNCT":
        return _PUNCT_TAGS.get(word, ",")
    if pos in {"AUX", "PART"} or (pos == "VERB" and word.lower() in {"has", "have", "had"}):
        return _WORD_TAGS.get(word.lower(), _TAGS[pos])
    return _TAGS.get(pos, "XX")


def make_doc(
    spec: str,
    ents: list[tuple[int, int, str, str]] = (),
    lemmas: dict[str, str] | None = None,
    joined: tuple[int, ...] = (),
) -> Doc:
    """`joined`: indices of tokens written with no space after them ("Duck-soo")."""
    starts: list[bool] = []
    toks: list[list[str]] = []
    new_sentence = True
    for item in spec.split():
        if item == "//":
            new_sentence = True
            continue
        toks.append(item.split("/"))
        starts.append(new_sentence)
        new_sentence = False
    words = [t[0] for t in toks]
    lemmas = lemmas or {}
    doc = Doc(
        _NLP.vocab,
        words=words,
        spaces=[i not in joined for i in range(len(words))],
        pos=[t[1] for t in toks],
        tags=[_tag(t[0], t[1], t[4] if len(t) > 4 else None) for t in toks],
        deps=[t[2] for t in toks],
        heads=[int(t[3]) for t in toks],
        lemmas=[lemmas.get(w, w.lower()) for w in words],
        sent_starts=starts,
    )
    doc.ents = [Span(doc, s, e, label=label, span_id=ent_id or 0) for s, e, label, ent_id in ents]
    return doc


def context(doc: Doc, doc_id: str = "t"):
    from kg.extract.entities import Context, iter_mentions

    return Context(doc, list(iter_mentions(doc, doc_id)))


def relations(doc: Doc) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) texts of the relations the rules find in a hand-built Doc."""
    from kg.extract.relations import iter_relations

    return {(r.subject.text, r.predicate, r.object.text) for r in iter_relations(context(doc))}


def events(doc: Doc) -> list[tuple[str, list[str], list[str], list[str]]]:
    """(class, agents, targets, places) texts of the events the rules find in a hand-built Doc."""
    from kg.extract.events import iter_events

    return [
        (e.cls, [m.text for m in e.agents], [m.text for m in e.targets], [m.text for m in e.places])
        for e in iter_events(context(doc), doc_id="t", anchor=None)
    ]
