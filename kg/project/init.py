"""`kg init`: a new strategy repository that validates and serves as soon as it is made.

The files come from `template/` beside this module (dot-files are stored without their dot, so
that packaging and git keep them) and `strategigraf.toml` is written from `KEYS`, every key with
its meaning and default, so the file and the documentation cannot drift apart. With `example`,
the Osloregionen example data takes the template's place.

What only the publisher can say (its name, organisation number, base IRI and contact e-mail,
`Answers`) is checked before anything is written; what is not answered is written as an empty
value under a comment marked MISSING / MANGLER, which `kg validate`, `kg serve` and `kg export`
report until it is filled in (`kg.publishing.readiness`). With a base IRI, the data files are
written with their IRIs under it (`kg.steward.rebase`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from kg.foundation.atomic import write_atomically
from kg.foundation.config import (
    CONFIG_FILE,
    KEYS,
    STRATEGIGRAF_BASE_IRI,
    base_iri_problem,
    email_problem,
    toml_value,
)
from kg.foundation.organisation_number import InvalidOrganisationNumber, normalise
from kg.foundation.settings import Settings
from kg.foundation.vocabulary import example_data
from kg.steward.files import house_order
from kg.steward.rebase import rebase_turtle

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
#: Template names stored without a leading dot -> their names in the new project.
DOT_NAMES = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github": ".github",
}


class InitRefused(Exception):
    """The folder already holds some of the files `kg init` would write; nothing was written."""

    def __init__(self, existing: list[Path]) -> None:
        self.existing = existing
        names = ", ".join(str(path) for path in existing)
        super().__init__(f"not overwriting existing files: {names}")


class InvalidAnswer(ValueError):
    """An answer to `kg init` that cannot be used: which one, and why."""


@dataclass(frozen=True)
class Answers:
    """What the publisher tells `kg init`; None: not answered (a marked placeholder is written)."""

    publisher: str | None = None
    org_number: str | None = None
    base_iri: str | None = None
    contact_email: str | None = None

    def checked(self) -> Answers:
        """The answers, normalised (organisation number as nine digits); InvalidAnswer for a bad one."""
        return Answers(
            publisher=check_publisher(self.publisher) if self.publisher is not None else None,
            org_number=check_org_number(self.org_number) if self.org_number is not None else None,
            base_iri=check_base_iri(self.base_iri) if self.base_iri is not None else None,
            contact_email=check_email(self.contact_email) if self.contact_email is not None else None,
        )


def check_publisher(name: str) -> str:
    if not name.strip():
        raise InvalidAnswer("the publisher's name is empty (utgiverens navn er tomt)")
    return name.strip()


def check_org_number(number: str) -> str:
    try:
        return normalise(number)
    except InvalidOrganisationNumber as problem:
        raise InvalidAnswer(str(problem)) from None


def check_base_iri(iri: str) -> str:
    problem = base_iri_problem(iri.strip())
    if problem:
        raise InvalidAnswer(problem + " (en absolutt http(s)-IRI som slutter på / eller #)")
    return iri.strip()


def check_email(address: str) -> str:
    problem = email_problem(address.strip())
    if problem:
        raise InvalidAnswer(problem + " (ikke en e-postadresse)")
    return address.strip().removeprefix("mailto:")


@dataclass(frozen=True)
class Planned:
    """One file `kg init` writes: its place in the new project, and its bytes."""

    relative: Path
    content: bytes

    def write_to(self, file: IO[bytes]) -> None:
        file.write(self.content)


def init_project(target: Path, *, example: bool = False, answers: Answers | None = None) -> list[Path]:
    """Write a new project into `target` (made if missing); the paths written, relative to it.

    Refuses, writing nothing, when any of the files exists or an answer is invalid (InvalidAnswer).
    Each file is written to a temporary name and renamed, so an interrupted run leaves whole files.
    """
    planned = plan(example=example, answers=(answers or Answers()).checked())
    existing = [target / item.relative for item in planned if (target / item.relative).exists()]
    if existing:
        raise InitRefused(existing)
    for item in planned:
        write_atomically(target / item.relative, item.write_to, mode=0o644)
    return [item.relative for item in planned]


def plan(*, example: bool, answers: Answers) -> list[Planned]:
    planned = [Planned(Path(CONFIG_FILE), config_text(example=example, answers=answers).encode())]
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        relative = path.relative_to(TEMPLATE_DIR)
        if path.is_dir() or (example and relative.parts[0] in ("data", "sources")):
            continue
        parts = [DOT_NAMES.get(part, part) for part in relative.parts]
        planned.append(Planned(Path(*parts), path.read_bytes()))
    if example:
        data = example_data()
        planned.append(Planned(Path("data") / data.name, data.read_bytes()))
        planned.append(Planned(Path("sources") / "README.md", _EXAMPLE_SOURCES.encode()))
    if answers.base_iri:
        order = house_order(Settings())
        planned = [
            Planned(item.relative, _rebased(item, answers.base_iri, order).encode())
            if item.relative.parts[0] == "data" and item.relative.suffix == ".ttl"
            else item
            for item in planned
        ]
    return planned


def _rebased(item: Planned, base_iri: str, order: list[str]) -> str:
    return rebase_turtle(item.content.decode("utf-8"), STRATEGIGRAF_BASE_IRI, base_iri, item.relative, order)


_EXAMPLE_SOURCES = """\
# Source texts

Put the text each data file was made from here, under the name its `sgo:sourceText` gives
(`kilde:000_bad88d70322fed8d` is `000_bad88d70322fed8d.txt`): `kg validate` then checks every
element's lines against it. The Osloregionen example's scanned text is not shipped with kg.
"""


#: The keys `Answers` fill, and what to write in their place when they were not answered.
_ANSWERED = {
    "publisher.name": ("publisher", {"nb": "", "en": ""}),
    "publisher.id": ("org_number", ""),
    "project.base-iri": ("base_iri", STRATEGIGRAF_BASE_IRI),
    "contact.email": ("contact_email", ""),
}
_MISSING = (
    "# MISSING / MANGLER: not ready to be harvested until set (ikke klar for høsting før dette er satt)."
)


def config_text(*, example: bool, answers: Answers | None = None) -> str:
    """strategigraf.toml with every key, its meaning and its default (from KEYS), and the answers."""
    answers = answers or Answers()
    lines = [
        "# Strategigraf project settings. Every key is optional: the value shown is the default.",
        "# Keys and types are checked; the documentation describes each (reference/configuration).",
    ]
    table = None
    for key, spec in KEYS.items():
        section, name = key.split(".", 1)
        if section != table:
            lines += ["", f"[{section}]"]
            table = section
        lines.append(f"# {spec.doc}")
        value = spec.default
        if key == "catalogue.issued":
            lines.append(f"# issued = {date.today().isoformat()}")
            continue
        if key in _ANSWERED:
            field_name, placeholder = _ANSWERED[key]
            answer = getattr(answers, field_name)
            if key == "publisher.name" and answer is None and example:
                answer = "Osloregionen"
            if answer is None:
                lines.append(_MISSING)
                value = placeholder
            else:
                value = {"nb": answer, "en": answer} if key == "publisher.name" else answer
        lines.append(f"{name} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
