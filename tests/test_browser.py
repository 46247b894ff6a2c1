"""The HTML view in a real browser: headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, XSD

from kg.view import render_html
from kg.vocab import GEO, KG, class_iri

pytestmark = pytest.mark.model
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
HOSTILE_NAME = "<script>window.__xss=1</script>Evil Brigade"
HOSTILE_QUOTE = "<img src=x onerror=window.__xss=2> was said"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium missing: `make test` must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        yield b
        b.close()


class Page:
    """An opened view, with what it logged and requested."""

    def __init__(self, browser, path: Path) -> None:  # noqa: ANN001 (playwright type)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.wait("Boolean(window.kgView && window.kgView.ready())", 120)

    def js(self, expr: str):  # noqa: ANN201
        # the page's CSP forbids eval, so evaluate functions, never strings of code
        return self.page.evaluate(f"() => ({expr})")

    def wait(self, expr: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.js(expr):
            assert time.monotonic() < deadline, f"page never satisfied {expr}"
            time.sleep(0.1)

    def click_node(self, node_id: str) -> None:
        pos = self.js(f"kgView.domPosition({node_id!r})")
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def offsite(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]


def test_seeds_view(browser, seeds_build: Path, seeds_graph: Graph) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    # people, groups, places and events of any class the ontology has (loaded with the graph)
    kinds = "{ VALUES ?c { kg:Person kg:Group kg:Place } } UNION { ?c rdfs:subClassOf+ kg:Event }"
    n = int(
        next(
            iter(
                seeds_graph.query(
                    "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                    f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {kinds} ?x a ?c }}"
                )
            )
        )[0]
    )
    assert page.js("kgView.nodeCount()") == n
    page.page.fill("#search", "KH")  # a dictionary alias the articles never use
    kh = "https://w3id.org/kg-news/id/group/kataib-hezbollah"
    assert page.js("kgView.selected()") == kh
    page.page.fill("#search", "")
    page.js("kgView.network.fit({ animation: false })")  # zoom out, as a user would
    page.click_node("https://w3id.org/kg-news/id/person/mahmoud-al-rubaie")
    panel = page.page.inner_text("#panel")
    assert "Mahmoud al-Rubaie" in panel and "spokespersonOf" in panel and "“" in panel
    assert "Resistance has decided to expel US forces" in panel  # the source article's title
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "seeds-view.png"))
    assert page.errors == [] and page.offsite() == [] and page.dialogs == []


DATA = "kgView.data"  # the page's data, unpacked


def shown_events(page: Page, where: str) -> set[str]:
    """Ids of the events the data says pass a filter (`where` reads an event `n`)."""
    return set(page.js(f"{DATA}.nodes.filter(n => n.cat === 'event' && ({where})).map(n => n.id)"))


def check_canvas_is_consistent(page: Page) -> None:
    """No entity is left on the canvas with nothing shown beside it; an event (always
    shown) stands alone only when every participant it has is filtered out."""
    ids = set(page.js("kgView.canvasIds()"))
    ends = {x for e in page.js("kgView.canvasEdges()") for x in (e["from"], e["to"])}
    entities = set(page.js(f"{DATA}.nodes.filter(n => n.cat === 'entity').map(n => n.id)"))
    assert ids and (ids & entities) <= ends
    partners = page.js(f"{DATA}.edges.map(e => [e.from, e.to])")
    for alone in ids - ends:
        assert alone not in entities
        assert not any(b in ids for a, b in partners if a == alone)
        assert not any(a in ids for a, b in partners if b == alone)


def test_filters_hide_what_they_should(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    kinds = page.js(f"Object.fromEntries({DATA}.nodes.map(n => [n.id, n.kind]))")
    events = shown_events(page, "true")
    canvas = set(page.js("kgView.canvasIds()"))
    assert events <= canvas and set(page.js("kgView.tableIds()")) == events
    check_canvas_is_consistent(page)
    page.page.uncheck("#types input[data-kind=Person]")
    canvas = set(page.js("kgView.canvasIds()"))
    assert not any(kinds[i] == "Person" for i in canvas) and events <= canvas
    check_canvas_is_consistent(page)
    page.page.check("#types input[data-kind=Person]")
    page.page.fill("#from", "2020-01-01")
    page.page.fill("#to", "2020-12-31")
    page.page.uncheck("#undated")
    in_2020 = shown_events(page, "n.date >= '2020' && n.date < '2021'")
    assert in_2020 and {i for i in page.js("kgView.canvasIds()") if i in events} == in_2020
    assert set(page.js("kgView.tableIds()")) == in_2020 == set(page.js("kgView.timelineIds()"))
    page.page.check("#undated")
    page.page.fill("#from", "")
    page.page.fill("#to", "")
    page.page.fill("#conf", "0.9")
    page.page.dispatch_event("#conf", "input")
    confident = shown_events(page, "n.confidence >= 0.9")
    assert {i for i in page.js("kgView.canvasIds()") if i in events} == confident
    assert set(page.js("kgView.tableIds()")) == confident
    check_canvas_is_consistent(page)
    assert page.errors == []


def test_focus_dims_the_rest_and_the_panel_navigates(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    kh = "https://w3id.org/kg-news/id/group/kataib-hezbollah"
    page.page.fill("#search", "Kataib Hezbollah")
    dimmed = set(page.js("kgView.dimmed()"))
    canvas = set(page.js("kgView.canvasIds()"))
    assert kh in canvas and kh not in dimmed and 0 < len(dimmed) < len(canvas)
    ends = {(e["from"], e["to"]) for e in page.js("kgView.canvasEdges()")}
    assert all(x not in dimmed for a, b in ends if kh in (a, b) for x in (a, b))
    page.page.get_by_role("button", name="Abu Ali al-Askari").first.click()
    assert page.js("kgView.selected()").endswith("/person/abu-ali-al-askari")
    assert page.page.inner_text("#panel h3") == "Abu Ali al-Askari"
    page.page.get_by_role("button", name="Kataib Hezbollah").first.click()  # and back
    assert page.js("kgView.selected()") == kh
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "focus.png"))
    page.js("kgView.network.fit({ animation: false })")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + 5, box["y"] + 5)  # empty canvas: nothing selected
    assert page.js("kgView.selected()") is None and page.js("kgView.dimmed()") == []
    assert page.errors == []


def test_timeline_and_graph_select_each_other(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    page.page.click("#tabs button[data-tab=timeline]")
    dated = shown_events(page, "/^\\d{4}/.test(n.date)")
    assert set(page.js("kgView.timelineIds()")) == dated and len(dated) >= 5
    # the first item in view: stacked items beyond the panel's height are scrolled out of it
    in_view = page.js(
        "(() => { const box = document.getElementById('tlbox').getBoundingClientRect();"
        " return [...document.querySelectorAll('#tlbox .vis-item.vis-box')].findIndex(e => {"
        " const r = e.getBoundingClientRect();"
        " return r.top >= box.top && r.bottom <= box.bottom; }); })()"
    )
    assert in_view >= 0
    item = page.page.locator("#tlbox .vis-item.vis-box").nth(in_view)
    text = item.inner_text().rstrip("…")
    item.click()
    chosen = page.js("kgView.selected()")
    assert chosen in dated
    assert page.page.inner_text("#panel h3").startswith(text)
    other = sorted(dated - {chosen})[0]
    page.js(f"kgView.select({other!r})")
    assert page.js("kgView.timeline.getSelection()") == [other]
    assert page.js("kgView.network.getSelectedNodes()") == [other]
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    page.page.fill("#from", "2021-01-01")  # the filters reach the timeline
    assert set(page.js("kgView.timelineIds()")) == shown_events(page, "n.date >= '2021'")
    assert page.errors == []


def test_map_places_events_and_selects_places(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    page.page.click("#tabs button[data-tab=map]")
    assert page.js("document.querySelectorAll('#countries path').length") > 150  # the world
    markers = page.js("kgView.markers()")
    located = page.js(
        f"{DATA}.nodes.filter(n => n.cat === 'event' && {DATA}.edges.some(e => e.kind === 'place'"
        f" && e.from === n.id && {DATA}.nodes.find(p => p.id === e.to).coords)).length"
    )
    assert markers and sum(m["count"] for m in markers) == located  # each placed event once
    page.page.locator("#markers circle").last.click()  # the smallest, drawn on top
    assert page.js("kgView.selected()") == markers[-1]["place"]
    assert "EVENTS (" in page.page.inner_text("#panel")  # headings are upper-cased by CSS
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "map.png"))
    for kind in page.js(
        f"[...new Set({DATA}.nodes.filter(n => n.cat === 'event').map(n => n.kind))]"
    ):
        page.page.uncheck(f"#types input[data-kind={kind}]")
    assert page.js("kgView.markers()") == []  # the filters reach the map
    assert page.errors == []


def test_event_table_sorts_filters_and_exports(browser, seeds_build: Path, tmp_path: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    page.page.click("#tabs button[data-tab=table]")
    conf = "[...document.querySelectorAll('#events tbody tr')].map(r => +r.cells[5].textContent)"
    page.page.click("#events th[data-key=confidence]")
    up = page.js(conf)
    assert up == sorted(up) and len(up) == len(page.js("kgView.tableIds()"))
    page.page.click("#events th[data-key=confidence]")
    assert page.js(conf) == sorted(up, reverse=True)
    assert (
        page.js("document.querySelector('#events th[data-key=confidence]').ariaSort")
        == "descending"
    )
    page.page.fill("#tablefilter", "killing")
    killings = shown_events(page, "n.kind === 'Killing'")
    assert set(page.js("kgView.tableIds()")) == killings and killings
    with page.page.expect_download() as info:
        page.page.click("#csv")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    import csv

    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == ["Date", "Agent", "Class", "Target", "Place", "Confidence", "Sources"]
    assert len(rows) == 1 + len(killings) and all(r[2] == "Killing" for r in rows[1:])
    page.page.locator("#events tbody tr").first.click()
    assert page.js("kgView.selected()") in killings
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "table.png"))
    assert page.errors == []


def test_actor_view_aggregates_events(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    page.page.check("input[name=mode][value=actors]")
    kinds = page.js(f"Object.fromEntries({DATA}.nodes.map(n => [n.id, n.cat]))")
    canvas = page.js("kgView.canvasIds()")
    assert canvas and all(kinds[i] == "entity" for i in canvas)
    labels = [e["label"] for e in page.js("kgView.canvasEdges()")]
    classes = set(page.js(f"{DATA}.nodes.filter(n => n.cat === 'event').map(n => n.kind)"))
    assert any(lab.split(" ×")[0] in classes for lab in labels)
    check_canvas_is_consistent(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "actors.png"))
    assert page.errors == []


HOSTILE_PLACE = "<svg onload=window.__xss=6>Town"
HOSTILE_OUTLET = "<img src=x onerror=window.__xss=7>"


def hostile_graph() -> Graph:
    g = Graph()
    doc, grp, ev = (URIRef(f"https://example.org/{x}") for x in ("doc", "group", "event"))
    town = URIRef("https://example.org/town")
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, RDFS.label, Literal("<b onmouseover=window.__xss=3>headline</b>")))
    g.add((doc, KG.publisher, Literal(HOSTILE_OUTLET)))
    g.add((doc, SDO.url, URIRef("javascript:window.__xss=8")))
    g.add((grp, RDF.type, KG.Group))
    g.add((grp, RDFS.label, Literal(HOSTILE_NAME)))
    g.add((grp, SKOS.altLabel, Literal("<img src=x onerror=window.__xss=4>")))
    g.add((doc, KG.mentions, grp))
    g.add((town, RDF.type, KG.Place))
    g.add((town, RDFS.label, Literal(HOSTILE_PLACE)))
    g.add((town, GEO.lat, Literal("10.5", datatype=XSD.decimal)))
    g.add((town, GEO.long, Literal("20.25", datatype=XSD.decimal)))
    g.add((ev, RDF.type, class_iri("Statement")))
    g.add((ev, KG.agent, grp))
    g.add((ev, KG.place, town))
    g.add((ev, KG.date, Literal("2021-03-04", datatype=XSD.date)))
    g.add((ev, KG.evidence, Literal(HOSTILE_QUOTE)))
    g.add((ev, KG.content, Literal("</script><script>window.__xss=5</script>")))
    g.add((ev, KG.confidence, Literal("0.8")))
    g.add((ev, PROV.wasDerivedFrom, doc))
    return g


def test_hostile_text_is_shown_not_run(browser, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile_graph()), encoding="utf-8")
    page = Page(browser, path)
    assert page.js("kgView.nodeCount()") == 3
    page.page.fill("#search", "Evil Brigade")
    page.page.hover("#panel")
    panel = page.page.inner_text("#panel")
    assert HOSTILE_NAME in panel and "<img src=x onerror=window.__xss=4>" in panel
    assert HOSTILE_OUTLET in panel and page.js("document.querySelectorAll('#panel a').length") == 0
    page.click_node("https://example.org/event")
    panel = page.page.inner_text("#panel")
    assert HOSTILE_QUOTE in panel and "</script><script>window.__xss=5</script>" in panel
    page.page.click("#tabs button[data-tab=timeline]")
    assert HOSTILE_NAME in page.page.inner_text("#tlbox")
    page.page.locator("#tlbox .vis-item").first.click()
    page.page.click("#tabs button[data-tab=table]")
    table = page.page.inner_text("#events")
    assert HOSTILE_NAME in table and HOSTILE_PLACE in table
    page.page.click("#tabs button[data-tab=map]")
    title = page.js("document.querySelector('#markers circle title').textContent")
    assert title.startswith(HOSTILE_PLACE)
    page.page.locator("#markers circle").first.click()
    assert HOSTILE_PLACE in page.page.inner_text("#panel h3")
    page.page.click("#tabs button[data-tab=sources]")
    assert HOSTILE_OUTLET in page.page.inner_text("#doclist")
    page.page.check("input[name=mode][value=actors]")
    assert page.js("window.__xss === undefined")
    assert page.dialogs == [] and page.offsite() == [] and page.errors == []


def big_graph(n: int) -> Graph:
    """n/2 groups and n/2 attacks between them, for scale."""
    g = Graph()
    groups = [URIRef(f"https://example.org/group/{i}") for i in range(n // 2)]
    for i, grp in enumerate(groups):
        g.add((grp, RDF.type, KG.Group))
        g.add((grp, RDFS.label, Literal(f"Group {i}")))
        ev = URIRef(f"https://example.org/event/{i}")
        g.add((ev, RDF.type, class_iri("Attack")))
        g.add((ev, KG.agent, grp))
        g.add((ev, KG.target, groups[(i * 7 + 3) % len(groups)]))
        g.add((ev, KG.confidence, Literal("0.7")))
    return g


def test_two_thousand_nodes_settle_and_stop(browser, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "big.html"
    path.write_text(render_html(big_graph(2000)), encoding="utf-8")
    first = Page(browser, path)  # waits until stabilised
    assert first.js("kgView.nodeCount()") == 2000
    assert first.js("kgView.visibleCount()") <= 250  # the overview: the best-connected actors
    assert first.js("kgView.state.mode") == "actors"
    assert first.js("kgView.network.physics.options.enabled") is False  # physics has stopped
    where = "kgView.network.getPositions(['https://example.org/group/0'])"
    again = Page(browser, path)
    assert first.js(where) == again.js(where)  # seeded layout: same graph, same picture
    ARTIFACTS.mkdir(exist_ok=True)
    first.page.screenshot(path=str(ARTIFACTS / "2000-nodes.png"))
    assert first.errors == []


def test_entity_page(browser, seeds_build: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "kh.html"
    result = CliRunner().invoke(
        main, ["view", str(seeds_build / "graph.ttl"), "Kata'ib Hizballah", "-o", str(out)]
    )
    assert result.exit_code == 0 and "Kataib Hezbollah" in result.output, result.output
    page = Page(browser, out)
    full = Page(browser, seeds_build / "graph.html").js("kgView.nodeCount()")
    assert 1 < page.js("kgView.nodeCount()") < full
    page.page.fill("#search", "Abu Ali al-Askari")
    assert page.js("kgView.selected()").endswith("/person/abu-ali-al-askari")
    assert page.errors == []
