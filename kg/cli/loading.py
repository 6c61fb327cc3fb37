"""Validate-then-load, shared by the commands that put the repository into a store."""

from __future__ import annotations

from rich.markup import escape

from kg.cli.common import EXIT_INVALID, err, exit_on_syntax_errors, fail
from kg.cli.report import print_report
from kg.foundation.rdf_files import SyntaxErrors
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.load.repository import LoadReport, load_repository
from kg.store import Store, StoreError


def require_valid(settings: Settings, refusal: str) -> None:
    """Validate the repository; print the report and exit 1 (2 on syntax errors) unless it is valid."""
    # Imported here: pySHACL and rdflib's SPARQL parser take most of a second, which
    # `--no-validate` and the commands that only read a store need not wait for.
    from kg.validation.documents import cache_dir, validate_documents

    try:
        report, _ = validate_documents(discover(settings), cache_dir(settings))
    except SyntaxErrors as errors:
        exit_on_syntax_errors(errors.errors)
    if not report.conforms:
        print_report(report, "en")
        err.print(f"[bold red]{escape(refusal)}[/] (fix it, or use --no-validate)")
        raise SystemExit(EXIT_INVALID)


def load(store: Store, settings: Settings) -> LoadReport:
    """Load the repository into the store, or exit with a one-line reason.

    First removes (and names) what an interrupted push left in the store, and
    afterwards the versions it replaced that no reader can be reading any more.
    """
    try:
        leftovers = store.remove_unused()
        if leftovers:
            err.print(f"removed what earlier pushes left in {store.label}: {', '.join(leftovers)}")
        report = load_repository(
            store, settings, progress=lambda message: err.print(f"[dim]{escape(message)}[/]")
        )
        replaced = store.remove_unused()
        if replaced:
            err.print(f"removed versions nobody reads any more from {store.label}: {', '.join(replaced)}")
        return report
    except SyntaxErrors as errors:
        exit_on_syntax_errors(errors.errors)
    except StoreError as problem:
        fail(str(problem))
