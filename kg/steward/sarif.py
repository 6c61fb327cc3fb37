"""`kg validate --format sarif`: the findings as SARIF 2.1.0, the format code review tools read.

GitHub and GitLab code scanning show each result at its file and line in a
pull request. One run; the tool's rules are the shapes' constraints (every
shape with an `sh:message`, named by the shape's local name, with its English
and Norwegian messages), plus the term check, the provenance check and syntax
errors, which are findings too. Paths are relative to the project root (`%SRCROOT%`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.foundation.namespaces import SH
from kg.foundation.rdf_files import RdfSyntaxError, parse_files
from kg.validation.locate import Location
from kg.validation.problems import TERM_CHECK_SHAPE, Problem, ValidationReport

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "%SRCROOT%"
_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
_SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "note"}
_BUILT_IN = {
    "TermCheck": (
        "error",
        "An sgo: term that the ontology does not define, or an ontology term without labels and "
        "definitions in nb and en",
        "Et sgo:-begrep som ontologien ikke definerer, eller et begrep i ontologien uten navn og "
        "definisjon på nb og en",
    ),
    "ProvenanceCheck": (
        "error",
        "Provenance against the source text: the file, the lines, and the Norwegian wording found there",
        "Opphavet mot kildeteksten: filen, linjene og den norske ordlyden som står der",
    ),
    "OrganisationNumberCheck": (
        "error",
        "An organisation number (dcterms:identifier) that is not nine digits with the right check "
        "digit, or an organisation whose IRI is not the one its number gives it",
        "Et organisasjonsnummer (dcterms:identifier) som ikke er ni sifre med riktig kontrollsiffer, "
        "eller en organisasjon hvis IRI ikke er den nummeret gir den",
    ),
    "SameOrganisationCheck": (
        "warning",
        "Two organisations in different files with one name and different IRIs: one organisation "
        "minted twice?",
        "To organisasjoner i ulike filer med samme navn og ulike IRI-er: én organisasjon laget to ganger?",
    ),
    "DescribedOnceCheck": (
        "error",
        "A resource that two files describe, each with a source text of its own: describe it once",
        "En ressurs som to filer beskriver, hver med sin kildetekst: beskriv den én gang",
    ),
    "SyntaxError": (
        "error",
        "The file does not parse as RDF: nothing in it was validated",
        "Filen kan ikke leses som RDF: ingenting i den ble validert",
    ),
}


def rule_id(shape: str) -> str:
    """A shape's local name (`sgosh:Activity-prefLabel` → `Activity-prefLabel`)."""
    return shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or shape


def shape_rules(shapes: Sequence[Path]) -> list[dict[str, Any]]:
    """One SARIF rule per shape with messages; a SPARQL constraint's messages go to its shape."""
    parsed, _ = parse_files(shapes)  # the caller has checked their syntax
    messages: dict[str, dict[str, str]] = {}
    levels: dict[str, str] = {}
    holders: dict[str, str] = {}
    for quad in (quad for one in parsed for quad in one.quads):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if predicate == SH + "message" and isinstance(obj, ox.Literal):
            messages.setdefault(str(subject), {})[obj.language or "en"] = obj.value
        elif predicate == SH + "sparql" and isinstance(subject, ox.NamedNode):
            holders[str(obj)] = subject.value
        elif predicate == SH + "severity" and isinstance(subject, ox.NamedNode):
            severity = obj.value if isinstance(obj, ox.NamedNode) else ""
            levels[subject.value] = _SEVERITIES.get(severity, "error")
    rules: dict[str, dict[str, Any]] = {}
    for node, texts in messages.items():
        shape = holders.get(node) or (node[1:-1] if node.startswith("<") else None)
        if shape is None:
            continue
        rules[rule_id(shape)] = sarif_rule(rule_id(shape), texts, levels.get(shape, "error"), shape)
    return [rules[key] for key in sorted(rules)]


def sarif_rule(
    identifier: str, texts: dict[str, str], level: str, shape: str | None = None
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": identifier,
        "name": identifier,
        "shortDescription": {"text": texts.get("en") or next(iter(texts.values()))},
        "messageStrings": {lang: {"text": text} for lang, text in sorted(texts.items())},
        "defaultConfiguration": {"level": level},
    }
    if shape:
        rule["properties"] = {"shape": shape}
    return rule


def _built_in_rules() -> list[dict[str, Any]]:
    return [sarif_rule(key, {"en": en, "nb": nb}, level) for key, (level, en, nb) in _BUILT_IN.items()]


def sarif_location(path: Path, line: int | None, column: int | None, root: Path) -> dict[str, Any]:
    try:
        artifact = {"uri": path.resolve().relative_to(root.resolve()).as_posix(), "uriBaseId": ROOT}
    except ValueError:
        artifact = {"uri": path.resolve().as_uri()}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None:
        physical["region"] = {"startLine": line, "startColumn": column or 1}
    return {"physicalLocation": physical}


def _problem_result(problem: Problem, report: ValidationReport, lang: str, root: Path) -> dict[str, Any]:
    shape = problem.shape.value if problem.shape is not None else ""
    identifier = "TermCheck" if problem.shape == TERM_CHECK_SHAPE else rule_id(shape) if shape else "shacl"
    location: Location | None = problem.location
    result: dict[str, Any] = {
        "ruleId": identifier,
        "level": _LEVELS.get(problem.severity, "error"),
        "message": {"text": problem.message(lang)},
        "properties": {
            "focusNode": problem.focus.value,
            "messages": problem.messages,
            **({"path": report.shorten(problem.path)} if problem.path is not None else {}),
            **({"value": report.shorten(problem.value)} if problem.value is not None else {}),
        },
    }
    if location is not None:
        result["locations"] = [
            {
                **sarif_location(location.path, location.line, location.column, root),
                "logicalLocations": [{"fullyQualifiedName": problem.focus.value, "kind": "resource"}],
            }
        ]
    return result


def _syntax_result(error: RdfSyntaxError, root: Path) -> dict[str, Any]:
    return {
        "ruleId": "SyntaxError",
        "level": "error",
        "message": {"text": error.message},
        "locations": [sarif_location(error.path, error.line, error.column, root)],
    }


def sarif_log(
    shapes: Sequence[Path],
    root: Path,
    *,
    report: ValidationReport | None = None,
    syntax_errors: Iterable[RdfSyntaxError] = (),
    lang: str = "en",
) -> dict[str, Any]:
    """The SARIF log of one validation: its findings, or the syntax errors that stopped it."""
    rules = [*_built_in_rules(), *shape_rules(shapes)]
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = [_syntax_result(error, root) for error in syntax_errors]
    if report is not None:
        results += [_problem_result(problem, report, lang, root) for problem in report.problems]
    for result in results:
        if result["ruleId"] not in index:  # a shape without messages of its own
            index[result["ruleId"]] = len(rules)
            rules.append(sarif_rule(result["ruleId"], {"en": result["message"]["text"]}, result["level"]))
        result["ruleIndex"] = index[result["ruleId"]]
    return sarif_document(
        "kg validate", "Strategigraf kg validate (syntax, ontology terms, SHACL shapes)", rules, results, root
    )


def sarif_document(
    name: str, full_name: str, rules: list[dict[str, Any]], results: list[dict[str, Any]], root: Path
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run of a kg tool, paths relative to the project root (`%SRCROOT%`)."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": name,
                        "fullName": full_name,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {ROOT: {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
