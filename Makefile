# Rampart: `make demo` starts it with demo data on SQLite; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= $(shell command -v python3.12 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := src/rampart/core/static/vendor
export RAMPART_VAR_DIR ?= $(CURDIR)/var

.PHONY: help install assets demo test lint domain-coverage format check-python lock clean

help:
	@echo "make demo   start Rampart with demo data at http://127.0.0.1:$(PORT) (SQLite under var/)"
	@echo "make test   run every test (PostgreSQL when DATABASE_URL points at one, else SQLite)"
	@echo "make lint   ruff, mypy, import-linter and the view-query lint only"
	@echo "make domain-coverage   100 % branch coverage of the pure domain modules (their fast tests only)"

check-python:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
	  echo "Rampart needs Python 3.12 or newer (python3.12 was not found). Install it, e.g. 'pyenv install 3.12', or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1; fi

$(BIN)/python: | check-python
	"$(PYTHON)" -m venv $(VENV)

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,spark]'
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Copy the NHS.UK design system's compiled CSS, JS and images where Django serves static files.
# The package does not ship its Frutiger fonts (its CSS fetches them from assets.nhs.uk, which would
# see every reporter's address and time), so the @font-face rules are dropped and the NHS.UK font
# stack falls back to Arial, sans-serif; the build fails if any other origin is left in the CSS.
$(VENDOR)/.built: frontend/node_modules/.installed Makefile
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/nhsuk
	sed -E 's/@font-face\{[^}]*\}//g' frontend/node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css \
	  > $(VENDOR)/nhsuk/nhsuk-frontend.min.css
	! grep -Eq 'https?://' $(VENDOR)/nhsuk/nhsuk-frontend.min.css
	cp frontend/node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js $(VENDOR)/nhsuk/
	cp -r frontend/node_modules/nhsuk-frontend/dist/nhsuk/assets $(VENDOR)/nhsuk/assets
	touch $@

install: $(VENV)/.installed
assets: $(VENDOR)/.built

demo: install assets
	$(BIN)/rampart init-local
	RAMPART_DEMO=true $(BIN)/rampart migrate --no-input
	RAMPART_DEMO=true $(BIN)/rampart demo-data
	@echo "Starting the background worker, the reminder sweeper and the web server on http://127.0.0.1:$(PORT)/"
	@trap 'kill 0' EXIT INT TERM; \
	  RAMPART_DEMO=true $(BIN)/rampart db_worker --interval 2 >> var/worker.log 2>&1 & \
	  RAMPART_DEMO=true $(BIN)/rampart sweep --every 60 >> var/sweeper.log 2>&1 & \
	  RAMPART_DEMO=true $(BIN)/rampart runserver --noreload 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/lint_model_usage_in_views.py

# The pure domain modules (pyproject's "Domain modules never import Django") must stay at 100 % branch
# coverage; only their database-free tests run, so this stays well under a minute.
domain-coverage: install
	$(BIN)/python scripts/check_domain_coverage.py

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: install assets lint domain-coverage
	$(BIN)/pytest $(PYTEST_ARGS)

# Re-pin every Python dependency after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip freeze --exclude-editable | grep -v '^rampart' > requirements.lock

clean:
	rm -rf $(VENV) frontend/node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
