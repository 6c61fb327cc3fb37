"""`kg validate`: syntax, ontology terms, SHACL shapes and provenance, reported by file and line."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    err,
    exit_on_syntax_errors,
    fail,
    make_settings,
    settings_options,
    warn_not_ready,
)
from kg.cli.report import print_report, undecided_proposals
from kg.foundation.rdf_files import RdfSyntaxError, SyntaxErrors, display_path, stream_files
from kg.foundation.settings import Settings
from kg.foundation.sources import SourceFiles, discover
from kg.provenance.check import check_provenance
from kg.steward.sarif import sarif_log
from kg.subjects.check import check_subjects
from kg.validation.documents import cache_dir, validate_documents, with_problems
from kg.validation.problems import Problem, ValidationReport
from kg.validation.shacl import ShapesError, classify
from kg.validation.shared import described_twice, same_organisations


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle", "sarif"]),
    default="text",
    show_default=True,
    help="text for people; json for programs; turtle for the standard sh:ValidationReport; "
    "sarif (SARIF 2.1.0) for code review, also when a file does not parse.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "nb"]),
    default="en",
    show_default=True,
    help="Language of the messages in the text and SARIF reports.",
)
@click.option(
    "--profile",
    type=click.Choice(["strategigraf", "dcat-ap-no"]),
    default="strategigraf",
    show_default=True,
    help="strategigraf: the data against kg's ontology and shapes. dcat-ap-no: what kg would publish "
    "for data.norge.no (catalogue, information model, concepts) against DCAT-AP-NO 3.0 and 2.2, DCAT-AP "
    "3.0.1, ModellDCAT-AP-NO and SKOS-AP-NO-Begrep, and the publisher's settings; exit 1 when not ready.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse what the last run found for files that did not change (kept in .cache/ of the project).",
)
@settings_options
def validate(
    paths: tuple[Path, ...],
    output_format: str,
    lang: str,
    profile: str,
    cache: bool,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Validate the graph: every Turtle file of ontology/, shapes/ and data/, or PATHS.

    PATHS under ontology/ or shapes/ replace the repository's ontology or
    shapes; other PATHS are data, validated together with the rest of data/
    (which they may link to), and only their own problems are reported.
    Each data file is validated on its own, with the descriptions of the
    resources it links to from other files; files that did not change since
    the last run (nor what they link to) are not validated again (--no-cache
    to validate everything afresh). Exit code 0: valid; 1: violations; 2: a
    file does not parse (printed as FILE:LINE:COLUMN: message) or another error.
    """
    settings = make_settings(project_dir, base_iri)
    if profile == "dcat-ap-no":
        if paths or output_format == "turtle":
            fail("--profile dcat-ap-no checks the published catalogues whole: no PATHS, --format turtle")
        from kg.cli.harvest_report import harvest_check

        harvest_check(settings, output_format, lang)
    files, report_on = classify(paths, settings) if paths else (discover(settings), None)
    try:
        report, reused = validate_documents(
            files, cache_dir(settings) if cache else None, report_on=report_on
        )
        report = with_problems(report, _beside_the_shapes(files, report_on, settings, report.timings))
    except SyntaxErrors as errors:
        if output_format == "sarif":
            _print_sarif(files, settings.project_dir, lang, syntax_errors=errors.errors)
            raise SystemExit(EXIT_ERROR) from None
        exit_on_syntax_errors(errors.errors)
    except ShapesError as error:
        fail(escape(str(error)))
    if output_format == "sarif":
        _print_sarif(files, settings.project_dir, lang, report=report)
    elif output_format == "turtle":
        click.echo(report.turtle())
    elif output_format == "json":
        click.echo(json.dumps(_as_json(report), ensure_ascii=False, indent=2))
    else:
        print_report(report, lang)
        if reused:
            err.print(f"[dim]{reused} of {len(files.data)} data files unchanged since the last run[/]")
    warn_not_ready(settings)
    raise SystemExit(EXIT_OK if report.conforms else EXIT_INVALID)


def _print_sarif(
    files: SourceFiles,
    root: Path,
    lang: str,
    report: ValidationReport | None = None,
    syntax_errors: Sequence[RdfSyntaxError] = (),
) -> None:
    log = sarif_log(files.shapes, root, report=report, syntax_errors=syntax_errors, lang=lang)
    click.echo(json.dumps(log, ensure_ascii=False, indent=2))


def _beside_the_shapes(
    files: SourceFiles, report_on: frozenset[Path] | None, settings: Settings, timings: dict[str, float]
) -> list[Problem]:
    """What the checks beside the shapes find in the data (the files parsed already): provenance
    against the source texts, subjects against the shipped vocabularies, organisations of
    different files that look like one and resources two files describe."""
    ontology, _ = stream_files(list(files.ontology))
    parsed, _ = stream_files(list(files.data))
    problems: list[Problem] = []
    try:
        for name, check in (
            ("provenance", lambda: check_provenance(parsed, settings)),
            ("subjects", lambda: check_subjects(parsed)),
            ("organisations", lambda: [*same_organisations(ontology, parsed), *described_twice(parsed)]),
        ):
            started = time.perf_counter()
            problems += check()
            timings[name] = time.perf_counter() - started
    except RdfSyntaxError as error:  # a file changed since it was validated
        raise SyntaxErrors([error]) from None
    if report_on is not None:
        problems = [p for p in problems if p.location is None or p.location.path.resolve() in report_on]
    return problems


def _as_json(report: ValidationReport) -> dict[str, object]:
    return {
        "conforms": report.conforms,
        "awaitingTranslation": report.awaiting_translation,
        "undecidedSubjectProposals": undecided_proposals(report),
        "files": [display_path(path) for path in report.files],
        "timings": {name: round(seconds, 4) for name, seconds in report.timings.items()},
        "results": [
            {
                "severity": problem.severity,
                "file": display_path(problem.location.path) if problem.location else None,
                "line": problem.location.line if problem.location else None,
                "focusNode": problem.focus.value,
                "path": problem.path_text(),
                "value": problem.value.value if problem.value is not None else None,
                "message": problem.messages,
                "sourceShape": problem.shape.value if problem.shape is not None else None,
                "sourceConstraintComponent": problem.component.value if problem.component else None,
            }
            for problem in report.problems
        ],
    }
