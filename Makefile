# WorkBridge: `make run` serves the demo region; `make test` runs every check. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
SEED ?= 1
# Two workers on a 2-core machine; a file's tests stay on one worker (browser and module fixtures).
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: typecheck run test setup deps assets system-deps migrate demo serve stack lint lock bench bench-deps clean messages

setup: deps assets

deps: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "WorkBridge needs Python 3.11 or newer"'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

assets: workbridge/static/vendor/htmx.min.js workbridge/static/vendor/echarts.min.js

workbridge/static/vendor/%.js: package.json
	bash scripts/vendor_assets.sh

# Browser tests need Debian's Chromium and a CJK font; PDF checks need poppler's pdftoppm.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

migrate: setup
	$(PY) manage.py migrate --noinput

# Compiled catalogues (.mo) are committed; refresh them when gettext is installed.
messages: deps
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null; \
	else echo "gettext not installed: using the committed translations"; fi

demo: migrate messages
	$(PY) manage.py seed_demo --scale $(SCALE) --seed $(SEED) --if-empty

run: demo
	$(PY) manage.py print_demo_logins --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: migrate messages
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput >/dev/null
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/gunicorn config.wsgi:application \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-4} --access-logfile -

# The production stack on this machine: nginx -> gunicorn (production settings), Celery worker and beat on Redis,
# PostgreSQL. Needs PostgreSQL and Redis running on 127.0.0.1; installs Debian's nginx when missing.
stack: setup messages
	$(PY) scripts/stack.py --port $${STACK_PORT:-8088}

# Services and selectors: the layer every view, API, importer and task calls (settings in pyproject [tool.mypy]).
typecheck: deps
	$(VENV)/bin/mypy $(wildcard workbridge/*/services*.py workbridge/*/services/*.py workbridge/*/selectors*.py workbridge/*/selectors/*.py)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup system-deps messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MAKE) --no-print-directory typecheck
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

# wrk (Debian's package) drives the check-in load bench; without it the bench falls back to its Python generator
bench-deps:
	@command -v wrk >/dev/null || { \
	  echo "installing: wrk"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null) \
	    || echo "wrk could not be installed: bench_checkin_load.py uses its Python generator"; }

bench: setup bench-deps
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lock:
	$(PYTHON) -m venv /tmp/wb-lock && /tmp/wb-lock/bin/pip install --quiet -r requirements.in && \
	  /tmp/wb-lock/bin/pip freeze > requirements.txt && rm -rf /tmp/wb-lock

clean:
	rm -rf var/ test-output/ .pytest_cache
