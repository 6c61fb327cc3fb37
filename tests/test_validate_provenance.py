"""`kg validate` checks provenance against the source text (issue #14).

The source text is ../shared/seeds/000_bad88d70322fed8d.txt: 56 lines; focus
area 2, «Verdiskaping og kompetanse», is lines 44-50 (its name on line 44); the vision is line 9.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.provenance.check import found_in
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.shared import PROJECT_DIR

SOURCE = "000_bad88d70322fed8d.txt"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


def _results(project: Project, *args: str) -> tuple[int, list[dict[str, Any]]]:
    done = project.kg("validate", "--no-cache", "--format", "json", *args)
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    found = [r for r in report["results"] if r["sourceShape"].endswith("#ProvenanceCheck")]
    return done.returncode, found


def test_the_repository_s_provenance_agrees_with_its_source_text() -> None:
    code, found = _results(Project(PROJECT_DIR))
    assert code == 0 and found == []


def test_lines_past_the_end_of_the_text_are_a_violation(project: Project) -> None:
    # The data claims 60 lines, so the shapes (lastLine <= lineCount) let the vision's 58 pass.
    project.edit(DATA_FILE, "sgo:lineCount 56 ;", "sgo:lineCount 60 ;")
    project.edit(
        DATA_FILE,
        "osr:visjon a sgo:Vision ;",
        "osr:visjon a sgo:Vision ;\n    # moved",
    )
    text = project.path(DATA_FILE).read_text(encoding="utf-8")
    start = text.index("osr:visjon a sgo:Vision")
    end = text.index(" .\n", start)
    block = text[start:end].replace("sgo:lastLine 13", "sgo:lastLine 58")
    project.path(DATA_FILE).write_text(text[:start] + block + text[end:], encoding="utf-8")
    code, found = _results(project)
    assert code == 1
    by_focus = {r["focusNode"].rsplit("/", 1)[-1]: r for r in found}
    vision = by_focus["visjon"]
    assert vision["severity"] == "Violation"
    assert (vision["file"], vision["line"]) == (DATA_FILE, project.block_line(DATA_FILE, "osr:visjon"))
    assert vision["path"].endswith("#lastLine")
    assert "9–58" in vision["message"]["en"] and "56" in vision["message"]["en"]
    assert "linje 9–58" in vision["message"]["nb"]
    count = by_focus["000_bad88d70322fed8d"]
    assert count["severity"] == "Violation" and "56 lines, not 60" in count["message"]["en"]


def test_a_text_not_in_its_lines_is_a_warning_naming_them(project: Project) -> None:
    project.edit(DATA_FILE, '"Verdiskaping og kompetanse"@nb', '"Verdiskaping og kunnskap"@nb')
    done = project.kg("validate", "--no-cache")
    assert done.returncode == 0  # a warning: the data stays valid
    line = project.block_line(DATA_FILE, "osr:innsatsomrade-2")
    assert f"{DATA_FILE}:{line}  osr:innsatsomrade-2" in done.stdout
    assert f"«Verdiskaping og kunnskap» is not in {SOURCE}:44–50" in done.stdout
    assert "1 warning" in done.stdout
    nb = project.kg("validate", "--no-cache", "--lang", "nb")
    assert f"«Verdiskaping og kunnskap» står ikke i {SOURCE}:44–50" in nb.stdout


def test_text_on_the_wrong_lines_is_a_warning(project: Project) -> None:
    # Focus area 2 said to start at line 45, its first activity («Kartlegge regionale styrker»).
    text = project.path(DATA_FILE).read_text(encoding="utf-8")
    start = text.index("osr:innsatsomrade-2 a sgo:FocusArea")
    end = text.index(" .\n", start)
    block = text[start:end]
    assert "sgo:firstLine 44" in block
    block = block.replace("sgo:firstLine 44", "sgo:firstLine 45").replace(
        "sgo:lastLine 44", "sgo:lastLine 45"
    )
    project.path(DATA_FILE).write_text(text[:start] + block + text[end:], encoding="utf-8")
    code, found = _results(project)
    assert code == 0
    assert [r["focusNode"].rsplit("/", 1)[-1] for r in found] == ["innsatsomrade-2"]
    assert f"{SOURCE}:45–50" in found[0]["message"]["en"]


def test_a_missing_source_file_is_a_warning(project: Project) -> None:
    project.edit(DATA_FILE, f'dcterms:identifier "{SOURCE}"', 'dcterms:identifier "no-such-scan.txt"')
    code, found = _results(project)
    assert code == 0
    assert len(found) == 1 and "no-such-scan.txt" in found[0]["message"]["en"]
    assert found[0]["line"] == project.block_line(DATA_FILE, "kilde:000_bad88d70322fed8d")


@pytest.mark.parametrize(
    ("text", "lines", "found"),
    [
        # Written by hand: the clean wording against the scan's lines 36-38.
        ("Påvirkning og dialog knyttet til nasjonale rammebetingelser", (36, 38), True),
        ("klimavennlige transportløsninger", (36, 38), True),  # «transporti@sninger», line 37
        ("Løpende vurdering av behovet", (42, 42), True),  # «Lepende»
        ("Osloregionen skal være en konkurransedyktig og bærekraftig region", (9, 9), True),
        ("innsatsområder", (1, 2), True),  # «innsatsomrader», line 2
        ("Samordnet areal- og transportstrategi for Osloregionen", (32, 33), True),  # the » put back
        ("Løpende vurdering av behovet", (41, 41), False),
        ("Verdiskaping og kunnskap", (44, 44), False),
    ],
)
def test_normalisation(seed_lines: list[str], text: str, lines: tuple[int, int], found: bool) -> None:
    assert found_in(text, seed_lines[lines[0] - 1 : lines[1]]) is found


def test_hyphenation_spacing_and_bullets() -> None:
    lines = ["«  Dialog og sam-", "arbeid knyttet til  oppfelging"]
    assert found_in("dialog og samarbeid knyttet til oppfølging", lines)
    assert not found_in("dialog og samarbeid knyttet til utvikling", lines)
