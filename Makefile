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

.PHONY: install demo serve test lint format messages browser node bench mutation faults clean

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
	@# The background worker beside the server, as in production; it stops with it.
	$(DEMO_ENV) $(VENV)/bin/python manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(VENV)/bin/python manage.py runserver $(HOST):$(PORT)

# What the tests drive from Debian (never a downloaded browser): Chromium and
# Chinese fonts for the browser tests and PDFs (Noto Sans CJK, which the PDFs are
# set in, and WenQuanYi), HarfBuzz's subsetter so PDFs embed
# only the glyphs they use (Chromium brings it too; a server needs it without),
# poppler-utils to read the PDFs back, zbar-tools to decode the cards' QR codes,
# Java for the Nu HTML Checker, and nginx and openssl for the deployment test.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && \
	  command -v zbarimg >/dev/null && [ -x /usr/bin/java ] && [ -x /usr/sbin/nginx ] && \
	  command -v openssl >/dev/null && fc-list | grep -q "Noto Sans CJK SC" && \
	  dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq chromium fonts-wqy-zenhei fonts-noto-cjk libharfbuzz-subset0 \
	    poppler-utils zbar-tools default-jre-headless nginx openssl >/dev/null; }

# The accessibility check's tools from npm, as pinned in package-lock.json: axe-core
# and the Nu HTML Checker's jar (.npmrc turns off install scripts, so vnu-jar does
# not download a Java of its own). --prefer-offline: a filled npm cache is enough.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --prefer-offline --no-audit --no-fund

node: node_modules/.package-lock.json

# Two workers (pytest-xdist): CI's two cores. Each worker has its own test database.
TEST_WORKERS ?= 2
test: install browser node
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Measurements, not tests: page weight and speed under production settings, import speed.
bench: install
	@for script in bench/[!_]*.py; do echo "== $$script"; $(VENV)/bin/python $$script || exit 1; done

# Mutation testing of the scoping, figures and services (README: "Mutation testing").
# Slow, so not in CI; PostgreSQL, for the concurrency tests among them.
MUTATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mutation
mutation: install
	DATABASE_URL=$(MUTATION_DATABASE_URL) $(TEST_ENV) nice -n 10 $(VENV)/bin/python -m tests.mutation $(if $(ONLY),--only "$(ONLY)") $(MODULES)

# Faults under load (README: "Faults"): a private PostgreSQL restarted, crashed and
# starved, a gunicorn worker killed, while simulated cadres post visits. Not in CI
# (about five minutes); its short version is tests/test_faults.py.
faults: install browser
	DEBUG=false $(VENV)/bin/python -m tests.faults $(FAULTS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the translation catalogues after changing interface text.
messages: install
	$(DEMO_ENV) $(VENV)/bin/python manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=.tools --ignore=tests --ignore=data --ignore=node_modules
	$(DEMO_ENV) $(VENV)/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv .tools data
