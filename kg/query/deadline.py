"""Time limits for work that cannot be cancelled.

pyoxigraph has no cancellation API, but it releases the GIL while it
evaluates, so another thread can watch the clock. Two ways:

* `call_with_deadline`: the work runs on a daemon thread and the caller
  waits with a deadline. On time-out the thread is abandoned: it keeps its
  CPU until it finishes or the process exits. Works under any host.
* `Watchdog`: the work runs on the caller's thread and a watchdog thread,
  which looks at the clock (and, if asked, the process's resident memory)
  every `tick`, calls `on_overrun` once the deadline has passed (or
  `on_memory` once the memory is over its ceiling). Both must end the
  process (after answering the client): that is how a server worker
  retires. No hand-off per call: the hand-off costs 30-60 µs of CPU, a
  tenth of a whole small request.

Threads do not survive a fork, so both start theirs lazily in the process
that uses them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from kg.foundation.memory import resident_bytes

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
    return cast(T, result)  # what fn returned, handed over by the worker


@dataclass(eq=False)
class _Watch:
    """One watched block: its deadline and memory ceiling, and what to call past them."""

    deadline: float
    on_overrun: Callable[[], None]
    memory_limit: int | None
    on_memory: Callable[[int], None] | None


class Watchdog:
    """Calls `on_overrun` (`on_memory`) from its own thread when watched work runs past its
    deadline (memory ceiling).

    Several blocks may be watched at once, each with its own deadline: a gevent worker that
    waits for a remote store takes other requests meanwhile.
    """

    def __init__(self, tick: float = 0.05) -> None:
        self.tick = tick
        self._lock = threading.Lock()
        self._watches: list[_Watch] = []
        self._pid: int | None = None

    @contextmanager
    def watch(
        self,
        seconds: float,
        on_overrun: Callable[[], None],
        *,
        memory_limit: int | None = None,
        on_memory: Callable[[int], None] | None = None,
    ) -> Iterator[None]:
        """Watch the block: `on_overrun()` runs on the watchdog's thread if it lasts over `seconds`,
        `on_memory(resident bytes)` if the process holds more than `memory_limit` bytes meanwhile."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._watches = []
            threading.Thread(target=self._loop, name="kg-watchdog", daemon=True).start()
        watched = _Watch(
            time.monotonic() + seconds,
            on_overrun,
            memory_limit if on_memory else None,
            on_memory,
        )
        with self._lock:
            self._watches.append(watched)
        try:
            yield
        finally:
            # Once a callback has begun this waits for it: the block never answers after it.
            with self._lock:
                if watched in self._watches:
                    self._watches.remove(watched)

    def _loop(self) -> None:
        while True:
            time.sleep(self.tick)
            with self._lock:
                if not self._watches:
                    continue
                now = time.monotonic()
                resident: int | None = None
                for watched in list(self._watches):
                    if now > watched.deadline:
                        self._watches.remove(watched)
                        watched.on_overrun()
                    elif watched.memory_limit is not None and watched.on_memory is not None:
                        resident = resident_bytes() if resident is None else resident
                        if resident > watched.memory_limit:
                            self._watches.remove(watched)
                            watched.on_memory(resident)
