# BTI-trener — developer commands. `make run` and `make test` are all a user needs.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench help clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)  ## Start the app on the bundled library
	$(VENV)/bin/bti-trener

test: $(TEST_STAMP)  ## Run the whole test suite
	$(PY) -m pytest

bench: $(STAMP)  ## Run the benchmarks and print a table
	$(PY) -m bench

clean:  ## Remove the virtual environment
	rm -rf $(VENV)
