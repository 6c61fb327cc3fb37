"""Giving freed memory back to the operating system after the large one-off jobs of a load.

glibc keeps freed heap memory for reuse; after the inference or the dumps of a
large graph that is hundreds of megabytes the server never needs again, and
that every forked worker would appear to share. `malloc_trim` returns it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return None


def release_freed_memory() -> None:
    """Return the heap's free pages to the system (glibc only; elsewhere a no-op)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
