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


def turtle_files(*places: Path) -> tuple[Path, ...]:
    """Turtle files of folders (and their subfolders) or named directly, in a stable order."""
    found: list[Path] = []
    for place in places:
        if place.is_file():
            found.append(place)
        elif place.is_dir():
            found.extend(sorted(place.rglob("*.ttl")))
    return tuple(found)


def discover(settings: Settings) -> SourceFiles:
    return SourceFiles(
        ontology=turtle_files(settings.ontology_dir),
        shapes=turtle_files(*settings.shapes_dirs),
        data=turtle_files(settings.data_dir),
    )
