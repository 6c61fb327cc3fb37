"""`kg init`: start a strategy repository, asking the publisher for what only it can say."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import env_option, err, fail, out, warn_not_ready
from kg.foundation.project_settings import project_settings
from kg.project.init import (
    Answers,
    InitRefused,
    InvalidAnswer,
    check_base_iri,
    check_email,
    check_org_number,
    check_publisher,
    init_project,
)

#: What `kg init` asks on a terminal: option, question (en / nb), check.
QUESTIONS: list[tuple[str, str, Callable[[str], str]]] = [
    ("publisher", "The publisher's name / utgiverens navn", check_publisher),
    ("org_number", "Its organisation number / organisasjonsnummer (Enhetsregisteret)", check_org_number),
    ("base_iri", "Base IRI on its own domain / basis-IRI på eget domene (https://…/)", check_base_iri),
    ("contact_email", "Contact e-mail / kontakt-e-post", check_email),
]


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@env_option(
    "--example/--template",
    env="KG_INIT_EXAMPLE",
    default=False,
    help="Copy the Osloregionen example instead of the one-plan template.",
)
@env_option("--publisher", env="KG_PUBLISHER", default=None, help="The publishing organisation's name.")
@env_option(
    "--org-number",
    env="KG_ORG_NUMBER",
    default=None,
    help="The publisher's organisation number in Enhetsregisteret (nine digits; the check digit is checked).",
)
@env_option(
    "--base-iri",
    env="KG_BASE_IRI",
    default=None,
    help="Base of the project's IRIs, on the organisation's own domain: an absolute http(s) IRI "
    "ending in / or #.",
)
@env_option(
    "--contact-email", env="KG_CONTACT_EMAIL", default=None, help="The contact point's e-mail address."
)
@env_option(
    "--input/--no-input",
    "ask",
    env="KG_INIT_INPUT",
    default=None,
    show_default=False,
    help="Ask for the answers not given as options. Default: ask when standard input is a terminal.",
)
def init(
    directory: Path,
    example: bool,
    publisher: str | None,
    org_number: str | None,
    base_iri: str | None,
    contact_email: str | None,
    ask: bool | None,
) -> None:
    """Create a strategy repository in DIRECTORY (default: here) that validates and serves at once.

    Writes strategigraf.toml (every key with its meaning), data/ with a commented template of one
    plan (or the Osloregionen example), sources/, a README for stewards, .gitignore, pre-commit
    hooks and a CI workflow. On a terminal it asks for the publisher's name, organisation number,
    base IRI and contact e-mail (empty: later); what is not given is written as a placeholder
    marked MISSING, and kg validate, serve and export say so until it is filled in. An invalid
    answer given as an option, or an existing file: exit 2, naming it, nothing written.
    """
    given = {
        "publisher": publisher,
        "org_number": org_number,
        "base_iri": base_iri,
        "contact_email": contact_email,
    }
    try:
        answers = Answers(**given).checked()
    except InvalidAnswer as problem:
        fail(escape(str(problem)) + " (nothing was written / ingenting ble skrevet)")
    if ask if ask is not None else sys.stdin.isatty():
        answers = _asked(answers)
    try:
        written = init_project(directory, example=example, answers=answers)
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
    warn_not_ready(project_settings(directory))


def _asked(answers: Answers) -> Answers:
    """Ask for each answer not given; a bad one is asked again, an empty one left for later."""
    values = {name: getattr(answers, name) for name, _, _ in QUESTIONS}
    for name, question, check in QUESTIONS:
        if values[name] is not None:
            continue
        while True:
            reply = click.prompt(question, default="", show_default=False).strip()
            if not reply:
                break
            try:
                values[name] = check(reply)
                break
            except InvalidAnswer as problem:
                err.print(f"[red]{escape(str(problem))}[/]")
    return Answers(**values)
