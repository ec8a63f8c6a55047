# NSUN 4Pi Network. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL := postgres://network:network@127.0.0.1:5432/network
ES_PORT ?= 9201
ES_URL := http://127.0.0.1:$(ES_PORT)
PYTEST_ARGS ?=

ARGS ?=

.PHONY: help install run manage test lint format deploy-check services services-stop browser-deps lock seed clean bench bench-alerts bench-presence bench-pages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements-dev.lock
	@echo "==> Creating the virtual environment in $(VENV) with the locked dependencies"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-dev.lock
	@bash deploy/app/pdf-libraries.sh
	@touch $@

install: $(BIN)/.installed ## Create .venv with the locked dependencies (both commands below start with it)

run: install ## Set up SQLite with demo data and serve http://127.0.0.1:8000
	@DJANGO_SETTINGS_MODULE=network.settings.dev $(MANAGE) migrate --no-input -v 0
	@DJANGO_SETTINGS_MODULE=network.settings.dev SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) setup_site
	@DJANGO_SETTINGS_MODULE=network.settings.dev SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) seed_demo --if-empty
	@echo "==> Serving http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@DJANGO_SETTINGS_MODULE=network.settings.dev SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) runserver $(HOST):$(PORT)

manage: install ## Run a manage.py command on the make run database: make manage ARGS="search_check"
	@DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-network.settings.dev} SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) $(ARGS)

browser-deps: ## Install Chromium (Debian) and axe-core (npm) for the browser tests
	@bash deploy/browser/install.sh

services: ## Start PostgreSQL and Elasticsearch for tests (idempotent)
	@bash deploy/postgres/start.sh
	@ES_PORT=$(ES_PORT) bash deploy/elasticsearch/start.sh

services-stop: ## Stop the test Elasticsearch node and PostgreSQL cluster
	@bash deploy/elasticsearch/stop.sh || true
	@bash deploy/postgres/stop.sh || true

lint: install ## ruff (lint and formatting) and the import rule between apps (import-linter)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/lint-imports --no-cache

format: install ## Format the code with ruff
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

test: install browser-deps ## Start PostgreSQL and Elasticsearch, then lint, check and run the whole suite
	@set -euo pipefail; \
	if [ -z "$${DATABASE_URL:-}" ]; then bash deploy/postgres/start.sh; export DATABASE_URL="$(PG_URL)"; \
	else echo "==> Using DATABASE_URL from the environment"; fi; \
	if [ -z "$${ELASTICSEARCH_URL:-}" ]; then ES_PORT=$(ES_PORT) bash deploy/elasticsearch/start.sh; export ELASTICSEARCH_URL="$(ES_URL)"; \
	else echo "==> Using ELASTICSEARCH_URL from the environment"; fi; \
	export DJANGO_SETTINGS_MODULE=network.settings.test; \
	echo "==> ruff"; $(BIN)/ruff check . && $(BIN)/ruff format --check .; \
	echo "==> manage.py check"; $(MANAGE) check --fail-level WARNING; \
	echo "==> makemigrations --check"; $(MANAGE) makemigrations --check --dry-run; \
	echo "==> pytest"; $(BIN)/pytest $(PYTEST_ARGS); \
	echo "==> pytest on SQLite: the tests marked both_databases"; \
	sqlite_dir=$$(mktemp -d); status=0; \
	DATABASE_URL="sqlite:///$$sqlite_dir/test.sqlite3" $(BIN)/pytest -m both_databases -q $(PYTEST_ARGS) || status=$$?; \
	rm -rf "$$sqlite_dir"; [ $$status -eq 0 ] || [ $$status -eq 5 ]

bench: install services ## Run the matching benchmark by hand (BENCH_ARGS="--sizes 2000,10000" for a quicker look)
	@DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" ELASTICSEARCH_URL="$${ELASTICSEARCH_URL:-$(ES_URL)}" \
		DJANGO_SETTINGS_MODULE=network.settings.test $(BIN)/python bench/matching.py $(BENCH_ARGS)

bench-alerts: install services ## Time the whole alert decision for one new opportunity at 10,000 and 100,000 members, by hand
	@DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" ELASTICSEARCH_URL="$${ELASTICSEARCH_URL:-$(ES_URL)}" \
		DJANGO_SETTINGS_MODULE=network.settings.test $(BIN)/python bench/alerts.py $(BENCH_ARGS)

bench-presence: install services ## Time the staff Presence report over 100,000 monitoring records, by hand
	@DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" ELASTICSEARCH_URL="" \
		DJANGO_SETTINGS_MODULE=network.settings.test $(BIN)/python bench/presence.py $(BENCH_ARGS)

bench-pages: install services ## Load the key pages with ab (installs apache2-utils) against a static file, by hand
	@command -v ab >/dev/null || { apt-get update -q && apt-get install -y -q apache2-utils; }
	@DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" ELASTICSEARCH_URL="$${ELASTICSEARCH_URL:-$(ES_URL)}" \
		$(BIN)/python bench/pages.py $(BENCH_ARGS)

.PHONY: failover
failover: install ## Kill one node of a local three-node Elasticsearch cluster under load and print what it cost (minutes)
	@set -euo pipefail; \
	if [ -z "$${DATABASE_URL:-}" ]; then bash deploy/postgres/start.sh; export DATABASE_URL="$(PG_URL)"; fi; \
	DJANGO_SETTINGS_MODULE=network.settings.test $(BIN)/pytest -m cluster tests/search/test_cluster_failover.py $(PYTEST_ARGS)

deploy-check: install ## Django's deploy checks with production settings and a throwaway secret
	@SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_SETTINGS_MODULE=network.settings.production \
		ALLOWED_HOSTS=network.example.org SITE_URL=https://network.example.org $(MANAGE) check --deploy --fail-level WARNING

lock: install ## Re-resolve pyproject.toml into requirements-dev.lock and requirements.lock (runtime)
	@$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements-dev.lock
	@grep -E '^[a-z]' requirements-dev.lock | sed 's/ \\$$//' > .venv/constraints.txt
	@$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -c .venv/constraints.txt -o requirements.lock

seed: install ## Add the demo data to the dev database
	@DJANGO_SETTINGS_MODULE=network.settings.dev $(MANAGE) seed_demo

clean: ## Remove the virtual environment, SQLite database and local service data
	rm -rf $(VENV) db.sqlite3 media .staticfiles node_modules .services
