"""Formatting files: which ones, reading them, and writing them back safely.

A file is replaced only by a complete, checked copy: the house-style text goes to a
temporary file beside it, which is read back and must parse to a graph isomorphic to the
original's before it is renamed over the original (atomic on POSIX). A file that does
not parse, or that formatting would change in meaning, is never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.foundation.atomic import write_atomically
from kg.foundation.settings import Settings
from kg.foundation.sources import discover, turtle_files
from kg.steward.predicate_order import predicate_order
from kg.steward.turtle_format import MeaningChanged, format_turtle, graph_of, same_graph
from kg.steward.turtle_tokens import TurtleSyntaxError


@dataclass(frozen=True)
class Formatted:
    """One file: its text, its text in house style, or why it cannot be formatted."""

    path: Path
    text: str
    formatted: str | None = None
    syntax_error: TurtleSyntaxError | None = None
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.text


def files_to_format(paths: Sequence[Path], settings: Settings) -> list[Path]:
    """PATHS (folders: their Turtle files), or every Turtle file of the project.

    Without PATHS, only the project's own files: a vocabulary that kg ships (installed
    with it) is not the steward's to rewrite.
    """
    if paths:
        return list(dict.fromkeys(turtle_files(*paths)))
    project = settings.project_dir.resolve()
    return [path for path in discover(settings).all() if path.resolve().is_relative_to(project)]


def house_order(settings: Settings) -> list[str]:
    """The predicate order of the project's shapes (raises TurtleSyntaxError if they do not parse)."""
    return predicate_order(turtle_files(*settings.shapes_dirs))


def format_file(path: Path, order: Sequence[str]) -> Formatted:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        return Formatted(path, "", problem=f"cannot read: {error.strerror}")
    except UnicodeDecodeError as error:
        return Formatted(path, "", problem=f"not UTF-8 text (byte {error.start})")
    try:
        return Formatted(path, text, formatted=format_turtle(text, path, order))
    except TurtleSyntaxError as error:
        return Formatted(path, text, syntax_error=error)
    except MeaningChanged as error:
        return Formatted(path, text, problem=str(error))


def format_files(paths: Iterable[Path], order: Sequence[str]) -> list[Formatted]:
    return [format_file(path, order) for path in paths]


def write_checked(result: Formatted) -> None:
    """Replace the file by its formatted text, after checking the written copy means the same."""
    if result.formatted is None:
        raise ValueError(f"{result.path}: not formatted ({result.problem}); nothing to write")
    path = result.path
    base = path.resolve().as_uri()

    def same_meaning(written: Path) -> None:
        if not same_graph(graph_of(result.text, base), graph_of(written.read_bytes().decode("utf-8"), base)):
            raise MeaningChanged("the written copy does not hold the same graph")

    text = result.formatted.encode("utf-8")
    write_atomically(
        path, lambda file: file.write(text), mode=path.stat().st_mode & 0o7777, check=same_meaning
    )
