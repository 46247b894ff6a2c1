"""Plain frozen records passed between pipeline stages (after extract, no spaCy objects)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One source article after ingest."""

    doc_id: str  # file stem: stable and readable
    path: str  # source file as given
    title: str
    text: str  # normalised body text (title first)
    sha256: str
    publisher: str | None = None
    date: str | None = None  # ISO date of publication, when the text gives it
    url: str | None = None  # the page's address (canonical link or front matter)
    author: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span of an article naming a person, group or place."""

    doc_id: str
    start: int  # character offsets into Article.text
    end: int
    text: str  # surface form as written (titles and possessives removed)
    cls: str  # Person | Group | Place
    actor_id: str | None = None  # id in the actor dictionary, when known


@dataclass(frozen=True)
class Relation:
    subject: Mention
    predicate: str  # one of vocab.RELATIONS
    object: Mention
    evidence: str
    rule: str
    confidence: float = 0.5  # the rule's prior


@dataclass(frozen=True)
class EventRecord:
    doc_id: str
    cls: str  # one of vocab.EVENT_CLASSES
    trigger: str
    cameo: str
    evidence: str
    start: int  # offset of the trigger
    agents: tuple[Mention, ...] = ()
    targets: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()
    date: str | None = None  # ISO prefix: YYYY, YYYY-MM or YYYY-MM-DD
    date_text: str | None = None  # the expression as written
    content: str | None = None  # reported or quoted content of a statement
    confidence: float = 0.5  # in [0, 1], from the class prior and the evidence found


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    events: tuple[EventRecord, ...]
    acronyms: tuple[tuple[str, str], ...] = ()  # (short, long) defined in the text


@dataclass(frozen=True)
class Entity:
    """One real-world thing after resolution."""

    key: str  # slug, unique per class
    cls: str
    label: str
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None
    docs: tuple[str, ...] = field(default=())
    hidden_labels: tuple[str, ...] = ()  # dictionary aliases the text did not use (search)
    coordinates: tuple[float, float] | None = None  # a place's WGS84 (lat, long)


@dataclass(frozen=True)
class ResolvedRelation:
    subject: str  # entity keys
    predicate: str
    object: str
    evidence: tuple[tuple[str, str], ...]  # (article id, sentence)
    docs: tuple[str, ...]
    rules: tuple[str, ...]
    confidence: float = 0.5


@dataclass(frozen=True)
class ResolvedEvent:
    key: str
    cls: str
    cameo: str
    docs: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]  # (article id, sentence)
    triggers: tuple[str, ...]
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    places: tuple[str, ...]
    date: str | None = None
    date_text: str | None = None
    content: tuple[str, ...] = ()
    confidence: float = 0.5
    # per article, the best confidence of its reports (combined across articles)
    support: tuple[tuple[str, float], ...] = ()


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[ResolvedRelation] = field(default_factory=list)
    events: list[ResolvedEvent] = field(default_factory=list)
    # doc id -> entity key -> surface forms seen there
    surface: dict[str, dict[str, set[str]]] = field(default_factory=dict)
