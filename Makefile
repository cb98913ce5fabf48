# make run | serve | test | bench | lint. One venv (.venv) with runtime + dev requirements serves all.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REPLICAS ?= 3

.PHONY: run serve test bench lint setup browser test-tools

# (Re)install when the venv is missing or broken, or a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	    || { echo "$(PYTHON) must be Python >= 3.11 (Streamlit 1.67 needs it)" >&2; exit 1; }; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

setup: $(STAMP)

browser:
	@bash scripts/install-browser.sh

# The readers the tests open outputs with (LibreOffice, poppler, tesseract) and axe-core.
test-tools:
	@bash scripts/install-browser.sh --office
	@bash scripts/fetch-axe.sh

run: setup browser
	$(PY) -m streamlit run app.py --browser.gatherUsageStats false

# REPLICAS copies of the app behind HAProxy on http://127.0.0.1:8501 (deploy/serve.py).
serve: setup browser
	$(PY) -m deploy.serve --replicas $(REPLICAS)

test: setup test-tools
	$(PY) -m pytest -q

bench: setup browser
	@status=0; for script in bench/bench_*.py; do \
	  echo "== $$script"; $(PY) $$script || status=1; \
	done; exit $$status

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
