# One command each: `make demo` (install + check the example draft), `make test` (everything).
# `make lint` and `make test-fast` use the .venv that `make test` (scripts/bootstrap.sh test)
# makes; VENV_PYTHON=... points them at another interpreter that has the test extra installed.
.PHONY: demo test test-fast lint bench clean

VENV_PYTHON ?= .venv/bin/python
LINTED = src tests benchmarks scripts

demo:
	scripts/demo.sh

test:
	scripts/test.sh

# The inner loop: everything but the tests marked slow or languagetool (see CONTRIBUTING.md).
test-fast:
	$(VENV_PYTHON) -m pytest -p no:cacheprovider -q -m "not slow and not languagetool"

# What CI runs before the tests (.ci/run): lint, formatting, types, and no import cycle in
# src/newslint (tests/test_arch_imports.py, engineer arch's test: also part of the suite).
lint:
	$(VENV_PYTHON) -m ruff check $(LINTED)
	$(VENV_PYTHON) -m ruff format --check $(LINTED)
	$(VENV_PYTHON) -m mypy
	$(VENV_PYTHON) -m pytest -p no:cacheprovider -q tests/test_arch_imports.py

bench:
	.venv/bin/python benchmarks/core.py

clean:
	rm -rf .venv build dist src/*.egg-info .pytest_cache
