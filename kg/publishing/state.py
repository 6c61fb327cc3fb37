"""Computing things once per state of the dataset, not once per request."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kg import __version__
from kg.foundation.settings import Settings
from kg.query.reads import Read
from kg.store import Store

R = TypeVar("R")
T = TypeVar("T")


def dataset_graphs(store: Store, settings: Settings) -> list[str]:
    """The named graphs that make up the published dataset, in the settings' order.

    These are the asserted graphs (ontology, data, any further graph): what
    the stewards wrote. The inferred graph is left out: it follows from them,
    may change with the reasoner, and the SPARQL endpoint answers with it. So
    are the subject vocabularies kg ships (Los, the SDGs): others' data, ten
    times the size of a strategy, served as named graphs of their own
    (`/graph/los`, `/graph/sdg`) and seen by every query, not republished in
    the dataset's dumps and figures.
    """
    held = set(store.graph_names())
    shipped = {iri for iri, _ in settings.subject_graphs}
    return [graph for graph in settings.asserted_graphs() if graph in held and graph not in shipped]


def described_graphs(store: Store, settings: Settings) -> list[str]:
    """The graphs a resource's page and description read: the dataset's, and the subject
    vocabularies, which name the concepts its elements link to (in nb and en)."""
    held = set(store.graph_names())
    return [*dataset_graphs(store, settings), *(iri for iri, _ in settings.subject_graphs if iri in held)]


def dataset_state(store: Store, settings: Settings) -> Hashable:
    """What identifies the dataset's current content, cheaply (`Store.change_marker`)."""
    return store.change_marker(dataset_graphs(store, settings))


def kept_key(dataset: str, settings: Settings) -> str:
    """The name under which what is made from the dataset named `dataset` (`kg.store.version`) is
    kept in the project's cache: it differs with the dataset, kg's version and the base IRI."""
    return hashlib.sha256(f"{dataset}\n{__version__}\n{settings.base_iri}".encode()).hexdigest()[:32]


def unchanged(value: R, _settings: Settings) -> R:
    """For a `PerState` whose value is what it read."""
    return value


class PerState(Generic[R, T]):
    """One value per state of the dataset, made on first use (thread-safe).

    In two steps: `read` reads the store, through the caller's `Read` (under its
    time limit), and `make` makes the value from what was read, outside it: making
    the dumps of a large graph takes minutes of JSON-LD, reading it seconds.
    """

    def __init__(self, read: Callable[[Store, Settings], R], make: Callable[[R, Settings], T]) -> None:
        self._read = read
        self._make = make
        self._lock = threading.Lock()
        #: The state of the dataset the value was made for, and the value.
        self._made: tuple[Hashable, T] | None = None

    def get(self, read: Read, settings: Settings) -> T:
        """The value for the dataset as the store holds it now."""
        with self._lock:
            made = self._made
            state, fresh = read(lambda store: self._fetch(store, settings, made))
            if made is None or fresh:
                made = self._made = (state, self._make(fresh[0], settings))
            return made[1]

    def _fetch(
        self, store: Store, settings: Settings, made: tuple[Hashable, T] | None
    ) -> tuple[Hashable, list[R]]:
        """The dataset's state, and (unless the value was made for that state) what to make it from."""
        state = dataset_state(store, settings)
        if made is not None and made[0] == state:
            return state, []
        return state, [self._read(store, settings)]
