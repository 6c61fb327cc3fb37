"""`kg fmt`: rewrite Turtle files in the house style, comments and meaning kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    env_option,
    err,
    fail,
    make_settings,
    settings_options,
)
from kg.foundation.rdf_files import RdfSyntaxError, display_path
from kg.steward.files import Formatted, files_to_format, format_files, house_order, write_checked
from kg.steward.turtle_format import MeaningChanged
from kg.steward.turtle_tokens import TurtleSyntaxError

_MESSAGES = {
    "en": {
        "syntax": "syntax error",
        "untouched": "left untouched",
        "reformatted": "reformatted",
        "would": "would reformat",
        "summary": "{files} files: {changed} reformatted, {same} already formatted, {errors} errors",
        "check_summary": "{files} files: {changed} not formatted, {same} formatted, {errors} errors",
        "shapes": "the shapes, which give the order of predicates, do not parse",
    },
    "nb": {
        "syntax": "syntaksfeil",
        "untouched": "ikke endret",
        "reformatted": "formatert",
        "would": "ville blitt formatert",
        "summary": "{files} filer: {changed} formatert, {same} allerede formatert, {errors} feil",
        "check_summary": "{files} filer: {changed} ikke formatert, {same} formatert, {errors} feil",
        "shapes": "formene, som gir rekkefølgen på predikatene, kan ikke leses",
    },
}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@env_option(
    "--check",
    env="KG_FMT_CHECK",
    is_flag=True,
    default=False,
    help="Change nothing: print what formatting would change as a unified diff.",
)
@env_option(
    "--lang",
    env="KG_LANG",
    type=click.Choice(["en", "nb"]),
    default="en",
    help="Language of the messages.",
)
@settings_options
def fmt(
    paths: tuple[Path, ...], check: bool, lang: str, project_dir: Path | None, base_iri: str | None
) -> None:
    """Rewrite Turtle files in the house style: the project's (ontology/, shapes/, data/), or PATHS.

    Comments stay with what they stand before; the graph stays the same (checked
    after every write: a file whose meaning would change is left untouched). Exit
    code 0: all formatted; 1 (--check): some file is not; 2: a file does not parse
    (FILE:LINE:COLUMN: message) or cannot be formatted.
    """
    words = _MESSAGES[lang]
    settings = make_settings(project_dir, base_iri, need_project=not paths)
    try:
        order = house_order(settings)
    except TurtleSyntaxError as problem:
        fail(escape(f"{words['shapes']}: {problem}"))
    results = format_files(files_to_format(paths, settings), order)
    outcomes = [_apply(result, check, words) for result in results]
    changed, errors = outcomes.count("changed"), outcomes.count("error")
    summary = words["check_summary" if check else "summary"]
    same = len(results) - changed - errors
    err.print(summary.format(files=len(results), changed=changed, same=same, errors=errors))
    if errors:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_INVALID if check and changed else EXIT_OK)


def _apply(result: Formatted, check: bool, words: dict[str, str]) -> str:
    """Report one file, print its diff (--check) or write it; "changed", "same" or "error"."""
    shown = display_path(result.path)
    if result.syntax_error is not None:
        syntax = result.syntax_error
        where = RdfSyntaxError(result.path, syntax.line, syntax.column, syntax.message).location()
        err.print(f"{escape(where)}: [bold red]{words['syntax']}:[/] {escape(syntax.message)}")
        return "error"
    if result.formatted is None:
        err.print(f"{escape(shown)}: [bold red]{words['untouched']}:[/] {escape(result.problem or '')}")
        return "error"
    if not result.changed:
        return "same"
    if check:
        diff = difflib.unified_diff(
            result.text.splitlines(keepends=True),
            result.formatted.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
        click.echo("".join(diff), nl=False)
        err.print(f"{escape(shown)}: {words['would']}")
        return "changed"
    try:
        write_checked(result)
    except (OSError, MeaningChanged, TurtleSyntaxError) as problem:
        err.print(f"{escape(shown)}: [bold red]{words['untouched']}:[/] {escape(str(problem))}")
        return "error"
    err.print(f"{escape(shown)}: {words['reformatted']}")
    return "changed"
