"""HTML view: one self-contained page (vis-network inlined, no request leaves the machine)
with search, filters by type and event class, a date range, a confidence threshold and a
panel of evidence. All text reaches the page as escaped JSON and the DOM as textContent."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO
from rdflib.term import Node

from kg.errors import KGError
from kg.names import fold
from kg.pagedata import pack
from kg.schema import ENTITY_CLASSES, ROLES, schema
from kg.vocab import GEO, KG, relation_iri

VENDOR = ("vis-timeline", "topojson-client", "world-atlas")


@cache
def _assets() -> dict[str, str]:
    """What the page inlines: its template, script and style; vis-network (the copy pyvis
    ships); vis-timeline, topojson-client and the world-atlas outlines (vendored from npm,
    `kg/templates/vendor/`), with their licence texts."""
    here = resources.files("kg").joinpath("templates")
    vendor = here.joinpath("vendor")
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    licences = "\n\n".join(
        f"== {name} ==\n" + vendor.joinpath(f"{name}.LICENSE.txt").read_text(encoding="utf-8")
        for name in VENDOR
    )
    return {
        "TEMPLATE": here.joinpath("view.html").read_text(encoding="utf-8"),
        "VIEW_CSS": here.joinpath("view.css").read_text(encoding="utf-8"),
        "VIEW_JS": here.joinpath("view.js").read_text(encoding="utf-8"),
        "VIS_JS": (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        "VIS_CSS": (lib / "vis-network.css").read_text(encoding="utf-8"),
        "TIMELINE_JS": vendor.joinpath("vis-timeline-graph2d.min.js").read_text(encoding="utf-8"),
        "TOPOJSON_JS": vendor.joinpath("topojson-client.min.js").read_text(encoding="utf-8"),
        "WORLD": vendor.joinpath("countries-110m.json").read_text(encoding="utf-8"),
        "LICENCES": html.escape(licences),
    }


def _texts(g: Graph, node: URIRef, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in g.objects(node, prop) if isinstance(o, Literal))


def _styles() -> dict[str, dict[str, str]]:
    """Colour and shape of each class, from the ontology: actors, then event classes."""
    return {c: {"color": col, "shape": shape} for c, (col, shape) in schema().styles.items()}


def _kind(g: Graph, node: URIRef) -> str | None:
    styles = schema().styles
    for t in sorted(g.objects(node, RDF.type)):  # the store's order is no order
        local = str(t).removeprefix(str(KG._NS))
        if local in styles:
            return local
    return None


def _number(g: Graph, node: URIRef, prop: URIRef) -> float:
    value = g.value(node, prop)
    return round(float(value), 3) if value is not None else 1.0


def _facts(g: Graph, node: URIRef) -> dict[Node, list[Node]]:
    """Every property of a node, in one read of the graph (not one read per property)."""
    facts: dict[Node, list[Node]] = defaultdict(list)
    for p, o in g.predicate_objects(node):
        facts[p].append(o)
    return facts


def _strings(facts: dict[Node, list[Node]], prop: URIRef) -> list[str]:
    return sorted(str(o) for o in facts.get(prop, ()) if isinstance(o, Literal))


def _node(g: Graph, node: URIRef, kind: str) -> dict[str, Any]:
    facts = _facts(g, node)
    label = (_strings(facts, RDFS.label) or [str(node)])[0]
    event = kind in schema().events
    docs = facts.get(PROV.wasDerivedFrom, ()) if event else g.subjects(KG.mentions, node)
    confidence = facts.get(KG.confidence)
    item = {
        "id": str(node),
        "label": label,
        "kind": kind,
        "cat": "event" if event else "entity",
        "aliases": _strings(facts, SKOS.altLabel),
        "hidden": _strings(facts, SKOS.hiddenLabel),
        "date": (_strings(facts, KG.date) or [""])[0],
        "sources": sorted(str(d) for d in docs),
        "confidence": round(float(confidence[0]), 3) if event and confidence else 1.0,
        "evidence": _strings(facts, KG.evidence),
        "content": _strings(facts, KG.content),
    }
    if event:
        item["label"] = event_caption(g, node, kind, item["date"])
    elif kind == "Place":
        within = _ancestors(g, node)
        item["within"] = [str(p) for p in within]
        if where := _coordinates(g, [node, *within]):
            item["coords"] = where
    return item


def _ancestors(g: Graph, place: URIRef) -> list[URIRef]:
    """The places a place lies in, nearest first (kg:locatedIn and kg:partOf, transitively)."""
    out: list[URIRef] = []
    todo = [place]
    while todo:
        here = todo.pop(0)
        for parent in sorted({*g.objects(here, KG.locatedIn), *g.objects(here, KG.partOf)}):
            if isinstance(parent, URIRef) and parent != place and parent not in out:
                out.append(parent)
                todo.append(parent)
    return out


def _names(g: Graph, nodes: Iterable[Node]) -> str:
    return ", ".join(sorted(str(g.value(n, RDFS.label) or n) for n in nodes))


def event_caption(g: Graph, node: URIRef, kind: str, date: str) -> str:
    """'Kataib Hezbollah → United States · Attack · 2020-01-03': who did what to whom, when."""
    agents = _names(g, g.objects(node, KG.agent)) or "?"
    targets = _names(g, g.objects(node, KG.target))
    return " · ".join(
        part for part in (agents + (f" → {targets}" if targets else ""), kind, date) if part
    )


def _coordinates(g: Graph, chain: list[URIRef]) -> list[float | bool] | None:
    """[lat, long, approximate]: the place's own WGS84 point (chain[0]), else that of the
    nearest place it lies in (a village shown at its province), marked approximate."""
    for i, here in enumerate(chain):
        lat, long = g.value(here, GEO.lat), g.value(here, GEO.long)
        if lat is not None and long is not None:
            return [round(float(lat), 4), round(float(long), 4), i > 0]
    return None


def _assertions(g: Graph) -> dict[tuple[str, str, str], dict[str, Any]]:
    out = {}
    for a in g.subjects(RDF.type, KG.RelationAssertion):
        key = tuple(
            str(g.value(a, p)) for p in (KG.assertedSubject, KG.assertedProperty, KG.assertedObject)
        )
        out[key] = {
            "confidence": _number(g, a, KG.confidence),
            "evidence": _texts(g, a, KG.evidence),
            "sources": sorted(str(d) for d in g.objects(a, PROV.wasDerivedFrom)),
        }
    return out


def _edges(g: Graph, ids: set[str]) -> list[dict[str, Any]]:
    asserted = _assertions(g)
    edges = []
    for rel in schema().relations:
        for s, o in sorted(g.subject_objects(relation_iri(rel))):
            if str(s) in ids and str(o) in ids:
                info = asserted.get(
                    (str(s), str(relation_iri(rel)), str(o)),
                    {"confidence": 1.0, "evidence": [], "sources": []},
                )
                edges.append(
                    {
                        "from": str(s),
                        "to": str(o),
                        "label": rel,
                        "kind": "relation",
                        **info,
                    }
                )
    for role in ROLES:
        for e, x in sorted(g.subject_objects(KG[role])):
            src, dst = (x, e) if role == "agent" else (e, x)  # agent → event → target
            if str(src) in ids and str(dst) in ids:
                edges.append(
                    {
                        "from": str(src),
                        "to": str(dst),
                        "label": role,
                        "kind": role,
                        "confidence": 1.0,
                        "evidence": [],
                        "sources": [],
                    }
                )
    return edges


def view_data(g: Graph, focus: set[URIRef] | None = None) -> dict[str, Any]:
    nodes = []
    for node in sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        kind = _kind(g, node)
        if kind and (focus is None or node in focus):
            nodes.append(_node(g, node, kind))
    docs = {str(d): _document(g, d) for d in g.subjects(RDF.type, KG.Document)}
    return {
        "nodes": nodes,
        "edges": _edges(g, {n["id"] for n in nodes}),
        "docs": docs,
        "style": _styles(),
        "order": list(_styles()),  # people, groups, places, then event classes
        "entity_kinds": list(ENTITY_CLASSES),
    }


def _document(g: Graph, doc: Node) -> dict[str, str]:
    """Title, outlet, date and link of a source; a link only when it is a web address."""
    url = str(g.value(doc, SDO.url) or "")
    return {
        "title": (_texts(g, doc, RDFS.label) or [str(doc)])[0],
        "publisher": str(g.value(doc, KG.publisher) or ""),
        "date": str(g.value(doc, SDO.datePublished) or ""),
        "url": url if url.startswith(("https://", "http://")) else "",
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element, whatever the article text says."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(
    g: Graph, *, title: str = "kg — knowledge graph", focus: set[URIRef] | None = None
) -> str:
    values = dict(_assets())
    template = values.pop("TEMPLATE")
    values["TITLE"] = html.escape(title)
    values["DATA"] = _script_json(pack(view_data(g, focus)))
    # one pass: text inside the data is never taken for a placeholder
    names = "|".join(values)
    return re.sub(rf"__({names})__", lambda m: values[m.group(1)], template)


def neighbourhood(g: Graph, entity: URIRef) -> set[URIRef]:
    """An entity, what it is related to, its events and their other participants."""
    keep = {entity}
    for rel in map(relation_iri, schema().relations):
        keep |= set(g.objects(entity, rel)) | set(g.subjects(rel, entity))
    for role in ROLES:
        for event in g.subjects(KG[role], entity):
            keep.add(event)
            for other_role in ROLES:
                keep |= set(g.objects(event, KG[other_role]))
    return {k for k in keep if isinstance(k, URIRef)}


def entity_page(g: Graph, name: str) -> tuple[str, str]:
    """(canonical label, HTML) of one entity's page."""
    node = find_entity(g, name)
    label = str(g.value(node, RDFS.label) or name)
    return label, render_html(g, title=f"kg — {label}", focus=neighbourhood(g, node))


def find_entity(g: Graph, name: str) -> URIRef:
    """An entity by IRI, name or any alias (spelling-insensitive). Where several match, a
    canonical name wins over another spelling, then the first IRI in order: the same graph
    always gives the same page."""
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", name) and (URIRef(name), None, None) in g:
        return URIRef(name)
    wanted = fold(name)
    for prop in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
        hits = sorted(
            node
            for node, value in g.subject_objects(prop)
            if fold(str(value)) == wanted and _kind(g, node) in ENTITY_CLASSES
        )
        if hits:
            return hits[0]
    raise KGError(
        f"no person, group or place called {name!r} in the graph; "
        "try its name as `kg query` shows it, or its IRI"
    )
