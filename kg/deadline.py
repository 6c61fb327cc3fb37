"""Running a call with a time limit when the work itself cannot be cancelled.

pyoxigraph has no cancellation API, but it releases the GIL while it
evaluates. So the work runs on a daemon thread and the caller waits for it
with a deadline. On time-out the thread is abandoned (it keeps its CPU until
it finishes or the process exits), which is why the server retires a worker
process whose query ran over: the work really stops only with the process.

Idle threads are kept for the next call (a hand-off under two bare locks
costs ~35 µs; a new thread per call ~55 µs). Threads do not survive a fork,
so they are started lazily in the process that uses them; an abandoned
thread is never reused.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The call did not finish in time; its thread still runs until the process exits."""


class _Worker:
    """A daemon thread that runs one call at a time."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._go = threading.Lock()
        self._go.acquire()
        self._done = threading.Lock()
        self._done.acquire()
        self._fn: Callable[[], Any] | None = None
        self._result: Any = None
        self._error: BaseException | None = None
        threading.Thread(target=self._loop, name="kg-deadline", daemon=True).start()

    def call(self, fn: Callable[[], Any], seconds: float) -> tuple[bool, Any, BaseException | None]:
        """(finished, result, error); not finished means the thread is still busy with `fn`."""
        self._fn = fn
        self._go.release()
        if not self._done.acquire(timeout=seconds):
            return False, None, None
        outcome = True, self._result, self._error
        self._result = self._error = None
        return outcome

    def _loop(self) -> None:
        while True:
            self._go.acquire()
            try:
                self._result = self._fn()  # type: ignore[misc]
            except BaseException as error:  # handed to the caller, which re-raises it
                self._error = error
            self._fn = None
            self._done.release()


_idle: list[_Worker] = []


def call_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """`fn()`, or DeadlineExceeded after `seconds`; exceptions of `fn` reach the caller."""
    try:
        worker = _idle.pop()
    except IndexError:
        worker = _Worker()
    if worker.pid != os.getpid():  # inherited through fork: its thread is gone
        _idle.clear()
        worker = _Worker()
    finished, result, error = worker.call(fn, seconds)
    if not finished:  # the worker is dropped, never reused
        raise DeadlineExceeded(f"still running after {seconds:g} s")
    _idle.append(worker)
    if error is not None:
        raise error
    return result
