"""Memory of this process: giving freed memory back after the large one-off jobs of a load,
and reading how much is resident (for the server's memory ceiling).

glibc keeps freed heap memory for reuse; after the inference or the dumps of a
large graph that is hundreds of megabytes the server never needs again, and
that every forked worker would appear to share. `malloc_trim` returns it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
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


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """This process's resident set size now (Linux's /proc; 0 where there is none).

    A read of /proc/self/statm costs a few µs, cheap enough for a watchdog's every tick.
    """
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except OSError:
        return 0
