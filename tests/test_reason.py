"""`kg reason`: HermiT through owlready2, run as the real command.

The inconsistent copies break an axiom of the ontology on purpose: focus
areas, visions and activities are declared disjoint, and sgo:activityOf
points to a focus area.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.validation.reason import PELLET_MIN_JAVA, java_version
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.shared import PROJECT_DIR

OSR = "https://w3id.org/strategigraf/id/osloregionen-2017/"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


def test_the_repository_is_consistent_and_says_what_hermit_ignored() -> None:
    result = Project(PROJECT_DIR).kg("reason")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("consistent (HermiT, ")
    assert any("xsd:gYear" in line and "HermiT ignored them" in line for line in lines)
    version = java_version()
    assert version is not None
    if version < PELLET_MIN_JAVA:
        assert f"Pellet needs Java {PELLET_MIN_JAVA}+ and this machine has Java {version}" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "culprit"),
    [
        pytest.param(
            "osr:innsatsomrade-1 a sgo:FocusArea ;",
            "osr:innsatsomrade-1 a sgo:FocusArea , sgo:Vision ;",
            "osr:innsatsomrade-1",
            id="a focus area that is also a vision",
        ),
        pytest.param(
            "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 4",
            "sgo:activityOf osr:foring-1 ;\n    sgo:position 4",
            "osr:aktivitet-2.4",
            # sgo:activityOf makes its object a focus area, which a direction cannot be:
            # the resource that makes the link is named, not the direction
            id="an activity of a vision direction",
        ),
    ],
)
def test_the_resource_that_makes_the_graph_inconsistent_is_named(
    project: Project, old: str, new: str, culprit: str
) -> None:
    project.edit(DATA_FILE, old, new)
    line = project.block_line(DATA_FILE, culprit)

    result = project.kg("reason")

    assert result.returncode == 1, result.stdout + result.stderr
    culprits = [row for row in result.stdout.splitlines() if "inconsistent resource:" in row]
    assert culprits == [f"  inconsistent resource: {DATA_FILE}:{line}  {OSR}{culprit.removeprefix('osr:')}"]


def test_without_java_one_line_and_exit_2(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "bin-without-java"
    empty.mkdir()
    result = project.kg("reason", path=str(empty))
    assert result.returncode == 2
    assert result.stdout == ""
    (message,) = result.stderr.splitlines()
    assert message.startswith("error: kg reason needs Java")
    assert "none is on PATH" in message


def test_pellet_runs_only_on_a_java_new_enough(project: Project) -> None:
    version = java_version()
    assert version is not None
    result = project.kg("reason", "--reasoner", "pellet")
    if version >= PELLET_MIN_JAVA:
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"error: Pellet as bundled with owlready2 needs Java {PELLET_MIN_JAVA} or newer; "
            f"this machine has Java {version}. Use the default reasoner, HermiT."
        ]


def test_a_syntax_error_stops_the_reasoner(project: Project) -> None:
    project.edit(DATA_FILE, "sgo:lineCount 56 ;", "sgo:lineCount 56 56 ;")
    result = project.kg("reason")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{DATA_FILE}:{project.line_of(DATA_FILE, 'sgo:lineCount 56 56')}:")
    assert "Traceback" not in result.stderr
