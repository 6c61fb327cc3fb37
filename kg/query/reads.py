"""The one way to read the store while serving: every read under the query time limit.

A client's query (`kg.query.runner`) and everything else the server reads to
answer a request (a Linked Data page, the catalogue, VoID, the front page, the
dumps' state, the health check) go through `StoreReads`: the work gets the
store only inside the limit. The work must read what it needs whole before it
returns (lists, not pyoxigraph's lazy iterators, which evaluate as they are
read and must be dropped on the thread that made them).

Two ways, as for queries (`kg.query.deadline`): `read` runs the work on a
deadline thread and raises `QueryTimeout` past the limit (the abandoned thread
runs on until it ends); `read_watched` runs it on the caller's thread, for a
caller that watches the time itself and ends the process on an overrun (the
server's gunicorn workers, `server.time_limit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from kg.query.deadline import DeadlineExceeded, call_with_deadline
from kg.store import Store

T = TypeVar("T")


class QueryTimeout(Exception):
    """A read of the store ran past the time limit; it goes on in an abandoned thread until the
    process exits. `what` says what was stopped ("the query", "reading the store")."""

    def __init__(self, seconds: float, what: str = "the query") -> None:
        self.seconds = seconds
        self.what = what
        super().__init__(f"{what} did not finish within the time limit of {seconds:g} s")


class Read(Protocol):
    """What lends the store to work under a time limit (`StoreReads.read`, or the server's own)."""

    def __call__(self, work: Callable[[Store], T]) -> T: ...


class StoreReads:
    """The store, lent only to work that reads it within the time limit."""

    def __init__(self, store: Store, timeout: float) -> None:
        self._store = store
        self.timeout = timeout

    @property
    def label(self) -> str:
        """The store's name for messages (`Store.label`)."""
        return self._store.label

    def read(self, work: Callable[[Store], T], what: str = "reading the store") -> T:
        """`work(store)` on a deadline thread; `QueryTimeout` when it runs past the time limit.

        The work reads one version of the dataset throughout (`Store.snapshot`, looked up within
        the limit): a push that switches meanwhile shows in the next read, never half in this one.
        """
        try:
            return call_with_deadline(lambda: work(self._store.snapshot()), self.timeout)
        except DeadlineExceeded:
            raise QueryTimeout(self.timeout, what) from None

    def read_watched(self, work: Callable[[Store], T]) -> T:
        """`work(store)` on the calling thread, with no limit, on one version as `read`: for a caller
        that watches the time itself (`kg.query.deadline.Watchdog`), and for `kg serve`'s start-up,
        which no client awaits."""
        return work(self._store.snapshot())
