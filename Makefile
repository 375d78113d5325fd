# Two commands do everything from a fresh clone:
#   make serve   set up, build web/dist from the committed model, serve it on 127.0.0.1:$(PORT)
#   make test    set up, build, run every test (Node unit tests, pytest: unit and Playwright)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR := /usr/share/datasets/fashion-mnist
APT_PACKAGES := dataset-fashion-mnist chromium
TRAINING_IMAGES := web/public/training/training.json

# The first Python 3.10-3.12 on PATH (3.11 is the tested one).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.10 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

# Root installs directly, others through passwordless sudo if they have it.
SUDO := $(shell if [ "$$(id -u)" = 0 ]; then echo; \
	elif sudo -n true 2>/dev/null; then echo sudo; else echo none; fi)

.PHONY: help serve test build bench setup setup-dev system-packages export lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

serve: setup build ## set up, build the site from the committed model, and serve it
	PORT=$(PORT) $(PY) -m web

test: setup-dev lint build ## set up, check the style, and run every test
	npm test
	$(PY) -m pytest

build: node_modules/.installed $(TRAINING_IMAGES) ## assemble the static site in web/dist (no training)
	npm run build

# The train panel's images are the dataset, so they are made from it, not committed.
# Without the dataset the site still builds; its train panel then says it has no images.
$(TRAINING_IMAGES): core/layout.py export/training_data.py | $(VENV)/.installed-base
	$(PY) -m export.training_data --no-download || \
		echo "note: the page's train panel will have no images (see the error above)."

bench: setup-dev build ## benchmark the page against Keras; writes BENCHMARKS.md (minutes)
	$(PY) -m bench

export: setup-dev ## retrain the shipped models, re-export web/public, build (about 12 min)
	$(PY) -m export
	npm run build

lint: setup-dev ## check the style of the Python (ruff) and the JavaScript (prettier)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	npm run --silent lint

setup: system-packages $(VENV)/.installed-base node_modules/.installed ## install what serving needs
setup-dev: system-packages $(VENV)/.installed-dev node_modules/.installed ## install what training and tests need

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "error: Python 3.10-3.12 is required (python3.11 is tested)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create $(VENV); on Debian/Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed-base

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: Node.js 18+ and npm are required (https://nodejs.org)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# The dataset and a Chromium for the browser tests, from Debian/Ubuntu packages.
system-packages:
	@missing=""; \
	[ -f $(DATA_DIR)/t10k-labels-idx1-ubyte.gz ] || missing="$$missing dataset-fashion-mnist"; \
	command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "note: not a Debian/Ubuntu system; get$$missing another way (see README.md)."; exit 0; fi; \
	if [ "$(SUDO)" = none ]; then \
		echo "note: to install$$missing, run:"; \
		echo "  sudo apt-get install -y$$missing"; exit 0; fi; \
	echo "Installing$$missing with apt-get"; \
	$(SUDO) apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq$$missing

clean: ## remove the built site, caches and installs (keeps committed models)
	rm -rf web/dist $(VENV) node_modules .pytest_cache .ruff_cache test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
