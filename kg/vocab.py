"""The project's vocabulary: every IRI kg writes is built here, nowhere else."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.defaults import DEFAULT_BASE
from kg.errors import ConfigError
from kg.names import slugify, unique_slugs
from kg.schema import ENTITY_CLASSES, NS, schema

ONTOLOGY_IRI = NS
__all__ = [
    "DEFAULT_BASE",
    "GEO",
    "KG",
    "Minter",
    "class_iri",
    "relation_iri",
    "slugify",
    "unique_slugs",
]


class KG(DefinedNamespace):
    """The terms kg's code names directly (`ontology/kg.ttl`). Event classes and relations
    between actors are not listed here: they come from the ontology (`kg.schema`), through
    `class_iri` and `relation_iri`."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Person: URIRef
    Group: URIRef
    Place: URIRef
    Event: URIRef
    Document: URIRef
    # relations between actors that code names
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
    mentions: URIRef
    mentionedIn: URIRef
    assertedSubject: URIRef
    assertedProperty: URIRef
    assertedObject: URIRef
    rule: URIRef
    sourceCount: URIRef
    confidence: URIRef


class GEO(DefinedNamespace):
    """W3C Basic Geo (WGS84) vocabulary: a place's latitude and longitude, as most triple
    stores, map tools and Wikidata exports read them."""

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    lat: URIRef
    long: URIRef


SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
_TERMS = Namespace(ONTOLOGY_IRI)

# predeclared in every `kg query` (a query may still declare its own)
SPARQL_PREFIXES = {
    "kg": ONTOLOGY_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": str(SCHEMA),
    "prov": "http://www.w3.org/ns/prov#",
    "sem": str(SEM),
    "org": str(ORG),
    "wd": str(WD),
    "geo": str(GEO._NS),
}


def class_iri(name: str) -> URIRef:
    """The IRI of an actor or event class the ontology defines; a KGError otherwise."""
    if name not in ENTITY_CLASSES:
        schema().require_event(name, "class")
    return _TERMS[name]


def relation_iri(name: str) -> URIRef:
    """The IRI of a relation between actors that the ontology defines."""
    if name not in schema().relations:
        known = ", ".join(schema().relations)
        raise ConfigError(f"relation {name!r} is not in the ontology; use one of: {known}")
    return _TERMS[name]


class Minter:
    """Mints instance IRIs under one base: `{base}{kind}/{slug}`."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^[a-z][a-z0-9+.-]*:", base):
            raise ConfigError(f"base IRI {base!r} has no scheme; use e.g. {DEFAULT_BASE!r}")
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, cls: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}{cls.lower()}/{slug}")

    def event(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}event/{slug}")

    def assertion(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}assertion/{slug}")

    def document(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}doc/{slug}")

    def corpus(self) -> URIRef:
        """The named graph of what kg concludes across articles (source counts,
        confidences): no one article states it."""
        return URIRef(f"{self.base}corpus")
