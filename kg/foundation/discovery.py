"""Finding the project a command runs in: the nearest folder upwards with a `strategigraf.toml`.

As git, ruff and pytest find theirs, so `kg` works in any folder of a strategy repository.
"""

from __future__ import annotations

from pathlib import Path

from kg.foundation.config import CONFIG_FILE


class ProjectNotFound(Exception):
    """No `strategigraf.toml` in the folder or any folder above it."""

    def __init__(self, start: Path) -> None:
        self.start = start
        super().__init__(
            f"no {CONFIG_FILE} in {start} or any folder above it: run `kg init` to start a project "
            "there, or give --project-dir / KG_PROJECT_DIR"
        )


def find_project(start: Path) -> Path:
    """The nearest folder from `start` upwards holding a `strategigraf.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ProjectNotFound(start)
