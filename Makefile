# Everything goes through the project's own virtual environment, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
NODE_STAMP := node_modules/.installed
# The npm package the site itself needs (platform marks), pinned in package-lock.json like the rest.
ICONS_STAMP := node_modules/simple-icons/package.json
OUTPUT ?= output
CONTENT ?= content
export PYTHONPATH := $(CURDIR)/plugins

.PHONY: html publish serve check check-changed fields lint format test test-tools system-tools clean bench bench-incremental
.PHONY: new-event new-source new-leader new-organization

# The scaffold's arguments reach it through the environment unexpanded, so that quotes, apostrophes
# and dollar signs in a title or name arrive as typed.
override TITLE := $(value TITLE)
override NAME := $(value NAME)
override PUBLISHER := $(value PUBLISHER)
override URL := $(value URL)
export TITLE DATE TYPE NAME KIND SLUG PUBLISHER URL

html: $(SITE_STAMP) $(ICONS_STAMP) ## Build the site into output/ (atomic: a failed build leaves output/ as it was)
	$(BIN)/python -m sitebuild.build -s pelicanconf.py -o $(OUTPUT)

publish: $(SITE_STAMP) $(NODE_STAMP) $(ICONS_STAMP) ## Build with the public URL (publishconf.py) and the editor at /admin/
	$(BIN)/python -m sitebuild.build -s publishconf.py -o $(OUTPUT)

serve: $(SITE_STAMP) $(ICONS_STAMP) ## Preview on http://127.0.0.1:8000, rebuilt as you save; a failed build keeps the last good site
	$(BIN)/python -m sitebuild.serve -s pelicanconf.py -o $(OUTPUT) -b 127.0.0.1 -p 8000

.PHONY: cms cms-config
cms: $(SITE_STAMP) $(NODE_STAMP) $(ICONS_STAMP) ## Edit in the browser: http://127.0.0.1:8000/admin/ saves into content/ (Ctrl-C stops)
	$(BIN)/python -m cms.serve -s pelicanconf.py -o $(OUTPUT) -b 127.0.0.1 -p 8000

cms-config: $(SITE_STAMP) ## Regenerate the editor's configuration (plugins/cms/config.yml) from the schema
	$(BIN)/python -m cms.config

check: $(SITE_STAMP) ## Validate records and registries; CHANGED=1 reports only files changed since BASE
	$(BIN)/python -m editing.check "$(CONTENT)" $(if $(CHANGED),--changed $(BASE))

check-changed: ## Same as `make check CHANGED=1` (BASE defaults to origin/main, else main)
	$(MAKE) check CHANGED=1

new-event: $(SITE_STAMP) ## Start a record: make new-event TITLE="..." DATE=YYYY[-MM[-DD]] TYPE=live-qa
	$(BIN)/python -m editing.scaffold --content "$(CONTENT)" --slug "$$SLUG" event --title "$$TITLE" --date "$$DATE" --type "$$TYPE"

new-source: $(SITE_STAMP) ## Start a source: make new-source TITLE="..." PUBLISHER="..." KIND=news-article [URL=...]
	$(BIN)/python -m editing.scaffold --content "$(CONTENT)" --slug "$$SLUG" source --title "$$TITLE" --publisher "$$PUBLISHER" --kind "$$KIND" --url "$$URL"

new-leader: $(SITE_STAMP) ## Start a leader: make new-leader NAME="..."
	$(BIN)/python -m editing.scaffold --content "$(CONTENT)" --slug "$$SLUG" leader --name "$$NAME"

new-organization: $(SITE_STAMP) ## Start an organization: make new-organization NAME="..." KIND=ministry
	$(BIN)/python -m editing.scaffold --content "$(CONTENT)" --slug "$$SLUG" organization --name "$$NAME" --kind "$$KIND"

fields: $(SITE_STAMP) ## Rewrite the field reference in CONTRIBUTING.md from the schema
	$(BIN)/python -m editing.fieldref CONTRIBUTING.md

lint: $(TEST_STAMP) ## ruff lint and format check, and mypy (strict, configured in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint test-tools ## The whole suite: lint, unit tests, fixture builds, the real archive
	$(BIN)/python -m pytest

# Synthetic archive of N records built by our site, plain Pelican and Hugo; results to BENCHMARKS.md.
N ?= 10000
RUNS ?= 3
bench: $(SITE_STAMP) ## Benchmark against plain Pelican and Hugo (N records, median of RUNS runs)
	$(BIN)/python -m bench.run --count $(N) --runs $(RUNS)

bench-incremental: $(SITE_STAMP) ## Incremental rebuilds against plain Pelican's cached rebuild (N records, RUNS rounds)
	$(BIN)/python -m bench.incremental --count $(N) --runs $(RUNS)

# What the browser and validator tests need: Python packages (test group), vnu.jar and axe-core
# pinned in package-lock.json, and Debian's Chromium, a Java runtime and faketime (reproducibility
# tests build under another clock) where the machine lacks them.
test-tools: $(TEST_STAMP) $(NODE_STAMP) system-tools

# The editor (/admin/, `make publish`, `make cms`) comes from these npm packages too; a machine
# that has npm needs none of the test tools' Debian packages for it.
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || $(MAKE) system-tools
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@ $(ICONS_STAMP)

$(ICONS_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@ $(if $(wildcard $(NODE_STAMP)),$(NODE_STAMP))

# The browser the tests drive: Debian's Chromium unless CHROMIUM names another installed one.
export CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-tools:
	@missing=""; \
	test -x "$(CHROMIUM)" || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v faketime >/dev/null || missing="$$missing faketime"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).* .pytest_cache node_modules

# pip 25.1 or newer reads the dependency groups of pyproject.toml.
PIP_STAMP := $(VENV)/.pip-26.0.1
$(PIP_STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.0.1"
	touch $@

$(SITE_STAMP): pyproject.toml $(PIP_STAMP)
	$(BIN)/python -m pip install --quiet --group site
	touch $@

$(TEST_STAMP): pyproject.toml $(PIP_STAMP)
	$(BIN)/python -m pip install --quiet --group test
	touch $(SITE_STAMP) $@
