# filmclub: `make run` to start, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench bench-smoke console clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

console: $(STAMP)
	$(BIN)/python -m bot console

test: $(STAMP) lint typecheck pytest bench-smoke

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The store tests run on SQLite and on a throw-away PostgreSQL (scripts/with-postgres).
pytest: $(STAMP)
	scripts/with-postgres $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench --scale full

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --scale small --json bench/results-smoke.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache charts
