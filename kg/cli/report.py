"""A validation report as people read it: by file, then by resource, then each problem."""

from __future__ import annotations

from collections import defaultdict

from rich.markup import escape

from kg.cli.common import out
from kg.foundation.rdf_files import display_path
from kg.subjects.check import PROPOSAL_CHECK
from kg.validation.problems import Problem, ValidationReport

_STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


def print_report(report: ValidationReport, lang: str) -> None:
    """Problems by file, then by resource (with the line it is described on).

    A value that breaks several constraints of one rule (e.g. "x" as a line
    number is neither an integer nor >= 1) gets its message once.
    """
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
            lines: dict[tuple[str, str, str, str], list[str]] = {}
            for problem in problems:
                # a typo is shown on its own line, which may not be where the resource starts
                elsewhere = str(problem.location) if problem.location != location else ""
                values = lines.setdefault(
                    (problem.severity, report.shorten(problem.path), problem.message(lang), elsewhere), []
                )
                value = report.shorten(problem.value) if problem.value is not None else ""
                if value and value not in values:
                    values.append(value)
            for (severity, path, message, elsewhere), values in lines.items():
                text = f"    [{_STYLE.get(severity, '')}]{severity.lower()}[/]"
                if elsewhere:
                    text += f" at {escape(elsewhere)}"
                if path:
                    text += f" {escape(path)}:"
                text += f" {escape(message)}"
                if values:
                    text += f" [dim](value: {escape(', '.join(values))})[/]"
                out.print(text)
    violations, warnings = report.count("Violation"), report.count("Warning")
    seconds = sum(report.timings.values())
    awaiting = report.awaiting_translation
    translation = f", {awaiting} text{'s' * (awaiting != 1)} awaiting translation" if awaiting else ""
    proposals = undecided_proposals(report)
    if proposals:
        translation += f", {proposals} subject proposal{'s' * (proposals != 1)} awaiting a decision"
    summary = (
        f"{len(report.files)} files, {violations} violation{'s' * (violations != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}{translation} ({seconds:.2f} s)"
    )
    if report.conforms:
        out.print(f"[green]valid:[/] {summary}")
    else:
        out.print(f"[bold red]invalid:[/] {summary}")


def undecided_proposals(report: ValidationReport) -> int:
    """Subjects kg classify proposed that no steward has accepted or rejected yet."""
    return sum(1 for problem in report.problems if problem.shape == PROPOSAL_CHECK)
