"""`kg validate`: syntax, ontology terms and SHACL shapes, reported by file and line."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    err,
    make_settings,
    out,
    settings_options,
)
from kg.sources import discover, display_path
from kg.validate import Problem, SyntaxErrors, ValidationReport, classify
from kg.validate_documents import cache_dir, validate_documents

_STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="text for people; json for programs; turtle for the standard sh:ValidationReport.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "nb"]),
    default="en",
    show_default=True,
    help="Language of the messages in the text report.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse what the last run found for files that did not change (kept in .cache/ of the project).",
)
@settings_options
def validate(
    paths: tuple[Path, ...], output_format: str, lang: str, cache: bool, project_dir: Path, base_iri: str
) -> None:
    """Validate the graph: every Turtle file of ontology/, shapes/ and data/, or PATHS.

    PATHS outside ontology/ and shapes/ are data, checked against the
    repository's ontology and shapes. Each data file is validated on its own,
    with the descriptions of the resources it links to from other files; files
    that did not change since the last run (nor what they link to) are not
    validated again. Exit code 0: valid; 1: violations; 2: a file does not
    parse (printed as FILE:LINE:COLUMN: message) or another error.
    """
    settings = make_settings(project_dir, base_iri)
    files = classify(paths, settings) if paths else discover(settings)
    try:
        report, reused = validate_documents(files, cache_dir(settings) if cache else None)
    except SyntaxErrors as errors:
        for error in errors.errors:
            err.print(f"{escape(error.location())}: [bold red]syntax error:[/] {escape(error.message)}")
        raise SystemExit(EXIT_ERROR) from None
    if output_format == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    elif output_format == "json":
        click.echo(json.dumps(_as_json(report), ensure_ascii=False, indent=2))
    else:
        _print_text(report, lang)
        if reused:
            err.print(f"[dim]{reused} of {len(files.data)} data files unchanged since the last run[/]")
    raise SystemExit(EXIT_OK if report.conforms else EXIT_INVALID)


def _print_text(report: ValidationReport, lang: str) -> None:
    by_file: dict[str, dict[str, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    for problem in report.problems:
        where = display_path(problem.location.path) if problem.location else "(not found in any file)"
        by_file[where][report.shorten(problem.focus)].append(problem)
    for where, by_focus in by_file.items():
        out.print(f"[bold]{escape(where)}[/]")
        for focus, problems in by_focus.items():
            location = problems[0].location
            line = f"{escape(str(location))}" if location else escape(where)
            out.print(f"  {line}  [bold]{escape(focus)}[/]")
            for problem in problems:
                style = _STYLE.get(problem.severity, "")
                path = report.shorten(problem.path)
                text = f"    [{style}]{problem.severity.lower()}[/]"
                if path:
                    text += f" {escape(path)}:"
                text += f" {escape(problem.message(lang))}"
                if problem.value is not None:
                    text += f" [dim](value: {escape(report.shorten(problem.value))})[/]"
                out.print(text)
    violations, warnings = report.count("Violation"), report.count("Warning")
    seconds = sum(report.timings.values())
    summary = (
        f"{len(report.files)} files, {violations} violation{'s' * (violations != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)} ({seconds:.2f} s)"
    )
    if report.conforms:
        out.print(f"[green]valid:[/] {summary}")
    else:
        out.print(f"[bold red]invalid:[/] {summary}")


def _as_json(report: ValidationReport) -> dict[str, object]:
    return {
        "conforms": report.conforms,
        "files": [display_path(path) for path in report.files],
        "timings": {name: round(seconds, 4) for name, seconds in report.timings.items()},
        "results": [
            {
                "severity": problem.severity,
                "file": display_path(problem.location.path) if problem.location else None,
                "line": problem.location.line if problem.location else None,
                "focusNode": str(problem.focus),
                "path": str(problem.path) if problem.path is not None else None,
                "value": str(problem.value) if problem.value is not None else None,
                "message": problem.messages,
                "sourceShape": str(problem.shape) if problem.shape is not None else None,
                "sourceConstraintComponent": str(problem.component) if problem.component else None,
            }
            for problem in report.problems
        ],
    }
