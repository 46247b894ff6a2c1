"""The graph as a network for Gephi and networkx: GraphML and GEXF.

Nodes are the people, groups, places and events; edges are the relations between actors and
the events' roles, read as the HTML view reads them: agent -> event -> target (and place).
Every node and edge carries its kind, class, date, confidence and source count; every edge has
its own id. GEXF marks each event (and its edges) with a start date, so Gephi's timeline can
play the events in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from kg.oxrdf import StoreGraph
from kg.schema import ENTITY_CLASSES, ROLES, schema
from kg.vocab import KG, class_iri, relation_iri

ROLE_DIRECTION = {"agent": "in", "target": "out", "place": "out"}  # seen from the event


@dataclass(frozen=True)
class _Facts:
    """Confidence and source count of one event or relation."""

    confidence: float | None
    sources: int


def network(g: StoreGraph | Graph) -> nx.MultiDiGraph:
    """People, groups, places and events with their attributes; relations and roles as edges
    with unique ids (e0, e1, ... in a stable order)."""
    net = nx.MultiDiGraph()
    kinds = {str(class_iri(c)): c for c in (*ENTITY_CLASSES, *schema().events)}
    for node, cls in sorted(g.subject_objects(RDF.type)):
        if str(cls) not in kinds or not isinstance(node, URIRef):
            continue
        name = kinds[str(cls)]
        attrs = {"label": str(g.value(node, RDFS.label) or node), "class": name}
        if name in ENTITY_CLASSES:
            attrs |= {"type": name, "sources": len(set(g.subjects(KG.mentions, node)))}
        else:
            facts = _facts(g, node)
            attrs |= {"type": "Event", "sources": facts.sources}
            attrs |= {"confidence": facts.confidence} if facts.confidence is not None else {}
            attrs |= {"date": str(date)} if (date := g.value(node, KG.date)) else {}
        net.add_node(str(node), **attrs)
    for i, (s, o, attrs) in enumerate(_edges(g, net)):
        net.add_edge(s, o, key=f"e{i}", **attrs)
    return net


def _edges(g: StoreGraph | Graph, net: nx.MultiDiGraph) -> Iterator[tuple[str, str, dict]]:
    assertions = _assertions(g)
    for name in schema().relations:
        for s, o in sorted(g.subject_objects(relation_iri(name))):
            if str(s) in net and str(o) in net:
                facts = assertions.get((str(s), name, str(o)), _Facts(None, 1))
                yield str(s), str(o), _edge_attrs(name, "relation", facts, None)
    for role in ROLES:
        for event, entity in sorted(g.subject_objects(KG[role])):
            e, x = str(event), str(entity)
            if e not in net or x not in net:
                continue
            data = net.nodes[e]
            facts = _Facts(data.get("confidence"), data["sources"])
            attrs = _edge_attrs(role, "role", facts, data.get("date"))
            yield (x, e, attrs) if ROLE_DIRECTION[role] == "in" else (e, x, attrs)


def _edge_attrs(label: str, kind: str, facts: _Facts, date: str | None) -> dict:
    attrs: dict = {"label": label, "kind": kind, "sources": facts.sources}  # GEXF owns "type"
    if facts.confidence is not None:
        attrs["confidence"] = facts.confidence
    if date:
        attrs["date"] = date
    return attrs


def _facts(g: StoreGraph | Graph, node: Node) -> _Facts:
    confidence = g.value(node, KG.confidence)
    count = g.value(node, KG.sourceCount)
    return _Facts(float(confidence) if confidence else None, int(count) if count else 1)


def _assertions(g: StoreGraph | Graph) -> dict[tuple[str, str, str], _Facts]:
    """(subject, relation name, object) -> the facts its RelationAssertion records."""
    names = {relation_iri(name): name for name in schema().relations}
    out = {}
    for node in g.subjects(RDF.type, KG.RelationAssertion):
        s, p, o = (
            g.value(node, KG[k]) for k in ("assertedSubject", "assertedProperty", "assertedObject")
        )
        if s is None or p is None or o is None:
            continue
        if p in names:
            out[(str(s), names[p], str(o))] = _facts(g, node)
    return out


def graphml(g: StoreGraph | Graph) -> bytes:
    buf = BytesIO()
    nx.write_graphml(network(g), buf)
    return buf.getvalue()


def gexf(g: StoreGraph | Graph) -> bytes:
    """GEXF 1.2, dynamic: each dated event and its edges start at the event's date (a year
    or month alone starts at its first day), so Gephi's timeline shows them in order."""
    net = network(g)
    net.graph["mode"] = "dynamic"
    for _, data in net.nodes(data=True):
        if "date" in data:
            data["start"] = _day(data["date"])
    for _, _, key, data in net.edges(keys=True, data=True):
        data["id"] = key  # GEXF takes an edge's id from its data
        if "date" in data:
            data["start"] = _day(data["date"])
    buf = BytesIO()
    nx.write_gexf(net, buf)
    return buf.getvalue()


def _day(date: str) -> str:
    """'2020' -> '2020-01-01', '2020-03' -> '2020-03-01' (GEXF dates are days)."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]
