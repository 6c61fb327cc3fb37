"""Validate-then-load, shared by the commands that put the repository into a store."""

from __future__ import annotations

import time

from rich.markup import escape

from kg.cli.common import EXIT_INVALID, err, exit_on_syntax_errors, fail
from kg.cli.report import print_report
from kg.foundation.rdf_files import SyntaxErrors
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.load.repository import LoadReport, load_repository
from kg.store import Store, StoreError

#: Seconds between two progress lines of a long validation.
PROGRESS_SECONDS = 10.0


def require_valid(settings: Settings, refusal: str) -> None:
    """Validate the repository; print the report and exit 1 (2 on syntax errors) unless it is valid.

    Says on stderr how far it is, terminal or not (a server's log): a line at most every
    `PROGRESS_SECONDS` while files are validated, and one with the counts and time at the end.
    """
    # Imported here: pySHACL and rdflib's SPARQL parser take most of a second, which
    # `--no-validate` and the commands that only read a store need not wait for.
    from kg.validation.documents import cache_dir, validate_documents

    started = time.perf_counter()
    files = discover(settings)
    said = [started]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - said[0] >= PROGRESS_SECONDS and done < total:
            said[0] = now
            err.print(f"validated {done} of {total} changed files ({now - started:.0f} s)")

    try:
        report, reused = validate_documents(files, cache_dir(settings), progress=progress)
    except SyntaxErrors as errors:
        exit_on_syntax_errors(errors.errors)
    count = len(files.data)
    err.print(
        f"validated {count} data file{'' if count == 1 else 's'} in {time.perf_counter() - started:.1f} s "
        f"({reused} unchanged since the last run: their findings from the cache)"
    )
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
