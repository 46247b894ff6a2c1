"""Screenshots of the view for the README: outputs/graph.html (the seeds) in headless
Chromium, one picture per reading. Run after `make outputs`:

    .venv/bin/python scripts/screenshots.py [outputs/graph.html] [docs/img]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARGS.append("--disable-component-update")
FOCUS = "Kataib Hezbollah"


def main() -> None:
    page_path = Path(sys.argv[1] if len(sys.argv) > 1 else "outputs/graph.html")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Debian's chromium is needed: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => window.kgView && window.kgView.ready()", timeout=120_000)
        page.fill("#search", FOCUS)
        page.wait_for_timeout(1500)  # the neighbourhood settles
        page.screenshot(path=str(out / "view-focus.png"))
        for tab in ("timeline", "map", "table"):
            page.click(f"#tabs button[data-tab={tab}]")
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / f"view-{tab}.png"))
        page.fill("#search", "")
        page.check("input[name=mode][value=actors]")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "view-actors.png"))
        browser.close()
    print(f"wrote {out}/view-{{focus,timeline,map,table,actors}}.png")


if __name__ == "__main__":
    main()
