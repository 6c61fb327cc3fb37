"""`kg diff`: what changed in the strategy between two versions of the graph."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    env_option,
    exit_on_syntax_errors,
    fail,
    make_settings,
    settings_options,
)
from kg.foundation.rdf_files import SyntaxErrors
from kg.foundation.sources import turtle_files
from kg.steward.diff_report import as_json, as_markdown, as_text
from kg.steward.revisions import RevisionError, Side, read_sides
from kg.steward.semantic_diff import Words, compare, parse_side, read_vocabulary

#: git runs a diff driver with: path old-file old-hex old-mode new-file new-hex new-mode
#: (and the new path and rename information for a renamed file)
_GIT_DRIVER_ARGUMENTS = (7, 9)


@click.command()
@click.argument("sides", nargs=-1, metavar="[OLD [NEW]]")
@env_option(
    "--format",
    "output_format",
    env="KG_DIFF_FORMAT",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="text for the terminal; markdown for a pull-request comment; json for programs "
    "(see docs/steward/reviewing.md).",
)
@env_option(
    "--lang", env="KG_LANG", type=click.Choice(["en", "nb"]), default="en", help="Language of the report."
)
@settings_options
def diff(sides: tuple[str, ...], output_format: str, lang: str, project_dir: Path, base_iri: str) -> None:
    """What changed between OLD and NEW, in the strategy's own terms.

    OLD and NEW are Turtle files, folders or git revisions: `kg diff` compares
    the work tree with HEAD, `kg diff HEAD~1` that revision with the work tree,
    `kg diff main feature` two branches, `kg diff old.ttl new.ttl` two files.
    Changes are named by plan, focus area, activity, theme and means, as the
    document numbers them; statements about no known element are listed as
    plain triples at the end. Reformatting, reordering and relabelled blank
    nodes are no change.

    Exit code 0: no changes; 1: changes; 2: an error (a file that does not
    parse: FILE:LINE:COLUMN). Run by git as a diff driver (seven arguments,
    see docs/steward/reviewing.md) it exits 0 whenever it could compare, as git expects.
    """
    # A short-lived command that makes several objects per statement and frees none in cycles:
    # the cycle collector would only scan them again and again (a third of the time at 100k triples).
    gc.disable()
    settings = make_settings(project_dir, base_iri, need_project=False)
    driver = len(sides) in _GIT_DRIVER_ARGUMENTS
    try:
        old, new = _driver_sides(sides) if driver else read_sides(sides, settings)
        vocabulary = read_vocabulary(turtle_files(settings.ontology_dir))
        result = compare(
            parse_side(old, "o"), parse_side(new, "n"), vocabulary, lang=lang, names=(old.name, new.name)
        )
    except RevisionError as error:
        fail(escape(str(error)))
    except SyntaxErrors as errors:
        exit_on_syntax_errors(errors.errors)
    words = Words(lang, result.vocabulary, result.prefixes)
    if output_format == "json":
        click.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(as_markdown(result, words))
    else:
        if driver:
            click.echo(f"kg diff {sides[0]}")
        click.echo(as_text(result, words))
    raise SystemExit(EXIT_OK if driver or not result.changed else EXIT_INVALID)


def _driver_sides(arguments: tuple[str, ...]) -> tuple[Side, Side]:
    """The two versions of one file that git hands a diff driver (/dev/null where there is none)."""
    path, old_file, new_file = arguments[0], arguments[1], arguments[4]

    def read(file: str, name: str) -> Side:
        if file == "/dev/null":
            return Side(name, {})
        try:
            return Side(name, {Path(name): Path(file).read_bytes()})
        except OSError as error:
            raise RevisionError(f"{file}: cannot read: {error.strerror}") from None

    return read(old_file, f"a/{path}"), read(new_file, f"b/{path}")
