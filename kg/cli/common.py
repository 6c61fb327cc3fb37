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


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that locate the graph and form its IRIs, shared by every command."""
    options = [
        click.option(
            "--project-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=PROJECT_DIR,
            show_default=True,
            envvar="KG_PROJECT_DIR",
            show_envvar=True,
            help="Folder holding ontology/, shapes/, data/ and queries/.",
        ),
        click.option(
            "--base-iri",
            default=DEFAULT_BASE_IRI,
            show_default=True,
            envvar="KG_BASE_IRI",
            show_envvar=True,
            help="Base of the graph's resource and graph IRIs (see README, IRI scheme).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_settings(project_dir: Path, base_iri: str, **changes: Any) -> Settings:
    return Settings(project_dir=project_dir.resolve(), base_iri=base_iri).with_(**changes)
