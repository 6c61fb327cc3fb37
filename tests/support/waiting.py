"""Waiting for something to become true by polling it, instead of sleeping a guessed time.

Every wait has a budget in seconds as measured on an idle machine; it is
stretched by how busy the machine is when the wait starts (`scaled`), so that
a test on two cores shared by many processes waits as long as it needs and
no test fails only because the machine was slow.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def scaled(seconds: float) -> float:
    """A budget measured on an idle machine, for this machine now.

    The load average per CPU is how many runnable processes share each core:
    what takes `seconds` alone takes about that many times longer (and never
    less than alone).
    """
    busy = os.getloadavg()[0] / (os.cpu_count() or 1)
    return seconds * max(1.0, busy)


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll `condition` until it holds or the budget `timeout` (`scaled`) has passed; whether it held.

    `condition` may raise to stop the wait early (e.g. the process waited for exited).
    """
    deadline = time.monotonic() + scaled(timeout)
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
