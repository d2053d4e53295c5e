# Two commands for a new user: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | sha256sum | cut -c1-12)
MANAGE := $(BIN)/python manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/council
export PYTHONDONTWRITEBYTECODE := 1

STATIC_STAMP := library/static/library/vendor/.built

.PHONY: install static run test test-pg lint checks pytest pytest-pg bench clean

$(STAMP): requirements/base.txt requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# PDF.js and epub.js, pinned in package-lock.json, copied into static files (no CDN).
$(STATIC_STAMP): package.json package-lock.json scripts/build-static.sh
	./scripts/build-static.sh

static: $(STATIC_STAMP)

run: install static
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) serve_all --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

checks: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	env $$(grep -v '^#' .env.production.example | xargs) DJANGO_SETTINGS_MODULE=config.settings.production \
		$(MANAGE) check --deploy --fail-level WARNING

# Two workers: the suite is mostly waiting on PDFs, browsers and subprocesses.
PYTEST_WORKERS ?= 2

pytest: install static
	$(BIN)/pytest -n $(PYTEST_WORKERS)

pytest-pg: install static
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint checks pytest

test-pg: lint checks pytest-pg

bench: install
	$(BIN)/python bench/packet.py

clean:
	rm -rf $(VENV) var node_modules library/static/library/vendor .pytest_cache .ruff_cache .coverage htmlcov
