"""`kg classify` (issue #21, part 2): subjects proposed from the Norwegian text of focus areas
and activities, written into the files as proposals a steward decides on one line at a time.

Expected subjects are read by hand from the texts: the seed's activity 2.2 («Støtte opp rundt
utvikling av næringsklynger ... strategier for næringsutvikling») is Los «Næringsutvikling»;
2.4 (universities, university colleges, research institutions) is Los «Høyere utdanning» and
SDG 9.5 (research); and from tests/fixtures/classify/eksempelby-2024.ttl, written for these tests.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.subjects.vocabularies import LOS_THEME, SDG
from tests.support.project import DATA_FILE, Project, copy_project

FIXTURE = Path(__file__).parent / "fixtures" / "classify" / "eksempelby-2024.ttl"
OSR = "https://w3id.org/strategigraf/id/osloregionen-2017/"
EKS = "https://w3id.org/strategigraf/id/eksempelby-2024/"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The repository's copy, without the subjects its data has: kg classify would not propose them."""
    copied = copy_project(tmp_path / "project")
    path = copied.path(DATA_FILE)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"    dcterms:subject [^;]*;\n", "", text), encoding="utf-8")
    return copied


def _proposals(project: Project, *args: str) -> list[dict[str, Any]]:
    done = project.kg("classify", "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def _subjects(found: list[dict[str, Any]], element: str) -> set[str]:
    return {p["subject"] for p in found if p["element"] == element}


def test_the_seed_s_elements_get_the_subjects_their_words_name(project: Project) -> None:
    found = _proposals(project)
    for proposal in found:
        assert {"element", "subject", "score", "reason"} <= proposal.keys()
        assert 0 < proposal["score"] <= 1 and proposal["reason"]
    assert LOS_THEME + "naringsutvikling" in _subjects(found, OSR + "aktivitet-2.2")
    research = _subjects(found, OSR + "aktivitet-2.4")
    assert {LOS_THEME + "hoyere-utdanning", SDG + "9.5"} <= research
    clusters = next(
        p
        for p in found
        if p["element"] == OSR + "aktivitet-2.2" and p["subject"].endswith("/naringsutvikling")
    )
    assert "«næringsklynger»" in clusters["reason"] and "«næringsutvikling»" in clusters["reason"]
    # «Felles internasjonal profilering av Osloregionen» names no subject of either vocabulary
    assert _subjects(found, OSR + "innsatsomrade-3") == set()


def test_a_text_of_our_own(project: Project) -> None:
    found = _proposals(project, str(FIXTURE))
    assert {LOS_THEME + "mobilitetstilbud", SDG + "11.2"} <= _subjects(found, EKS + "aktivitet-1.1")
    assert SDG + "13.2" in _subjects(found, EKS + "aktivitet-1.2")
    assert {LOS_THEME + "folkehelse", SDG + "3"} <= _subjects(found, EKS + "aktivitet-2.1")
    assert LOS_THEME + "barnehage" in _subjects(found, EKS + "aktivitet-2.2")
    assert _subjects(found, EKS + "aktivitet-2.3") == set()  # meetings twice a year: no subject
    text = project.kg("classify", str(FIXTURE))
    assert "Folkehelse" in text.stdout and "«folkehelsearbeidet»" in text.stdout


def test_write_records_proposals_a_steward_decides_one_line_at_a_time(project: Project) -> None:
    before = project.path(DATA_FILE).read_text(encoding="utf-8")
    proposed = len(_proposals(project))
    done = project.kg("classify", "--write")
    assert done.returncode == 0, done.stderr
    after = project.path(DATA_FILE).read_text(encoding="utf-8")
    assert after.startswith(before.split("\n@prefix")[0])  # the header stays
    line = project.line_of(DATA_FILE, r"^osr:aktivitet-2\.2 sgo:proposedSubject los:naringsutvikling \. # ")
    assert project.kg("fmt", "--check", DATA_FILE).returncode == 0  # still in the house style
    validated = json.loads(project.kg("validate", "--no-cache", "--format", "json").stdout)
    assert validated["conforms"] and validated["undecidedSubjectProposals"] == proposed
    assert _proposals(project) == []  # what is proposed is not proposed again
    warning = next(r for r in validated["results"] if r["line"] == line)
    assert warning["value"] == LOS_THEME + "naringsutvikling"
    # Again: nothing new to propose, the file is left as it is.
    assert project.kg("classify", "--write").returncode == 0
    assert project.path(DATA_FILE).read_text(encoding="utf-8") == after
    # Accept one, reject another: each is one line changed, and neither is proposed again.
    project.edit(
        DATA_FILE,
        "osr:aktivitet-2.2 sgo:proposedSubject los:naringsutvikling",
        "osr:aktivitet-2.2 dcterms:subject los:naringsutvikling",
    )
    project.edit(
        DATA_FILE,
        "osr:aktivitet-2.4 sgo:proposedSubject sdg:9.5",
        "osr:aktivitet-2.4 sgo:rejectedSubject sdg:9.5",
    )
    assert project.kg("classify", "--write").returncode == 0
    text = project.path(DATA_FILE).read_text(encoding="utf-8")
    assert (
        "sgo:proposedSubject los:naringsutvikling" not in text and "sgo:proposedSubject sdg:9.5" not in text
    )
    validated = json.loads(project.kg("validate", "--no-cache", "--format", "json").stdout)
    assert validated["conforms"] and validated["undecidedSubjectProposals"] == proposed - 2


def test_a_file_that_does_not_parse_is_one_line_and_nothing_is_written(
    project: Project, tmp_path: Path
) -> None:
    broken = project.path("data/broken.ttl")
    broken.write_text(
        "@prefix sgo: <https://w3id.org/strategigraf/ontology#> .\nsgo:x sgo:y \n", encoding="utf-8"
    )
    own = project.path("data/eksempelby-2024.ttl")
    shutil.copy(FIXTURE, own)
    texts = {path: path.read_bytes() for path in (own, project.path(DATA_FILE), broken)}
    done = project.kg("classify", "--write")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "broken.ttl:3" in done.stderr and "Traceback" not in done.stderr
    assert {path: path.read_bytes() for path in texts} == texts


def test_import_text_proposes_subjects_for_every_draft(project: Project, shared_dir: Path) -> None:
    seed = shared_dir / "seeds" / "000_bad88d70322fed8d.txt"
    done = project.kg("import-text", str(seed), "--out", "data/draft.ttl", "--publisher", "Osloregionen")
    assert done.returncode == 0, done.stderr
    draft = project.path("data/draft.ttl").read_text(encoding="utf-8")
    assert "plan:aktivitet-2.2 sgo:proposedSubject los:naringsutvikling . # " in draft
    count = sum(line.startswith("plan:") and " sgo:proposedSubject " in line for line in draft.splitlines())
    assert count > 0 and f"subjects / emner: {count} proposed by kg classify" in done.stdout
    assert project.kg("fmt", "--check", "data/draft.ttl").returncode == 0
