"""Waiting for something to become true by polling it, instead of sleeping a guessed time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll `condition` until it holds or `timeout` seconds have passed; whether it held.

    `condition` may raise to stop the wait early (e.g. the process waited for exited).
    """
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def process_exists(pid: int) -> bool:
    """Whether a process of that id is still there (a condition to wait on)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
