"""`kg init`: a new strategy repository that validates and serves as soon as it is made.

The files come from `template/` beside this module (dot-files are stored without their dot, so
that packaging and git keep them) and `strategigraf.toml` is written from `KEYS`, every key with
its meaning and default, so the file and the documentation cannot drift apart. With `example`,
the Osloregionen example data takes the template's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from kg.foundation.atomic import write_atomically
from kg.foundation.config import CONFIG_FILE, KEYS, toml_value
from kg.foundation.vocabulary import example_data

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


@dataclass(frozen=True)
class Planned:
    """One file `kg init` writes: its place in the new project, and its bytes."""

    relative: Path
    content: bytes

    def write_to(self, file: IO[bytes]) -> None:
        file.write(self.content)


def init_project(target: Path, *, example: bool = False) -> list[Path]:
    """Write a new project into `target` (made if missing); the paths written, relative to it.

    Refuses, writing nothing, when any of the files exists. Each file is written to a temporary
    name and renamed, so an interrupted run leaves whole files only.
    """
    planned = plan(example=example)
    existing = [target / item.relative for item in planned if (target / item.relative).exists()]
    if existing:
        raise InitRefused(existing)
    for item in planned:
        write_atomically(target / item.relative, item.write_to, mode=0o644)
    return [item.relative for item in planned]


def plan(*, example: bool) -> list[Planned]:
    planned = [Planned(Path(CONFIG_FILE), config_text(example=example).encode())]
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
    return planned


_EXAMPLE_SOURCES = """\
# Source texts

Put the text each data file was made from here, under the name its `sgo:sourceText` gives
(`kilde:000_bad88d70322fed8d` is `000_bad88d70322fed8d.txt`): `kg validate` then checks every
element's lines against it. The Osloregionen example's scanned text is not shipped with kg.
"""


def config_text(*, example: bool) -> str:
    """strategigraf.toml with every key, its meaning and its default (from KEYS)."""
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
        if example and key == "publisher.name":
            value = {"nb": "Osloregionen", "en": "Osloregionen"}
        lines.append(f"{name} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
