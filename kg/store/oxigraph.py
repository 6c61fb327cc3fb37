"""Embedded stores on pyoxigraph: in memory (the default) and on disk.

pyoxigraph evaluates SPARQL 10-100x faster than rdflib (see
../shared/notes/performance-facts.md) and releases the GIL while it works,
which lets the server stop a query that runs past its time limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.store.base import (
    AskResult,
    GraphResult,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    Store,
)

#: The SPARQL results formats pyoxigraph writes itself.
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}


class OxigraphStore(Store):
    """A pyoxigraph `Store`, in memory when `path` is None, else on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self._all_graphs: frozenset[str] | None = None
        if path is None:
            self._store = ox.Store()
            self.label = "memory"
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
            self.label = f"oxigraph:{path}"
            # RocksDB keeps background threads and file locks: open it after forking.
            self.fork_safe = False

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        options: dict[str, object] = {"base_iri": base_iri}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        try:
            result = self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from None
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [variable.value for variable in result.variables]

            def encode(media_type: str, output: IO[bytes], solutions: ox.QuerySolutions = result) -> None:
                solutions.serialize(output, RESULT_FORMATS[media_type])

            return SelectResult(names, (tuple(solution) for solution in result), encode)
        return GraphResult(iter(result))

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        self._all_graphs = None
        name = ox.NamedNode(graph)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
        # One update is one transaction: readers see the old graph or the new one.
        self._store.update(f"DROP SILENT GRAPH {name} ; INSERT DATA {{ GRAPH {name} {{ {body} }} }}")
        return self.triple_count(graph)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph: str) -> int:
        name = ox.NamedNode(graph)
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        return int(next(iter(result))["n"].value)  # type: ignore[index]

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield quad.triple

    def bulk_load(self, path: Path, graph: str, rdf_format: ox.RdfFormat) -> None:
        """Fast load of a large file into a graph (no transaction; for big dumps)."""
        self._all_graphs = None
        self._store.bulk_load(path=str(path), format=rdf_format, to_graph=ox.NamedNode(graph))

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
