"""Computing things once per state of the dataset, not once per request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from kg.foundation.settings import Settings
from kg.store import Store

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


class PerState(Generic[T]):
    """One value per state of the dataset, made on first use (thread-safe)."""

    def __init__(self, build: Callable[[Store, Settings], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._state: Hashable | None = None
        self._value: T | None = None

    def get(self, store: Store, settings: Settings) -> T:
        state = dataset_state(store, settings)
        with self._lock:
            if self._value is None or state != self._state:
                self._value = self._build(store, settings)
                self._state = state
            return self._value
