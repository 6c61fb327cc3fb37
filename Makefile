# The two commands of the README: `make run` and `make test`.
# Both create .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The repository's own Turtle, kept in house style (`kg fmt`).
TURTLE := data ontology shapes kg/project/template kg/publishing/reference tests/fixtures examples/data

.PHONY: run test install lint system-deps runtime-deps assets docs

run: install assets docs
	$(BIN)/kg serve

test: install system-deps assets
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/kg fmt --check $(TURTLE)
	$(BIN)/mkdocs build --strict
	$(BIN)/pytest

# kg's own system packages (Tesseract for scanned PDFs), then the Python environment.
install: runtime-deps $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The documentation site, into site/ (kg serve shows it under /docs); --strict: a broken link,
# anchor or generated reference fails the build.
docs: install
	$(BIN)/mkdocs build --strict

system-deps:
	.ci/system-deps

runtime-deps:
	.ci/system-deps --runtime

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/mypy

# The query page's SPARQL editor (YASGUI), fetched from the npm registry at install time and
# checked against the pinned hash; its built files go to server/static/vendor/ (git-ignored).
YASGUI := @zazuko/yasgui@4.6.2
YASGUI_SHA512 := Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==
YASGUI_DIR := server/static/vendor/yasgui

assets: $(YASGUI_DIR)/yasgui.min.js

$(YASGUI_DIR)/yasgui.min.js:
	@command -v npm >/dev/null || { echo "npm not found: the query page offers a plain form; install npm and run 'make assets' for the YASGUI editor" >&2; exit 0; }; \
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	tarball=$$(cd "$$tmp" && npm pack --silent $(YASGUI)) && \
	$(PYTHON) -c 'import base64, hashlib, sys; d = open(sys.argv[1], "rb").read(); \
	sys.exit(base64.b64encode(hashlib.sha512(d).digest()).decode() != sys.argv[2])' \
	"$$tmp/$$tarball" "$(YASGUI_SHA512)" || { echo "$(YASGUI): hash mismatch" >&2; exit 1; }; \
	tar -xzf "$$tmp/$$tarball" -C "$$tmp" && mkdir -p $(YASGUI_DIR) && \
	cp "$$tmp/package/package.json" "$$tmp/package/build/yasgui.min.css" $(YASGUI_DIR)/ && \
	cp "$$tmp/package/build/yasgui.min.js" $(YASGUI_DIR)/
