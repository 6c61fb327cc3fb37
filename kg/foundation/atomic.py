"""Replacing a file whole: a temporary file beside it, then one rename.

Every writer of files a person keeps (exports, drafts, formatted Turtle, a new project) goes
through here, so an interrupted or failed write leaves the old file, or none, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(
    path: Path,
    write: Callable[[IO[bytes]], object],
    *,
    mode: int | None = None,
    check: Callable[[Path], None] | None = None,
) -> int:
    """Write through `write` to a temporary file beside `path`, then rename it over `path`.

    `mode` defaults to what a new file gets under the umask (not mkstemp's 0600); `check` may read
    the written copy and raise to keep the old file. Returns the bytes written; raises OSError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
            size = file.tell()
            file.flush()
            os.fsync(file.fileno())
        if check is not None:
            check(Path(temporary))
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return size
