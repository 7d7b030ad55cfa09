# BTI-trener — developer commands. `make run` and `make test` are all a user needs.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Every package `make` installs, build backend included, at the exact version in this file: a new upstream
# release cannot change a clean clone. The environment variable (not -c) reaches pip's isolated build too.
LOCK := constraints.txt
PIP_INSTALL := PIP_CONSTRAINT=$(CURDIR)/$(LOCK) $(PY) -m pip install --quiet

.PHONY: run test check bench browser help clean upgrade-deps

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

test: check browser  ## The house rules (check), then the whole test suite
	$(PY) -m pytest

# Headless Chromium for the browser tests (tests/browser.py): Debian's package, installed when it is missing and
# this user may install it (CI: root on a fresh machine). Otherwise the browser tests fail and say why.
APT_CHROMIUM := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ $(APT_CHROMIUM) || { apt-get update -q >/dev/null && $(APT_CHROMIUM); }; }; } || \
		echo "make: Chromium is missing and cannot be installed here; the browser tests will fail until it is."

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
