# saraban: `make letters` renders letters/ into out/; `make test` runs the test suite.
# Both set everything up first on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: letters test setup system check clean templates bench

letters: setup
	$(PY) -m generator build letters --out out

test: setup
	$(PY) -m pytest

check: setup
	$(PY) -m generator check letters

setup: system $(INSTALLED)

system:
	@sh scripts/setup-system.sh

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

templates: setup
	$(PY) templates/make.py

# Fast builds against the naive loop, on this machine: writes bench/results.md (bench/README.md).
LETTERS ?= 200
bench: setup
	$(PY) bench/run.py --letters $(LETTERS)

clean:
	rm -rf out .pytest_cache
