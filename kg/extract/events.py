"""Events from trigger words and the dependency parse: who did what to whom, where, when."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Token

from kg import dates
from kg.confidence import event_confidence
from kg.extract import attributes
from kg.extract.entities import Context, can_act, is_media, is_stance
from kg.extract.places import home_country
from kg.extract.scan import text_of
from kg.extract.scene import Scene
from kg.extract.syntax import subject_of
from kg.extract.triggers import by_content, embedded, licensed, speech, trigger_for, trigger_words
from kg.models import EventRecord, Mention
from kg.rules import grammar, lexicon


def iter_events(ctx: Context, *, doc_id: str, anchor: str | None) -> Iterator[EventRecord]:
    previous = None  # last absolute date in the text, for "two days later"
    full = [d for e in ctx.dates if (d := dates.parse_absolute(e.text))]
    year = max(int(d[:4]) for d in full) if full else None  # completes "Jan. 7"
    lex = lexicon()
    words = trigger_words(ctx.doc, lex)
    for sent in ctx.doc.sents:
        found = {
            i: trig
            for i in words[bisect_left(words, sent.start) : bisect_left(words, sent.end)]
            if i not in ctx.by_token and (trig := trigger_for(ctx.doc[i], lex))
        }
        triggers = {i: trig for i, trig in found.items() if licensed(ctx.doc[i], trig)}
        for i, trig in triggers.items():
            tok = ctx.doc[i]
            if embedded(tok, trig, found):
                continue  # nested in another event, real or not: that one tells it
            frame = Frame(ctx, tok, by_content(tok, trig), triggers)
            record = frame.record(doc_id=doc_id, anchor=anchor, previous=previous, year=year)
            if record:
                yield record
        for ent in ctx.dates_in(sent):
            if found := dates.parse_absolute(ent.text):
                previous = found


def _present(tok: Token) -> bool:
    """'Forces are advancing', 'the army controls', 'forces battling X are advancing':
    told in the present tense (a bare participle takes its clause's tense)."""
    if tok.tag_ in {"VBZ", "VBP"}:
        return True
    if tok.tag_ != "VBG":
        return False
    verb = tok if any(c.dep_ == "aux" for c in tok.children) else tok.sent.root
    return verb.tag_ in {"VBZ", "VBP"} or any(
        c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} for c in verb.children
    )


# ---------------------------------------------------------------- licensing
class Frame(Scene):
    """The participants of one trigger."""

    def record(
        self, *, doc_id: str, anchor: str | None, previous: str | None, year: int | None = None
    ) -> EventRecord | None:
        tok, trig = self.tok, self.trig
        roles = self.roles()
        if roles is None:
            return None
        agents, targets = roles
        places = [m for m in self.places() if m not in agents and m not in targets]
        if trig.rules.national and not places:
            places = [c] if (c := home_country(self.ctx, agents)) else []
        date_text = attributes.date_text(self.ctx, tok, self.triggers)
        sent = tok.sent
        in_sentence = {self.ctx.by_token.get(i) for i in range(sent.start, sent.end)}
        confidence = event_confidence(
            trig.cls,
            noun=tok.pos_ == "NOUN",
            agent=bool(agents),
            anaphoric=any(m not in in_sentence for m in agents),
            anchored=bool(targets or places),
        )
        if date_text:
            date = dates.resolve(date_text, anchor=anchor, previous=previous, year=year)
        else:  # a report of what is said or going on now holds in the report's month
            date = anchor[:7] if anchor and (speech(trig.cls) or _present(tok)) else None
        return EventRecord(
            doc_id=doc_id,
            cls=trig.cls,
            trigger=tok.text,
            cameo=trig.cameo,
            evidence=text_of(sent).strip(),
            start=tok.idx,
            agents=_uniq(agents),
            targets=_uniq(targets),
            places=_uniq(places),
            date=date,
            date_text=date_text,
            content=attributes.content(tok) if speech(trig.cls) else None,
            confidence=confidence,
        )

    def roles(self) -> tuple[list[Mention], list[Mention]] | None:
        """Agents and targets, or None when the trigger lacks what its class needs."""
        tok, trig = self.tok, self.trig
        agents, targets = self.noun_roles() if tok.pos_ == "NOUN" else self.verb_roles()
        if speech(trig.cls) and not targets and tok.pos_ != "NOUN":
            where = self.places() if trig.rules.agentless_place else []
            targets = [m for m in self.about(agents) if m not in where]  # "protested in X"
        agents = [
            m
            for m in agents
            if (m.cls != "Place" or (can_act(m) and not self._locative(m))) and not is_media(m)
        ]
        if trig.rules.candidates:  # "X won the election": X is who it chose
            targets = [m for m in agents if m.cls == "Person"] + targets
            agents = [m for m in agents if m.cls != "Person"]
        if trig.rules.parties and len(agents) > 1 and not targets:
            agents, targets = agents[:1], agents[1:]  # "Baghdad and Washington held talks"
        elif trig.rules.parties and not agents and len(targets) > 1:
            agents, targets = targets[:1], targets[1:]  # "talks between A and B were held"
        targets = [m for m in targets if m not in agents]
        if trig.options.needs_agent_group and not any(m.cls == "Group" for m in agents):
            return None
        if trig.options.needs_target and not targets:
            return None
        if not agents:  # "thousands protested in Nairobi": no one named, a place is enough
            anchored = self._anchored_by_place() or (trig.options.agentless and bool(targets))
            if (speech(trig.cls) and not anchored) or not (targets or anchored):
                return None
        return agents, targets

    def verb_roles(self) -> tuple[list[Mention], list[Mention]]:
        tok, trig = self.tok, self.trig
        agents: list[Mention] = []
        targets: list[Mention] = []
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        for verb in (tok, *tok.conjuncts):  # "killed or injured by a US airstrike"
            for by in (c for c in verb.children if c.dep_ == "agent"):
                agents += [m for g in by.children for m in self._agent_of(g)]
            if agents:
                break
        for child in tok.children:
            if child.dep_ == "nsubjpass":
                (agents if trig.rules.movement else targets).extend(self.under(child))
            elif child.dep_ in {"dobj", "dative"} and trig.cls != "Statement":
                if not trig.rules.movement and not trig.options.needs:
                    targets += self.under(child, owner=True)  # "ratified Maduro's victory"
                targets += self._prep_targets(child)
            elif child.dep_ == "prep" and child.lower_ in trig.target_preps:
                targets += self._objects(child, owner=False)
        if not passive and not agents:
            subj = subject_of(tok)
            agents = self._agent_of(subj) if subj is not None else self._blamed(tok)
        if trig.rules.targets_from_demand:  # "passed a law demanding the expulsion of X"
            targets += self.demanded(tok, exclude=agents)[:1]
        return agents, targets

    def _blamed(self, tok: Token) -> list[Mention]:
        """'accused Chad of arming rebels', 'condemnation of Israel for carrying out
        attacks': whom an accusation blames for an act is that act's agent."""
        prep = tok.head
        if tok.dep_ != "pcomp" or prep.lower_ not in {"of", "for"}:
            return []
        owner = prep.head
        for cand in (owner, *(c for c in owner.children if c.dep_ == "dobj")):
            trig = trigger_for(cand)
            if trig is None or trig.cls != "Accusation":
                continue
            objs = [c for c in cand.children if c.dep_ == "dobj"]  # "accused X"
            objs += [  # "condemnation of X"
                g
                for p in cand.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children
                if g.dep_ == "pobj"
            ]
            return [m for o in objs for m in self.under(o)]
        return []

    def _agent_of(self, tok: Token) -> list[Mention]:
        """'by a US airstrike', 'the Israeli strikes targeted ...': the actor behind an event
        noun is the agent (and a place in that noun's phrase is not)."""
        if tok.pos_ == "NOUN" and (tok.i in self.triggers or trigger_for(tok) is not None):
            return self.noun_roles_of(tok)[0]
        return self.under(tok)

    def _prep_targets(self, obj: Token) -> list[Mention]:
        """'launched missiles on the base': the object's own target preposition."""
        preps = self.trig.target_preps
        return [
            m
            for p in obj.children
            if p.dep_ == "prep" and p.lower_ in preps
            for g in p.children
            for m in self.under(g)
        ]

    def noun_roles(self) -> tuple[list[Mention], list[Mention]]:
        return self.noun_roles_of(self.tok)

    def noun_roles_of(self, tok: Token) -> tuple[list[Mention], list[Mention]]:
        """'the US assassination of X', 'its demand for the withdrawal of Y',
        'talks between A and B', 'airstrikes ordered by Z'."""
        trig = self.trig
        agents: list[Mention] = []
        targets: list[Mention] = []
        between = [c for h in self._carrier(tok) for c in h.children if c.lower_ == "between"]
        for child in (*tok.children, *between):
            if child.dep_ == "poss" and child.pos_ == "PRON":
                agents += self._possessor(tok, child)
            elif child.dep_ == "amod" and child.lower_ == "led":  # "a US-led campaign"
                agents += [m for g in child.children if (m := self.ctx.at(g))]
            elif child.dep_ in {"poss", "compound", "amod", "nmod"} and (
                m := self.ctx.at(child) or self.ctx.demonym_country(child)
            ):
                agents.append(m)  # "the US assassination", "Israeli strikes"
            elif child.dep_ == "prep" and child.lower_ == "between" and trig.rules.parties:
                agents += self._objects(child)
            elif child.dep_ == "prep" and child.lower_ in trig.target_preps | {"for"}:
                moved = trig.rules.movement and child.lower_ == "of"  # 'withdrawal of US troops'
                (agents if moved else targets).extend(self._objects(child))
        agents = agents or self._by_agents(tok) or self._governor_agents(tok)
        if trig.rules.targets_from_demand:
            targets += self.demanded(tok, exclude=agents)[:1]
        if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":  # "the strike was against the PMU"
            preps = trig.target_preps
            targets += [
                m
                for p in tok.head.children
                if p.dep_ == "prep" and p.lower_ in preps
                for m in self._objects(p)
            ]
        return agents, targets

    def _objects(self, prep: Token, *, owner: bool | None = None) -> list[Mention]:
        """The mentions a preposition's object names; an act ('accused X of arming Y') is
        the charge, whose own participants are not this event's."""
        owner = prep.lower_ in self.trig.target_preps if owner is None else owner
        return [m for g in prep.children if g.dep_ != "pcomp" for m in self.under(g, owner=owner)]

    def _by_agents(self, tok: Token) -> list[Mention]:
        """'a strike authorized by Trump': the agent of a participle on the noun."""
        return [
            m
            for c in tok.children
            if c.dep_ in {"acl", "amod", "relcl"}
            for a in c.children
            if a.dep_ == "agent"
            for m in self._objects(a)
        ]

    def _governor_agents(self, tok: Token) -> list[Mention]:
        """'X launched/ordered strikes': the subject of the light verb carrying the noun;
        'where X are leading strikes' (a verb the parser hung on the noun) likewise."""
        head = tok.head
        claimant = self._claimant(tok)
        if claimant:
            return claimant
        if tok.dep_ in {"dobj", "nsubjpass"} and head.lemma_ in grammar().light_verbs:
            subj = subject_of(head)
            return (self.under(subj) if subj is not None else []) + self._by_agents(head)
        for verb in (c for c in tok.children if c.pos_ == "VERB"):
            subj = next((g for g in verb.children if g.dep_ in grammar().subject_deps), None)
            if subj is None:
                subj = next(
                    (
                        g
                        for a in verb.children
                        if a.pos_ == "AUX"
                        for g in a.children
                        if g.dep_ in grammar().subject_deps
                    ),
                    None,
                )
            if subj is not None:
                return self.under(subj)
        return []

    def _claimant(self, tok: Token) -> list[Mention]:
        """'X claimed responsibility for the bombing': X carried it out."""
        prep, owner = tok.head, tok.head.head
        if not (prep.lower_ == "for" and owner.lemma_.lower() == "responsibility"):
            return []
        verb = owner.head
        if verb.lemma_.lower() not in grammar().responsibility_verbs:
            return []
        subj = subject_of(verb)
        return self.under(subj) if subj is not None else []

    def _possessor(self, tok: Token, pron: Token) -> list[Mention]:
        """'KH reiterated its demand': 'its' is the subject of the verb the noun objects."""
        if self.trig.rules.movement:
            return []  # 'its withdrawal' names who is to leave, not who acts
        subj = next((c for c in tok.head.children if c.dep_ in grammar().subject_deps), None)
        if tok.dep_ == "dobj" and subj is not None:
            return self.under(subj)
        m = self.ctx.antecedent(pron)
        return [m] if m else []

    def demanded(self, tok: Token, *, exclude: list[Mention]) -> list[Mention]:
        """Actors in what a law or call demands ('a law demanding the expulsion of X')."""
        out: list[Mention] = []
        heads = [
            t for t in tok.subtree if t.lemma_.lower() in grammar().demand_content and t.i != tok.i
        ]
        for head in heads:
            for t in head.subtree:
                m = self.ctx.by_token.get(t.i)
                ok = m and m not in exclude and m not in out and not is_stance(t)
                if ok and (m.cls != "Place" or can_act(m)):
                    out.append(m)
        return [m for m in out if m.cls == "Group"] + [m for m in out if m.cls != "Group"]

    def about(self, agents: list[Mention]) -> list[Mention]:
        """Whom a statement is about: actors in the reported clause, else in the rest of the
        trigger's phrase, never in the speaker's own ('the leader of the X coalition')."""
        tok = self.tok
        clause = next((c for c in tok.children if c.dep_ in {"ccomp", "parataxis"}), None)
        own = {t.i for c in tok.children if c.dep_ in grammar().subject_deps for t in c.subtree}
        scope = list(clause.subtree) if clause is not None else list(tok.subtree)
        found: list[Mention] = []
        for t in scope:
            m = self.ctx.by_token.get(t.i)
            if m and t.i not in own and m not in agents and m not in found and not is_stance(t):
                found.append(m)
        ranked = [m for m in found if m.cls in {"Group", "Person"}]
        ranked += [m for m in found if m.cls == "Place" and can_act(m)]
        ranked += [
            d
            for t in scope
            if t.i not in own and (d := self.ctx.demonym_country(t)) and d not in ranked + agents
        ]
        return ranked[:2]


def _uniq(ms: list[Mention]) -> tuple[Mention, ...]:
    seen, out = set(), []
    for m in ms:
        key = m.actor_id or m.text
        if key not in seen:
            seen.add(key)
            out.append(m)
    return tuple(out)
