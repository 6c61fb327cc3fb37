"""The repository's own files: which Turtle files make up the ontology, the shapes and the data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.settings import Settings


@dataclass(frozen=True)
class SourceFiles:
    """The Turtle files that make up the graph, by role."""

    ontology: tuple[Path, ...]
    shapes: tuple[Path, ...]
    data: tuple[Path, ...]

    def all(self) -> tuple[Path, ...]:
        return self.ontology + self.shapes + self.data


def turtle_files(directory: Path) -> tuple[Path, ...]:
    """Turtle files of a folder and its subfolders, in a stable order."""
    if not directory.is_dir():
        return ()
    return tuple(sorted(directory.rglob("*.ttl")))


def discover(settings: Settings) -> SourceFiles:
    return SourceFiles(
        ontology=turtle_files(settings.ontology_dir),
        shapes=turtle_files(settings.shapes_dir),
        data=turtle_files(settings.data_dir),
    )
