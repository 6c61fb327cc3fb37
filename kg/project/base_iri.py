"""`kg base-iri NEW`: move an existing project's IRIs to another base, in its data and its settings.

Every Turtle file of data/ is rewritten by `kg.steward.rebase` (IRIs moved, house style, the
graph checked to be the old one with its IRIs moved) and `project.base-iri` of strategigraf.toml
is set, its comments and other lines kept. All files are prepared before the first is written, so
a file that does not parse stops the command with nothing changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.foundation.atomic import write_atomically
from kg.foundation.config import CONFIG_FILE, base_iri_problem, load_config
from kg.foundation.settings import Settings
from kg.foundation.sources import turtle_files
from kg.steward.files import house_order
from kg.steward.rebase import rebase_turtle
from kg.steward.turtle_tokens import TurtleSyntaxError

_TABLE = re.compile(r"^\s*\[\s*project\s*\]\s*(#.*)?$")
_ASSIGNMENT = re.compile(r'^(\s*base-iri\s*=\s*)("(?:[^"\\]|\\.)*"|\'[^\']*\')(.*)$')


class CannotRebase(ValueError):
    """The base cannot be changed as asked: why, in one line."""


@dataclass(frozen=True)
class Rebased:
    """One file and its new text."""

    path: Path
    text: str

    def write_to(self, file: IO[bytes]) -> None:
        file.write(self.text.encode("utf-8"))


def plan_rebase(settings: Settings, new: str) -> list[Rebased]:
    """The project's data files and strategigraf.toml with their IRIs under `new`; nothing written.

    Raises CannotRebase for a base that is not one, the base the project has already, or a data
    file that is not Turtle or does not parse (FILE:LINE:COLUMN).
    """
    problem = base_iri_problem(new)
    if problem:
        raise CannotRebase(problem)
    old = settings.base_iri
    if new == old:
        raise CannotRebase(f"the project's base IRI is {old} already")
    data = turtle_files(settings.data_dir) if settings.data_dir.is_dir() else ()
    others = [
        p for p in sorted(settings.data_dir.rglob("*")) if p.is_file() and p not in data and p.suffix != ".md"
    ]
    if others:
        raise CannotRebase(
            f"{others[0]}: only Turtle data files can be rewritten; convert it first (kg export)"
        )
    order = house_order(settings)
    planned = []
    for path in data:
        text = path.read_text(encoding="utf-8")
        try:
            planned.append(Rebased(path, rebase_turtle(text, old, new, path, order)))
        except TurtleSyntaxError as error:
            raise CannotRebase(f"{path}:{error.line}:{error.column}: syntax error: {error.message}") from None
    config = settings.project_dir / CONFIG_FILE
    before = config.read_text(encoding="utf-8") if config.is_file() else ""
    planned.append(Rebased(config, with_base_iri(before, new)))
    return planned


def apply_rebase(planned: list[Rebased]) -> None:
    """Write each file whole; strategigraf.toml last, checked to load with its new base."""
    for item in planned:
        check = _loads if item.path.name == CONFIG_FILE else None
        write_atomically(item.path, item.write_to, check=check)


def _loads(written: Path) -> None:
    load_config(written)


def with_base_iri(text: str, new: str) -> str:
    """strategigraf.toml's text with `project.base-iri` set to `new`, every other line kept."""
    lines = text.splitlines()
    value = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    in_project = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("["):
            in_project = bool(_TABLE.match(line))
            continue
        found = _ASSIGNMENT.match(line)
        if in_project and found:
            lines[number] = found.group(1) + value + found.group(3)
            return "\n".join(lines) + "\n"
    for number, line in enumerate(lines):
        if _TABLE.match(line):
            lines.insert(number + 1, f"base-iri = {value}")
            return "\n".join(lines) + "\n"
    return "\n".join([f"[project]\nbase-iri = {value}\n", *lines]).rstrip("\n") + "\n"
