# Two entry points (see README Quickstart): `make generate` and `make test`.
# Each installs what it needs first: a venv with the Python dev dependencies, and the Node
# dev dependencies from package-lock.json. Stamp files re-run an install only when its inputs change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: generate golden check test bench clean

generate: $(VENV)/.installed
	$(BIN)/schemasmith generate

# The golden outputs tests/test_golden.py compares byte for byte: generated/ (Session) and, under
# tests/golden/<name>/, the construct and OpenAPI test schemas. Regenerate after an intended change.
GOLDEN_SCHEMAS := tests/schemas/constructs.schema.json tests/schemas/sessions-api.openapi.json tests/schemas/legacy.openapi30.json tests/schemas/untyped-root.schema.json

golden: $(VENV)/.installed
	$(BIN)/schemasmith generate
	for schema in $(GOLDEN_SCHEMAS); do \
	  $(BIN)/schemasmith generate $$schema --out tests/golden/$$(basename $$schema | cut -d. -f1) || exit 1; \
	done
	$(BIN)/schemasmith generate tests/schemas/sessions-api.openapi.json --layout package --out tests/golden/sessions-api-package

check: $(VENV)/.installed
	$(BIN)/schemasmith generate --check
	for schema in $(GOLDEN_SCHEMAS); do \
	  $(BIN)/schemasmith generate $$schema --out tests/golden/$$(basename $$schema | cut -d. -f1) --check || exit 1; \
	done
	$(BIN)/schemasmith generate tests/schemas/sessions-api.openapi.json --layout package --out tests/golden/sessions-api-package --check

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { echo "npm not found: install Node.js 20 or newer" >&2; exit 2; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
