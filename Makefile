# Quick start: `make run` serves the app on SQLite at http://127.0.0.1:5000; `make test` runs every test;
# `make demo` serves a separate demo instance of synthetic households on port 5001.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo dev lint test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask --app app migrate
	$(BIN)/flask --app app serve

# A separate instance full of synthetic households, so a newcomer sees a living system; real data never mixes in.
# HMIS_DEMO=1 gives it its own folder (instance-demo/: database and keys), its own cookie name and a banner, so
# signing in to one never signs you in to the other, even on the same host.
DEMO_PORT ?= 5001
demo: $(STAMP)
	@if [ ! -f instance-demo/hmis.sqlite3 ]; then HMIS_DEMO=1 $(BIN)/flask --app app seed-demo --clients 2000 && \
	  echo "The demo is in instance-demo/; delete that folder to start over with a new password."; fi
	HMIS_DEMO=1 PORT=$(DEMO_PORT) $(BIN)/flask --app app serve

dev: $(STAMP)
	$(BIN)/flask --app app --debug run

# ruff's rule set, mypy's strict settings and the reasons for them are in pyproject.toml. MYPY_PATHS are the
# strictly typed modules; one that joins is also named in pyproject.toml's [[tool.mypy.overrides]].
MYPY_PATHS := domain $(wildcard models/privacy_check.py)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy $(MYPY_PATHS)

# Two workers: the suite waits on PostgreSQL, Chromium and subprocesses, so two share two cores well.
TEST_WORKERS ?= 2
test: $(STAMP) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" -x -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache .mypy_cache
