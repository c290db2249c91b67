# Social Credit, Explained: the one entry point. `make help` lists the targets.
# Everything installs itself into .venv/ from the hash-locked requirements files.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE_DIR := site
# Debian packages the site build needs (installed by `make site`/`make serve` as root): graphviz
# lays out the diagrams in docs/diagrams/ (hooks/figures.py).
BUILD_PACKAGES := graphviz
# Debian packages the PDFs and the browser tests need (installed by `make test`/`make pdf` as root):
# chromium prints the PDFs; Noto (Latin and CJK) are their embedded fonts; poppler-utils checks them.
SYSTEM_PACKAGES := $(BUILD_PACKAGES) chromium fonts-noto-cjk fonts-noto-core poppler-utils
# npm fetches the offline copy's web-worker shim and `make bench`'s Lighthouse from the npm
# registry; installed from Debian only where no npm is on PATH (a machine may have its own Node).
NODE_PACKAGES := $(if $(shell command -v npm),,nodejs npm)

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help serve build site pdf offline test linkcheck bench build-deps system-deps node-deps lock clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

# The build code (sce/) is installed as a package in its own step, editable and without
# dependencies: pip refuses an editable install under --require-hashes, and the dependencies come
# from the hash-locked files above it.
$(VENV)/.site-deps: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	@touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt -r requirements-test.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	@touch $@ $(VENV)/.site-deps

# The post-build passes (sce/postbuild/) only shrink and harden the output: `serve` skips them.
serve: $(VENV)/.site-deps build-deps ## Serve the site at http://127.0.0.1:8000 with live reload
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: site pdf offline ## Build the site, its PDFs and its offline zip into site/

site: $(VENV)/.site-deps build-deps ## Build the static site into site/ (strict: any warning fails), then the post-build passes
	$(PY) -m mkdocs build --strict --site-dir $(SITE_DIR)
	$(PY) -m scripts.postbuild --site-dir $(SITE_DIR)

pdf: site system-deps ## The book PDF and chapter handouts into site/downloads/ (prints its time)
	$(PY) -m scripts.build_pdf --site-dir $(SITE_DIR)

offline: site pdf node-deps ## The offline copy of the site, site/downloads/social-credit-explained-offline.zip
	$(PY) -m scripts.build_offline --site-dir $(SITE_DIR)

test: $(VENV)/.test-deps system-deps build ## Install what the tests need, build, run the whole suite
	SCE_SITE_DIR=$(SITE_DIR) $(PY) -m pytest

# Internal links and anchors (offline; `make test` runs the same check). EXTERNAL=1 checks every
# external URL of the pages and bibliography.bib instead (online), report in LINKCHECK_JSON;
# LINKCHECK_ARGS passes more options (scripts/linkcheck.py --help).
LINKCHECK_JSON ?= .cache/linkcheck/report.json
linkcheck: $(if $(EXTERNAL),site,build) ## Check links and anchors in site/ (EXTERNAL=1: external URLs, online)
ifdef EXTERNAL
	$(PY) -m scripts.linkcheck --external --site $(SITE_DIR) --bib bibliography.bib --json $(LINKCHECK_JSON) $(LINKCHECK_ARGS)
else
	$(PY) -m scripts.linkcheck --site $(SITE_DIR)
endif

bench: $(VENV)/.site-deps build-deps system-deps node-deps ## Build times, PDF time, page weights, Lighthouse (npm-installs it into .cache/bench)
	$(PY) -m scripts.bench

# $(call debian-install,PACKAGES): install those not yet installed (as root, or with passwordless
# sudo as on GitHub's runners), or name them and stop.
define debian-install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then \
	    as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	    echo "Installing Debian packages:$$missing"; \
	    $$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

build-deps: ## Install the Debian packages the site build needs (as root), or name them
	$(call debian-install,$(BUILD_PACKAGES))

system-deps: ## Install the Debian packages the PDFs and browser tests need (as root), or name them
	$(call debian-install,$(SYSTEM_PACKAGES))

node-deps: ## Install Node.js and npm if there is no npm (as root), or name them
	$(call debian-install,$(NODE_PACKAGES))

lock: $(VENV)/.test-deps ## Re-pin requirements*.txt (with hashes) from requirements*.in
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-test.txt requirements-test.in

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf $(SITE_DIR) .pytest_cache .hypothesis
