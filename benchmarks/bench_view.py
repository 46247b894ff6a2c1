"""The HTML view at scale: page size, time to open in headless Chromium, and how fast a
search, a click, a filter and each tab answer.

    python benchmarks/bench_view.py --graph OUT/graph.ttl [--repeat 3] [--keep PAGE.html]
    python benchmarks/bench_view.py --graph OUT/graph.html  # a page as kg wrote it
    python benchmarks/bench_view.py --size 3200        # builds a generated corpus first

"Open" is from navigation to the first stable picture (`kgView.ready()`: data parsed,
timeline, map and table drawn, the canvas laid out). The interaction times are measured in
the page (performance.now around the handler, then one animation frame so the browser has
painted). Needs Debian's chromium and playwright (the test extra). Machines are shared and
noisy: compare rows of one run; never assert these figures in a test."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS.append("--disable-component-update")

# one interaction each; `painted` times it up to the next frame the browser draws
ACTIONS = {
    "search": "const s = document.getElementById('search'); s.value = NAME;"
    " s.dispatchEvent(new Event('input'));",
    "click a node": "kgView.select(kgView.canvasIds()[1]);",
    "filter (confidence)": "const c = document.getElementById('conf'); c.value = '0.5';"
    " c.dispatchEvent(new Event('input'));",
    "actors <-> events": "kgView.setMode(kgView.state.mode === 'actors' ? 'events' : 'actors');",
    "tab: table": "kgView.showTab('table');",
    "tab: map": "kgView.showTab('map');",
    "tab: timeline": "kgView.showTab('timeline');",
}


def painted(action: str) -> str:
    return (
        "async () => { const t = performance.now(); " + action + " await new Promise("
        "r => requestAnimationFrame(() => r())); return performance.now() - t; }"
    )


def build(size: int, work: Path) -> Path:
    from corpus import generate, load_bases, write

    corpus = work / "corpus"
    write(generate(load_bases(), size, seed=0), corpus)
    kg = Path(sys.executable).parent / "kg"
    subprocess.run([str(kg), "build", str(corpus), "-o", str(work / "out"), "--quiet"], check=True)
    return work / "out" / "graph.ttl"


def render(graph: Path, page: Path) -> dict[str, float]:
    from rdflib import Graph

    from kg.view import render_html

    g = Graph()
    g.parse(graph)
    start = time.perf_counter()
    text = render_html(g)
    seconds = time.perf_counter() - start
    page.write_text(text, encoding="utf-8")
    return {"render s": seconds, "page MB": page.stat().st_size / 1e6}


def in_browser(page: Path, repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Debian's chromium is needed: apt-get install chromium")
    out: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for _ in range(repeat):
            tab = browser.new_page(viewport={"width": 1400, "height": 850})
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri())
            tab.wait_for_function("() => window.kgView && window.kgView.ready()", timeout=600_000)
            out.setdefault("open s", []).append(time.perf_counter() - start)
            name = tab.evaluate("() => kgView.data.nodes.find(n => n.cat === 'entity').label")
            for what, action in ACTIONS.items():
                ms = tab.evaluate(painted(action.replace("NAME", repr(name))))
                out.setdefault(f"{what} ms", []).append(float(ms))
            counts = tab.evaluate("() => [kgView.nodeCount(), kgView.visibleCount()]")
            tab.close()
        browser.close()
    result = {k: statistics.median(v) for k, v in out.items()}
    result["nodes"], result["on canvas"] = counts
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, help="a graph.ttl (.trig) or graph.html kg wrote")
    ap.add_argument("--keep", type=Path, help="write the rendered page here, to reopen later")
    ap.add_argument("--size", type=int, default=3200, help="articles to generate and build")
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        work = Path(tmp)
        graph = opts.graph or build(opts.size, work)
        if graph.suffix == ".html":  # a page kg wrote: open it as it is
            page, figures = graph, {"page MB": graph.stat().st_size / 1e6}
        else:
            page = opts.keep or work / "graph.html"
            figures = render(graph, page)
        figures |= in_browser(page, opts.repeat)
    print(f"graph: {graph}")
    for key, value in figures.items():
        print(f"{key:>22}  {value:10.2f}" if isinstance(value, float) else f"{key:>22}  {value:7d}")


if __name__ == "__main__":
    main()
