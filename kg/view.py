"""HTML view: one self-contained page (vis-network inlined, no request leaves the machine)
with search, filters by type and event class, a date range, a confidence threshold and a
panel of evidence. All text reaches the page as escaped JSON and the DOM as textContent."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV, SDO

from kg.errors import KGError
from kg.facts import Facts, Iri, Objects, facts_of
from kg.names import fold
from kg.pagedata import pack
from kg.paths import ontology_dir, ontology_fixed
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
_ASSERTION, _DOCUMENT = str(KG.RelationAssertion), Iri(KG.Document)
_ASSERTED = (str(KG.assertedSubject), str(KG.assertedProperty), str(KG.assertedObject))


def _texts(f: Facts, node: str, prop: str) -> list[str]:
    return _strings(f.about(node), prop)


def _strings(facts: dict[str, Objects], prop: str) -> list[str]:
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
    value = f.least(node, prop)
    return round(float(value), 3) if value is not None else 1.0


def _node(f: Facts, node: str, kind: str, mentioned_in: dict[str, list[str]]) -> dict[str, Any]:
    facts = f.about(node)
    label = (_strings(facts, _LABEL) or [node])[0]
    event = kind in schema().events
    docs = facts.get(_DERIVED, ()) if event else mentioned_in.get(node, ())
    confidence = min(facts.get(_CONFIDENCE, ()), default=None)
    item = {
        "id": node,
        "label": label,
        "kind": kind,
        "cat": "event" if event else "entity",
        "aliases": _strings(facts, _ALT),
        "hidden": _strings(facts, _HIDDEN),
        "date": (_strings(facts, _DATE) or [""])[0],
        "sources": sorted(docs),
        "confidence": round(float(confidence), 3) if event and confidence else 1.0,
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
        lat, long = f.least(here, _LAT), f.least(here, _LONG)
        if lat is not None and long is not None:
            return [round(float(lat), 4), round(float(long), 4), i > 0]
    return None


def _assertions(f: Facts) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(subject, property, object) -> what the graph says of that relation's assertion."""
    return {_asserts(f, a): _assertion(f, a) for a in f.subjects(_TYPE, _ASSERTION)}


def _asserts(f: Facts, a: str) -> tuple[str, str, str]:
    return tuple(str(f.least(a, p)) for p in _ASSERTED)  # type: ignore[return-value]


def _assertion(f: Facts, a: str) -> dict[str, Any]:
    return {
        "confidence": _number(f, a, _CONFIDENCE),
        "evidence": _texts(f, a, _EVIDENCE),
        "sources": sorted(f.objects(a, _DERIVED)),
    }


# a unit: what one subject gives the view. "node": its card (if it has a kind); "rels":
# [relation's number in the schema, object, assertion] of its relations; "roles": [role's
# number, participant] if it is an event; "doc": its card if it is a source
Unit = dict[str, Any]
_NO_ASSERTION = {"confidence": 1.0, "evidence": [], "sources": []}


@cache
def _unit_props(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The IRIs of the schema's relations and of the roles, in order: asked for by every
    unit (56,000 at 3,200 articles), made once per ontology folder."""
    relations = tuple(str(relation_iri(r)) for r in schema().relations)
    return relations, tuple(str(KG[role]) for role in ROLES)


def unit(
    f: Facts,
    s: str,
    mentioned_in: dict[str, list[str]],
    asserted: dict[tuple[str, str, str], dict[str, Any]],
) -> Unit:
    """What subject `s` gives the view, from its own facts and the few others it shows
    (an event's agents' names, a place's ancestors, the sources that mention an entity,
    the assertions of its relations): `kg.viewcache` redraws only the units a change
    touches, so a unit must read nothing else."""
    out: Unit = {}
    types = f.objects(s, _TYPE)
    if types and not s.startswith("_:") and (kind := _kind(f, s)):
        out["node"] = _node(f, s, kind, mentioned_in)
    relations, roles_of = _unit_props(ontology_dir())
    rels = [
        [i, o, asserted.get((s, prop, o))]
        for i, prop in enumerate(relations)
        for o in f.objects(s, prop)
    ]
    roles = [[i, x] for i, role in enumerate(roles_of) for x in f.objects(s, role)]
    out.update({k: v for k, v in (("rels", rels), ("roles", roles)) if v})
    if _DOCUMENT in types:
        out["doc"] = _document(f, s)
    return out


def _edges(units: dict[str, Unit], ids: set[str]) -> list[dict[str, Any]]:
    """The edges between two nodes, in the order of the schema's relations (then of the
    roles), each by subject and object."""
    relations = list(schema().relations)
    edges: list[tuple[tuple[int, int, str, str], dict[str, Any]]] = []
    for s, u in units.items():
        if s not in ids:
            continue
        for i, o, info in u.get("rels", ()):
            if o in ids:
                edge = {"from": s, "to": o, "label": relations[i], "kind": "relation"}
                edges.append(((0, i, s, o), {**edge, **(info or _NO_ASSERTION)}))
        for i, x in u.get("roles", ()):
            if x in ids:
                role = ROLES[i]
                src, dst = (x, s) if role == "agent" else (s, x)  # agent → event → target
                edge = {"from": src, "to": dst, "label": role, "kind": role}
                edges.append(((1, i, s, x), {**edge, **_NO_ASSERTION}))
    edges.sort(key=lambda e: e[0])
    return [e for _, e in edges]


def units_of(f: Facts) -> dict[str, Unit]:
    """Every subject's unit (those that give the view nothing left out)."""
    mentioned_in, asserted = f.inverse(_MENTIONS), _assertions(f)
    found = ((s, unit(f, s, mentioned_in, asserted)) for s in f.by_subject)
    return {s: u for s, u in found if u}


def assemble(units: dict[str, Unit], keep: set[str] | None = None) -> dict[str, Any]:
    """The view's data from the units: nodes by IRI, edges between two nodes in the order
    of the schema's relations and roles, sources by IRI."""
    nodes = [
        u["node"] for s, u in sorted(units.items()) if "node" in u and (keep is None or s in keep)
    ]
    return {
        "nodes": nodes,
        "edges": _edges(units, {n["id"] for n in nodes}),
        "docs": {s: u["doc"] for s, u in sorted(units.items()) if "doc" in u},
        "style": _styles(),
        "order": list(_styles()),  # people, groups, places, then event classes
        "entity_kinds": list(ENTITY_CLASSES),
    }


def view_data(g: Facts | Graph, focus: set[URIRef] | None = None) -> dict[str, Any]:
    with ontology_fixed():  # the schema is asked of every node
        keep = None if focus is None else {str(x) for x in focus}
        return assemble(units_of(facts_of(g)), keep)


def _document(f: Facts, doc: str) -> dict[str, str]:
    """Title, outlet, date and link of a source; a link only when it is a web address."""
    url = f.least(doc, str(SDO.url)) or ""
    return {
        "title": (_texts(f, doc, _LABEL) or [doc])[0],
        "publisher": f.least(doc, str(KG.publisher)) or "",
        "date": f.least(doc, str(SDO.datePublished)) or "",
        "url": url if url.startswith(("https://", "http://")) else "",
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element, whatever the article text says."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_html(
    g: Facts | Graph, *, title: str = "kg — knowledge graph", focus: set[URIRef] | None = None
) -> str:
    return page(view_data(g, focus), title=title)


def page(data: dict[str, Any], *, title: str = "kg — knowledge graph") -> str:
    """The page that shows the view's data (`view_data`, or `assemble` of its units)."""
    return "".join(page_parts(data, title=title))


def page_parts(data: dict[str, Any], *, title: str = "kg — knowledge graph") -> Iterator[str]:
    """The page in pieces, its data a megabyte-sized slice at a time: written piece by
    piece, a large graph's page is never held whole, as text or as bytes (at 3,200
    articles each whole copy is ~28 MB)."""
    values = dict(_assets())
    template = values.pop("TEMPLATE")
    values["TITLE"] = html.escape(title)
    # the template alone is searched: text inside the data is never taken for a placeholder
    names = "|".join([*values, "DATA"])
    for k, part in enumerate(re.split(rf"__({names})__", template)):
        if k % 2 == 0:
            yield part
        elif part == "DATA":
            text = _script_json(pack(data))
            yield from (text[i : i + _SLICE] for i in range(0, len(text), _SLICE))
        else:
            yield values[part]


_SLICE = 1 << 20


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
