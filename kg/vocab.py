"""The project's vocabulary: every IRI kg writes is built here, nowhere else."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology#"
DEFAULT_BASE = "https://w3id.org/kg-news/id/"


class KG(DefinedNamespace):
    """Terms of the kg ontology (`ontology/kg.ttl`)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Person: URIRef
    Group: URIRef
    Place: URIRef
    Event: URIRef
    Document: URIRef
    Attack: URIRef
    Killing: URIRef
    Statement: URIRef
    Demand: URIRef
    Accusation: URIRef
    Threat: URIRef
    Deployment: URIRef
    Withdrawal: URIRef
    Legislation: URIRef
    Negotiation: URIRef
    Agreement: URIRef
    # relations between actors
    memberOf: URIRef
    leaderOf: URIRef
    spokespersonOf: URIRef
    partOf: URIRef
    locatedIn: URIRef
    backedBy: URIRef
    # event roles
    agent: URIRef
    target: URIRef
    place: URIRef
    date: URIRef
    dateText: URIRef
    # provenance and evidence
    evidence: URIRef
    trigger: URIRef
    content: URIRef
    cameoCode: URIRef
    sourceFile: URIRef
    contentHash: URIRef
    publisher: URIRef
    RelationAssertion: URIRef
    mentionedIn: URIRef
    assertedSubject: URIRef
    assertedProperty: URIRef
    assertedObject: URIRef
    rule: URIRef
    sourceCount: URIRef
    confidence: URIRef


SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

ENTITY_CLASSES = ("Person", "Group", "Place")
EVENT_CLASSES = (
    "Attack",
    "Killing",
    "Statement",
    "Demand",
    "Accusation",
    "Threat",
    "Deployment",
    "Withdrawal",
    "Legislation",
    "Negotiation",
    "Agreement",
)
RELATIONS = ("memberOf", "leaderOf", "spokespersonOf", "partOf", "locatedIn", "backedBy")

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_len: int = 60) -> str:
    """A readable, ASCII, IRI-safe slug: 'Asa'ib Ahl al-Haq' -> 'asaib-ahl-al-haq'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = _SLUG_DROP.sub("-", ascii_text).strip("-")[:max_len].strip("-")
    return slug or "x"


class Minter:
    """Mints instance IRIs under one base: `{base}{kind}/{slug}`."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^[a-z][a-z0-9+.-]*:", base):
            raise ValueError(f"base IRI {base!r} has no scheme; use e.g. {DEFAULT_BASE!r}")
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, cls: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}{cls.lower()}/{slug}")

    def event(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}event/{slug}")

    def assertion(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}assertion/{slug}")

    def document(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}doc/{slug}")
