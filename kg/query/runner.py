"""Running one client's SPARQL query: guard, dataset, time limit and row cap over any `Store`.

Everything a query costs happens inside the time limit: the guard's
analysis, evaluation and reading the rows (pyoxigraph evaluates lazily, as
rows are pulled). Stopping after `max_rows + 1` rows both caps the answer and
tells whether it was cut. No web framework here: the endpoint, named queries
and the command line can all use it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, TypeVar

import pyoxigraph as ox

from kg.foundation.formats import SPARQL_JSON, SPARQL_XML, TSV, results_syntax
from kg.foundation.settings import Settings
from kg.query.guard import UPDATE_REFUSED, QueryRefused, analyse, plan_dataset
from kg.query.reads import StoreReads
from kg.query.sparql_parser import is_update
from kg.store import AskResult, GraphResult, QueryResult, QuerySyntaxError, SelectResult, Store
from kg.store.base import Term

T = TypeVar("T")

#: Results formats the store may write itself, each with a marker that every row contains at
#: least once (a value may hold it too, which only counts more): an answer with at most
#: `max_rows` markers has at most that many rows. Counting them costs a few µs; reading the
#: answer back to count rows, about a µs a row.
ROW_MARKERS = {SPARQL_JSON.media_type: b"{", SPARQL_XML.media_type: b"<result", TSV.media_type: b"\n"}
#: Bytes per allowed row a natively written answer may take before it is given up for the
#: row-capped path: bounds the space one answer can use.
ROW_BUDGET_BYTES = 4096
#: A natively written answer is held in memory up to this size, in a temporary file beyond it:
#: a 10 000-row answer (2-5 MB) is then sent from the file, not held whole by the worker.
SPOOL_BYTES = 1 << 20


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


#: The words the `infer` parameter takes (any case), on /sparql and in the API.
INFER_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def parse_infer(text: str) -> bool:
    """A value of the `infer` parameter; ValueError, naming the words it takes, for any other."""
    try:
        return INFER_WORDS[text.strip().lower()]
    except KeyError:
        raise ValueError(
            f"parameter 'infer': {text!r} is not true or false (nor 1, 0, yes, no): "
            "use infer=true or infer=false"
        ) from None


@dataclass
class Solutions:
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    #: Rows were cut at the row limit.
    truncated: bool = False
    #: The whole answer already written in `encoded_as` (a results media type), rows left empty:
    #: a file (in memory up to `SPOOL_BYTES`, on disk beyond) that whoever sends it closes.
    encoded: IO[bytes] | None = None
    encoded_as: str | None = None

    def decoded_rows(self) -> list[tuple[Term | None, ...]]:
        """The rows, read back from the encoded answer when there is one."""
        if self.encoded is None or self.encoded_as is None:
            return self.rows
        self.encoded.seek(0)
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

    def __init__(self, reads: StoreReads, settings: Settings) -> None:
        self.reads = reads
        self.max_rows = settings.max_rows
        self.max_nesting = settings.max_nesting
        # Computed once: the default graph's members for each value of `infer`.
        self._repository_default = {
            None: settings.default_graphs(),
            True: settings.default_graphs(infer=True),
            False: settings.default_graphs(infer=False),
        }

    def run(self, request: QueryRequest) -> Answer:
        """The capped answer, within the time limit (on a deadline thread: `StoreReads.read`).

        Raises QueryRefused, QuerySyntaxError, QueryTimeout or StoreError.
        """
        return self.reads.read(lambda store: self.answer(store, request), "the query")

    def answer(self, store: Store, request: QueryRequest) -> Answer:
        """The capped answer on the calling thread, with no time limit: for a caller that
        watches the time itself and lends the store (`StoreReads.read_watched`)."""
        analysis = analyse(request.text, request.base_iri, self.max_nesting)
        analysis.raise_if_refused()
        store = store.snapshot()  # one version of the dataset for all the query reads
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
                timeout=self.reads.timeout,
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
        output = _Spool(
            self.max_rows * ROW_BUDGET_BYTES if self.max_rows > 0 else None, ROW_MARKERS[media_type]
        )
        try:
            result.encode(media_type, output)  # type: ignore[misc]
        except _BudgetExceeded:
            output.close()
            raise _TooLarge from None
        output.seek(0)
        if self.max_rows <= 0 or output.markers <= self.max_rows:
            return Solutions(result.variables, [], encoded=output, encoded_as=media_type)
        solutions = ox.parse_query_results(output, results_syntax(media_type).oxigraph)
        rows, truncated = self._capped(tuple(solution) for solution in solutions)  # type: ignore[union-attr]
        if truncated:
            output.close()
            return Solutions(result.variables, rows, truncated=True)
        output.seek(0)
        return Solutions(result.variables, [], encoded=output, encoded_as=media_type)

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


class _Spool(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
    """Where the store writes an answer: memory up to `SPOOL_BYTES`, then a temporary file; refuses
    to grow past `limit` bytes (None: no limit) and counts the row markers written."""

    def __init__(self, limit: int | None, marker: bytes) -> None:
        super().__init__(max_size=SPOOL_BYTES)
        self.limit = limit
        self.marker = marker
        self.markers = 0
        #: The end of the last write, shorter than a marker: a marker split between two writes is
        #: found whole in the carry and the next write, and none is counted twice.
        self._carry = b""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.limit is not None and self.tell() + len(data) > self.limit:
            raise _BudgetExceeded
        joined = self._carry + data
        self.markers += joined.count(self.marker)
        self._carry = joined[-(len(self.marker) - 1) :] if len(self.marker) > 1 else b""
        return super().write(data)
