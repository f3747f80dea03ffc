# saraban: `make letters` renders letters/ into out/; `make test` runs the test suite.
# Both set everything up first on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: letters test fuzz setup system check clean templates schema docs check-github review preview serve bench

letters: setup saraban
	$(PY) -m generator build letters --out out

test: setup
	$(PY) -m pytest

# Hostile letters from the schemas (tests/test_fuzz.py): `make test` runs 120 of them, this
# FUZZ_EXAMPLES (10,000: 0 tracebacks, hangs or malformed DOCX files, 29 min; docs/testing.md).
FUZZ_EXAMPLES ?= 10000
fuzz: setup
	SARABAN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/test_fuzz.py -q -p no:cacheprovider -W ignore::hypothesis.errors.HypothesisWarning --hypothesis-show-statistics

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

# Fast builds against the naive loop, and the scaling table (200, 2,000, 10,000 letters), on this
# machine (bench/README.md): writes out/bench/results.md, leaving the tracked tree clean;
# `make bench RESULTS=bench/results.md` updates the published figures.
LETTERS ?= 200
SCALING ?= 200,2000,10000
RESULTS ?= out/bench/results.md
bench: setup
	@mkdir -p $(dir $(RESULTS))
	$(PY) bench/run.py --letters $(LETTERS) --scaling '$(SCALING)' --results '$(RESULTS)'

# `./saraban …` in the repository's folder: the virtual environment's saraban, without activating it.
saraban: setup
	printf '#!/bin/sh\nexec "$$(dirname "$$0")/.venv/bin/saraban" "$$@"\n' > saraban
	chmod +x saraban

clean:
	rm -rf out review .pytest_cache

# Pull-request review (.github/workflows/review.yml runs these).
check-github: setup
	$(PY) -m generator check --format github letters

# `make review [BASE=ref]`: saraban diff into review/ (review.md, page and difference images);
# PR_NUMBER, when set, is written beside it for the comment workflow.
review: setup
	$(PY) -m generator diff letters --out review $(if $(BASE),--base '$(BASE)'); status=$$?; \
	$(if $(PR_NUMBER),mkdir -p review && echo '$(PR_NUMBER)' > review/pr-number;) exit $$status

# `make preview FILE=letters/2568/x.yaml`: open the PDF, render again on every save.
preview: setup
	$(PY) -m generator preview '$(FILE)'

# `make serve`: keep saraban loaded; `make letters` and `make check` in other terminals start at once.
serve: setup
	$(PY) -m generator serve

schema: setup
	$(PY) -m generator schema --write schema

# The YAML reference (docs/reference/*.md), generated from the same schemas; tests/test_reference.py
# fails when it is stale.
docs: setup
	$(PY) -m generator schema --reference docs/reference
