"""`kg base-iri [NEW]`: show the project's base IRI, or move its data and settings to a new one."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import env_option, err, fail, make_settings, out
from kg.project.base_iri import CannotRebase, apply_rebase, plan_rebase
from kg.steward.turtle_format import MeaningChanged


@click.command("base-iri")
@click.argument("new", required=False)
@env_option(
    "--project-dir",
    env="KG_PROJECT_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default=False,
    help="The project folder (with strategigraf.toml). Default: found upwards from the current folder.",
)
def base_iri(new: str | None, project_dir: Path | None) -> None:
    """Print the project's base IRI, or change it to NEW.

    With NEW (an absolute http(s) IRI ending in / or #, on your organisation's domain), every IRI
    of the Turtle files in data/ under the old base moves under NEW (the ontology's stay), the files
    are written in kg fmt's house style, and project.base-iri of strategigraf.toml is set. Every
    file is prepared and checked before the first is written: a file that does not parse changes
    nothing (exit 2). Published IRIs should keep answering: redirect the old base to the new one.
    """
    settings = make_settings(project_dir, None)
    if new is None:
        out.print(settings.base_iri)
        return
    old = settings.base_iri
    try:
        planned = plan_rebase(settings, new)
    except (CannotRebase, MeaningChanged) as problem:
        fail(escape(str(problem)) + " (nothing was changed / ingenting ble endret)")
    try:
        apply_rebase(planned)
    except OSError as error:
        fail(escape(f"{error.filename or ''}: cannot write: {error.strerror or error}"))
    for item in planned:
        out.print(f"  {escape(str(item.path))}")
    err.print(
        f"moved the project's IRIs from {escape(old)} to {escape(new)} (data files: {len(planned) - 1}); "
        "redirect the old IRIs to the new ones where they were published"
    )
