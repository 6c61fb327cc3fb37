"""`kg base-iri NEW`: an existing project's IRIs move to the organisation's own domain.

The project is the Havby fixture written for these tests (tests/fixtures/portal/) in a `kg init`
project; what must change is read off the files: every `https://w3id.org/strategigraf/id/` IRI,
none of the ontology's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.support.server import kg_command

OLD = "https://w3id.org/strategigraf/"
NEW = "https://data.havby.example/strategi/"


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run(
        [*kg_command(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    assert kg("init", str(tmp_path / "p"), "--no-input", cwd=tmp_path).returncode == 0
    return tmp_path / "p"


def iris(path: Path) -> set[str]:
    found = set()
    for quad in ox.parse(path=str(path)):
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


def test_moves_every_data_iri_and_the_setting(project: Path) -> None:
    data = project / "data" / "eksempelkommunen-2026.ttl"
    before = iris(data)
    done = kg("base-iri", NEW, cwd=project)
    assert done.returncode == 0, done.stderr
    after = iris(data)
    moved = {iri for iri in before if iri.startswith(OLD + "id/")}
    assert len(moved) == 7  # the template's plan, vision, area, activity, period, actor and source
    assert {NEW + iri[len(OLD) :] for iri in moved} <= after
    assert not any(iri.startswith(OLD + "id/") for iri in after)
    assert "https://w3id.org/strategigraf/ontology#StrategicPlan" in after  # the ontology's IRIs stay
    assert kg("base-iri", cwd=project).stdout.strip() == NEW
    assert "# Base of resource and graph IRIs" in (project / "strategigraf.toml").read_text(encoding="utf-8")
    assert kg("fmt", "--check", cwd=project).returncode == 0
    checked = kg("validate", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "project.base-iri" not in checked.stderr


def test_a_file_that_does_not_parse_changes_nothing(project: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "portal" / "havby-versions.ttl"
    shutil.copy(fixture, project / "data")
    broken = project / "data" / "zz-broken.ttl"
    broken.write_text("@prefix id: <https://w3id.org/strategigraf/id/> .\nid:x id:y\n", encoding="utf-8")
    texts = {path: path.read_bytes() for path in [*project.glob("data/*"), project / "strategigraf.toml"]}
    done = kg("base-iri", NEW, cwd=project)
    assert done.returncode == 2
    assert f"{broken}:3:" in done.stderr and "nothing was changed" in done.stderr, done.stderr
    assert {path: path.read_bytes() for path in texts} == texts


@pytest.mark.parametrize("bad", ["https://data.havby.example/strategi", "data.havby.example/", OLD])
def test_a_bad_or_same_base_is_refused(project: Path, bad: str) -> None:
    done = kg("base-iri", bad, cwd=project)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert kg("base-iri", cwd=project).stdout.strip() == OLD
