"""HTML view: an interactive, offline pyvis graph of entities, relations and events."""

from __future__ import annotations

import re
from collections import defaultdict

from pyvis.network import Network
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, RELATIONS

COLOURS = {"Person": "#e15759", "Group": "#4e79a7", "Place": "#59a14f"}
EVENT_COLOUR = {
    "Attack": "#b07aa1",
    "Killing": "#7b3f71",
    "Statement": "#f28e2b",
    "Demand": "#edc948",
    "Accusation": "#ff9da7",
    "Threat": "#d4a017",
    "Deployment": "#76b7b2",
    "Withdrawal": "#9c755f",
    "Legislation": "#bab0ac",
    "Negotiation": "#86bcb6",
    "Agreement": "#8cd17d",
}
SHAPES = {"Person": "dot", "Group": "square", "Place": "triangle"}
TOOLTIP_EVIDENCE = 3
# pyvis writes script/style links even with in-line resources; offline means none at all.
_REMOTE = re.compile(
    r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*\"[^\"]*\"[^>]*>(\s*</script>)?", re.IGNORECASE
)
OPTIONS = """{
  "physics": {"solver": "forceAtlas2Based",
              "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
              "stabilization": {"enabled": true, "iterations": 600, "fit": true}},
  "layout": {"randomSeed": 7, "improvedLayout": true},
  "interaction": {"hover": true, "navigationButtons": false, "tooltipDelay": 120},
  "edges": {"smooth": {"enabled": true, "type": "continuous"}, "font": {"size": 10}}
}"""


def _cls(g: Graph, node: URIRef, names: tuple[str, ...]) -> str | None:
    for t in g.objects(node, RDF.type):
        local = str(t).removeprefix(str(KG._NS))
        if local in names:
            return local
    return None


def _text(g: Graph, node: URIRef, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in g.objects(node, prop) if isinstance(o, Literal))


def _tooltip(g: Graph, node: URIRef, kind: str) -> str:
    """Plain text: vis-network 9 shows string titles as text, never as HTML."""
    lines = [f"{(_text(g, node, RDFS.label) or [str(node)])[0]}  [{kind}]"]
    aliases = _text(g, node, SKOS.altLabel)
    if aliases:
        lines.append("also: " + "; ".join(aliases))
    for prop in (KG.date, KG.dateText, KG.confidence, KG.sourceCount):
        vals = _text(g, node, prop)
        if vals:
            lines.append(f"{prop.split('#')[-1]}: {vals[0]}")
    for ev in _text(g, node, KG.evidence)[:TOOLTIP_EVIDENCE]:
        lines.append(f"“{ev[:300]}”")
    return "\n".join(lines)


def render_html(g: Graph, *, height: str = "860px") -> str:
    """One self-contained HTML page: entities and events as nodes, agent → event → target."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    net.set_options(OPTIONS)
    ids: dict[URIRef, str] = {}
    for node in sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        kind = _cls(g, node, ENTITY_CLASSES) or _cls(g, node, EVENT_CLASSES)
        if kind is None:
            continue
        ids[node] = str(node)
        label = (_text(g, node, RDFS.label) or [str(node)])[0]
        if kind in COLOURS:
            net.add_node(
                str(node),
                label=label,
                title=_tooltip(g, node, kind),
                color=COLOURS[kind],
                shape=SHAPES[kind],
                size=18,
            )
        else:
            net.add_node(
                str(node),
                label=kind,
                title=_tooltip(g, node, kind),
                color=EVENT_COLOUR.get(kind, "#cccccc"),
                shape="diamond",
                size=12,
            )
    _add_edges(g, net, ids)
    return _offline(net.generate_html()).replace("<body>", "<body>" + _legend(), 1)


def _assertions(g: Graph) -> dict[tuple[URIRef, URIRef, URIRef], str]:
    """(s, p, o) -> tooltip text from its RelationAssertion: confidence, sources, evidence."""
    out = {}
    for node in g.subjects(RDF.type, KG.RelationAssertion):
        key = (
            g.value(node, KG.assertedSubject),
            g.value(node, KG.assertedProperty),
            g.value(node, KG.assertedObject),
        )
        lines = [str(key[1]).split("#")[-1]]
        for prop in (KG.confidence, KG.sourceCount):
            if (val := g.value(node, prop)) is not None:
                lines.append(f"{str(prop).split('#')[-1]}: {val}")
        lines += [f"“{ev[:300]}”" for ev in _text(g, node, KG.evidence)[:TOOLTIP_EVIDENCE]]
        out[key] = "\n".join(lines)
    return out


def _add_edges(g: Graph, net: Network, ids: dict[URIRef, str]) -> None:
    seen: set[tuple[str, str, str]] = set()
    tips = _assertions(g)
    edges: dict[str, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    for rel in RELATIONS:
        edges[rel] = sorted(g.subject_objects(KG[rel]))
    edges["agent"] = sorted((a, e) for e, a in g.subject_objects(KG.agent))
    edges["target"] = sorted(g.subject_objects(KG.target))
    edges["place"] = sorted(g.subject_objects(KG.place))
    for label, pairs in edges.items():
        for s, o in pairs:
            key = (str(s), label, str(o))
            if s in ids and o in ids and key not in seen:
                seen.add(key)
                net.add_edge(
                    ids[s],
                    ids[o],
                    label=label if label in RELATIONS else "",
                    title=tips.get((s, KG[label], o), label) if label in RELATIONS else label,
                    dashes=label == "place",
                    color="#999999" if label in {"agent", "target", "place"} else "#444",
                )


def _legend() -> str:
    items = [(k, c) for k, c in COLOURS.items()] + list(EVENT_COLOUR.items())
    spans = "".join(
        f'<span style="margin-right:10px"><span style="display:inline-block;'
        f'width:10px;height:10px;background:{c};margin-right:3px"></span>{k}</span>'
        for k, c in items
    )
    return (
        f'<div style="font:12px sans-serif;padding:6px">{spans}'
        '<span style="color:#666"> — edges read agent → event → target</span></div>'
    )


def _offline(html: str) -> str:
    return _REMOTE.sub("", html)
