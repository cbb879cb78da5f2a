# Two commands for a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
AXE := tests/journeys/node_modules/axe-core/axe.min.js
PG_URL ?= postgres://postgres@127.0.0.1:5432/isvimed
TEST_REDIS ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=

# The hypothesis seed of every `make test`: the same examples on every run and every machine
# (failures found by `make fuzz` replay from var/hypothesis, and are kept as @example).
HYPOTHESIS_SEED ?= 20261126
FUZZ_ARGS ?= --hypothesis-profile=fuzz

.PHONY: run lint test test-sqlite test-postgres fuzz prerequisites prerequisites-run venv migrate demo clean

# What the suite needs from the machine (Chromium, Node/npm, Pango and fonts; PostgreSQL and
# Redis started when down), installed with apt-get when missing; a second or so when present.
# The parallel sub-makes of `make test` skip it: it ran once before them.
prerequisites:
	@test -n "$(SKIP_PREREQUISITES)" || bash scripts/prerequisites.sh test

prerequisites-run:
	@bash scripts/prerequisites.sh run

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Se necesita $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

# axe-core for the accessibility checks of the browser journeys (pinned in the lockfile).
$(AXE): tests/journeys/package-lock.json | prerequisites
	npm ci --no-audit --no-fund --prefix tests/journeys
	touch $(AXE)

venv: prerequisites-run $(STAMP)

# Development: SQLite and kombu's filesystem broker, no server needed.
run: prerequisites-run $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) -m tooling.devserver

# ruff (pycodestyle, pyflakes, isort, Django, bugbear, pyupgrade) and mypy with the Django plugin on the
# application code, configured in pyproject.toml. mypy's Django plugin loads the settings, which refuse to
# load without DEBUG or a SECRET_KEY: DEBUG=1, as for the tests.
lint: $(STAMP)
	@mkdir -p var
	@echo "=== make lint: ruff and mypy on the application code ==="
	@$(VENV)/bin/ruff check . || { echo "make lint: ruff found problems (above); many are fixed by '$(VENV)/bin/ruff check --fix .'"; exit 1; }
	@DEBUG=1 $(VENV)/bin/mypy || { echo "make lint: mypy found type errors (above)"; exit 1; }

# Lint first (fails fast, in seconds), then both databases at once (one per core), each with its own Redis
# database; logs shown after.
test: prerequisites $(STAMP) $(AXE)
	@$(MAKE) --no-print-directory lint
	@mkdir -p var
	@echo "=== make test: SQLite and PostgreSQL suites in parallel ==="
	@( $(MAKE) --no-print-directory test-sqlite SKIP_PREREQUISITES=1 > var/test-sqlite.log 2>&1; echo $$? > var/test-sqlite.rc ) & \
	 ( $(MAKE) --no-print-directory test-postgres SKIP_PREREQUISITES=1 TEST_REDIS=redis://127.0.0.1:6379/14 > var/test-postgres.log 2>&1; echo $$? > var/test-postgres.rc ) & \
	 wait; \
	 cat var/test-sqlite.log var/test-postgres.log; \
	 echo "SQLite suite exit status: $$(cat var/test-sqlite.rc); PostgreSQL suite exit status: $$(cat var/test-postgres.rc)"; \
	 test "$$(cat var/test-sqlite.rc)" = 0 && test "$$(cat var/test-postgres.rc)" = 0

test-sqlite: prerequisites $(STAMP) $(AXE)
	@echo "=== Tests on SQLite (real Celery worker over Redis, real Chromium) ==="
	mkdir -p var
	DEBUG=1 TEST_DATABASE_NAME=var/test-sqlite.sqlite3 CELERY_BROKER_URL=$(TEST_REDIS) \
		$(PY) -m pytest --hypothesis-seed=$(HYPOTHESIS_SEED) $(PYTEST_ARGS)

test-postgres: prerequisites $(STAMP) $(AXE)
	@echo "=== Tests on PostgreSQL (real Celery worker over Redis, real Chromium) ==="
	DEBUG=1 DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(TEST_REDIS) \
		$(PY) -m pytest --create-db --hypothesis-seed=$(HYPOTHESIS_SEED) $(PYTEST_ARGS)

# Long random runs of the property tests (new seed each time, many more examples); a failure
# is saved in var/hypothesis and replays first in every later run on this machine.
fuzz: prerequisites $(STAMP)
	mkdir -p var
	DEBUG=1 TEST_DATABASE_NAME=var/test-fuzz.sqlite3 \
		$(PY) -m pytest -m fuzz $(FUZZ_ARGS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
