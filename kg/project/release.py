"""When the data last changed: the catalogue's dct:modified comes from the data, not from code.

In order: the newest `dct:modified` stated in the data (the caller asks its store), else the
newest commit touching the data folder when the project is a git repository, else the newest
modification time of its files.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from kg.foundation.sources import turtle_files


def data_changed(data_dir: Path) -> date | None:
    """The date of the newest commit touching `data_dir`, else of its newest file; None if empty."""
    return _last_commit(data_dir) or _newest_file(data_dir)


def _last_commit(folder: Path) -> date | None:
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.strip()
    return date.fromisoformat(text) if done.returncode == 0 and text else None


def _newest_file(folder: Path) -> date | None:
    times = [path.stat().st_mtime for path in turtle_files(folder)]
    return datetime.fromtimestamp(max(times), tz=UTC).date() if times else None
