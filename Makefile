# Two commands do everything: `make run` serves the site, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
VARNISH_PORT ?= 6081
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run test lint install install-dev lock browser-tools services varnish varnish-stop elasticsearch elasticsearch-stop migrate demo places bench load faults clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt name what the project uses; the lock files pin every
# transitive version and are what gets installed. `make lock` rewrites them after an edit.
$(VENV)/.installed: requirements.lock $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.lock
	touch $@

PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --strip-extras --no-header --no-emit-find-links --allow-unsafe
lock: $(VENV)/bin/python
	$(PIP) install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) -o requirements.lock requirements.txt
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.txt

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian's Chromium (no browser download) and axe-core from npm, for the browser tests.
browser-tools: node_modules/axe-core/axe.min.js
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Postcode, outcode and town data for the directory: an indexed SQLite file built once (var/).
places: install
	$(PY) -m search.geo build

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate places
	$(PY) manage.py load_demo_content

run: demo
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (SQLite, database search). Ctrl+C stops it."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# PostgreSQL (127.0.0.1:5432, trust on loopback) and Redis (127.0.0.1:6379): installed from
# Debian's packages when missing, started when not running; Debian's varnish installed when missing
# (the production-stack tests and `make load` start their own varnishd).
services:
	bash tests/services/up.sh postgres redis varnish

# Varnish (portal/deploy/varnish/default.vcl) on 127.0.0.1:$(VARNISH_PORT) in front of the site on
# 127.0.0.1:$(PORT), as a daemon; start the site with FRONTEND_CACHE_URL=http://127.0.0.1:$(VARNISH_PORT)
# for publishing to purge it.
varnish:
	bash tests/services/up.sh varnish
	bash portal/deploy/varnish/varnish.sh start $(VARNISH_PORT) $(PORT)

varnish-stop:
	bash portal/deploy/varnish/varnish.sh stop

# The search node on 127.0.0.1:9200 (SEARCH_NODE_PORT), built from Maven Central with the machine's
# Java: a real OpenSearch 2.19 node, since Elasticsearch 8's modules are not published there (README).
elasticsearch:
	bash tests/elasticsearch/node.sh start

elasticsearch-stop:
	bash tests/elasticsearch/node.sh stop

# Runs on SQLite by default; set DATABASE_URL to run the same suite on PostgreSQL. `make services`
# comes first: the production-stack tests (tests/production) and the fault tests need PostgreSQL
# and redis-server whichever database the suite itself uses.
# TEST_WORKERS processes share the suite (pytest-xdist), a test file at a time: each worker that
# runs browser or production-stack tests starts its own server for them. TEST_WORKERS=0 runs
# everything in one process.
# Outside CI a PostgreSQL test database is kept between runs (--reuse-db: new migrations are still
# applied); SQLite's is in memory either way. CI always starts from a new database.
TEST_WORKERS ?= 2
REUSE_DB := $(if $(CI),,--reuse-db)
test: install-dev browser-tools places services
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(REUSE_DB) $(PYTEST_ARGS)

# The Python lint and the template lint (their settings are in pyproject.toml); .ci/run runs it first.
TEMPLATES := portal/templates coalition/templates training/templates research/templates search/templates
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --lint $(TEMPLATES)

bench: install-dev places
	$(PY) bench/bench_site.py

# 50 clients for 60 s over a page mix, on gunicorn + PostgreSQL + a private Redis (Debian's wrk),
# then through a private Varnish in front of it (Debian's varnish).
load: install places
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	bash tests/services/up.sh varnish
	$(PY) bench/load_mix.py

# Redis stopped, Elasticsearch unreachable, PostgreSQL restarted, each under load.
faults: install places
	$(PY) bench/faults.py

clean:
	rm -rf $(VENV) node_modules test-output .pytest_cache
