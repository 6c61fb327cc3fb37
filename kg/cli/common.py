"""What the commands share: exit codes, consoles, and the settings options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from kg.settings import DEFAULT_BASE_IRI, PROJECT_DIR, Settings

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> None:
    """Print an error for a person (no traceback) and exit."""
    err.print(f"[bold red]error:[/] {message}", markup=True)
    raise SystemExit(code)


def env_option(*decls: str, env: str, **attrs: Any) -> Callable[..., Any]:
    """A click option that the environment variable `env` sets too, both shown in --help.

    Named explicitly: click's automatic names would be KG_<COMMAND>_<OPTION>.
    """
    return click.option(*decls, envvar=env, show_envvar=True, show_default=True, **attrs)


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that locate the graph and form its IRIs, shared by every command."""
    options = [
        env_option(
            "--project-dir",
            env="KG_PROJECT_DIR",
            type=click.Path(file_okay=False, path_type=Path),
            default=PROJECT_DIR,
            help="Folder holding ontology/, shapes/, data/ and queries/.",
        ),
        env_option(
            "--base-iri",
            env="KG_BASE_IRI",
            default=DEFAULT_BASE_IRI,
            help="Base of the graph's resource and graph IRIs (see README, IRI scheme).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_settings(project_dir: Path, base_iri: str, **changes: Any) -> Settings:
    return Settings(project_dir=project_dir.resolve(), base_iri=base_iri).with_(**changes)
