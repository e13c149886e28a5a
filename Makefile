# The two commands of the README: `make run` and `make test`. Both create what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The share of the scripted conversations (tests/data/conversations.jsonl) that must pass.
CONVERSATION_FLOOR ?= 0.85

.PHONY: run run-local run-scaled lint test bench clean services-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py serve $(ARGS)

# `make run` with the local stand-in of the WeChat platform: POST /api/v1/sessions {"code": "local"} signs in.
run-local: $(STAMP)
	PYTHON=$(PY) sh scripts/run-local.sh $(ARGS)

# The scaled form on one machine: PostgreSQL and Redis on loopback, WEB web processes and WORKERS
# job workers (scripts/run-scaled.sh); Ctrl-C stops them all.
WEB ?= 2
WORKERS ?= 2
run-scaled: $(STAMP)
	PYTHON=$(PY) WEB=$(WEB) WORKERS=$(WORKERS) sh scripts/run-scaled.sh

# Style and types first: `make test` stops here when ruff or mypy finds an error
# (configuration in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

# The whole suite twice (scripts/run-tests.sh): on the embedded default (SQLite, in-process Redis),
# then on PostgreSQL + Redis when their Debian packages are installed (.ci/run installs them;
# scripts/services.sh starts them on loopback under var/services). Without them: the embedded
# pass only, and it says so. Then schemathesis checks the mini-program API against its OpenAPI
# document on a live server. YIMEN_TEST_PASSES=embedded (or scaled) runs one pass.
test: lint
	PY=$(PY) PYTEST_ARGS="$(PYTEST_ARGS)" sh scripts/run-tests.sh
	sh scripts/schemathesis.sh
	$(PY) main.py chat --eval --floor $(CONVERSATION_FLOOR)

services-stop:
	scripts/services.sh stop

bench: $(STAMP)
	$(PY) main.py bench $(ARGS)

clean: services-stop
	rm -rf $(VENV) var .pytest_cache
