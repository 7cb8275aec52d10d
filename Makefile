# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
# Test processes (pytest-xdist): the suite is mostly CPU-bound Python and subprocesses, each
# worker has its own scratch databases (tests/conftest.py); the tests that start subprocesses
# share one worker (loadgroup, see tests/conftest.py); WORKERS=1 runs it in one process.
WORKERS ?= 2
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-postgres lint install clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Set up and run the service on its embedded defaults (the demo SQLite database; the sandbox
## network while no platform credential is set, see README "Sandbox or real networks").
run: $(STAMP)
	$(BIN)/otklik db upgrade
	$(BIN)/otklik run

## Set up and run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

## The linter and the type checker, as configured in pyproject.toml ([tool.ruff], [tool.mypy]:
## --strict for classifier/, connectors/, db/). CI runs it before the suite.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## The tests that touch the database (marked `db`, see tests/conftest.py) again against
## PostgreSQL (CI does this after `make test`).
test-postgres: $(STAMP)
	OTKLIK_DATABASE_URL=$${OTKLIK_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -m db -n $(WORKERS) --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/publish.py

clean:
	rm -rf $(VENV) var *.egg-info build
