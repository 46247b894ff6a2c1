"use strict";
// kg's view: one graph, four linked readings (graph, timeline, map, table) under one set of
// filters and one selection. Text from the articles reaches the DOM as textContent only.
const DATA = unpack(JSON.parse(document.getElementById("kg-data").textContent));
function unpack(r) { // kg/pagedata.py packs; this gives back nodes and edges as view_data has them
  const docIds = r.docs.map(d => r.base + d.id), entity = new Set(r.entityKinds);
  const docs = Object.fromEntries(r.docs.map((d, i) => [docIds[i], { title: d.title, publisher: d.publisher, date: d.date, url: d.url }]));
  const ids = r.nodes.map(n => r.base + n.id), edges = [];
  const nodes = r.nodes.map((n, i) => {
    const kind = r.kinds[n.k], cat = entity.has(kind) ? "entity" : "event";
    for (const [key, role] of [["ag", "agent"], ["tg", "target"], ["pl", "place"]]) for (const x of n[key] || [])
      edges.push(role === "agent" ? { from: ids[x], to: ids[i], kind: role } : { from: ids[i], to: ids[x], kind: role });
    return { id: ids[i], label: n.l, kind, cat, aliases: n.a || [], hidden: n.h || [], date: n.d || "",
      sources: (n.s || []).map(d => docIds[d]), confidence: n.c ?? 1, evidence: n.e || [], more: n.en || 0, content: n.q || [],
      coords: n.g, within: (n.w || []).map(x => ids[x]) };
  });
  for (const [from, to, label, confidence, evidence, sources, all] of r.rels)
    edges.push({ from: ids[from], to: ids[to], label, kind: "relation", confidence, evidence, more: all > evidence.length ? all : 0, sources: sources.map(d => docIds[d]) });
  return { nodes, edges, docs, style: r.style, order: r.kinds };
}
const VN = window.kgLibs.network, VT = window.kgLibs.timeline;
const LIMIT = 250;      // nodes on the canvas before the overview keeps the most connected
const TABLE_ROWS = 500; // rows drawn at once (the CSV has them all)
const byId = new Map(DATA.nodes.map(n => [n.id, n]));
const EVENTS = DATA.nodes.filter(n => n.cat === "event");
const ENTITIES = DATA.nodes.filter(n => n.cat === "entity");
for (const n of DATA.nodes) Object.assign(n, { agents: [], targets: [], places: [], events: [], rels: [] });
DATA.edges.forEach((e, i) => {
  e.id = "e" + i;
  if (e.kind === "relation") { byId.get(e.from).rels.push(e); byId.get(e.to).rels.push(e); return; }
  const ev = byId.get(e.kind === "agent" ? e.to : e.from), actor = byId.get(e.kind === "agent" ? e.from : e.to);
  ev[e.kind + "s"].push(actor.id); actor.events.push(ev.id);
});
const state = { hidden: new Set(), from: "", to: "", undated: true, minConf: 0, isolated: false,
  mode: DATA.nodes.length > 4 * LIMIT ? "actors" : "events", selected: null, ready: false, shown: false,
  tab: "timeline", sort: { key: "date", dir: -1 }, rowFilter: "" };

const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const fold = s => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['’‘`"]/g, "").replace(/[-‐–—_.]/g, " ").toLowerCase().replace(/\s+/g, " ").trim();
const names = ids => ids.map(id => byId.get(id).label).join(", ");
const color = kind => DATA.style[kind].color;

// ---- filters: one predicate for every reading ------------------------------------------
const kindShown = n => !state.hidden.has(n.kind);
function eventShown(ev) {
  if (!kindShown(ev) || ev.confidence < state.minConf) return false;
  if (!ev.date) return state.undated;
  if (state.from && ev.date.padEnd(10, "9") < state.from) return false;
  if (state.to && ev.date > state.to) return false;
  return true;
}
let VIEW = null; // what the filters leave: events, relations, and each entity's degree in it
function computeView() {
  const evs = EVENTS.filter(eventShown);
  const rels = DATA.edges.filter(e => e.kind === "relation" && e.confidence >= state.minConf
    && kindShown(byId.get(e.from)) && kindShown(byId.get(e.to)));
  const aggs = aggregate(evs);
  const degree = new Map(), bump = id => degree.set(id, (degree.get(id) || 0) + 1);
  const ends = state.mode === "actors" ? aggs.flatMap(a => [a.from, a.to]) : evs.flatMap(ev => [...ev.agents, ...ev.targets, ...ev.places]);
  for (const id of [...ends, ...rels.flatMap(r => [r.from, r.to])]) if (kindShown(byId.get(id))) bump(id);
  VIEW = { evs, evSet: new Set(evs.map(e => e.id)), rels, aggs, degree };
}
function aggregate(evs) { // actor → actor edges: who attacked, demanded of, accused whom, how often
  const agg = new Map();
  for (const ev of evs) for (const a of ev.agents) for (const t of ev.targets) {
    if (a === t || !kindShown(byId.get(a)) || !kindShown(byId.get(t))) continue;
    const key = a + "\u0000" + t + "\u0000" + ev.kind;
    if (!agg.has(key)) agg.set(key, { id: "agg" + agg.size, from: a, to: t, kind: "aggregate", cls: ev.kind, events: [] });
    agg.get(key).events.push(ev.id);
  }
  return [...agg.values()];
}

// ---- the graph canvas -------------------------------------------------------------------
function canvasContent() {
  const wanted = new Set(), deg = id => VIEW.degree.get(id) || 0;
  const shownEntity = n => kindShown(n) && (deg(n.id) > 0 || state.isolated);
  let entities = ENTITIES.filter(shownEntity), events = state.mode === "events" ? VIEW.evs : [];
  const total = entities.length + events.length;
  if (total > LIMIT) { // overview: the most connected actors and the events between them
    entities = [...entities].sort((a, b) => deg(b.id) - deg(a.id) || (a.id < b.id ? -1 : 1)).slice(0, events.length ? Math.round(LIMIT * 0.4) : LIMIT);
    const top = new Set(entities.map(n => n.id)), inTop = ev => [...ev.agents, ...ev.targets].filter(id => top.has(id)).length;
    events = events.filter(ev => inTop(ev) > 0).sort((a, b) => inTop(b) - inTop(a) || b.sources.length - a.sources.length || (a.id < b.id ? -1 : 1)).slice(0, LIMIT - entities.length);
  }
  for (const n of [...entities, ...events]) wanted.add(n.id);
  for (const id of focusSet()) wanted.add(id);
  const edges = [];
  if (state.mode === "events") {
    for (const id of wanted) { const ev = byId.get(id); if (ev.cat !== "event") continue;
      for (const role of ["agent", "target", "place"]) for (const x of ev[role + "s"]) {
        if (!kindShown(byId.get(x))) continue; wanted.add(x);
        edges.push({ id: role + "\u0000" + ev.id + "\u0000" + x, from: role === "agent" ? x : ev.id, to: role === "agent" ? ev.id : x, kind: role });
      } }
  } else for (const a of VIEW.aggs) if (wanted.has(a.from) && wanted.has(a.to)) edges.push(a);
  for (const r of VIEW.rels) if (wanted.has(r.from) && wanted.has(r.to)) edges.push(r);
  return { ids: wanted, edges, total };
}
function neighbourhood(id) { // a node, what it is tied to, and its events' participants
  if (!id) return new Set();
  const n = byId.get(id), out = new Set([id]);
  if (n.cat === "event") { for (const x of [...n.agents, ...n.targets, ...n.places]) out.add(x); return out; }
  for (const r of n.rels) out.add(r.from === id ? r.to : r.from);
  for (const evId of n.events) {
    if (!VIEW.evSet.has(evId)) continue;
    const ev = byId.get(evId);
    if (state.mode === "events") { out.add(evId); for (const x of [...ev.agents, ...ev.targets, ...ev.places]) out.add(x); }
    else if (ev.agents.includes(id)) for (const x of ev.targets) out.add(x);
    else if (ev.targets.includes(id)) for (const x of ev.agents) out.add(x);
  }
  return out;
}
function focusSet() { // the selection's neighbourhood; a hub's is cut to its LIMIT best-connected
  const near = neighbourhood(state.selected);
  if (near.size <= LIMIT) return near;
  const deg = id => (VIEW.degree.get(id) || 0) + byId.get(id).sources.length;
  return new Set([state.selected, ...[...near].filter(id => id !== state.selected).sort((a, b) => deg(b) - deg(a) || (a < b ? -1 : 1)).slice(0, LIMIT - 1)]);
}
function tooltip(n) {
  const t = el("div"); t.style.maxWidth = "420px"; t.style.whiteSpace = "normal";
  t.append(el("b", n.label), el("div", n.kind + (n.date ? " · " + n.date : "") + (n.cat === "event" ? " · confidence " + n.confidence + " · " + n.sources.length + " source(s)" : ""), "muted"));
  for (const s of n.evidence.slice(0, 2)) t.append(el("div", "“" + s.slice(0, 240) + "”", "evidence"));
  return t;
}
function nodeItem(n, dim) {
  const ev = n.cat === "event", deg = VIEW.degree.get(n.id) || 0;
  return { id: n.id, label: n.label, shape: DATA.style[n.kind].shape, title: tooltip(n),
    color: dim ? { background: "#e8e8e8", border: "#d0d0d0" } : color(n.kind),
    font: { size: ev ? 9 : 13, color: dim ? "#c8c8c8" : "#222" }, size: ev ? 9 : 12 + Math.min(14, 3 * Math.log2(1 + deg)),
    widthConstraint: ev ? { maximum: 160 } : undefined };
}
function edgeItem(e, dim) {
  const agg = e.kind === "aggregate", rel = e.kind === "relation";
  const label = agg ? e.cls + (e.events.length > 1 ? " ×" + e.events.length : "") : rel ? e.label : "";
  return { id: e.id, from: e.from, to: e.to, label, arrows: "to", dashes: e.kind === "place",
    width: agg ? Math.min(6, 1 + Math.log2(e.events.length)) : 1, font: { size: 9, color: dim ? "#ccc" : "#444" },
    color: { color: dim ? "#eee" : agg ? color(e.cls) : rel ? "#555" : "#aaa" } };
}
const gNodes = new VN.DataSet(), gEdges = new VN.DataSet();
const big = DATA.nodes.length > 300;
const network = new VN.Network(document.getElementById("network"), { nodes: gNodes, edges: gEdges }, {
  layout: { randomSeed: 7, improvedLayout: !big },
  physics: { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -55, springLength: 110 },
             stabilization: { enabled: true, iterations: big ? 150 : 600, fit: true } },
  interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big },
  edges: { smooth: big ? false : { enabled: true, type: "continuous" } }
});
network.on("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); state.ready = true; });
let onCanvas = new Set();
function drawCanvas() {
  const { ids, edges, total } = canvasContent();
  const near = focusSet(), dim = id => state.selected !== null && !near.has(id);
  const added = [...ids].filter(id => !onCanvas.has(id));
  const edgeIds = new Set(edges.map(e => e.id));
  gEdges.remove(gEdges.getIds().filter(id => !edgeIds.has(id)));
  gNodes.remove([...onCanvas].filter(id => !ids.has(id)));
  const anchor = state.selected && onCanvas.has(state.selected) ? network.getPositions([state.selected])[state.selected] : null;
  gNodes.update([...ids].map(id => Object.assign(nodeItem(byId.get(id), dim(id)),
    anchor && !onCanvas.has(id) ? { x: anchor.x + 60 * Math.cos(id.length), y: anchor.y + 60 * Math.sin(id.length) } : {})));
  gEdges.update(edges.map(e => edgeItem(e, dim(e.from) || dim(e.to))));
  onCanvas = ids;
  if (added.length) { network.setOptions({ physics: true }); network.stabilize(state.ready ? 120 : big ? 150 : 600); }
  else if (!ids.size) state.ready = true; // nothing to lay out
  document.getElementById("canvasinfo").textContent = ids.size < total
    ? "Showing the " + ids.size + " best-connected of " + total + " nodes: search, click or filter to see the rest."
    : ids.size + " nodes on the canvas.";
  document.getElementById("modehelp").textContent = state.mode === "events"
    ? "agent → event → target; dashed edges give the place." : "actor → actor: the events between them, counted.";
}
network.on("click", p => {
  if (p.nodes.length) select(p.nodes[0]);
  else if (p.edges.length) { const e = VIEW.aggs.find(a => a.id === p.edges[0]); if (e) showAggregate(e); }
  else select(null);
});

// ---- selection: one for all readings ----------------------------------------------------
function select(id) {
  state.selected = id; drawCanvas();
  if (id && onCanvas.has(id)) { network.selectNodes([id]); network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false }); }
  else network.unselectAll();
  const ev = id && byId.get(id).cat === "event" ? id : null;
  timeline.setSelection(ev && tlItems.get(ev) ? [ev] : [], { focus: Boolean(ev && tlItems.get(ev)) && state.tab === "timeline", animation: false });
  if (state.tab === "map") drawMarkers(); else dirty.add("map");
  markRow();
  if (id) showPanel(id); else document.getElementById("panel").replaceChildren(el("p", "Nothing selected.", "muted"));
}
function find(query) {
  const q = fold(query); if (!q) return null;
  let best = null;
  for (const n of DATA.nodes) {
    const ns = [n.cat === "event" ? "" : n.label, ...n.aliases, ...n.hidden].map(fold);
    if (ns.includes(q)) return n;
    if (!best && n.cat === "entity" && ns.some(x => x.includes(q))) best = n;
  }
  return best;
}

// ---- the side panel: every name navigates ----------------------------------------------
const go = (id, text) => { const b = el("button", text ?? byId.get(id).label, "link"); b.type = "button"; b.addEventListener("click", () => select(id)); return b; };
function sourceList(ids) {
  const ul = el("ul");
  for (const d of ids) {
    const doc = DATA.docs[d] || { title: d, publisher: "", date: "", url: "" }, li = el("li");
    if (/^https?:\/\//.test(doc.url)) { const a = el("a", doc.title); a.href = doc.url; a.target = "_blank"; a.rel = "noopener noreferrer"; li.append(a); }
    else li.append(el("span", doc.title));
    const meta = [doc.publisher, doc.date].filter(Boolean).join(" · ");
    if (meta) li.append(el("span", " — " + meta, "muted"));
    ul.append(li);
  }
  return ul;
}
function evidenceBlock(parent, item) {
  for (const s of item.evidence) parent.append(el("div", "“" + s + "”", "evidence"));
  if (item.more) parent.append(el("div", "… " + (item.more - item.evidence.length) + " more sentences in the graph (kg query: kg:evidence)", "muted"));
  if (item.sources.length) parent.append(el("div", "Sources:", "muted"), sourceList(item.sources));
}
function row(...parts) { const d = el("div", undefined, "row"); d.append(...parts.map(p => typeof p === "string" ? document.createTextNode(p) : p)); return d; }
function showPanel(id) {
  const n = byId.get(id), panel = document.getElementById("panel"); panel.replaceChildren();
  panel.append(el("h3", n.label), el("div", n.kind + (n.date ? " · " + n.date : "") + (n.cat === "event" ? " · confidence " + n.confidence : ""), "muted"));
  if (n.aliases.length) panel.append(el("h2", "Also written"), el("div", n.aliases.join("; ")));
  if (n.coords) panel.append(el("div", "WGS84 " + n.coords[0] + ", " + n.coords[1] + (n.coords[2] ? " (of the place it lies in)" : ""), "muted"));
  if (n.content.length) { panel.append(el("h2", "What was said")); for (const c of n.content) panel.append(el("div", c, "evidence")); }
  if (n.rels.length) {
    panel.append(el("h2", "Relations"));
    for (const e of n.rels) { panel.append(row(go(e.from), " " + e.label + " ", go(e.to), " (confidence " + e.confidence + ")")); evidenceBlock(panel, e); }
  }
  if (n.cat === "event") {
    panel.append(el("h2", "Who, whom, where"));
    for (const role of ["agent", "target", "place"]) for (const x of n[role + "s"]) panel.append(row(role + ": ", go(x)));
    panel.append(el("h2", "Evidence")); evidenceBlock(panel, n);
    return;
  }
  const evs = n.events.map(e => byId.get(e)).sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  if (evs.length) { panel.append(el("h2", "Events (" + evs.length + ")")); for (const ev of evs) panel.append(row(go(ev.id), VIEW.evSet.has(ev.id) ? "" : " (filtered out)")); }
  if (n.sources.length) panel.append(el("h2", "Mentioned in"), sourceList(n.sources));
}
function showAggregate(a) {
  const panel = document.getElementById("panel"); panel.replaceChildren();
  panel.append(el("h3", byId.get(a.from).label + " → " + byId.get(a.to).label), el("div", a.cls + " · " + a.events.length + " event(s)", "muted"));
  panel.append(row(go(a.from), " → ", go(a.to)), el("h2", "Events"));
  for (const id of a.events) panel.append(row(go(id)));
}

// ---- timeline ---------------------------------------------------------------------------
function span(date) { // a year or a month is a range: the date is no more precise than that
  const [y, m, d] = date.split("-").map(Number);
  if (d) return { start: new Date(Date.UTC(y, m - 1, d)), type: "box" };
  if (m) return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)), type: "range" };
  return { start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y + 1, 0, 1)), type: "range" };
}
const tlItems = new VT.DataSet();
const timeline = new VT.Timeline(document.getElementById("tlbox"), tlItems, {
  height: "100%", stack: true, zoomKey: "ctrlKey", showTooltips: false, xss: { disabled: false },
  cluster: EVENTS.length > 200 ? { maxItems: 4, titleTemplate: "{count} events: zoom in" } : false,
  template: (item, _element, data) => {
    if (item && item.text !== undefined) { const s = el("span", item.text); s.style.color = "#111"; return s; }
    return el("span", data && data.uiItems ? data.uiItems.length + " events" : "");
  }
});
timeline.on("select", p => { if (p.items.length && byId.has(p.items[0])) select(p.items[0]); });
function drawTimeline() { // only what changed: vis-timeline redraws per item while on screen
  const want = new Map(VIEW.evs.filter(ev => /^\d{4}(-\d\d){0,2}$/.test(ev.date)).map(ev => [ev.id, ev]));
  const have = new Set(tlItems.getIds()), gone = [...have].filter(id => !want.has(id));
  const fresh = [...want.values()].filter(ev => !have.has(ev.id)).map(ev => Object.assign(span(ev.date),
    { id: ev.id, text: ev.label.length > 70 ? ev.label.slice(0, 69) + "…" : ev.label, style: "background-color:" + color(ev.kind) }));
  tlCount = want.size;
  if (!gone.length && !fresh.length) return;
  const box = document.getElementById("tlbox"), many = gone.length + fresh.length > 50;
  if (many) box.style.display = "none"; // hidden, thousands of items go in at once
  tlItems.remove(gone); tlItems.add(fresh);
  if (many) box.style.display = "";
  if (want.size && state.tab === "timeline") timeline.fit({ animation: false });
}

// ---- map: an equirectangular world (Natural Earth outlines) and events per place ----------
const SVG = "http://www.w3.org/2000/svg", svg = document.getElementById("mapsvg");
function drawCountries() {
  const world = JSON.parse(document.getElementById("kg-world").textContent);
  const ring = r => "M" + r.map(([x, y]) => x.toFixed(2) + "," + (-y).toFixed(2)).join("L") + "Z";
  const g = document.getElementById("countries");
  for (const f of topojson.feature(world, world.objects.countries).features) {
    const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
    const p = document.createElementNS(SVG, "path"); p.setAttribute("d", polys.flat().map(ring).join(""));
    const t = document.createElementNS(SVG, "title"); t.textContent = f.properties.name || ""; p.append(t); g.append(p);
  }
}
function placeOf(ev) { // the most precise of an event's places: not one another lies in, a point of its own
  const places = ev.places.map(id => byId.get(id)).filter(p => p.coords && kindShown(p));
  const outer = new Set(places.flatMap(p => p.within));
  return places.find(p => !outer.has(p.id) && !p.coords[2]) || places.find(p => !outer.has(p.id)) || places[0];
}
function drawMarkers() {
  const at = new Map(); let unplaced = 0;
  for (const ev of VIEW.evs) { const p = placeOf(ev); if (!p) { unplaced++; continue; } if (!at.has(p.id)) at.set(p.id, []); at.get(p.id).push(ev); }
  const g = document.getElementById("markers"); g.replaceChildren();
  const sel = state.selected && byId.get(state.selected), selPlace = sel && (sel.cat === "event" ? (placeOf(sel) || {}).id : sel.id);
  for (const [id, evs] of [...at].sort((a, b) => b[1].length - a[1].length)) {
    const p = byId.get(id), c = document.createElementNS(SVG, "circle"), kinds = new Map();
    for (const ev of evs) kinds.set(ev.kind, (kinds.get(ev.kind) || 0) + 1);
    c.setAttribute("cx", p.coords[1]); c.setAttribute("cy", -p.coords[0]); c.setAttribute("r", (1 + Math.sqrt(evs.length)) / mapZoom);
    c.setAttribute("fill", color([...kinds].sort((a, b) => b[1] - a[1])[0][0]));
    c.setAttribute("class", (p.coords[2] ? "approx" : "") + (id === selPlace ? " selected" : ""));
    c.dataset.place = id; c.dataset.count = evs.length;
    const t = document.createElementNS(SVG, "title"); t.textContent = p.label + ": " + evs.length + " event(s)" + (p.coords[2] ? " (placed at the region it lies in)" : ""); c.append(t);
    c.addEventListener("click", ev => { ev.stopPropagation(); select(id); });
    g.append(c);
  }
  document.getElementById("mapnote").textContent = at.size + " places with events; " + unplaced + " shown events have no known place.";
  return at.size;
}
let mapZoom = 1, view0 = { x: -180, y: -90, w: 360, h: 180 }, mapView = { ...view0 };
function setMapView() { svg.setAttribute("viewBox", [mapView.x, mapView.y, mapView.w, mapView.h].join(" ")); drawMarkers(); }
svg.addEventListener("wheel", ev => {
  ev.preventDefault(); const f = ev.deltaY < 0 ? 0.8 : 1.25, r = svg.getBoundingClientRect();
  const fx = (ev.clientX - r.left) / r.width, fy = (ev.clientY - r.top) / r.height;
  const w = Math.min(360, Math.max(4, mapView.w * f)), h = w / 2;
  mapView = { x: mapView.x + (mapView.w - w) * fx, y: mapView.y + (mapView.h - h) * fy, w, h }; mapZoom = 360 / w; setMapView();
}, { passive: false });
let drag = null;
svg.addEventListener("mousedown", ev => { drag = { x: ev.clientX, y: ev.clientY, v: { ...mapView } }; });
window.addEventListener("mouseup", () => { drag = null; });
svg.addEventListener("mousemove", ev => { if (!drag) return; const r = svg.getBoundingClientRect(), k = mapView.w / r.width;
  mapView = { ...drag.v, x: drag.v.x - (ev.clientX - drag.x) * k, y: drag.v.y - (ev.clientY - drag.y) * k }; setMapView(); });

// ---- event table ------------------------------------------------------------------------
const COLUMNS = [["date", "Date"], ["agent", "Agent"], ["cls", "Class"], ["target", "Target"], ["place", "Place"], ["confidence", "Confidence"], ["sources", "Sources"]];
function cells(ev) { return { date: ev.date || "", agent: names(ev.agents), cls: ev.kind, target: names(ev.targets), place: names(ev.places), confidence: ev.confidence, sources: ev.sources.length }; }
let ROWS = [];
function tableRows() {
  const words = fold(state.rowFilter).split(" ").filter(Boolean), { key, dir } = state.sort;
  const rows = VIEW.evs.map(ev => ({ id: ev.id, c: cells(ev) })).filter(r => { const text = fold(Object.values(r.c).join(" ")); return words.every(w => text.includes(w)); });
  return rows.sort((a, b) => { const x = a.c[key], y = b.c[key]; return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.id < b.id ? -1 : 1); });
}
function drawTable() {
  ROWS = tableRows();
  const body = document.querySelector("#events tbody"), frag = document.createDocumentFragment();
  for (const r of ROWS.slice(0, TABLE_ROWS)) { const tr = el("tr"); tr.dataset.id = r.id;
    for (const [k] of COLUMNS) tr.append(el("td", String(r.c[k])));
    tr.addEventListener("click", () => select(r.id)); frag.append(tr); }
  body.replaceChildren(frag);
  for (const th of document.querySelectorAll("#events th")) th.setAttribute("aria-sort", th.dataset.key === state.sort.key ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
  document.getElementById("tablecount").textContent = ROWS.length > TABLE_ROWS ? "first " + TABLE_ROWS + " of " + ROWS.length + " rows (the CSV has all)" : ROWS.length + " rows";
  markRow();
}
function markRow() { for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === state.selected); }
function csvCell(v) { // quoted; a leading = + - @ cannot start a spreadsheet formula
  let s = String(v); if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return '"' + s.replace(/"/g, '""') + '"';
}
function tableCSV() { return [COLUMNS.map(c => csvCell(c[1])).join(","), ...ROWS.map(r => COLUMNS.map(([k]) => csvCell(r.c[k])).join(","))].join("\r\n") + "\r\n"; }
function buildTable() {
  const head = document.querySelector("#events thead tr");
  for (const [k, title] of COLUMNS) { const th = el("th", title); th.dataset.key = k;
    th.addEventListener("click", () => { state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 }; drawTable(); }); head.append(th); }
  document.getElementById("tablefilter").addEventListener("input", ev => { state.rowFilter = ev.target.value; drawTable(); });
  document.getElementById("csv").addEventListener("click", () => {
    const a = el("a"); a.href = URL.createObjectURL(new Blob([tableCSV()], { type: "text/csv" })); a.download = "kg-events.csv";
    document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}
function buildSources() {
  const body = document.querySelector("#doclist tbody");
  for (const [id, d] of Object.entries(DATA.docs).sort((a, b) => (b[1].date || "").localeCompare(a[1].date || ""))) {
    const tr = el("tr"); tr.append(el("td", d.date), el("td", d.publisher)); const td = el("td");
    td.append(sourceList([id]).firstChild.firstChild); tr.append(td); body.append(tr);
  }
}

// ---- controls ---------------------------------------------------------------------------
let tlCount = 0, dirty = new Set(["sources"]); // a tab is drawn when it is on screen
const DRAW = { timeline: drawTimeline, map: drawMarkers, table: drawTable, sources: buildSources };
function drawTab() { const t = state.tab; if (!dirty.has(t)) return false; dirty.delete(t); DRAW[t](); return true; }
function refresh() {
  computeView(); drawCanvas();
  for (const t of ["timeline", "map", "table"]) dirty.add(t); drawTab();
  const dated = VIEW.evs.filter(ev => ev.date).length;
  document.getElementById("tabinfo").textContent = VIEW.evs.length + " events shown, " + dated + " dated";
  if (state.selected && document.getElementById("panel").firstChild) showPanel(state.selected);
}
function showTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.id === name);
  const drawn = drawTab();
  if (name === "timeline") {
    timeline.redraw(); if (tlCount && !drawn) timeline.fit({ animation: false });
    if (state.selected && tlItems.get(state.selected)) timeline.setSelection([state.selected], { focus: true, animation: false });
  }
}
function buildTypeFilters() {
  const box = document.getElementById("types");
  for (const kind of DATA.order) {
    if (!DATA.nodes.some(n => n.kind === kind)) continue;
    const lab = el("label"), cb = el("input"); cb.type = "checkbox"; cb.checked = true; cb.dataset.kind = kind;
    cb.addEventListener("change", () => { cb.checked ? state.hidden.delete(kind) : state.hidden.add(kind); refresh(); });
    const sw = el("span", undefined, "swatch"); sw.style.background = color(kind);
    lab.append(cb, sw, document.createTextNode(kind)); box.append(lab);
  }
}
document.getElementById("search").addEventListener("input", ev => {
  const hit = find(ev.target.value);
  document.getElementById("status").textContent = ev.target.value ? (hit ? "→ " + hit.label : "no match") : "";
  if (hit) select(hit.id);
});
const on = (id, type, f) => document.getElementById(id).addEventListener(type, ev => { f(ev.target); refresh(); });
on("from", "change", t => { state.from = t.value; });
on("to", "change", t => { state.to = t.value; });
on("undated", "change", t => { state.undated = t.checked; });
on("isolated", "change", t => { state.isolated = t.checked; });
on("conf", "input", t => { state.minConf = parseFloat(t.value); document.getElementById("confval").textContent = state.minConf.toFixed(2); });
document.getElementById("window").addEventListener("click", () => {
  const w = timeline.getWindow(), iso = d => new Date(d).toISOString().slice(0, 10);
  state.from = document.getElementById("from").value = iso(w.start); state.to = document.getElementById("to").value = iso(w.end); refresh();
});
for (const r of document.querySelectorAll("input[name=mode]")) {
  r.checked = r.value === state.mode;
  r.addEventListener("change", () => { state.mode = r.value; refresh(); });
}
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));

buildTypeFilters(); buildTable(); drawCountries();
state.tab = null; refresh();
// the timeline is drawn once the graph is on screen: the page opens a few hundred ms sooner
requestAnimationFrame(() => setTimeout(() => { showTab("timeline"); state.shown = true; }, 0));
window.kgView = {
  network, timeline, select, data: DATA, find, state, refresh, showTab, tableCSV,
  setMode: m => { state.mode = m; for (const r of document.querySelectorAll("input[name=mode]")) r.checked = r.value === m; refresh(); },
  nodeCount: () => DATA.nodes.length, visibleCount: () => gNodes.length, canvasIds: () => gNodes.getIds(),
  canvasEdges: () => gEdges.get().map(e => ({ from: e.from, to: e.to, label: e.label })),
  dimmed: () => gNodes.get().filter(n => n.font.color !== "#222").map(n => n.id),
  timelineIds: () => tlItems.getIds(), tableIds: () => tableRows().map(r => r.id),
  markers: () => [...document.querySelectorAll("#markers circle")].map(c => ({ place: c.dataset.place, count: +c.dataset.count })),
  selected: () => state.selected, ready: () => state.ready && state.shown,
  domPosition: id => { const p = network.getPositions([id])[id]; return network.canvasToDOM(p); }
};
