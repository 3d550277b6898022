# Quick start: `make run` serves the app on SQLite at http://127.0.0.1:5000; `make test` runs every test;
# `make demo` serves a separate demo database of synthetic households.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo dev test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask --app app migrate
	$(BIN)/flask --app app serve

# A separate database full of synthetic households, so a newcomer sees a living system; real data never mixes in.
DEMO_DB := instance/demo.sqlite3
demo: $(STAMP)
	@mkdir -p instance
	@if [ ! -f $(DEMO_DB) ]; then DATABASE_URL=sqlite:///$(abspath $(DEMO_DB)) $(BIN)/flask --app app seed-demo --clients 2000; \
	  echo "Demo data is in $(DEMO_DB); delete that file to start over with a new password."; fi
	DATABASE_URL=sqlite:///$(abspath $(DEMO_DB)) $(BIN)/flask --app app serve

dev: $(STAMP)
	$(BIN)/flask --app app --debug run

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" -x -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
