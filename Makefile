# Set-up, demo, tests and benchmarks. Every target installs what it needs.

PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := var/demo
DEMO_STUDENTS ?= 20000
DEMO_SEED ?= 2026
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test test-sqlite test-postgres lint bench clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

src/portal_backoffice/static/dist/.built: node_modules/.installed $(wildcard src/portal_backoffice/static/src/*)
	npm run build
	touch $@

install: $(BIN)/.installed src/portal_backoffice/static/dist/.built

# Build a synthetic LA, import its portal files and serve the back office.
# Each run starts from an empty demo database, so it can be run again.
demo: export PORTAL_DEMO = 1
demo: install
	@echo "Resetting the demo database and files under var/"
	rm -rf $(DEMO_DIR) var/incoming var/portal.sqlite3* var/match-index.duckdb*
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py generate_la --seed $(DEMO_SEED) --students $(DEMO_STUDENTS) --out $(DEMO_DIR)
	$(BIN)/python manage.py load_register $(DEMO_DIR)/register
	$(BIN)/python manage.py rebuild_match_index
	-$(BIN)/python manage.py import $(DEMO_DIR)/portal/*
	$(BIN)/python manage.py create_demo_users
	$(MAKE) --no-print-directory serve

# The import worker runs uploads in the background and stops with the server.
serve: export PORTAL_DEMO = 1
serve:
	$(BIN)/python manage.py recover_import_jobs
	@echo "Serving the back office on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py db_worker --no-startup-delay --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m waitress --listen=$(HOST):$(PORT) portal_backoffice.wsgi:application

# The browser tests need Debian's Chromium, which scripts/install-browser
# installs before either run when it is missing.
test: install
	scripts/install-browser
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: export PORTAL_DEMO = 1
test-sqlite:
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Runs the suite on PostgreSQL when a server answers on 127.0.0.1:5432;
# otherwise says why it was skipped.
test-postgres: export PORTAL_DEMO = 1
test-postgres:
	@if $(BIN)/python scripts/postgres-ready.py; then \
		DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/portal} $(BIN)/pytest; \
	else \
		echo "PostgreSQL run skipped: no server answers on 127.0.0.1:5432."; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: export PORTAL_DEMO = 1
bench: $(BIN)/.installed
	$(BIN)/python -m bench.run

clean:
	rm -rf var $(VENV) node_modules src/portal_backoffice/static/dist
