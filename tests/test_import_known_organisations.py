"""`kg import-text` in a project that knows some organisations and documents already: it links them.

The text is the regional council's strategy of the examples/ project (written for it; the
organisations are invented), imported into a fresh project whose only data file is the
examples' register of organisations (data/organisasjoner.ttl). What the draft must link is
read from the text by hand: line 16 names Fjordmark fylkeskommune, line 28 Bergtun kommune and
Lysvik kommune, line 32 Hovdal kommune, line 33 Statsforvalteren i Fjordmark; the publisher is
Indre Fjordmark regionråd. «kommunene i regionen» (line 15), «nasjonale myndigheter» (line 17)
and «kommunene» (line 32) are groups of this plan.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.foundation.namespaces import DCTERMS, RDF, SGO, SKOS
from tests.support.project import Project
from tests.support.rdf import lexical
from tests.support.shared import PROJECT_DIR

EXAMPLES = PROJECT_DIR / "examples"
TEXT = "indre-fjordmark-regionrad-2021.txt"
BASE = "https://strategier.fjordmark.example/"
PLAN = f"{BASE}id/indre-fjordmark-regionrad-2021"
ORGNR = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
FYLKE, LYSVIK, BERGTUN, HOVDAL, REGIONRAD, STATSFORVALTER = (
    ORGNR + n for n in ("101000001", "102000005", "103000009", "104000002", "105000006", "106000018")
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLES / "data" / "organisasjoner.ttl", tmp_path / "data")
    (tmp_path / "sources").mkdir()
    shutil.copy(EXAMPLES / "sources" / TEXT, tmp_path / "sources")
    (tmp_path / "strategigraf.toml").write_text(f'[project]\nbase-iri = "{BASE}"\n', encoding="utf-8")
    return Project(tmp_path)


def imported(project: Project, *args: str) -> set[ox.Triple]:
    result = project.kg(
        "import-text",
        f"sources/{TEXT}",
        "--publisher",
        "Indre Fjordmark regionråd",
        *args,
    )
    assert result.returncode == 0, result.stderr
    return {
        quad.triple for quad in ox.parse(path=str(project.path("data/indre-fjordmark-regionrad-2021.ttl")))
    }


def involved(triples: set[ox.Triple], element: str) -> set[str]:
    node = ox.NamedNode(f"{PLAN}/{element}")
    return {lexical(t.object) for t in triples if t.subject == node and t.predicate.value == SGO + "involves"}


def test_known_organisations_are_linked_not_described(project: Project) -> None:
    triples = imported(project)
    plan = ox.NamedNode(PLAN)
    assert {
        lexical(t.object) for t in triples if t.subject == plan and t.predicate.value == DCTERMS + "publisher"
    } == {REGIONRAD}
    assert involved(triples, "rolle-2") == {FYLKE}
    assert involved(triples, "aktivitet-2.1") == {BERGTUN, LYSVIK}
    assert involved(triples, "aktivitet-3.1") == {HOVDAL, f"{PLAN}/aktor-kommunene"}
    assert involved(triples, "aktivitet-3.2") == {STATSFORVALTER}
    described = {lexical(t.subject) for t in triples if t.predicate.value == RDF + "type"}
    assert not described & {FYLKE, LYSVIK, BERGTUN, HOVDAL, REGIONRAD, STATSFORVALTER}


def test_groups_are_the_plans_own(project: Project) -> None:
    triples = imported(project)
    groups = {
        lexical(t.subject)
        for t in triples
        if t.predicate.value == RDF + "type" and lexical(t.object) == SGO + "ActorGroup"
    }
    assert groups == {
        f"{PLAN}/aktor-kommunene-i-regionen",
        f"{PLAN}/aktor-nasjonale-myndigheter",
        f"{PLAN}/aktor-kommunene",
    }
    # a name the project does not know is one organisation under aktor/, described here
    assert involved(triples, "aktivitet-2.2") == {f"{BASE}id/aktor/innovasjon-norge"}
    innovation = ox.NamedNode(f"{BASE}id/aktor/innovasjon-norge")
    assert ox.Literal("Innovasjon Norge", language="nb") in {
        t.object for t in triples if t.subject == innovation and t.predicate.value == SKOS + "prefLabel"
    }


def test_the_draft_validates_with_the_register(project: Project) -> None:
    imported(project)
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert "0 violations" in result.stdout


def test_an_organisation_described_only_in_the_replaced_draft_is_described_again(project: Project) -> None:
    """Importing again (--force) must not link to what only the file it replaces describes."""
    imported(project)
    triples = imported(project, "--force")
    innovation = ox.NamedNode(f"{BASE}id/aktor/innovasjon-norge")
    assert (
        ox.Triple(
            innovation, ox.NamedNode(RDF + "type"), ox.NamedNode("http://www.w3.org/ns/org#Organization")
        )
        in triples
    )


def test_a_document_the_project_describes_is_followed_up_not_described(project: Project) -> None:
    """Lysvik's plan of 2023 (line 34) cites «Regional planstrategi for Fjordmark» (2020) first;
    the regional council's activity 1.1 (line 22) follows the same document up."""
    shutil.copy(EXAMPLES / "data" / "lysvik-kommune-2023.ttl", project.path("data"))
    triples = imported(project)
    document = ox.NamedNode(f"{BASE}id/dokument/regional-planstrategi-for-fjordmark-2020")
    activity = ox.NamedNode(f"{PLAN}/aktivitet-1.1")
    assert ox.Triple(activity, ox.NamedNode(SGO + "followsUp"), document) in triples
    assert not [t for t in triples if t.subject == document]
