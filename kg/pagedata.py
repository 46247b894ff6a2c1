"""The view's data as the page carries it: the same facts as `kg.view.view_data`, packed.

At 3,200 articles the readable form is 37 MB, and the browser's time to open the page grows
with it. Packed: IRIs lose their shared base, nodes and documents are referred to by
position, an event lists its agents, targets and places instead of one edge object per
role, empty or default fields are left out, and a fact carries at most three of its
evidence sentences and quotes (with the number it has: the panel says how many more the
graph holds). `templates/view.js` unpacks it into the
readable form once, on load."""

from __future__ import annotations

import os
from typing import Any

ROLE_KEYS = {"agent": "ag", "target": "tg", "place": "pl"}
SENTENCES = 3  # evidence and quotes per fact on the page; the graph keeps them all


def _base(iris: list[str]) -> str:
    """The longest shared prefix that ends at a '/' or '#'."""
    prefix = os.path.commonprefix(iris) if iris else ""
    cut = max(prefix.rfind("/"), prefix.rfind("#"))
    return prefix[: cut + 1]


def pack(data: dict[str, Any]) -> dict[str, Any]:
    nodes, docs = data["nodes"], data["docs"]
    base = _base([n["id"] for n in nodes] + list(docs))
    doc_at = {d: i for i, d in enumerate(sorted(docs))}
    node_at = {n["id"]: i for i, n in enumerate(nodes)}
    kinds = data["order"]
    kind_at = {k: i for i, k in enumerate(kinds)}
    packed = [_node(n, base, kind_at, doc_at, node_at) for n in nodes]
    rels = []
    for e in data["edges"]:
        if e["kind"] == "relation":
            rels.append(
                [node_at[e["from"]], node_at[e["to"]], e["label"], e["confidence"],
                 e["evidence"][:SENTENCES], [doc_at[d] for d in e["sources"] if d in doc_at],
                 len(e["evidence"])]
            )  # fmt: skip
        else:  # a role: agent → event, event → target / place
            event, actor = (e["to"], e["from"]) if e["kind"] == "agent" else (e["from"], e["to"])
            packed[node_at[event]].setdefault(ROLE_KEYS[e["kind"]], []).append(node_at[actor])
    return {
        "base": base,
        "kinds": kinds,
        "entityKinds": data["entity_kinds"],
        "style": data["style"],
        "docs": [{"id": d[len(base) :], **docs[d]} for d in sorted(docs)],
        "nodes": packed,
        "rels": rels,
    }


def _node(
    n: dict[str, Any],
    base: str,
    kind_at: dict[str, int],
    doc_at: dict[str, int],
    node_at: dict[str, int],
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": n["id"][len(base) :], "l": n["label"], "k": kind_at[n["kind"]]}
    optional = {
        "a": n["aliases"],
        "h": n["hidden"],
        "d": n["date"],
        "s": [doc_at[d] for d in n["sources"] if d in doc_at],
        "e": n["evidence"][:SENTENCES],
        "en": len(n["evidence"]) if len(n["evidence"]) > SENTENCES else 0,
        "q": n["content"][:SENTENCES],
        "g": n.get("coords"),
        "w": [node_at[p] for p in n.get("within", ()) if p in node_at],
    }
    out.update({k: v for k, v in optional.items() if v})
    if n["cat"] == "event":
        out["c"] = n["confidence"]
    return out
