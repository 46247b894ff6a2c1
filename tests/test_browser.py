"""The HTML view in a real browser: headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.view import render_html
from kg.vocab import KG, class_iri

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


def test_filters_hide_what_they_should(browser, seeds_build: Path) -> None:  # noqa: ANN001
    page = Page(browser, seeds_build / "graph.html")
    total = page.js("kgView.visibleCount()")
    people = page.js("[...document.querySelectorAll('#types input')].length")
    assert people >= 5
    page.page.uncheck("#types input[data-kind=Person]")
    persons = page.js(
        "JSON.parse(document.getElementById('kg-data').textContent)"
        ".nodes.filter(n => n.kind === 'Person').length"
    )
    assert page.js("kgView.visibleCount()") == total - persons
    page.page.check("#types input[data-kind=Person]")
    page.page.fill("#from", "2020-01-01")
    page.page.fill("#to", "2020-12-31")
    page.page.uncheck("#undated")
    dated = page.js(
        "JSON.parse(document.getElementById('kg-data').textContent).nodes"
        ".filter(n => n.cat === 'event' && n.date >= '2020' && n.date < '2021').length"
    )
    entities = page.js(
        "JSON.parse(document.getElementById('kg-data').textContent).nodes"
        ".filter(n => n.cat === 'entity').length"
    )
    assert page.js("kgView.visibleCount()") == entities + dated
    page.page.check("#undated")
    page.page.fill("#from", "")
    page.page.fill("#to", "")
    page.page.fill("#conf", "0.9")
    page.page.dispatch_event("#conf", "input")
    confident = page.js(
        "JSON.parse(document.getElementById('kg-data').textContent).nodes"
        ".filter(n => n.cat === 'event' && n.confidence >= 0.9).length"
    )
    assert page.js("kgView.visibleCount()") == entities + confident
    assert page.errors == []


def hostile_graph() -> Graph:
    g = Graph()
    doc, grp, ev = (URIRef(f"https://example.org/{x}") for x in ("doc", "group", "event"))
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, RDFS.label, Literal("<b onmouseover=window.__xss=3>headline</b>")))
    g.add((grp, RDF.type, KG.Group))
    g.add((grp, RDFS.label, Literal(HOSTILE_NAME)))
    g.add((grp, SKOS.altLabel, Literal("<img src=x onerror=window.__xss=4>")))
    g.add((grp, KG.mentionedIn, doc))
    g.add((ev, RDF.type, class_iri("Statement")))
    g.add((ev, KG.agent, grp))
    g.add((ev, KG.evidence, Literal(HOSTILE_QUOTE)))
    g.add((ev, KG.content, Literal("</script><script>window.__xss=5</script>")))
    g.add((ev, KG.confidence, Literal("0.8")))
    g.add((ev, PROV.wasDerivedFrom, doc))
    return g


def test_hostile_text_is_shown_not_run(browser, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile_graph()), encoding="utf-8")
    page = Page(browser, path)
    assert page.js("kgView.nodeCount()") == 2
    page.page.fill("#search", "Evil Brigade")
    page.page.hover("#panel")
    panel = page.page.inner_text("#panel")
    assert HOSTILE_NAME in panel and "<img src=x onerror=window.__xss=4>" in panel
    page.click_node("https://example.org/event")
    panel = page.page.inner_text("#panel")
    assert HOSTILE_QUOTE in panel and "</script><script>window.__xss=5</script>" in panel
    assert page.js("window.__xss === undefined")
    assert page.dialogs == [] and page.offsite() == []


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
