"""Running one client's SPARQL query: guard, dataset, time limit and row cap over any `Store`.

Everything a query costs happens inside the time limit: the guard's
analysis, evaluation and reading the rows (pyoxigraph evaluates lazily, as
rows are pulled). Stopping after `max_rows + 1` rows both caps the answer and
tells whether it was cut. No web framework here: the endpoint, named queries
and the command line can all use it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox

from kg.foundation.formats import SPARQL_JSON, SPARQL_XML, TSV, results_syntax
from kg.foundation.settings import Settings
from kg.query.deadline import DeadlineExceeded, call_with_deadline
from kg.query.guard import UPDATE_REFUSED, QueryRefused, analyse, is_update, plan_dataset
from kg.store import AskResult, GraphResult, QueryResult, QuerySyntaxError, SelectResult, Store
from kg.store.base import Term

T = TypeVar("T")

#: Results formats the store may write itself, each with a marker that every row contains at
#: least once (a value may hold it too, which only counts more): an answer with at most
#: `max_rows` markers has at most that many rows. Counting them costs a few µs; reading the
#: answer back to count rows, about a µs a row.
ROW_MARKERS = {SPARQL_JSON.media_type: b"{", SPARQL_XML.media_type: b"<result", TSV.media_type: b"\n"}
#: Bytes per allowed row a natively written answer may take before it is given up for the
#: row-capped path: bounds the memory one answer can use.
ROW_BUDGET_BYTES = 4096


class QueryTimeout(Exception):
    """The query ran past the time limit; it goes on in an abandoned thread until the process exits."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the query did not finish within the time limit of {seconds:g} s")


@dataclass(frozen=True)
class QueryRequest:
    """A query and the dataset parameters of the SPARQL Protocol."""

    text: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    #: Include the inferred graph in the default graph; None: the server's setting.
    infer: bool | None = None
    #: Base for relative IRIs in the query (the endpoint's URL).
    base_iri: str | None = None
    #: The results format the client will take a SELECT answer in, when known before it runs:
    #: the store may then write the answer itself (see `Solutions.encoded`).
    results_format: str | None = None


@dataclass
class Solutions:
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    #: Rows were cut at the row limit.
    truncated: bool = False
    #: The whole answer already written in `encoded_as` (a results media type), rows left empty.
    encoded: bytes | None = None
    encoded_as: str | None = None

    def decoded_rows(self) -> list[tuple[Term | None, ...]]:
        """The rows, read back from the encoded answer when there is one."""
        if self.encoded is None or self.encoded_as is None:
            return self.rows
        solutions = ox.parse_query_results(self.encoded, results_syntax(self.encoded_as).oxigraph)
        return [tuple(solution) for solution in solutions]  # type: ignore[union-attr]


@dataclass
class Boolean:
    value: bool


@dataclass
class Triples:
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False


Answer = Solutions | Boolean | Triples


class QueryRunner:
    """Answers queries on a store within the settings' time limit and row cap."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.timeout = settings.query_timeout
        self.max_rows = settings.max_rows
        self.max_nesting = settings.max_nesting
        # Computed once: the default graph's members for each value of `infer`.
        self._repository_default = {
            None: settings.default_graphs(),
            True: settings.default_graphs(infer=True),
            False: settings.default_graphs(infer=False),
        }

    def run(self, request: QueryRequest) -> Answer:
        """The capped answer, within the time limit (on a worker thread, see kg.query.deadline).

        Raises QueryRefused, QuerySyntaxError, QueryTimeout or StoreError.
        """
        try:
            return call_with_deadline(lambda: self.answer(request), self.timeout)
        except DeadlineExceeded:
            raise QueryTimeout(self.timeout) from None

    def answer(self, request: QueryRequest) -> Answer:
        """The capped answer on the calling thread, with no time limit: for a caller that
        watches the time itself (`kg.query.deadline.Watchdog`)."""
        analysis = analyse(request.text, request.base_iri, self.max_nesting)
        analysis.raise_if_refused()
        store = self.store.snapshot()  # one version of the dataset for all the query reads
        protocol_dataset = request.default_graph_uris or request.named_graph_uris
        held = set(store.graph_names()) if protocol_dataset or analysis.has_dataset_clause else set()
        dataset = plan_dataset(
            analysis,
            default_graph_uris=request.default_graph_uris,
            named_graph_uris=request.named_graph_uris,
            held=held,
            repository_default=self._repository_default[request.infer],
        )

        def evaluate() -> QueryResult:
            return store.query(
                request.text,
                default_graphs=dataset.default_graphs,
                named_graphs=dataset.named_graphs,
                timeout=self.timeout,
                base_iri=request.base_iri,
            )

        try:
            # The store's result goes straight to _read and is never a local here: pyoxigraph's
            # result iterators must be dropped on the thread that made them, and this frame can
            # outlive the call (rdflib's parser leaves reference cycles through its callers' frames).
            try:
                return self._read(evaluate(), request.results_format)
            except _TooLarge:
                return self._read(evaluate())
        except QuerySyntaxError:
            if is_update(request.text):
                raise QueryRefused(UPDATE_REFUSED) from None
            raise

    def _read(self, result: QueryResult, results_format: str | None = None) -> Answer:
        if isinstance(result, AskResult):
            return Boolean(result.value)
        if isinstance(result, GraphResult):
            triples, truncated = self._capped(result.triples)
            return Triples(triples, truncated)
        if result.encode is not None and results_format in ROW_MARKERS:
            return self._encoded(result, results_format)
        rows, truncated = self._capped(result.rows)
        return Solutions(result.variables, rows, truncated)

    def _encoded(self, result: SelectResult, media_type: str) -> Solutions:
        """The answer as the store writes it natively, unless it has more rows than the cap.

        An answer with at most `max_rows` row markers has at most `max_rows`
        rows; one with more is read back to count them. One that outgrows the
        byte budget is dropped for the row-capped path.
        """
        output = _Budget(self.max_rows * ROW_BUDGET_BYTES if self.max_rows > 0 else None)
        try:
            result.encode(media_type, output)  # type: ignore[misc]
        except _BudgetExceeded:
            raise _TooLarge from None
        encoded = output.getvalue()
        if self.max_rows <= 0 or encoded.count(ROW_MARKERS[media_type]) <= self.max_rows:
            return Solutions(result.variables, [], encoded=encoded, encoded_as=media_type)
        solutions = ox.parse_query_results(encoded, results_syntax(media_type).oxigraph)
        rows, truncated = self._capped(tuple(solution) for solution in solutions)  # type: ignore[union-attr]
        if truncated:
            return Solutions(result.variables, rows, truncated=True)
        return Solutions(result.variables, [], encoded=encoded, encoded_as=media_type)

    def _capped(self, items: Iterable[T]) -> tuple[list[T], bool]:
        if self.max_rows <= 0:
            return list(items), False
        taken = list(islice(items, self.max_rows + 1))
        if len(taken) > self.max_rows:
            return taken[: self.max_rows], True
        return taken, False


class _BudgetExceeded(Exception):
    """Raised into the store's writer when an answer outgrows its byte budget."""


class _TooLarge(Exception):
    """A natively written answer outgrew its budget: answer again on the row-capped path."""


class _Budget(io.BytesIO):
    """An in-memory output that refuses to grow past `limit` bytes (None: no limit)."""

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.limit is not None and self.tell() + len(data) > self.limit:
            raise _BudgetExceeded
        return super().write(data)
