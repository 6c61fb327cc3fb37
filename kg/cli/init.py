"""`kg init`: start a strategy repository."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import env_option, fail, out
from kg.project.init import InitRefused, init_project


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@env_option(
    "--example/--template",
    env="KG_INIT_EXAMPLE",
    default=False,
    help="Copy the Osloregionen example instead of the one-plan template.",
)
def init(directory: Path, example: bool) -> None:
    """Create a strategy repository in DIRECTORY (default: here) that validates and serves at once.

    Writes strategigraf.toml (every key with its meaning), data/ with a commented template of one
    plan (or the Osloregionen example), sources/, a README for stewards, .gitignore, pre-commit
    hooks and a CI workflow. Existing files are never overwritten: exit 2, naming them.
    """
    try:
        written = init_project(directory, example=example)
    except InitRefused as refused:
        fail(escape(str(refused)) + " (nothing was written / ingenting ble skrevet)")
    except OSError as error:
        fail(escape(f"{directory}: {error.strerror or error}"))
    for path in written:
        out.print(f"  {escape(str(directory / path))}")
    out.print(
        f"[bold]A new Strategigraf project in {escape(str(directory))}.[/] Next: "
        f"cd {escape(str(directory))} && kg validate && kg serve"
    )
