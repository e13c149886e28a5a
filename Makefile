# The two commands of the README: `make run` and `make test`. Both create what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run lint test bench clean services-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py serve $(ARGS)

# Style and types first: `make test` stops here when ruff or mypy finds an error
# (configuration in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

# The tests use real PostgreSQL and Redis when their Debian packages are installed (.ci/run
# installs them); scripts/services.sh starts them on loopback under var/services. Then
# schemathesis checks the mini-program API against its OpenAPI document on a live server.
test: lint
	@eval "$$(scripts/services.sh start)"; $(PY) -m pytest $(PYTEST_ARGS)
	sh scripts/schemathesis.sh

services-stop:
	scripts/services.sh stop

bench: $(STAMP)
	$(PY) main.py bench $(ARGS)

clean: services-stop
	rm -rf $(VENV) var .pytest_cache
