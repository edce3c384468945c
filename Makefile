# `make generate` and `make test` set up .venv themselves; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate check test test-quick test-pythons lint typecheck pytest golden corpus clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing the generator and its test tools into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install -e '.[dev]' > $(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; exit 1; }
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/sdkgen generate

check: $(STAMP)
	$(BIN)/sdkgen generate --check

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/ruff format --check generator tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck check pytest

# While iterating: lint, mypy and every test not marked slow. CI and a last run before a commit
# use `make test`, which runs them all.
test-quick: lint typecheck
	$(BIN)/pytest -m "not slow"

# Rewrites tests/golden/<spec>/ from a fresh generation of each test spec (and of Autumn's real
# spec where ../shared is): commit the records with the change that altered them.
golden: $(STAMP)
	$(BIN)/python -m tests.golden

# Not part of `test`: the generator over the documents of @readme/oas-examples (fetched once with
# npm into .corpus-cache/), reporting generate / import / mypy --strict per document.
corpus: $(STAMP)
	$(BIN)/python tools/corpus.py

# Not part of `test` (minutes; a first run downloads into .venv-pythons/): the generated SDK on
# every Python its pyproject.toml claims, from pyenv's interpreters. Every module of every
# generated SDK imports, tests/runtime passes against output/autumn-sdk, and each generated SDK's
# own suite (its tests/, against its mock) passes.
test-pythons: $(STAMP)
	$(BIN)/python tools/test_pythons.py

clean:
	rm -rf $(VENV) .venv-pythons .mypy_cache .pytest_cache .ruff_cache
