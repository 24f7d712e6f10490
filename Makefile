# Spasm Relief: `make app` serves the tutorial, `make test` runs every test.
# Both create the Python environment (.venv) first if it is missing or out of date.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8866
STAMP := $(VENV)/.installed
CHROMIUM ?= $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || command -v google-chrome 2>/dev/null)

.PHONY: binder-link app env hub-env test test-unit test-notebooks test-browser test-hub bench lock screenshot check-chromium clean \
	static serve-static test-static lock-static

app: $(STAMP)
	$(BIN)/python -m spasm_relief_app.server --port $(PORT)

env: $(STAMP)

$(STAMP): requirements.txt requirements-test.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Spasm Relief needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test: check-chromium test-unit test-notebooks test-browser test-hub test-static

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax notebooks

check-chromium:
	@if [ -z "$(CHROMIUM)" ]; then \
	  echo "No Chromium found: the browser tests need one and are never skipped."; \
	  echo "On Debian or Ubuntu install it with:  sudo apt-get install chromium"; \
	  echo "or point to any Chromium or Chrome:    make test CHROMIUM=/path/to/chromium"; \
	  exit 1; \
	fi

test-browser: $(STAMP) check-chromium
	SPASM_RELIEF_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest tests/browser

# The classroom hub's proxy (npm, pinned by deploy/jupyterhub/package-lock.json).
HUB_PROXY := deploy/jupyterhub/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json
	npm ci --prefix deploy/jupyterhub --no-audit --no-fund --silent
	touch $@

# The students' Python for the classroom hub: each student's server runs as the student's own
# system account, which must be able to run it (the project's .venv may use an interpreter in a
# private folder, e.g. pyenv's under /root). Built from the system's Python with the same pins,
# except soupsieve: Debian 12's Python is 3.11.2 and soupsieve 3 and later need 3.11.5, so the
# students get the last soupsieve that runs there, pinned too.
HUB_PYTHON ?= /usr/bin/python3
HUB_VENV := deploy/jupyterhub/venv
HUB_STAMP := $(HUB_VENV)/.installed
$(HUB_STAMP): requirements.txt requirements-test.txt constraints.txt pyproject.toml
	@$(HUB_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The classroom hub needs Python 3.11 or newer for the students: make hub-env HUB_PYTHON=...")'
	test -x $(HUB_VENV)/bin/python || $(HUB_PYTHON) -m venv $(HUB_VENV)
	sed 's/^soupsieve==.*/soupsieve==2.10/' constraints.txt > $(HUB_VENV)/constraints.txt
	$(HUB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c $(HUB_VENV)/constraints.txt pip
	$(HUB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt jupyterlab jupyterhub -c $(HUB_VENV)/constraints.txt
	$(HUB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

hub-env: $(STAMP) $(HUB_PROXY) $(HUB_STAMP)

test-hub: hub-env check-chromium
	SPASM_RELIEF_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest tests/hub

# Lighthouse for make bench (npm, pinned by benchmarks/lighthouse/package-lock.json; it drives
# $(CHROMIUM) and downloads no browser).
LIGHTHOUSE := benchmarks/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --silent
	touch $@

# Speed and memory figures, printed and kept in benchmarks/results/: Lighthouse, time to visible text
# and to interactive, a class walking through the lessons (about 40 minutes; BENCH=--quick for a smoke run).
bench: $(STAMP) check-chromium $(LIGHTHOUSE)
	SPASM_RELIEF_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m benchmarks.run $(BENCH)

screenshot: $(STAMP) check-chromium
	SPASM_RELIEF_CHROMIUM="$(CHROMIUM)" $(BIN)/python docs/screenshot.py

# The static, serverless site (Voici): build tools in their own environment (.venv-static, pinned
# by constraints-static.txt), the site in build/static/ for any static web host.
STATIC_VENV ?= .venv-static
STATIC_BIN := $(STATIC_VENV)/bin
STATIC_STAMP := $(STATIC_VENV)/.installed
STATIC_SITE ?= build/static
STATIC_PORT ?= 8000

$(STATIC_STAMP): requirements-static.txt constraints-static.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Spasm Relief needs Python 3.11 or newer: run make with PYTHON=python3.11")'
	test -x $(STATIC_BIN)/python || $(PYTHON) -m venv $(STATIC_VENV)
	$(STATIC_BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints-static.txt pip
	$(STATIC_BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-static.txt -c constraints-static.txt
	touch $@

static: $(STATIC_STAMP)
	$(STATIC_BIN)/python -m spasm_relief_app.static_site --output $(STATIC_SITE)

serve-static:
	@test -f $(STATIC_SITE)/index.html || { echo "No site in $(STATIC_SITE): run make static first."; exit 1; }
	@echo "Spasm Relief (static): http://127.0.0.1:$(STATIC_PORT)/ (Ctrl+C stops it)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(STATIC_SITE) $(STATIC_PORT)

# Pyodide for Node (the site's runtime, pinned by tests/static/pyodide/package-lock.json) and the
# pure-Python packages Pyodide ships, from PyPI: tests/static/test_pyodide_kernel.py runs the site's Python there.
PYODIDE_NODE := tests/static/pyodide/node_modules/pyodide/pyodide.mjs
PYODIDE_WHEELS := build/pyodide-wheels
$(PYODIDE_NODE): tests/static/pyodide/package.json tests/static/pyodide/package-lock.json
	npm ci --prefix tests/static/pyodide --no-audit --no-fund --silent
	touch $@

$(PYODIDE_WHEELS)/.downloaded: tests/static/pyodide/requirements.txt $(STATIC_STAMP)
	rm -rf $(PYODIDE_WHEELS)
	$(STATIC_BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  --implementation py --abi none --platform any --python-version 3.13 \
	  --dest $(PYODIDE_WHEELS) -r tests/static/pyodide/requirements.txt
	touch $@

test-static: $(STAMP) static check-chromium $(PYODIDE_NODE) $(PYODIDE_WHEELS)/.downloaded
	SPASM_RELIEF_CHROMIUM="$(CHROMIUM)" SPASM_RELIEF_STATIC_SITE="$(STATIC_SITE)" \
	  SPASM_RELIEF_PYODIDE_WHEELS="$(PYODIDE_WHEELS)" $(BIN)/python -m pytest tests/static

# Re-pin the static site's build tools after changing requirements-static.txt.
lock-static:
	rm -rf $(STATIC_VENV).lock && $(PYTHON) -m venv $(STATIC_VENV).lock
	$(STATIC_VENV).lock/bin/python -m pip install --quiet -r requirements-static.txt
	(echo "# Every package installed by requirements-static.txt, pinned (CPython 3.11, Linux). Made by 'make lock-static'."; \
	  $(STATIC_VENV).lock/bin/python -m pip freeze --all) > constraints-static.txt
	rm -rf $(STATIC_VENV).lock

# The Binder link and README badge for this repository (from git's 'origin'; REPO=OWNER/REPO names it).
binder-link:
	@$(PYTHON) deploy/binder/link.py $(REPO)

# Re-pin every installed package after changing requirements.txt or requirements-test.txt.
lock:
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/python -m pip install --quiet -r requirements-test.txt
	(echo "# Every package installed by requirements-test.txt, pinned (CPython 3.11, Linux). Made by 'make lock'."; \
	  $(VENV).lock/bin/python -m pip freeze --all | grep -v '^spasm-relief') > constraints.txt
	rm -rf $(VENV).lock

clean:
	rm -rf $(VENV) $(HUB_VENV) build *.egg-info
