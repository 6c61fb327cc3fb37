"""The import contracts in pyproject.toml hold, and each one breaks on an import it forbids.

`make test` runs lint-imports on the repository; these tests make sure the contracts
still bite: in a copy of kg/ and server/, one forbidden import is added at a time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.shared import PROJECT_DIR

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = ("layers", "server", "core", "rdflib", "acyclic")
#: (contract, file, code added to it, the import the report must name)
VIOLATIONS = [
    ("layers", "kg/foundation/errors.py", "from kg.query.runner import QueryRunner", "kg.foundation.errors"),
    ("layers", "kg/query/deadline.py", "from kg.publishing.void import void_triples", "kg.query.deadline"),
    # Independent siblings: loading does not use the query runner's machinery.
    ("layers", "kg/load/repository.py", "from kg.query.deadline import Watchdog", "kg.load.repository"),
    # The shipped vocabularies stand below kg classify, which proposes their concepts.
    (
        "layers",
        "kg/subjects/vocabularies.py",
        "from kg.classify.words import words",
        "kg.subjects.vocabularies",
    ),
    # Exhaustive: a new package must be placed in a layer.
    ("layers", "kg/newcomer/__init__.py", "", "kg.newcomer"),
    ("server", "kg/publishing/rdf.py", "from server.cors import Cors", "kg.publishing.rdf -> server.cors"),
    ("core", "kg/query/deadline.py", "import flask", "kg.query.deadline -> flask"),
    ("core", "kg/steward/files.py", "import click", "kg.steward.files -> click"),
    ("core", "kg/foundation/atomic.py", "import werkzeug", "kg.foundation.atomic -> werkzeug"),
    ("rdflib", "kg/publishing/rdf.py", "import rdflib", "kg.publishing.rdf -> rdflib"),
    # The subject check reports validation's problems without rdflib's terms.
    ("rdflib", "kg/subjects/check.py", "from rdflib import URIRef", "kg.subjects.check -> rdflib"),
    ("rdflib", "kg/query/guard.py", "import pyshacl", "kg.query.guard -> pyshacl"),
    ("rdflib", "server/pages.py", "import owlready2", "server.pages -> owlready2"),
    ("rdflib", "kg/cli/validate.py", "import owlrl", "kg.cli.validate -> owlrl"),
    # A function-level import is an import too: the base class may not import its subclass.
    (
        "acyclic",
        "kg/store/base.py",
        "def _f() -> None:\n    import kg.store.oxigraph",
        "No cycles are allowed in kg.store.",
    ),
]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for folder in ("kg", "server"):
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_DIR / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(root: Path, contract: str) -> subprocess.CompletedProcess[str]:
    """lint-imports on the copy at `root` (found first on the path), one contract."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--contract", contract],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_copy_keeps_every_contract(copy: Path, contract: str) -> None:
    done = lint_imports(copy, contract)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("contract", "file", "code", "named"), VIOLATIONS, ids=[f"{c}:{f}" for c, f, _, _ in VIOLATIONS]
)
def test_a_forbidden_import_breaks_its_contract(
    copy: Path, contract: str, file: str, code: str, named: str
) -> None:
    target = copy / file
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as text:
        text.write(f"\n\n{code}\n")
    done = lint_imports(copy, contract)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "0 kept, 1 broken" in done.stdout
    assert named in done.stdout
