"""Throw-away copies of the repository, for tests that change files or push graphs."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR, write_project_file

DATA_FILE = Path("data") / "osloregionen-2017.ttl"


def copy_project(target: Path) -> Path:
    """A project folder with the repository's ontology/, shapes/, data/ and queries/ files."""
    for folder in ("ontology", "shapes", "data", "queries"):
        if (PROJECT_DIR / folder).is_dir():
            shutil.copytree(PROJECT_DIR / folder, target / folder)
    return write_project_file(target)


def fresh_settings(project: Path) -> Settings:
    """Settings with a base IRI of their own, so graphs pushed by one test never meet another's."""
    return project_settings(project, base_iri=f"https://test.example/{uuid.uuid4().hex}/")


def settings_args(settings: Settings) -> list[str]:
    return ["--project-dir", str(settings.project_dir), "--base-iri", settings.base_iri]


def run_kg(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real `kg` command, as a user would."""
    return subprocess.run(
        [*kg_command(), *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def file_triples(path: Path) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(path=str(path))}
