"""The repository's own files: which Turtle files make up the ontology, the shapes and the data."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kg.foundation.settings import Settings


@dataclass(frozen=True)
class SourceFiles:
    """The Turtle files that make up the graph, by role."""

    ontology: tuple[Path, ...]
    shapes: tuple[Path, ...]
    data: tuple[Path, ...]

    def all(self) -> tuple[Path, ...]:
        return self.ontology + self.shapes + self.data


def turtle_files(*places: Path) -> tuple[Path, ...]:
    """Turtle files of folders (and their subfolders, through symbolic links) or named directly.

    Nothing here fails: what cannot be read as a file (a folder named `x.ttl`,
    a link to itself, a link back to a folder above it) is listed like a file,
    for `kg.foundation.rdf_files.check_file` to refuse with one line naming it.
    """
    found: list[Path] = []

    def walk(folder: Path, above: frozenset[tuple[int, int]]) -> None:
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            path = Path(entry.path)
            try:
                info = entry.stat()
            except OSError:  # a link loop or a missing target: listed, refused when read
                if entry.name.endswith(".ttl"):
                    found.append(path)
                continue
            if not stat.S_ISDIR(info.st_mode):
                if entry.name.endswith(".ttl"):
                    found.append(path)
            elif (info.st_dev, info.st_ino) in above or entry.name.endswith(".ttl"):
                found.append(path)  # a loop back to a folder above, or a folder named like a file
            else:
                walk(path, above | {(info.st_dev, info.st_ino)})

    for place in places:
        if place.is_dir():
            root = place.stat()
            start = len(found)
            walk(place, frozenset({(root.st_dev, root.st_ino)}))
            found[start:] = sorted(found[start:])
        elif place.is_file():
            found.append(place)
    return tuple(found)


def discover(settings: Settings) -> SourceFiles:
    return SourceFiles(
        ontology=turtle_files(settings.ontology_dir),
        shapes=turtle_files(*settings.shapes_dirs),
        data=turtle_files(settings.data_dir),
    )
