# BTI-trener — developer commands. `make run` and `make test` are all a user needs.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Every package `make` installs, build backend included, at the exact version in this file: a new upstream
# release cannot change a clean clone. The environment variable (not -c) reaches pip's isolated build too.
LOCK := constraints.txt
PIP_INSTALL := PIP_CONSTRAINT=$(CURDIR)/$(LOCK) $(PY) -m pip install --quiet

.PHONY: run test check bench help clean upgrade-deps

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PIP_INSTALL) -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)  ## Start the app on the bundled library
	$(VENV)/bin/bti-trener

test: check  ## The house rules (check), then the whole test suite
	$(PY) -m pytest

check: $(TEST_STAMP)  ## Import contracts (pyproject [tool.importlinter]), ruff and mypy; fails on any finding
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)  ## Run the benchmarks and print a table
	$(PY) -m bench

upgrade-deps: | $(PY)  ## Pin the newest releases within pyproject's ranges into constraints.txt
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(VENV)/bin/pip-compile --quiet --upgrade --extra test --all-build-deps --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host --output-file $(LOCK) pyproject.toml
	rm -f $(STAMP) $(TEST_STAMP)

clean:  ## Remove the virtual environment
	rm -rf $(VENV)
