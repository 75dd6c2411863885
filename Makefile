# Everything goes through the project's own virtual environment, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
OUTPUT ?= output
CONTENT ?= content
export PYTHONPATH := $(CURDIR)/plugins

.PHONY: html publish serve check check-changed fields lint format test test-tools clean
.PHONY: new-event new-leader new-organization

# The scaffold's arguments reach it through the environment unexpanded, so that quotes, apostrophes
# and dollar signs in a title or name arrive as typed.
override TITLE := $(value TITLE)
override NAME := $(value NAME)
export TITLE DATE TYPE NAME KIND SLUG

html: $(SITE_STAMP) ## Build the site into output/ (atomic: a failed build leaves output/ as it was)
	$(BIN)/python -m archive.sitebuild -s pelicanconf.py -o $(OUTPUT)

publish: $(SITE_STAMP) ## Build with the public URL (publishconf.py)
	$(BIN)/python -m archive.sitebuild -s publishconf.py -o $(OUTPUT)

serve: $(SITE_STAMP) ## Preview on http://127.0.0.1:8000 with autoreload
	$(BIN)/pelican content --autoreload --listen -s pelicanconf.py -o $(OUTPUT) -b 127.0.0.1 -p 8000

check: $(SITE_STAMP) ## Validate records and registries; CHANGED=1 reports only files changed since BASE
	$(BIN)/python -m archive.check "$(CONTENT)" $(if $(CHANGED),--changed $(BASE))

check-changed: ## Same as `make check CHANGED=1` (BASE defaults to origin/main, else main)
	$(MAKE) check CHANGED=1

new-event: $(SITE_STAMP) ## Start a record: make new-event TITLE="..." DATE=YYYY[-MM[-DD]] TYPE=live-qa
	$(BIN)/python -m archive.scaffold --content "$(CONTENT)" --slug "$$SLUG" event --title "$$TITLE" --date "$$DATE" --type "$$TYPE"

new-leader: $(SITE_STAMP) ## Start a leader: make new-leader NAME="..."
	$(BIN)/python -m archive.scaffold --content "$(CONTENT)" --slug "$$SLUG" leader --name "$$NAME"

new-organization: $(SITE_STAMP) ## Start an organization: make new-organization NAME="..." KIND=ministry
	$(BIN)/python -m archive.scaffold --content "$(CONTENT)" --slug "$$SLUG" organization --name "$$NAME" --kind "$$KIND"

fields: $(SITE_STAMP) ## Rewrite the field reference in CONTRIBUTING.md from the schema
	$(BIN)/python -m archive.fieldref CONTRIBUTING.md

lint: $(TEST_STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint test-tools ## The whole suite: lint, unit tests, fixture builds, the real archive
	$(BIN)/python -m pytest

test-tools: ## Programs the tests run besides Python: faketime runs a build under another clock
	@command -v faketime >/dev/null || { apt-get update -qq && apt-get install -y -qq faketime; }

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).staging .pytest_cache

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
