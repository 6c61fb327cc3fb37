"""The one interface every store implements, and the results it returns.

Everything above the store (endpoint, named queries, Linked Data pages,
catalog, export) is written against `Store`, so the embedded stores and a
remote SPARQL 1.1 store are interchangeable. Terms are pyoxigraph's
(`NamedNode`, `BlankNode`, `Literal`, `Triple`) on every backend.

The guarantee of a push (`replace_graphs`), on every backend: a reader
that takes a `snapshot` (kg serve per request, kg query per command) reads
one dataset whole, the old or the new, however the push ends, killed or
failed at any step; after it, the store shows the old dataset or the new
one, whole, and the next push removes what the interrupted one left. How
each backend keeps it, and what others see:

* memory: the push assembles the graphs in the process's own store, which
  nobody else reads.
* `oxigraph:DIR` (`kg.store.disk_layout`): a new database is built beside
  the live one and made live by renaming a link; a reader keeps the
  database it opened until it reopens (kg serve: until restarted). Another
  program opening DIR/live sees the same.
* `sparql:` (`kg.store.pointer`, `kg.store.sparql`): each push writes a new
  version under graph names never used before and makes it live by one
  small insert in the version graph; kg's readers resolve that pointer once
  per snapshot and name the version's graphs in every query. A client
  querying the store directly sees the store's own graphs: on Virtuoso,
  whose default graph is the union of all graphs, that is every version kg
  keeps (the live one, the one before it, any within the grace period) and
  the version graph, unless it names graphs (FROM, default-graph-uri).
  Oxigraph's server and Fuseki keep a default graph of their own (empty:
  kg writes only named graphs) unless set up to make it the union, and
  list each version's graphs under the store's names for them.
  docs/operator/stores.md says so for operators.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox

from kg.foundation.formats import N_TRIPLES, serialized

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: A term with a `.value`: any but an RDF 1.2 triple term.
PlainTerm = ox.NamedNode | ox.BlankNode | ox.Literal
#: Named graph IRI -> the RDF files whose triples make up that graph.
GraphSources = Mapping[str, Sequence[Path]]
#: Told the name of each step of a push as it is reached ("uploaded <graph>", "switched", ...):
#: what a caller shows as progress, and where the crash tests stop a push (tests/support/push_runner.py).
StepHook = Callable[[str], None]


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
    #: Called at each named step of a push (see `StepHook`); None: nobody listens.
    on_step: StepHook | None = None

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

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Atomically replace a named graph's content; returns the new triple count.

        Reads the count back and raises `StoreError` when the store holds
        another number of triples than was sent: a store that drops or merges
        terms (Virtuoso maps some literals onto others) must not do so silently.
        """
        distinct = list(dict.fromkeys(triples))
        self._replace(graph, distinct)
        return check_count(self, graph, len(distinct))

    @abstractmethod
    def _replace(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace a graph's content by these distinct triples, in one atomic step."""

    def load_graphs(self, sources: GraphSources) -> dict[str, int]:
        """Replace each graph by the triples of its files, in one transaction; returns their counts.

        Parsed (in Rust) into a memory store first: a syntax error raises
        `RdfSyntaxError` (file, line, column) before the store is touched.
        """
        staged = self.staging()
        return self.replace_graphs(staged, staged.load_graphs(sources))

    @abstractmethod
    def replace_graphs(self, staged: Store, counts: Mapping[str, int]) -> dict[str, int]:
        """Replace these graphs by the staged store's, all at once: the push.

        `counts` are what each graph holds in `staged` (an embedded memory store)
        and must hold afterwards; they are read back, and a mismatch is a
        `StoreError`. At every instant a snapshot reads every graph old or
        every graph new, and a process killed at any point leaves one of the
        two (see the module's docstring for how each backend keeps this).
        """

    @abstractmethod
    def staging(self) -> Store:
        """Where a push assembles its graphs before `replace_graphs` (an embedded memory store)."""

    def reached(self, step: str) -> None:
        """Tell `on_step` that a push has reached `step`."""
        if self.on_step is not None:
            self.on_step(step)

    def snapshot(self) -> Store:
        """The store as one reader sees it for one request: every read of it sees one version.

        Embedded stores change only by a whole new database (`oxigraph:DIR`) or
        not while they are read (memory): they are their own snapshot. A
        `sparql:` store resolves its version pointer once, here.
        """
        return self

    def record_subject(self, version_graph: str) -> str:
        """The subject of the record (`kg.store.version`) of the version this store shows."""
        return version_graph

    def rollback(self) -> str:
        """Make the version before the live one live again; says what was done, for a person.

        Raises `StoreError` when the store keeps no previous version.
        """
        raise StoreError(f"{self.label} keeps no previous version to roll back to")

    def remove_unused(self) -> list[str]:
        """Check that the store can take a push; remove what interrupted pushes left, and replaced
        versions no reader can be reading any more (before and after a push: `kg.cli.loading`).

        Returns the names of what was removed (nothing by default).
        """
        return []

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs the store holds, sorted."""

    @abstractmethod
    def triple_count(self, graph: str) -> int:
        """Number of triples in a named graph (0 when it does not exist)."""

    @abstractmethod
    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """Every triple of one named graph."""

    def change_marker(self, graphs: Sequence[str]) -> Hashable:
        """A value that changes whenever these graphs' content may have: what is made from them is remade.

        By default their triple counts (a store that others write to; a change that keeps
        every count equal goes unnoticed). A store that sees every write keeps a cheaper one:
        counting costs a scan, 17 ms at 100k triples, on every request that asks.
        """
        return tuple((graph, self.triple_count(graph)) for graph in graphs)

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples: what dumps are made from, by the store's own writer if it has one."""
        return serialized(self.graph_triples(graph), N_TRIPLES.oxigraph)

    def dump_graph(self, graph: str, path: Path) -> None:
        """Write one named graph to a file as N-Triples."""
        path.write_bytes(self.graph_ntriples(graph))

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files or connections; the default has nothing to release."""

    def before_fork(self) -> None:  # noqa: B027 - optional hook
        """Let go of what must not be shared with forked server workers (open files, locks)."""

    def after_fork(self) -> None:  # noqa: B027 - optional hook
        """In a forked worker: reopen, read-only, what `before_fork` let go of."""


AnswerKind = TypeVar("AnswerKind", SelectResult, AskResult, GraphResult)


def expect(result: QueryResult, kind: type[AnswerKind]) -> AnswerKind:
    """`result` as the kind of answer its query asks for (a SELECT's: `SelectResult`, ...).

    A store that answers with another kind is broken, as one whose answer does
    not parse: `StoreUnavailable` (an assert would vanish under `python -O`).
    """
    if not isinstance(result, kind):
        raise StoreUnavailable(
            f"the store answered with {type(result).__name__} where {kind.__name__} was due"
        )
    return result


def check_count(store: Store, graph: str, expected: int) -> int:
    """The graph's count in the store, or `StoreError` when it is not what was written."""
    count = store.triple_count(graph)
    if count != expected:
        raise StoreError(
            f"{store.label}: graph <{graph}> holds {count} triples after the write, but {expected} were sent"
        )
    return count
