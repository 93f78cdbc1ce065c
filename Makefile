# filmclub: `make run` to start, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What running needs, and on top of it the development tools (ruff, mypy, pytest).
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest bench bench-postgres bench-smoke console clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m bot run

console: $(RUN_STAMP)
	$(BIN)/python -m bot console

test: $(DEV_STAMP) lint typecheck pytest bench-smoke

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# The store tests run on SQLite and on a throw-away PostgreSQL (scripts/with-postgres).
pytest: $(DEV_STAMP)
	scripts/with-postgres $(BIN)/python -m pytest -q

bench: $(RUN_STAMP)
	$(BIN)/python -m bench --scale full

# The same on a throw-away PostgreSQL that flushes its commits, as a real server does.
bench-postgres: $(RUN_STAMP)
	FILMCLUB_PG_DURABLE=1 scripts/with-postgres $(BIN)/python -m bench --scale full --backend postgres

bench-smoke: $(RUN_STAMP)
	$(BIN)/python -m bench --scale small --json bench/results-smoke.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache charts
