"""Relations between actors, from the ways news states them: titles and appositions,
"X of Y", "X-backed Y", units of groups, and places within places."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.actors import institution
from kg.extract.entities import Context, is_stance
from kg.extract.places import actor_or_country, iter_place_relations, relation
from kg.extract.scan import LEMMA, LOWER, indices_where
from kg.extract.syntax import subject_of
from kg.models import Mention, Relation
from kg.rules import grammar, roles


def iter_relations(ctx: Context) -> Iterator[Relation]:
    yield from _role_relations(ctx)
    yield from _possessive_leader(ctx)
    yield from _backed_by(ctx)
    yield from _part_of(ctx)
    yield from _said_part_of(ctx)
    yield from iter_place_relations(ctx)


# ---------------------------------------------------------------- people in groups
def _role_at(tok: Token) -> tuple[str, int] | None:
    """(relation, first token index) when a role phrase ends at `tok`."""
    phrases, words = roles().phrases, roles().words
    if tok.lower_ not in roles().last_words and tok.lemma_.lower() not in phrases:
        return None  # most nouns end no role phrase: skip building phrases for them
    doc = tok.doc
    for n in (3, 2, 1):
        start = tok.i - n + 1
        if start < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[start : tok.i + 1])
        rel = phrases.get(phrase) or (phrases.get(tok.lemma_.lower()) if n == 1 else None)
        if rel:
            if start > 0 and doc[start - 1].lower_ in words.downgrade:
                rel, start = "memberOf", start - 1
            return rel, start
    return None


def _role_ends(doc: Doc) -> list[int]:
    """Indices, in order, of the tokens `_role_at` can accept (found from the Doc's columns)."""
    last_words, phrases = roles().last_words, roles().phrases
    by_word = indices_where(doc, LOWER, last_words.__contains__)
    by_lemma = indices_where(doc, LEMMA, lambda lemma: lemma.lower() in phrases)
    return sorted({*by_word, *by_lemma})


def _role_relations(ctx: Context) -> Iterator[Relation]:
    for tok in (ctx.doc[i] for i in _role_ends(ctx.doc)):
        if tok.i in ctx.by_token or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        found = _role_at(tok)
        if not found:
            continue
        rel, start = found
        group = _group_for_role(ctx, tok, start)
        person = _person_for_role(ctx, tok, group)
        if group and person and group.cls == "Group" and person.cls == "Person":
            yield relation(ctx, person, rel, group, tok, "role-noun")


def _group_for_role(ctx: Context, role: Token, start: int) -> Mention | None:
    """'KH spokesman', 'the group's spokesman', 'Iraqi Prime Minister', 'spokesman of/for KH'."""
    doc = ctx.doc
    i, nouns = start - 1, 0
    while (
        i >= 0
        and i not in ctx.by_token
        and doc[i].ent_type_ != "NORP"
        and (
            doc[i].tag_ == "POS"
            or doc[i].text == ")"
            or doc[i].pos_ == "ADJ"
            or (
                doc[i].pos_ == "NOUN"
                and doc[i].dep_ == "compound"
                and nouns == 0
                and ctx.antecedent(doc[i]) is None  # "Coalition spokesman": the group
            )
        )
    ):
        nouns += doc[i].pos_ == "NOUN"  # "the RNP contingent commander": one noun between
        i -= 1
    if i >= 0:
        left = ctx.by_token.get(i) or ctx.antecedent(doc[i])
        if left and left.cls == "Group":
            return left
        office = " ".join(t.lower_ for t in doc[start : role.i + 1])
        offices = roles().words.government_offices
        if left is None and doc[i].ent_type_ == "NORP" and office in offices:
            return _government_of(ctx, doc[i])  # "Iraqi Prime Minister X"
    for child in role.children:
        if child.dep_ == "prep" and child.lower_ in grammar().role_preps:
            found = _first_group(ctx, child)
            if found:
                return found
    return _group_after(ctx, role)


def _group_after(ctx: Context, role: Token, *, window: int = 10) -> Mention | None:
    """Read linearly when the parse fails: 'the leader of the pro-PMU and pro-Iraqi
    resistance al-Fatah coalition' -> the first group after 'of' that is not a stance."""
    doc = ctx.doc
    if role.i + 1 >= len(doc) or doc[role.i + 1].lower_ not in grammar().role_preps:
        return None
    for tok in doc[role.i + 2 : min(len(doc), role.i + 2 + window)]:
        if tok.pos_ in {"VERB", "AUX"} or tok.text in {",", ";", ".", "("}:
            return None
        m = ctx.by_token.get(tok.i)
        if m and m.cls == "Group" and not is_stance(tok):
            return m
    return None


def _first_group(ctx: Context, root: Token) -> Mention | None:
    """The nearest group under `root` (breadth first), named or pointed back to."""
    queue = list(root.children)
    while queue:
        tok = queue.pop(0)
        m = ctx.at(tok)
        if m and m.cls == "Group" and not is_stance(tok):
            return m
        if tok.dep_ not in {"relcl", "acl", "ccomp", "advcl"}:
            queue.extend(tok.children)
    return None


def _government_of(ctx: Context, demonym: Token) -> Mention | None:
    """'Iraqi' before 'Prime Minister' stands for the Iraqi government, when the article
    names that government: a node for a body the text never names would be our invention."""
    country = ctx.demonym_country(demonym)
    if country is None:
        return None
    inst_id, name = institution(country.actor_id or "", "government")
    if not any(m.actor_id == inst_id for _, m in ctx.spans):
        return None
    return Mention(
        doc_id=country.doc_id,
        start=country.start,
        end=country.end,
        text=name,
        cls="Group",
        actor_id=inst_id,
    )


_BEFORE_NAME = {"called", "named", "identified"}  # "a Hezbollah representative called X"


def _short_form(ctx: Context, j: int, group: Mention) -> bool:
    """Token j is the group again: the same mention, or its short form in brackets."""
    m = ctx.by_token.get(j)
    if m is None or m.cls != "Group":
        return False
    same = m == group or (m.actor_id is not None and m.actor_id == group.actor_id)
    return same or (j > 0 and ctx.doc[j - 1].text == "(")


def _person_for_role(ctx: Context, role: Token, group: Mention | None) -> Mention | None:
    doc = ctx.doc
    # "spokesman Ahmed al-Sahaf", "the leader of the Fatah coalition Hadi al-Ameri"
    starts = [role.i + 1]
    if group and group in ctx.span_of:
        starts.append(ctx.span_of[group].end)
    titles = roles().phrases
    for j in starts:
        while j < len(doc) and (
            doc[j].text in {",", "(", ")", "."}
            or doc[j].lower_ in _BEFORE_NAME
            or doc[j].lower_ in titles
            or doc[j].lower_.rstrip(".") in titles
            or (group is not None and _short_form(ctx, j, group))  # "(TTP)"
        ):
            j += 1
        m = ctx.by_token.get(j)
        if m and m.cls == "Person":
            return m
    # "Mahmoud al-Rubaie, spokesman of ..." / "X is the leader of Y"
    head = role.head
    if role.dep_ == "appos" or role.dep_ == "attr":
        target = (
            head
            if role.dep_ == "appos"
            else next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        )
        m = ctx.at(target) if target is not None else None
        if m and m.cls == "Person":
            return m
    # "a spokesperson for Kataeb Hezbollah, Abu Ali Al-Askari"
    for child in role.children:
        if child.dep_ == "appos":
            m = ctx.at(child)
            if m and m.cls == "Person":
                return m
    # "X, head of A and leader of B": a conjoined role has its first role's person
    if role.dep_ == "conj" and role.head.i != role.i and _role_at(role.head):
        return _person_for_role(ctx, role.head, None)
    return None


def _possessive_leader(ctx: Context) -> Iterator[Relation]:
    """'Haftar's self-styled Libyan National Army', 'Hemedti's RSF': a person's armed
    group or party is the one they lead."""
    doc = ctx.doc
    for span, m in ctx.spans:
        if m.cls == "Place" or span.end >= len(doc) or doc[span.end].tag_ != "POS":
            continue  # (a person the NER called a group is still typed by the vote)
        for tok in doc[span.end + 1 : span.end + 5]:
            group = ctx.by_token.get(tok.i)
            if group is not None:
                if group.cls == "Group":
                    yield relation(ctx, m, "leaderOf", group, tok, "possessive-leader")
                break
            if tok.pos_ not in {"ADJ", "PUNCT", "DET"} and tok.text != "-" and tok.dep_ != "amod":
                break


# ---------------------------------------------------------------- sponsors
def _backed_by(ctx: Context) -> Iterator[Relation]:
    for i in indices_where(ctx.doc, LOWER, grammar().sponsor_words.__contains__):
        tok = ctx.doc[i]
        sponsor = None
        if tok.i >= 2 and ctx.doc[tok.i - 1].text == "-":
            sponsor = actor_or_country(ctx, ctx.doc[tok.i - 2])
        by = [c for c in tok.children if c.dep_ == "agent"]
        if sponsor is None and by:
            sponsor = next((ctx.at(t) for t in by[0].subtree if ctx.at(t)), None)
        backed = _backed_noun(ctx, tok)
        if sponsor and backed and backed.cls == "Group" and backed != sponsor:
            yield relation(ctx, backed, "backedBy", sponsor, tok, "x-backed")


def _backed_noun(ctx: Context, tok: Token) -> Mention | None:
    head = tok.head
    if head.dep_ == "appos" and (named := ctx.by_token.get(head.head.i)):
        return named  # "Kata'ib Hizballah, an Iran-backed militia"
    for cand in (head, *[c for c in head.children if c.dep_ in {"nsubjpass", "nsubj"}]):
        if cand.tag_ in {"NNS", "NNPS"} and cand.i not in ctx.by_token:
            return None  # "Iranian-backed groups": no one group is named
        m = ctx.at(cand)
        if m:
            return m
    return None


# ---------------------------------------------------------------- units of groups
def _part_of(ctx: Context) -> Iterator[Relation]:
    units = roles().words.unit_nouns
    doc = ctx.doc
    for span, m in ctx.spans:
        if m.cls != "Group":
            continue
        # "the 14th Brigade of the PMU"
        nxt = _skip(doc, span.end, {"of"}, {"the"})
        other = ctx.by_token.get(nxt) if nxt is not None else None
        if other and other.cls == "Group" and span[-1].lower_ in units and other != m:
            yield relation(ctx, m, "partOf", other, span[-1], "unit-of")
        # "the Kidal Front (KF), an offshoot of the banned Ansar Dine"
        whole = _apposed_whole(ctx, span, units)
        if whole is not None and whole != m:
            yield relation(ctx, m, "partOf", whole, span[-1], "apposition-unit")
        # "the US army's elite Delta Force units"
        if span.end < len(doc) and doc[span.end].tag_ == "POS":
            j = span.end + 1
            while j < len(doc) and doc[j].pos_ == "ADJ" and j not in ctx.by_token:
                j += 1
            inner = ctx.by_token.get(j)
            if inner and inner.cls == "Group" and inner != m:
                yield relation(ctx, inner, "partOf", m, doc[j], "possessive-unit")


def _said_part_of(ctx: Context) -> Iterator[Relation]:
    """'X is part of Y', 'X, a wing of Y,', 'X became part of Y'; 'X, a coalition of
    militias integrated into Y' (the participle is said of the group the phrase describes)."""
    words = roles().words
    nouns = words.part_nouns | words.unit_nouns
    either = nouns | words.joining_verbs
    for i in indices_where(ctx.doc, LEMMA, lambda lemma: lemma.lower() in either):
        tok = ctx.doc[i]
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in nouns and tok.dep_ in {"attr", "appos"}:
            link = "of"
        elif tok.pos_ == "VERB" and lemma in words.joining_verbs:
            link = "into"
        else:
            continue
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == link]
        whole = next((w for p in preps if (w := _first_group(ctx, p))), None)
        part = _described(ctx, tok) if whole else None
        if part and part != whole:
            yield relation(ctx, part, "partOf", whole, tok, "said-part-of")


def _described(ctx: Context, tok: Token, *, hops: int = 4) -> Mention | None:
    """The group a predicate noun or participle is said of: the copula's subject, or the
    name an apposition follows ('the PMF (PMF), a coalition of ...'), climbing from 'militias'
    in 'a coalition of militias' to the coalition."""
    cur: Token | None = tok
    for _ in range(hops):
        if cur is None:
            return None
        if cur.pos_ == "VERB" and (subj := subject_of(cur)) is not None and subj.i != cur.i:
            nxt: Token | None = subj
        elif cur.dep_ in {"attr", "appos"}:
            left = _group_before(ctx, cur.left_edge.i)
            if left is not None:
                return left
            nxt = subject_of(cur.head) if cur.dep_ == "attr" else cur.head
        elif cur.dep_ == "acl" or (cur.dep_ == "pobj" and cur.head.lower_ == "of"):
            nxt = cur.head if cur.dep_ == "acl" else cur.head.head
        else:
            return None
        m = ctx.at(nxt) if nxt is not None else None
        if m is not None:
            return m if m.cls == "Group" else None
        cur = nxt
    return None


def _group_before(ctx: Context, i: int) -> Mention | None:
    """The group named just before ', <description>' (past its bracketed short form)."""
    doc = ctx.doc
    if i < 1 or doc[i - 1].text != ",":
        return None
    j = i - 2
    if j >= 0 and doc[j].text == ")":
        j = next((k - 1 for k in range(j, max(j - 5, -1), -1) if doc[k].text == "("), j)
    m = ctx.by_token.get(j) if j >= 0 else None
    return m if m is not None and m.cls == "Group" else None


def _apposed_whole(ctx: Context, span: Span, units: frozenset[str]) -> Mention | None:
    """The group in ", a splinter/faction/wing of [the] Y" or ", a Y affiliate" right after
    a group's name (and its bracketed short form)."""
    doc, j = ctx.doc, span.end
    if j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j, min(j + 5, len(doc))) if doc[k].text == ")"), None)
        j = close + 1 if close is not None else j
    if j + 1 >= len(doc) or doc[j].text != "," or doc[j + 1].lower_ not in {"a", "an", "the"}:
        return None
    j += 2
    while j < len(doc) and doc[j].pos_ in {"ADJ", "ADV"}:
        j += 1
    named = ctx.by_token.get(j)  # ", an al-Qaeda affiliate": the whole named before the noun
    if named is not None and named.cls == "Group":
        after = ctx.span_of[named].end
        return named if after < len(doc) and doc[after].lower_ in units else None
    if j + 1 >= len(doc) or doc[j].lower_ not in units or doc[j + 1].lower_ != "of":
        return None
    j += 2
    while j < len(doc) and (doc[j].pos_ in {"DET", "ADJ"} or doc[j].tag_ == "VBN"):
        j += 1  # "the proscribed", "the banned"
    whole = ctx.by_token.get(j)
    return whole if whole is not None and whole.cls == "Group" else None


def _skip(doc, i: int, required: set[str], optional: set[str]) -> int | None:
    if i < len(doc) and doc[i].lower_ in required:
        i += 1
        while i < len(doc) and doc[i].lower_ in optional:
            i += 1
        return i
    return None
