"""The one interface every store implements, and the results it returns.

Everything above the store (endpoint, named queries, Linked Data pages,
catalog, export) is written against `Store`, so the embedded stores and a
remote SPARQL 1.1 store are interchangeable. Terms are pyoxigraph's
(`NamedNode`, `BlankNode`, `Literal`, `Triple`) on every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class SelectResult:
    """Solutions of a SELECT query: variable names and rows in the same order.

    `encode`, when a store offers it, writes the rows not yet read straight
    into a SPARQL results format (media type, output) in native code: the
    fast path for answers that need no row cap.
    """

    variables: list[str]
    rows: Iterator[tuple[Term | None, ...]]
    encode: Callable[[str, IO[bytes]], None] | None = None


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    triples: Iterator[ox.Triple]


QueryResult = SelectResult | AskResult | GraphResult


class StoreError(Exception):
    """The store could not answer: down, refused, timed out or broken."""


class StoreUnavailable(StoreError):
    """The store could not be reached or refused the request (HTTP 502 upstream)."""


class StoreTimeout(StoreError):
    """The store did not answer in time (HTTP 504 upstream)."""


class QuerySyntaxError(ValueError):
    """The store's parser rejected the query; the message names line and column."""


class Store(ABC):
    """A quad store that holds the graph in named graphs and answers SPARQL queries."""

    #: Short description for messages, e.g. "memory" or "sparql:http://host/sparql".
    label: str = "store"
    #: Whether a process holding the store may fork workers that share it.
    fork_safe: bool = True

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Evaluate a query.

        `default_graphs` None means: the dataset the query itself names (FROM),
        and if it names none, the store's default graph. `named_graphs` None
        means every named graph of the store. `base_iri` resolves relative IRIs
        in the query (the SPARQL Protocol's base: the endpoint's URL).
        """

    @abstractmethod
    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Atomically replace a named graph's content; returns the new triple count."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs the store holds, sorted."""

    @abstractmethod
    def triple_count(self, graph: str) -> int:
        """Number of triples in a named graph (0 when it does not exist)."""

    @abstractmethod
    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """Every triple of one named graph."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections; the default has nothing to release."""
