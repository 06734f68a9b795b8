# Two commands from a fresh clone: `make demo` and `make test`.
# Needs only python3 and make; everything else is installed into ./.tools and ./.venv.

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Tests run with production-like settings (DEBUG off) and a throwaway key.
TEST_ENV := DEBUG=false SECRET_KEY=test-only-not-a-secret DJANGO_ALLOW_ASYNC_UNSAFE=true
DEMO_ENV := DEBUG=true

.PHONY: install demo serve test lint format messages browser bench mutation clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked
	touch $@

install: $(VENV)/.synced

demo: install
	$(DEMO_ENV) $(VENV)/bin/python manage.py migrate --noinput
	$(DEMO_ENV) $(VENV)/bin/python manage.py seed_demo
	$(DEMO_ENV) $(VENV)/bin/python manage.py runserver $(HOST):$(PORT)

# What the tests drive from Debian (never a downloaded browser): Chromium and a
# Chinese font for the browser tests, poppler-utils to read the PDFs back and
# zbar-tools to decode the QR codes printed on the cards.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && \
	  command -v zbarimg >/dev/null && fc-list :lang=zh | grep -q . || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq chromium fonts-wqy-zenhei poppler-utils zbar-tools >/dev/null; }

test: install browser
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Measurements, not tests: page weight and speed under production settings, import speed.
bench: install
	@for script in bench/*.py; do echo "== $$script"; $(VENV)/bin/python $$script || exit 1; done

# Mutation testing of the scoping, figures and services (README: "Mutation testing").
# Slow, so not in CI; PostgreSQL, for the concurrency tests among them.
MUTATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mutation
mutation: install
	DATABASE_URL=$(MUTATION_DATABASE_URL) $(TEST_ENV) nice -n 10 $(VENV)/bin/python -m tests.mutation $(MODULES)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the translation catalogues after changing interface text.
messages: install
	$(DEMO_ENV) $(VENV)/bin/python manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=.tools --ignore=tests --ignore=data
	$(DEMO_ENV) $(VENV)/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv .tools data
