"""`kg validate` as a data steward uses it: real files, the real command.

Mistakes are made in copies of the repository's files; the expected lines
and columns are those of the edited text, found in it by the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import SH

from kg.foundation import namespaces
from kg.foundation.project_settings import project_settings
from kg.foundation.sources import discover
from kg.validation.problems import TERM_CHECK_SHAPE
from kg.validation.shacl import validate
from tests.support.project import DATA_FILE, ONTOLOGY_FILE, Project, copy_project
from tests.support.rdf import language, literal
from tests.support.shared import PROJECT_DIR

SGO = rdflib.Namespace(namespaces.SGO)
OSR = rdflib.Namespace("https://w3id.org/strategigraf/id/osloregionen-2017/")


def as_term(iri: str) -> ox.NamedNode:
    """An IRI (an rdflib name here) as the report's term."""
    return ox.NamedNode(str(iri))


PERIOD_SWAP = (
    'dcat:startDate "2017"^^xsd:gYear ;\n    dcat:endDate "2020"^^xsd:gYear',
    'dcat:startDate "2020"^^xsd:gYear ;\n    dcat:endDate "2017"^^xsd:gYear',
)
TYPO = (
    "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 3",
    "sgo:activtyOf osr:innsatsomrade-2 ;\n    sgo:position 3",
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert 'File "' not in stream


# --- the repository itself ----------------------------------------------------


def test_the_repository_is_valid() -> None:
    result = Project(PROJECT_DIR).kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid: 3 files, 0 violations, 0 warnings")
    # Nothing else but what the catalogue lacks to be harvested: Strategigraf, the example's publisher,
    # has no organisation number, contact e-mail or base IRI of its own (issue 24).
    lines = result.stderr.splitlines()
    assert [line.split(": not ready to be harvested: ")[1].split(" ")[0] for line in lines] == [
        "publisher.id",
        "contact.email",
        "project.base-iri",
    ], result.stderr


# --- syntax --------------------------------------------------------------------


def test_a_syntax_error_names_file_line_and_column(project: Project) -> None:
    project.edit(
        DATA_FILE, "dcterms:publisher aktor:osloregionen ;", "dcterms:publisher akter:osloregionen ;"
    )
    line = project.line_of(DATA_FILE, "akter:osloregionen")
    column = project.path(DATA_FILE).read_text().splitlines()[line - 1].index("akter:") + 1

    result = project.kg("validate")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{DATA_FILE}:{line}:{column}: syntax error: The prefix akter: has not been declared"
    ]


def test_every_file_with_a_syntax_error_is_named(project: Project) -> None:
    project.edit(
        DATA_FILE,
        'sgo:position 2 ;\n    skos:prefLabel\n        "Støtte',
        "sgo:position 2 ;\n    skos:prefLabel\n        Støtte",
    )
    project.edit(
        ONTOLOGY_FILE, "sgo:Theme owl:disjointWith sgo:Means .", "sgo:Theme owl:disjointWith sgo:Means"
    )
    data_line = project.line_of(DATA_FILE, "^        Støtte")
    # without the dot, the statement runs on: the parser stops where the next one starts
    ontology_line = project.line_of(ONTOLOGY_FILE, "^sgo:CooperationAlliance a owl:Class")

    result = project.kg("validate")

    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert [error.split(":")[:2] for error in errors] == [
        [ONTOLOGY_FILE, str(ontology_line)],
        [DATA_FILE, str(data_line)],
    ]
    assert_no_traceback(result)


def test_shapes_that_are_not_shacl_are_an_error_not_a_traceback(project: Project) -> None:
    project.edit(
        "shapes/strategigraf-shapes.ttl",
        "sgosh:Vision-visionOf a sh:PropertyShape ;\n    sh:path sgo:visionOf ;\n    sh:minCount 1 ;",
        'sgosh:Vision-visionOf a sh:PropertyShape ;\n    sh:path sgo:visionOf ;\n    sh:minCount "one" ;',
    )
    result = project.kg("validate")
    assert result.returncode == 2
    assert result.stderr.startswith("error: shapes/strategigraf-shapes.ttl: the shapes cannot be applied:")
    assert "sh:minCount" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert_no_traceback(result)


def test_a_path_that_does_not_exist_is_an_error(project: Project) -> None:
    result = project.kg("validate", "data/missing.ttl")
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert_no_traceback(result)


# --- the term check --------------------------------------------------------------


def test_a_misspelt_property_is_reported_where_it_is_written(project: Project) -> None:
    project.edit(DATA_FILE, *TYPO)
    report = validate(discover(project_settings(project.root)))
    (typo,) = [p for p in report.problems if p.shape == TERM_CHECK_SHAPE]
    assert typo.focus == as_term(OSR["aktivitet-2.3"])
    assert typo.value == as_term(SGO.activtyOf)
    assert typo.location is not None
    assert (typo.location.path, typo.location.line) == (
        project.path(DATA_FILE),
        project.line_of(DATA_FILE, "sgo:activtyOf"),
    )
    assert "activtyOf" in typo.messages["en"] and "activtyOf" in typo.messages["nb"]

    result = project.kg("validate")
    assert result.returncode == 1
    assert f"at {DATA_FILE}:{typo.location.line} 'activtyOf' is not defined in the ontology" in result.stdout


def test_a_misspelt_class_is_reported_where_it_is_written(project: Project) -> None:
    project.edit(DATA_FILE, "osr:aktivitet-2.1 a sgo:Activity ;", "osr:aktivitet-2.1 a sgo:Activty ;")
    report = validate(discover(project_settings(project.root)))
    (typo,) = [p for p in report.problems if p.shape == TERM_CHECK_SHAPE]
    expected = (OSR["aktivitet-2.1"], RDF.type, SGO.Activty)
    assert (typo.focus, typo.path, typo.value) == tuple(map(as_term, expected))
    assert typo.location is not None
    assert typo.location.line == project.block_line(DATA_FILE, "osr:aktivitet-2.1")


def test_a_misspelt_term_in_the_shapes_is_reported_too(project: Project) -> None:
    """Otherwise the rule would look for a property nobody writes."""
    shapes_file = "shapes/strategigraf-shapes.ttl"
    project.edit(
        shapes_file,
        "sgosh:Vision-visionOf a sh:PropertyShape ;\n    sh:path sgo:visionOf ;",
        "sgosh:Vision-visionOf a sh:PropertyShape ;\n    sh:path sgo:visonOf ;",
    )
    report = validate(discover(project_settings(project.root)))
    (typo,) = [p for p in report.problems if p.shape == TERM_CHECK_SHAPE]
    assert (typo.focus, typo.path, typo.value) == (
        as_term("https://w3id.org/strategigraf/shapes#Vision-visionOf"),
        as_term(SH.path),
        as_term(SGO.visonOf),
    )
    assert typo.location is not None
    assert (typo.location.path, typo.location.line) == (
        project.path(shapes_file),
        project.line_of(shapes_file, "sgo:visonOf"),
    )


@pytest.mark.parametrize(
    ("term", "old", "new", "path", "missing"),
    [
        (
            "Theme",
            'rdfs:label "Tema"@nb , "Theme"@en ;',
            'rdfs:label "Theme"@en ;',
            rdflib.RDFS.label,
            "nb",
        ),
        (
            "lineCount",
            '"Antall linjer i kildeteksten."@nb ,\n        "The number of lines of the source text."@en .',
            '"Antall linjer i kildeteksten."@nb .',
            rdflib.URIRef(namespaces.SKOS + "definition"),
            "en",
        ),
    ],
)
def test_ontology_terms_need_labels_and_definitions_in_both_languages(
    project: Project, term: str, old: str, new: str, path: URIRef, missing: str
) -> None:
    project.edit(ONTOLOGY_FILE, old, new)
    report = validate(discover(project_settings(project.root)))
    assert [(p.focus, p.path, p.shape) for p in report.problems] == [
        (as_term(SGO[term]), as_term(path), TERM_CHECK_SHAPE)
    ]
    (problem,) = report.problems
    assert problem.messages["en"].endswith(f"in {missing}")
    assert problem.location is not None
    assert (problem.location.path, problem.location.line) == (
        project.path(ONTOLOGY_FILE),
        project.line_of(ONTOLOGY_FILE, f"^sgo:{term} a "),
    )


# --- report formats --------------------------------------------------------------


def test_text_report_groups_by_file_and_resource(project: Project) -> None:
    project.edit(DATA_FILE, *PERIOD_SWAP)
    line = project.block_line(DATA_FILE, "osr:periode-2017-2020")

    english = project.kg("validate")
    norwegian = project.kg("validate", "--lang", "nb")

    assert english.returncode == norwegian.returncode == 1
    assert english.stdout.splitlines()[:3] == [
        DATA_FILE,
        f"  {DATA_FILE}:{line}  osr:periode-2017-2020",
        "    violation dcat:startDate: The period starts (2020) after it ends (2017): dcat:startDate is "
        'the first year, dcat:endDate the last (value: "2020"^^xsd:gYear)',
    ]
    assert english.stdout.splitlines()[-1].startswith("invalid: 3 files, 1 violation, 0 warnings")
    assert "Perioden starter (2020) etter at den slutter (2017)" in norwegian.stdout


def test_json_report(project: Project) -> None:
    project.edit(DATA_FILE, *PERIOD_SWAP)
    result = project.kg("validate", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["results"] == [
        {
            "severity": "Violation",
            "file": DATA_FILE,
            "line": project.block_line(DATA_FILE, "osr:periode-2017-2020"),
            "focusNode": str(OSR["periode-2017-2020"]),
            "path": namespaces.DCAT + "startDate",
            "value": "2020",
            "message": {
                "en": "The period starts (2020) after it ends (2017): dcat:startDate is the first year, "
                "dcat:endDate the last",
                "nb": "Perioden starter (2020) etter at den slutter (2017): dcat:startDate er første år, "
                "dcat:endDate siste år",
            },
            "sourceShape": "https://w3id.org/strategigraf/shapes#PeriodOrder-startDate",
            "sourceConstraintComponent": str(SH.SPARQLConstraintComponent),
        }
    ]


def test_json_report_writes_complex_paths_in_sparql_syntax(project: Project) -> None:
    project.edit(DATA_FILE, "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 1 ;", "sgo:position 1 ;")
    report = json.loads(project.kg("validate", "--format", "json").stdout)
    paths = {r["path"] for r in report["results"]}
    s = namespaces.SGO
    assert paths == {
        f"<{s}activityOf>|<{s}subActivityOf>|<{s}themeOf>|<{s}meansOf>",
        f"(<{s}subActivityOf>|<{s}themeOf>|<{s}meansOf>)*/<{s}activityOf>",
    }


def test_turtle_report_is_a_standard_validation_report(project: Project) -> None:
    project.edit(DATA_FILE, *PERIOD_SWAP)
    project.edit(DATA_FILE, *TYPO)
    turtle = project.kg("validate", "--format", "turtle")
    as_json = json.loads(project.kg("validate", "--format", "json").stdout)
    assert turtle.returncode == 1

    graph = rdflib.Graph().parse(data=turtle.stdout, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert literal(graph.value(report, SH.conforms)).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert len(results) == len(as_json["results"])
    focus_and_shape = {(graph.value(r, SH.focusNode), graph.value(r, SH.sourceShape)) for r in results}
    assert (OSR["periode-2017-2020"], URIRef(as_json["results"][-1]["sourceShape"])) in focus_and_shape
    assert (OSR["aktivitet-2.3"], URIRef(TERM_CHECK_SHAPE.value)) in focus_and_shape
    for result in results:
        assert graph.value(result, SH.resultSeverity) == SH.Violation
        assert {language(m) for m in graph.objects(result, SH.resultMessage)} == {"en", "nb"}


def test_clean_reports_in_every_format() -> None:
    repository = Project(PROJECT_DIR)
    assert json.loads(repository.kg("validate", "--format", "json").stdout)["results"] == []
    turtle = repository.kg("validate", "--format", "turtle")
    graph = rdflib.Graph().parse(data=turtle.stdout, format="turtle")
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert literal(graph.value(report, SH.conforms)).toPython() is True
    assert turtle.returncode == 0


# --- PATHS -------------------------------------------------------------------------

NEW_PLAN = """@prefix sgo: <https://w3id.org/strategigraf/ontology#> .
@prefix id: <https://w3id.org/strategigraf/id/> .
@prefix aktor: <https://w3id.org/strategigraf/id/aktor/> .
@prefix kilde: <https://w3id.org/strategigraf/id/kilde/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

id:osloregionen-2021 a sgo:StrategicPlan ;
    dcterms:title "Strategiske føringer"@nb , "A new plan"@en ;  # in lines 1-5 of the text
    dcterms:publisher aktor:osloregionen ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/NOB> ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 1 ;
    sgo:lastLine 5 .
"""


def test_a_data_file_is_validated_with_the_files_it_links_to(project: Project) -> None:
    """The new plan's publisher and source text are described in the other data file."""
    project.path("data/osloregionen-2021.ttl").write_text(NEW_PLAN, encoding="utf-8")
    assert project.kg("validate", "data/osloregionen-2021.ttl").returncode == 0

    project.edit(DATA_FILE, *PERIOD_SWAP)
    only_new = project.kg("validate", "data/osloregionen-2021.ttl")
    assert only_new.returncode == 0, only_new.stdout
    assert project.kg("validate", DATA_FILE).returncode == 1
    assert project.kg("validate").returncode == 1


def test_only_the_given_files_problems_are_reported(project: Project) -> None:
    project.path("data/osloregionen-2021.ttl").write_text(
        NEW_PLAN.replace('"A new plan"@en', '"A new plan"@fr'), encoding="utf-8"
    )
    project.edit(DATA_FILE, *PERIOD_SWAP)
    report = json.loads(project.kg("validate", "--format", "json", "data/osloregionen-2021.ttl").stdout)
    assert [(r["file"], r["line"], r["focusNode"]) for r in report["results"]] == [
        ("data/osloregionen-2021.ttl", 7, "https://w3id.org/strategigraf/id/osloregionen-2021")
    ]


def test_an_edited_copy_elsewhere_replaces_its_original(project: Project, tmp_path: Path) -> None:
    draft = tmp_path / "draft" / "osloregionen-2017.ttl"
    draft.parent.mkdir()
    shutil.copy(project.path(DATA_FILE), draft)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace(*PERIOD_SWAP), encoding="utf-8")

    report = json.loads(project.kg("validate", "--format", "json", str(draft)).stdout)

    assert [(r["file"], r["sourceShape"].rsplit("#")[1]) for r in report["results"]] == [
        (str(draft), "PeriodOrder-startDate")
    ]
