"""Embedded stores on pyoxigraph: in memory (the default) and on disk.

pyoxigraph evaluates SPARQL 10-100x faster than rdflib (see
../shared/notes/performance-facts.md) and releases the GIL while it works,
which lets the server stop a query that runs past its time limit.

On disk, RocksDB deletes quads one by one (a million take about a minute),
while loading into a fresh database is fast: so a load builds a new database
beside the old one and swaps the folders, which also means a failed load
leaves the old database as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.graph.formats import N_QUADS, N_TRIPLES, results_syntax, serialized
from kg.graph.rdf_files import bulk_load
from kg.store.base import (
    AskResult,
    GraphResult,
    GraphSources,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    Store,
    StoreUnavailable,
    check_count,
)
from kg.store.syntax import syntax_message


class OxigraphStore(Store):
    """A pyoxigraph `Store`, in memory when `path` is None, else on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._all_graphs: frozenset[str] | None = None
        #: Writes made through this object: the store changes in no other way while kg reads it.
        self._writes = 0
        if path is None:
            self._store = ox.Store()
            self.label = "memory"
        else:
            if read_only and not path.is_dir():
                raise StoreUnavailable(f"oxigraph:{path}: no such store (load it first, e.g. with kg push)")
            self._store = self._open(path, read_only)
            self.label = f"oxigraph:{path}"

    @staticmethod
    def _open(path: Path, read_only: bool) -> ox.Store:
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as error:
            # Most often: another process holds the database open for writing.
            raise StoreUnavailable(f"oxigraph:{path}: cannot open: {error}") from None

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
            if self._all_graphs is None:
                self._all_graphs = frozenset(self.graph_names())
            if self._all_graphs.issuperset(default_graphs) and len(self._all_graphs) == len(default_graphs):
                # The union of every graph the store holds: one index scan instead of one per graph.
                options["use_default_graph_as_union"] = True
            else:
                options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        try:
            result = self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(sparql, str(error))) from None
        return from_pyoxigraph(result)

    def _changed(self) -> None:
        self._all_graphs = None
        self._writes += 1

    def change_marker(self, graphs: Sequence[str]) -> Hashable:
        # A memory store has no other writer; a database on disk opened by `kg serve` is read-only
        # there and does not see later writes of another process (README: push, then restart).
        return (self._writes, tuple(graphs))

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        if self.path is not None:
            return super().replace_graph(graph, triples)
        # A memory store is not read while the process loads it (as in load_graphs): the
        # triples stream straight in. Through one SPARQL update, as on disk, the update's
        # text and syntax tree would cost 2.5 GB at 1.7M inferred triples.
        self._changed()
        name = ox.NamedNode(graph)
        self._store.remove_graph(name)
        self._store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return self.triple_count(graph)

    def _replace(self, graph: str, triples: list[ox.Triple]) -> None:
        self._changed()
        name = ox.NamedNode(graph)
        body = serialized(triples, N_TRIPLES.oxigraph).decode()
        # One update is one transaction: readers see the old graph or the new one.
        self._store.update(f"DROP SILENT GRAPH {name} ; INSERT DATA {{ GRAPH {name} {{ {body} }} }}")

    def load_graphs(self, sources: GraphSources) -> dict[str, int]:
        self._changed()
        if self.path is None:
            # Straight in: nobody reads a memory store while the process loads it.
            for graph, paths in sources.items():
                self._store.remove_graph(ox.NamedNode(graph))
                for path in paths:
                    bulk_load(self._store, path, graph)
            return {graph: self.triple_count(graph) for graph in sources}
        # Parsed (in Rust) and deduplicated in memory first: a syntax error leaves the database as
        # it was, and the staged counts are what it must hold afterwards.
        staged = OxigraphStore()
        expected = staged.load_graphs(sources)
        self._swap_in(staged, keep=[g for g in self._store.named_graphs() if g.value not in sources])
        return {graph: check_count(self, graph, count) for graph, count in expected.items()}

    def _swap_in(self, staged: OxigraphStore, keep: list[ox.NamedNode | ox.BlankNode]) -> None:
        """Build a new database from the staged graphs (and the old one's other graphs), then swap."""
        assert self.path is not None
        parent = self.path.resolve().parent
        fresh_dir = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.loading-", dir=parent))
        try:
            fresh = ox.Store(str(fresh_dir))
            with tempfile.NamedTemporaryFile(suffix=".nq", dir=parent) as dump:
                staged._store.dump(dump.name, N_QUADS.oxigraph)
                fresh.bulk_load(path=dump.name, format=N_QUADS.oxigraph)
            for graph in keep:
                fresh.bulk_extend(self._store.quads_for_pattern(None, None, None, graph))
            fresh.bulk_extend(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            fresh.flush()
            del fresh
        except BaseException:
            shutil.rmtree(fresh_dir, ignore_errors=True)
            raise
        del self._store
        old_dir = fresh_dir.with_name(fresh_dir.name.replace(".loading-", ".old-"))
        os.rename(self.path, old_dir)
        os.rename(fresh_dir, self.path)
        shutil.rmtree(old_dir, ignore_errors=True)
        self._store = self._open(self.path, read_only=False)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph: str) -> int:
        name = ox.NamedNode(graph)
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        assert isinstance(result, ox.QuerySolutions)
        count = next(result)["n"]
        return int(count.value) if isinstance(count, ox.Literal) else 0

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield quad.triple

    def graph_ntriples(self, graph: str) -> bytes:
        return self._store.dump(format=N_TRIPLES.oxigraph, from_graph=ox.NamedNode(graph))  # type: ignore[return-value]

    def dump_graph(self, graph: str, path: Path) -> None:
        """Write one graph as N-Triples (in Rust, without Python objects)."""
        self._store.dump(str(path), N_TRIPLES.oxigraph, from_graph=ox.NamedNode(graph))

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def before_fork(self) -> None:
        """RocksDB's threads and file locks do not survive a fork: close it in the parent."""
        if self.path is not None:
            self.close()
            del self._store

    def after_fork(self) -> None:
        if self.path is not None:
            self._store = self._open(self.path, read_only=True)
            self.read_only = True


def from_pyoxigraph(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """pyoxigraph's query results (from its store or its results parser) as a `QueryResult`."""
    if isinstance(result, ox.QueryBoolean):
        return AskResult(bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [variable.value for variable in result.variables]

        def encode(media_type: str, output: IO[bytes], solutions: ox.QuerySolutions = result) -> None:
            solutions.serialize(output, results_syntax(media_type).oxigraph)

        return SelectResult(names, (tuple(solution) for solution in result), encode)
    return GraphResult(iter(result))
