"""Where an event happened, and the mention a phrase names: the part of an event's frame
that reads places and noun phrases (kg.extract.events reads who did what to whom)."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import Context, is_stance
from kg.extract.triggers import Trigger
from kg.models import Mention
from kg.rules import grammar


class Scene:
    """One trigger in its sentence: the mentions its phrases name and its places."""

    def __init__(
        self, ctx: Context, tok: Token, trig: Trigger, triggers: dict[int, Trigger]
    ) -> None:
        self.ctx, self.tok, self.trig, self.triggers = ctx, tok, trig, triggers

    def _anchored_by_place(self) -> bool:
        """An attack whose perpetrator is not named is news when it has a place ('a drone
        attack on a base in Jordan', 'prisoners rioted in Guayaquil')."""
        return self.trig.rules.agentless_place and bool(self.places())

    def _locative(self, m: Mention) -> bool:
        """'a drone attack in Jordan': a place named where something happened is not who
        did it."""
        span = self.ctx.span_of.get(m)
        root = span.root if span is not None else None
        if root is None or root.dep_ != "pobj" or root.head.lower_ not in grammar().place_preps:
            return False
        return not (root.head.lower_ == "from" and root.head.head.pos_ == "NOUN")  # envoys from X

    def under(self, tok: Token, *, depth: int = 3, owner: bool = False) -> list[Mention]:
        """The mention at `tok`, else the nearest in its phrase (with its conjuncts).
        A possessor does not stand for its noun ('Iraq's forces' are not Iraq) unless the
        noun is what was hit: 'strikes on the militia's bases' (`owner`)."""
        ctx = self.ctx
        m = ctx.at(tok)
        if m:
            conj = [
                ctx.titled_person_after(x) or x if x.cls != m.cls else x
                for c in tok.conjuncts
                if (x := ctx.at(c)) and x != m
            ]
            return [m, *conj]
        conj = [x for c in tok.conjuncts for x in self.under(c, depth=0)] if depth else []
        named = self._named(tok)
        if named is not None:  # "a village called X", "a representative named X": X
            return [named, *(x for x in conj if x != named)]
        best: tuple[int, int, Token] | None = None
        clause = grammar().clause_deps
        # conjuncts are read above, each on its own: "experts from X as well as Y"
        skip = (clause - {"poss"} if owner else clause) | {"conj"}
        queue = [(c, 1) for c in tok.children if c.dep_ not in skip]
        while queue:
            cur, d = queue.pop(0)
            if ctx.at(cur) and not is_stance(cur):
                # an owner ('the militia's bases') only when nothing else is named
                rank = (
                    2
                    if cur.dep_ == "poss"
                    else int(ctx.at(cur).cls == "Place" and cur.dep_ == "pobj")
                )
                if best is None or (rank, d) < best[:2]:
                    best = (rank, d, cur)
                continue
            if d < depth:
                queue += [(c, d + 1) for c in cur.children if c.dep_ not in skip]
        found = self.under(best[2], depth=0) if best else []
        return found + [x for x in conj if x not in found]

    def _named(self, tok: Token) -> Mention | None:
        """The name a noun is given by 'called/named/dubbed X'."""
        words = grammar().naming_words
        return next(
            (
                m
                for c in tok.children
                if c.dep_ == "acl" and c.lower_ in words
                for g in c.children
                if g.dep_ in {"oprd", "attr", "dobj"} and (m := self.ctx.by_token.get(g.i))
            ),
            None,
        )

    def _carrier(self, tok: Token) -> list[Token]:
        """'talks resumed in Doha between A and B', 'fighting broke out in X': an event noun
        told as the subject of a plain verb has that verb's place and parties."""
        head = tok.head
        plain = head.pos_ == "VERB" and head.i not in self.triggers
        return [head] if plain and tok.dep_ in {"nsubj", "nsubjpass"} else []

    def _prep_places(self, heads: list[Token]) -> list[Mention]:
        return [
            m
            for h in heads
            for p in h.children
            if p.dep_ == "prep" and p.lower_ in self.trig.place_preps
            for g in p.children
            for m in self.under(g)
            if m.cls == "Place"
        ]

    def _scene(self, tok: Token) -> list[Mention]:
        """A coordinated verb shares its head's place ('withdrew from Iraq ... but
        redeployed'); a force's later moves keep the place of the act they follow
        ('invaded Iraq, then withdrew, only to return')."""
        moving = self.trig.rules.movement
        deps = {"conj", "advcl"} if moving else {"conj"}
        cur = tok
        for _ in range(3 if moving else 1):
            if cur.dep_ not in deps or cur.head.pos_ != "VERB":
                return []
            cur = cur.head
            found = self._prep_places([cur])
            if moving:
                found += [
                    m
                    for c in cur.children
                    if c.dep_ == "dobj" and (m := self.ctx.by_token.get(c.i)) and m.cls == "Place"
                ]
            if found:
                return found
        return []

    def places(self) -> list[Mention]:
        """Places introduced by locative prepositions on the trigger, its object, or (for
        nouns carried by a light verb) that verb; a coordinated verb shares its head's;
        else any locative place below the trigger."""
        tok = self.tok
        heads = [tok, *[c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "pobj"}]]
        if tok.pos_ == "NOUN" and tok.dep_ in {"dobj", "nsubjpass"}:
            heads.append(tok.head)
        out = self._prep_places(heads)
        if not out and tok.pos_ == "NOUN":
            out = self._prep_places(self._carrier(tok))
        if not out:
            out = self._scene(tok)
        if out:
            return out
        by_token = self.ctx.by_token
        if not any(
            (m := by_token.get(i)) and m.cls == "Place"
            for i in range(tok.left_edge.i, tok.right_edge.i + 1)
        ):
            return []  # no place in the phrase: spare the walk of its subtree
        return [
            m
            for t in tok.subtree
            if (m := self.ctx.by_token.get(t.i))
            and m.cls == "Place"
            and t.head.dep_ == "prep"
            and t.head.lower_ in grammar().place_preps - {"from", "on"}
            and t.dep_ == "pobj"
        ]
