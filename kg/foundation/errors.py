"""The error every layer raises about a file a person wrote: FILE:LINE: what is wrong."""

from __future__ import annotations

from pathlib import Path


class FileError(Exception):
    """A problem in a file, with the line to look at when there is one."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
