"""HTML view: one self-contained page (vis-network inlined, no request leaves the machine)
with search, filters by type and event class, a date range, a confidence threshold and a
panel of evidence. All text reaches the page as escaped JSON and the DOM as textContent."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV, SDO

from kg.errors import KGError
from kg.facts import Facts, Iri, facts_of
from kg.names import fold
from kg.pagedata import pack
from kg.paths import ontology_fixed
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


_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_ALT, _HIDDEN = str(SKOS.altLabel), str(SKOS.hiddenLabel)
_DERIVED, _MENTIONS = str(PROV.wasDerivedFrom), str(KG.mentions)
_PLACE_PARENTS = (str(KG.locatedIn), str(KG.partOf))
_CONFIDENCE, _DATE, _EVIDENCE = str(KG.confidence), str(KG.date), str(KG.evidence)
_CONTENT, _AGENT, _TARGET = str(KG.content), str(KG.agent), str(KG.target)
_LAT, _LONG = str(GEO.lat), str(GEO.long)


def _texts(f: Facts, node: str, prop: str) -> list[str]:
    return _strings(f.about(node), prop)


def _strings(facts: dict[str, dict[str, None]], prop: str) -> list[str]:
    """The literal values of a property, sorted."""
    return sorted(o for o in facts.get(prop, ()) if not isinstance(o, Iri))


def _styles() -> dict[str, dict[str, str]]:
    """Colour and shape of each class, from the ontology: actors, then event classes."""
    return {c: {"color": col, "shape": shape} for c, (col, shape) in schema().styles.items()}


def _kind(f: Facts, node: str) -> str | None:
    styles, ns = schema().styles, str(KG._NS)
    for t in sorted(f.objects(node, _TYPE)):  # the store's order is no order
        local = t.removeprefix(ns)
        if local in styles:
            return local
    return None


def _number(f: Facts, node: str, prop: str) -> float:
    value = f.value(node, prop)
    return round(float(value), 3) if value is not None else 1.0


def _node(f: Facts, node: str, kind: str, mentioned_in: dict[str, list[str]]) -> dict[str, Any]:
    facts = f.about(node)
    label = (_strings(facts, _LABEL) or [node])[0]
    event = kind in schema().events
    docs = facts.get(_DERIVED, ()) if event else mentioned_in.get(node, ())
    confidence = list(facts.get(_CONFIDENCE, ()))
    item = {
        "id": node,
        "label": label,
        "kind": kind,
        "cat": "event" if event else "entity",
        "aliases": _strings(facts, _ALT),
        "hidden": _strings(facts, _HIDDEN),
        "date": (_strings(facts, _DATE) or [""])[0],
        "sources": sorted(docs),
        "confidence": round(float(confidence[0]), 3) if event and confidence else 1.0,
        "evidence": _strings(facts, _EVIDENCE),
        "content": _strings(facts, _CONTENT),
    }
    if event:
        item["label"] = _caption(f, node, kind, item["date"])
    elif kind == "Place":
        within = _ancestors(f, node)
        item["within"] = within
        if where := _coordinates(f, [node, *within]):
            item["coords"] = where
    return item


def _ancestors(f: Facts, place: str) -> list[str]:
    """The places a place lies in, nearest first (kg:locatedIn and kg:partOf, transitively)."""
    out: list[str] = []
    todo = [place]
    while todo:
        here = todo.pop(0)
        for parent in sorted({o for p in _PLACE_PARENTS for o in f.objects(here, p)}):
            if isinstance(parent, Iri) and parent != place and parent not in out:
                out.append(parent)
                todo.append(parent)
    return out


def _names(f: Facts, nodes: Iterable[str]) -> str:
    """Their labels (a node's first, as its own card shows it), joined in order."""
    return ", ".join(sorted((_texts(f, n, _LABEL) or [n])[0] for n in nodes))


def event_caption(g: Facts | Graph, node: URIRef | str, kind: str, date: str) -> str:
    """'Kataib Hezbollah → United States · Attack · 2020-01-03': who did what to whom, when."""
    return _caption(facts_of(g), str(node), kind, date)


def _caption(f: Facts, node: str, kind: str, date: str) -> str:
    agents = _names(f, f.objects(node, _AGENT)) or "?"
    targets = _names(f, f.objects(node, _TARGET))
    return " · ".join(
        part for part in (agents + (f" → {targets}" if targets else ""), kind, date) if part
    )


def _coordinates(f: Facts, chain: list[str]) -> list[float | bool] | None:
    """[lat, long, approximate]: the place's own WGS84 point (chain[0]), else that of the
    nearest place it lies in (a village shown at its province), marked approximate."""
    for i, here in enumerate(chain):
        lat, long = f.value(here, _LAT), f.value(here, _LONG)
        if lat is not None and long is not None:
            return [round(float(lat), 4), round(float(long), 4), i > 0]
    return None


def _assertions(f: Facts) -> dict[tuple[str, str, str], dict[str, Any]]:
    out = {}
    parts = (KG.assertedSubject, KG.assertedProperty, KG.assertedObject)
    for a in f.subjects(_TYPE, str(KG.RelationAssertion)):
        key = tuple(str(f.value(a, str(p))) for p in parts)
        out[key] = {
            "confidence": _number(f, a, str(KG.confidence)),
            "evidence": _texts(f, a, str(KG.evidence)),
            "sources": sorted(f.objects(a, _DERIVED)),
        }
    return out  # type: ignore[return-value]


def _edges(f: Facts, ids: set[str]) -> list[dict[str, Any]]:
    asserted = _assertions(f)
    edges = []
    no_assertion = {"confidence": 1.0, "evidence": [], "sources": []}
    for rel in schema().relations:
        prop = str(relation_iri(rel))
        for s, o in sorted(f.subject_objects(prop)):
            if s in ids and o in ids:
                info = asserted.get((s, prop, o), no_assertion)
                edges.append({"from": s, "to": o, "label": rel, "kind": "relation", **info})
    for role in ROLES:
        for e, x in sorted(f.subject_objects(str(KG[role]))):
            src, dst = (x, e) if role == "agent" else (e, x)  # agent → event → target
            if src in ids and dst in ids:
                edges.append({"from": src, "to": dst, "label": role, "kind": role, **no_assertion})
    return edges


def view_data(g: Facts | Graph, focus: set[URIRef] | None = None) -> dict[str, Any]:
    with ontology_fixed():  # the schema is asked of every node
        return _view_data(facts_of(g), focus)


def _view_data(f: Facts, focus: set[URIRef] | None) -> dict[str, Any]:
    keep = None if focus is None else {str(x) for x in focus}
    mentioned_in = f.inverse(_MENTIONS)
    nodes = []
    for node in sorted(s for s in f.subjects(_TYPE) if not s.startswith("_:")):
        kind = _kind(f, node)
        if kind and (keep is None or node in keep):
            nodes.append(_node(f, node, kind, mentioned_in))
    docs = {d: _document(f, d) for d in f.subjects(_TYPE, str(KG.Document))}
    return {
        "nodes": nodes,
        "edges": _edges(f, {n["id"] for n in nodes}),
        "docs": docs,
        "style": _styles(),
        "order": list(_styles()),  # people, groups, places, then event classes
        "entity_kinds": list(ENTITY_CLASSES),
    }


def _document(f: Facts, doc: str) -> dict[str, str]:
    """Title, outlet, date and link of a source; a link only when it is a web address."""
    url = f.value(doc, str(SDO.url)) or ""
    return {
        "title": (_texts(f, doc, _LABEL) or [doc])[0],
        "publisher": f.value(doc, str(KG.publisher)) or "",
        "date": f.value(doc, str(SDO.datePublished)) or "",
        "url": url if url.startswith(("https://", "http://")) else "",
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element, whatever the article text says."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(
    g: Facts | Graph, *, title: str = "kg — knowledge graph", focus: set[URIRef] | None = None
) -> str:
    values = dict(_assets())
    template = values.pop("TEMPLATE")
    values["TITLE"] = html.escape(title)
    values["DATA"] = _script_json(pack(view_data(g, focus)))
    # one pass: text inside the data is never taken for a placeholder
    names = "|".join(values)
    return re.sub(rf"__({names})__", lambda m: values[m.group(1)], template)


def neighbourhood(g: Facts | Graph, entity: URIRef | str) -> set[str]:
    """An entity, what it is related to, its events and their other participants."""
    f, entity = facts_of(g), str(entity)
    keep = {entity}
    for rel in (str(relation_iri(r)) for r in schema().relations):
        keep |= set(f.objects(entity, rel)) | set(f.subjects(rel, entity))
    for role in ROLES:
        for event in f.subjects(str(KG[role]), entity):
            keep.add(event)
            for other_role in ROLES:
                keep |= set(f.objects(event, str(KG[other_role])))
    return {k for k in keep if isinstance(k, Iri) or k == entity}


def entity_page(g: Facts | Graph, name: str) -> tuple[str, str]:
    """(canonical label, HTML) of one entity's page."""
    f = facts_of(g)
    node = find_entity(f, name)
    label = f.value(node, _LABEL) or name
    return label, render_html(f, title=f"kg — {label}", focus=neighbourhood(f, node))


def find_entity(g: Facts | Graph, name: str) -> str:
    """An entity by IRI, name or any alias (spelling-insensitive). Where several match, a
    canonical name wins over another spelling, then the first IRI in order: the same graph
    always gives the same page."""
    f = facts_of(g)
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", name) and name in f.by_subject:
        return name
    wanted = fold(name)
    for prop in (_LABEL, _ALT, _HIDDEN):
        hits = sorted(
            node
            for node, value in f.subject_objects(prop)
            if fold(value) == wanted and _kind(f, node) in ENTITY_CLASSES
        )
        if hits:
            return hits[0]
    raise KGError(
        f"no person, group or place called {name!r} in the graph; "
        "try its name as `kg query` shows it, or its IRI"
    )
