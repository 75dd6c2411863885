# Everything goes through the project's own virtual environment, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
OUTPUT ?= output
export PYTHONPATH := $(CURDIR)/plugins

.PHONY: html publish serve check lint format test clean bench

html: $(SITE_STAMP) ## Build the site into output/ (atomic: a failed build leaves output/ as it was)
	$(BIN)/python -m archive.sitebuild -s pelicanconf.py -o $(OUTPUT)

publish: $(SITE_STAMP) ## Build with the public URL (publishconf.py)
	$(BIN)/python -m archive.sitebuild -s publishconf.py -o $(OUTPUT)

serve: $(SITE_STAMP) ## Preview on http://127.0.0.1:8000 with autoreload
	$(BIN)/pelican content --autoreload --listen -s pelicanconf.py -o $(OUTPUT) -b 127.0.0.1 -p 8000

check: $(SITE_STAMP) ## Validate records and registries without building (under a second)
	$(BIN)/python -m archive.check content

lint: $(TEST_STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint ## The whole suite: lint, unit tests, fixture builds, the real archive
	$(BIN)/python -m pytest

# Synthetic archive of N records built by our site, plain Pelican and Hugo; results to BENCHMARKS.md.
N ?= 10000
RUNS ?= 3
bench: $(SITE_STAMP) ## Benchmark against plain Pelican and Hugo (N records, median of RUNS runs)
	$(BIN)/python -m bench.run --count $(N) --runs $(RUNS)

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
