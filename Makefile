# The two commands of the README: `make run` and `make test`.
# Both create .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install lint system-deps

run: install
	$(BIN)/kg serve

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	.ci/system-deps

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
