"""Organisations as one node across strategies: organisation numbers and look-alikes in `kg validate`.

The organisations are invented (Fjordmark is no Norwegian county); their numbers pass the
register's check digit, worked by hand below. The mistakes are those a steward makes: a digit
mistyped, a digit left out, a number given to a locally minted IRI, the same organisation
written twice in two files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.foundation.organisation_number import ORGANISATION_CATALOGUE
from tests.support.project import DATA_FILE, Project, copy_project

#: 9·3 + 1·2 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 8·2 = 135 = 12·11 + 3, so the check digit is 11 - 3 = 8.
NUMBER = "912345688"
COUNTY = f"{ORGANISATION_CATALOGUE}{NUMBER}"
REGISTER = "data/organisasjoner.ttl"
REGISTER_TEXT = f"""@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .

# Organisations named in several plans, described once (invented, for the tests).

<{COUNTY}> a org:Organization ;
    skos:prefLabel "Fjordmark fylkeskommune"@nb , "Fjordmark County Municipality"@en ;
    dcterms:identifier "{NUMBER}" .
"""
#: Theme 1.1.4 of the Osloregionen plan involves the county too (an edit for the tests).
INVOLVES = (
    "sgo:involves aktor:osloregionen , osr:aktor-eksterne-aktorer ;",
    f"sgo:involves <{COUNTY}> , aktor:osloregionen , osr:aktor-eksterne-aktorer ;",
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = copy_project(tmp_path / "project")
    project.path(REGISTER).write_text(REGISTER_TEXT, encoding="utf-8")
    project.edit(DATA_FILE, *INVOLVES)
    return project


def test_an_organisation_with_its_number_needs_no_source_text(project: Project) -> None:
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("valid: 4 files, 0 violations, 0 warnings"), result.stdout


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("912345689", "its check digit (the last) is wrong"),  # the last digit mistyped
        ("921345688", "its check digit (the last) is wrong"),  # two neighbours swapped
        ("91234568", "write its nine digits"),  # one left out
        ("912 345 688", "write its nine digits"),  # as printed on a letterhead
    ],
)
def test_a_malformed_number_is_a_violation_at_its_line(project: Project, written: str, says: str) -> None:
    project.edit(REGISTER, f'dcterms:identifier "{NUMBER}"', f'dcterms:identifier "{written}"')
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 1
    line = project.block_line(REGISTER, f"<{COUNTY}>")
    assert f"{REGISTER}:{line}" in result.stdout
    assert says in result.stdout
    assert "1 violation," in result.stdout


def test_the_message_is_in_norwegian_too(project: Project) -> None:
    project.edit(REGISTER, f'dcterms:identifier "{NUMBER}"', 'dcterms:identifier "912345689"')
    result = project.kg("validate", "--no-cache", "--lang", "nb")
    assert "kontrollsifferet (det siste) stemmer ikke" in result.stdout


def test_a_number_gives_the_organisation_its_iri(project: Project) -> None:
    """A number on a locally minted IRI: the steward is told the IRI to write instead."""
    local = "https://w3id.org/strategigraf/id/aktor/fm"
    project.edit(REGISTER, f"<{COUNTY}> a org:Organization", f"<{local}> a org:Organization")
    project.edit(DATA_FILE, f"<{COUNTY}> , ", f"<{local}> , ")
    result = project.kg("validate", "--no-cache", "--format", "json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["results"]
    assert [(r["file"], r["focusNode"], r["severity"]) for r in found] == [(REGISTER, local, "Violation")]
    assert f"<{COUNTY}>" in found[0]["message"]["en"]
    assert found[0]["sourceShape"] == "https://w3id.org/strategigraf/shapes#OrganisationNumberCheck"


def test_an_organisation_iri_carries_its_number(project: Project) -> None:
    project.edit(
        REGISTER,
        f'"Fjordmark County Municipality"@en ;\n    dcterms:identifier "{NUMBER}" .',
        '"Fjordmark County Municipality"@en .',
    )
    result = project.kg("validate", "--no-cache", "--format", "json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["results"]
    by_shape = {r["sourceShape"].rsplit("#", 1)[1]: r for r in found}
    # the number its IRI names, and (without a number) where a plan names it, like any actor
    assert sorted(by_shape) == [
        "OrganisationNumberCheck",
        "Provenance-firstLine",
        "Provenance-lastLine",
        "Provenance-sourceText",
    ]
    assert f'dcterms:identifier "{NUMBER}"' in by_shape["OrganisationNumberCheck"]["message"]["en"]
    assert {r["focusNode"] for r in found} == {COUNTY}


def test_sarif_names_the_rule(project: Project) -> None:
    project.edit(REGISTER, f'dcterms:identifier "{NUMBER}"', 'dcterms:identifier "91234568"')
    result = project.kg("validate", "--no-cache", "--format", "sarif")
    log = json.loads(result.stdout)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["OrganisationNumberCheck"]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == REGISTER
    assert location["region"]["startLine"] == project.block_line(REGISTER, f"<{COUNTY}>")


# --- one organisation, two IRIs, two files -------------------------------------------------

OTHER_PLAN = "data/fjordmark-2021.ttl"


def test_two_organisations_of_one_name_in_two_files_are_a_warning(project: Project) -> None:
    """The Osloregionen plan's alliance, written again in another file under an IRI of its own."""
    project.path(OTHER_PLAN).write_text(
        """@prefix kilde: <https://w3id.org/strategigraf/id/kilde/> .
@prefix sgo:   <https://w3id.org/strategigraf/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/strategigraf/id/fjordmark-2021/aktor-osloregionen> a sgo:CooperationAlliance ;
    skos:prefLabel "OsloRegionen"@nb , "The Oslo Region"@en ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 5 ;
    sgo:lastLine 5 .
""",
        encoding="utf-8",
    )
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout  # a warning, not a violation
    assert "0 violations, 2 warnings" in result.stdout
    first = project.block_line(DATA_FILE, "aktor:osloregionen")
    # each is reported where it is described, naming the other and where that one is
    assert f"{DATA_FILE}:{first}" in result.stdout
    assert f"{OTHER_PLAN}:5" in result.stdout
    assert "looks like the organisation" in result.stdout


def test_groups_of_one_name_in_two_plans_are_two_groups(project: Project) -> None:
    """«nasjonale myndigheter» of another plan is that plan's: no warning."""
    project.path(OTHER_PLAN).write_text(
        """@prefix kilde: <https://w3id.org/strategigraf/id/kilde/> .
@prefix sgo:   <https://w3id.org/strategigraf/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/strategigraf/id/fjordmark-2021/aktor-nasjonale-myndigheter> a sgo:ActorGroup ;
    skos:prefLabel "nasjonale myndigheter"@nb , "national authorities"@en ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 25 ;
    sgo:lastLine 25 .
""",
        encoding="utf-8",
    )
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert "0 violations, 0 warnings" in result.stdout


# --- one resource, described in two files ---------------------------------------------------

DOCUMENT = "dok:internasjonal-profileringsstrategi-for-osloregionen-2015"


def test_a_resource_described_in_two_files_is_a_violation(project: Project) -> None:
    """A second plan that writes out the document the first already describes (as a draft of an
    older importer did): each file is valid alone, the two together describe one node twice."""
    project.path("data/zz-other-plan.ttl").write_text(
        f"""@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dok:     <https://w3id.org/strategigraf/id/dokument/> .
@prefix kilde:   <https://w3id.org/strategigraf/id/kilde/> .
@prefix sgo:     <https://w3id.org/strategigraf/ontology#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

{DOCUMENT} a sgo:StrategyDocument ;
    dcterms:title "Internasjonal profileringsstrategi for Osloregionen"@nb ,
        "International promotion strategy for the Oslo Region"@en ;
    dcterms:issued "2015"^^xsd:gYear ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 53 ;
    sgo:lastLine 53 .
""",
        encoding="utf-8",
    )
    result = project.kg("validate", "--no-cache", "--format", "json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["results"]
    assert [(r["file"], r["line"], r["severity"]) for r in found] == [
        ("data/zz-other-plan.ttl", 7, "Violation")
    ]
    first = project.block_line(DATA_FILE, DOCUMENT)
    assert f"described in {DATA_FILE}:{first} already" in found[0]["message"]["en"]
