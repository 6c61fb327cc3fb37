"""What the commands share: exit codes, consoles, and the settings options."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

import click
import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape

from kg.foundation.atomic import write_atomically
from kg.foundation.config import ConfigError
from kg.foundation.discovery import ProjectNotFound, find_project
from kg.foundation.formats import RDF_SUFFIXES
from kg.foundation.project_settings import project_settings
from kg.foundation.rdf_files import (
    DEFAULT_MAX_FILE_SIZE,
    MAX_FILE_SIZE_VARIABLE,
    NoStatements,
    RdfSyntaxError,
)
from kg.foundation.settings import Settings

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print an error for a person (no traceback) and exit."""
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise SystemExit(code)


def exit_on_syntax_errors(errors: Sequence[RdfSyntaxError]) -> NoReturn:
    """Print each as FILE:LINE:COLUMN: kind: message and exit 2 (a file kg cannot read is an error)."""
    for error in errors:
        err.print(f"{escape(error.location())}: [bold red]{error.kind}:[/] {escape(error.message)}")
    raise SystemExit(EXIT_ERROR)


def env_option(*decls: str, env: str, **attrs: Any) -> Callable[..., Any]:
    """A click option that the environment variable `env` sets too, both shown in --help.

    Named explicitly: click's automatic names would be KG_<COMMAND>_<OPTION>.
    """
    attrs.setdefault("show_default", True)
    return click.option(*decls, envvar=env, show_envvar=True, **attrs)


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that locate the graph and form its IRIs, shared by every command."""
    options = [
        env_option(
            "--project-dir",
            env="KG_PROJECT_DIR",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            show_default=False,
            help="The project folder (with strategigraf.toml). Default: the nearest folder upwards "
            "from the current one that holds a strategigraf.toml.",
        ),
        env_option(
            "--base-iri",
            env="KG_BASE_IRI",
            default=None,
            show_default=False,
            help="Base of the graph's resource and graph IRIs (see docs/integrator/data-model.md). "
            "Default: project.base-iri of strategigraf.toml.",
        ),
        env_option(
            "--max-file-size",
            env=MAX_FILE_SIZE_VARIABLE,
            type=click.FloatRange(min=0),
            default=DEFAULT_MAX_FILE_SIZE,
            expose_value=False,
            callback=_set_max_file_size,
            metavar="MB",
            help="Largest RDF file to read, in megabytes (0: no limit); larger ones are refused unread.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _set_max_file_size(_ctx: click.Context, _param: click.Parameter, megabytes: float) -> None:
    """Through the environment, so that kg.foundation.rdf_files and the worker processes see it too."""
    os.environ[MAX_FILE_SIZE_VARIABLE] = f"{megabytes:g}"


def warn_not_ready(settings: Settings) -> None:
    """One line per item the catalogue still lacks to be harvested (kg.publishing.readiness)."""
    from kg.publishing.readiness import missing_for_harvest

    for missing in missing_for_harvest(settings):
        err.print(f"[yellow]warning:[/] {escape(str(missing))}")


def show_warnings_as_lines() -> None:
    """Print kg's warnings about files (e.g. no statements) as the one line they are, on stderr."""
    show_other = warnings.showwarning
    # Once per file: warnings' own registry forgets what it showed whenever a filter changes.
    shown: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, NoStatements):
            show_other(message, category, *args, **kwargs)
        elif str(message) not in shown:
            shown.add(str(message))
            err.print(f"[yellow]{escape(str(message))}[/]")

    warnings.simplefilter("always", NoStatements)
    warnings.showwarning = show


def make_settings(
    project_dir: Path | None, base_iri: str | None, *, need_project: bool = True, **changes: Any
) -> Settings:
    """The project's settings: found from the current folder unless named, options over the file.

    With `need_project` False, a command that can do without one (kg synth) gets the defaults.
    """
    if project_dir is None:
        try:
            project_dir = find_project(Path.cwd())
        except ProjectNotFound as missing:
            if need_project:
                fail(str(missing))
            project_dir = Path.cwd()
    try:
        return project_settings(project_dir, base_iri=base_iri, **changes)
    except ConfigError as error:
        fail(escape(str(error)))


def _graph_values(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    """`IRI=FILE` values checked: an absolute IRI and an existing file of a known RDF type."""
    graphs = []
    for value in values:
        iri, sep, path = value.partition("=")
        if not sep or not iri or not path:
            raise click.BadParameter(f"{value!r}: expected IRI=FILE")
        if not Path(path).is_file():
            raise click.BadParameter(f"{path}: no such file")
        if Path(path).suffix.lower() not in RDF_SUFFIXES:
            raise click.BadParameter(f"{path}: unknown RDF file type (known: {', '.join(RDF_SUFFIXES)})")
        try:
            ox.NamedNode(iri)
        except ValueError as problem:
            raise click.BadParameter(f"{iri!r} is not an absolute IRI: {problem}") from None
        graphs.append((iri, Path(path)))
    return tuple(graphs)


def graph_option(help_text: str) -> Callable[..., Any]:
    """`--graph IRI=FILE` (repeatable; KG_GRAPH holds several, separated by spaces)."""
    return env_option(
        "--graph",
        "graphs",
        env="KG_GRAPH",
        multiple=True,
        callback=_graph_values,
        metavar="IRI=FILE",
        show_default=False,
        help=help_text + " Repeatable; in KG_GRAPH, separate them by spaces.",
    )


def write_whole(path: Path, write: Callable[[IO[bytes]], object]) -> int:
    """Write a file whole (kg.foundation.atomic); a failure is an error for a person, the old file kept."""
    try:
        return write_atomically(path, write)
    except OSError as error:
        fail(f"{path}: cannot write: {error.strerror or error}")
