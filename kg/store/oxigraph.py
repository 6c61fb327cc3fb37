"""Embedded stores on pyoxigraph: in memory (the default) and on disk.

pyoxigraph evaluates SPARQL 10-100x faster than rdflib (see
../shared/notes/performance-facts.md) and releases the GIL while it works,
which lets the server stop a query that runs past its time limit.

On disk, RocksDB deletes quads one by one (a million take about a minute),
while loading into a fresh database is fast: so a push builds a whole new
database beside the live one and makes it live in one atomic step
(`kg.store.disk_layout`): a failed or killed push leaves the old one as it was.

On disk, the record of the push (the version graph, `kg.store.version`) is
kept beside its database (`v-….record.nq`), not in it: a query whose
default graph is every graph of the database then runs on pyoxigraph's
union of graphs instead of a list of graphs, two to eight times faster at a
million triples (bench/named_queries.py). A database written before holds
the record inside, and is read as it is until the next push.
"""

from __future__ import annotations

import shutil
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.foundation.formats import N_QUADS, N_TRIPLES, results_syntax, serialized
from kg.foundation.rdf_files import bulk_load
from kg.store import disk_layout as layout
from kg.store.base import (
    AskResult,
    GraphResult,
    GraphSources,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    StepHook,
    Store,
    StoreError,
    StoreUnavailable,
    check_count,
)
from kg.store.syntax import syntax_message


class OxigraphStore(Store):
    """A pyoxigraph `Store`, in memory when `path` is None, else on disk (see `kg.store.disk_layout`)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        read_only: bool = False,
        on_step: StepHook | None = None,
        record_graph: str | None = None,
    ) -> None:
        self.path = path
        #: On disk: the graph kept beside the database (`_record`), not in it.
        self.record_graph = record_graph if path is not None else None
        self._record: ox.Store | None = None
        self.read_only = read_only
        self.on_step = on_step
        self._all_graphs: frozenset[str] | None = None
        #: Writes made through this object: the store changes in no other way while kg reads it.
        self._writes = 0
        self._writer: object | None = None
        self._reader: layout.ReaderLock | None = None
        if path is None:
            self._store = ox.Store()
            self.label = "memory"
            return
        self.label = f"oxigraph:{path}"
        if read_only and not path.is_dir():
            raise StoreUnavailable(f"{self.label}: no such store (load it first, e.g. with kg push)")
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
                self._writer = layout.writer_lock(path)
                if layout.live_database(path) is None:
                    building = layout.new_database_folder(path)
                    self._publish(ox.Store(str(building)), building)
                    return
            self._database, self._reader = layout.open_reader_lock(path)
        except FileNotFoundError:
            raise StoreUnavailable(f"{self.label}: no such store (push to it first)") from None
        except OSError as error:
            # Most often: another process is writing the store.
            self.close()
            raise StoreUnavailable(f"{self.label}: cannot open: {error}") from None
        self._store = self._open(self._database, read_only)

    def _open(self, database: Path, read_only: bool) -> ox.Store:
        try:
            store = ox.Store.read_only(str(database)) if read_only else ox.Store(str(database))
        except OSError as error:
            raise StoreUnavailable(f"{self.label}: cannot open: {error}") from None
        self._record = self._read_record(database, store)
        return store

    def _read_record(self, database: Path, store: ox.Store) -> ox.Store | None:
        """The record kept beside `database`; None when it is kept inside (the older layouts, or
        no record graph named): the database's own graph is read then."""
        if self.record_graph is None or database == self.path:
            return None
        record = ox.Store()
        beside = layout.record_file(database)
        if beside.is_file():
            record.bulk_load(path=str(beside), format=N_QUADS.oxigraph)
        elif any(True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(self.record_graph))):
            return None  # written before records were kept beside: read it where it is
        return record

    def _holder(self, graph: str) -> ox.Store:
        """The pyoxigraph store that holds `graph`: the record beside the database, or the database."""
        return self._record if graph == self.record_graph and self._record is not None else self._store

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
        store = self._store
        requested = {*(default_graphs or ()), *(named_graphs or ())}
        if self._record is not None and requested == {self.record_graph}:
            store = self._record  # the record alone, as kg.store.version reads it
        if default_graphs is not None:
            if self._all_graphs is None:
                self._all_graphs = frozenset(self.graph_names())  # the record beside is none of them
            if (
                store is self._store
                and self._all_graphs.issuperset(default_graphs)
                and len(self._all_graphs) == len(default_graphs)
            ):
                # The union of every graph the store holds: one index scan instead of one per graph.
                options["use_default_graph_as_union"] = True
            else:
                options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
        try:
            result = store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(sparql, str(error))) from None
        return from_pyoxigraph(result)

    def _changed(self) -> None:
        self._all_graphs = None
        self._writes += 1

    def change_marker(self, graphs: Sequence[str]) -> Hashable:
        # A memory store has no other writer; a database on disk opened by `kg serve` is read-only
        # there and does not see later writes of another process (push, then restart:
        # docs/operator/stores.md).
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
        if graph == self.record_graph and self._record is not None:
            record = ox.Store()
            record.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
            layout.write_record(self._database, record.dump(format=N_QUADS.oxigraph))  # type: ignore[arg-type]
            self._record = record
            return
        body = serialized(triples, N_TRIPLES.oxigraph).decode()
        # One update is one transaction: readers see the old graph or the new one.
        self._store.update(f"DROP SILENT GRAPH {name} ; INSERT DATA {{ GRAPH {name} {{ {body} }} }}")

    def load_graphs(self, sources: GraphSources) -> dict[str, int]:
        if self.path is not None:
            return super().load_graphs(sources)
        # Straight in: nobody reads a memory store while the process loads it.
        self._changed()
        for graph, paths in sources.items():
            self._store.remove_graph(ox.NamedNode(graph))
            for path in paths:
                bulk_load(self._store, path, graph)
        return {graph: self.triple_count(graph) for graph in sources}

    def staging(self) -> Store:
        # A memory store is not read while its process pushes: the push assembles its graphs in place.
        return self if self.path is None else OxigraphStore()

    def replace_graphs(self, staged: Store, counts: Mapping[str, int]) -> dict[str, int]:
        self._changed()
        if self.path is None:
            if staged is not self:
                for graph in counts:
                    self.replace_graph(graph, staged.graph_triples(graph))
            return {graph: check_count(self, graph, count) for graph, count in counts.items()}
        if not isinstance(staged, OxigraphStore):
            raise TypeError(f"{self.label} builds its database from a staging store of its own (staging())")
        # RocksDB deletes quads one by one (a million take a minute) while a fresh database
        # loads fast: build the whole new database beside the live one, then switch.
        building = layout.new_database_folder(self.path)
        dump = building.with_name(building.name + ".nq")  # a leftover the next push removes
        try:
            fresh = ox.Store(str(building))
            staged._store.dump(str(dump), N_QUADS.oxigraph)
            self.reached("dumped")
            fresh.bulk_load(path=str(dump), format=N_QUADS.oxigraph)
            dump.unlink()
            for name in self._store.named_graphs():
                if name.value not in counts and name.value != self.record_graph:
                    fresh.bulk_extend(self._store.quads_for_pattern(None, None, None, name))
            fresh.bulk_extend(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            record = self._record_for(fresh, staged if self.record_graph in counts else self)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            dump.unlink(missing_ok=True)
            raise
        self.reached("built")
        self._publish(fresh, building, record)
        return {graph: check_count(self, graph, count) for graph, count in counts.items()}

    def _record_for(self, fresh: ox.Store, source: OxigraphStore) -> bytes | None:
        """The new database's record, as N-Quads to keep beside it: `source`'s record graph, taken
        out of `fresh` (None when this store keeps no record beside its database)."""
        if self.record_graph is None:
            return None
        name = ox.NamedNode(self.record_graph)
        fresh.remove_graph(name)
        record = ox.Store()
        record.bulk_extend(source._holder(self.record_graph).quads_for_pattern(None, None, None, name))
        return record.dump(format=N_QUADS.oxigraph)

    def _publish(self, fresh: ox.Store, building: Path, record: bytes | None = None) -> None:
        """Name a complete new database (its record beside it) and make it live in one atomic step."""
        fresh.flush()
        del fresh
        version = layout.name_version(building)
        if record is not None:
            layout.write_record(version, record)
        self.reached("named")
        self._make_live(version)

    def _make_live(self, version: Path) -> None:
        """Make a complete database live (noting which was live before), then remove what is unused."""
        directory = self._directory()
        live = layout.live_database(directory)
        # An empty database (the one a store starts with) is nothing to roll back to.
        held = hasattr(self, "_store") and any(True for _ in self._store.quads_for_pattern(None, None, None))
        layout.note_previous(version, live if held and live != directory else None)
        self.reached("noted")
        link = layout.link_live(directory, version)
        self.reached("linked")
        layout.switch_live(directory, link)
        self.reached("switched")
        if self._reader is not None or hasattr(self, "_store"):
            self._release_database()
            layout.remove_unused(directory)  # the replaced databases, unless a reader still has one
        self._database, self._reader = layout.open_reader_lock(directory)
        self._store = self._open(self._database, read_only=False)

    def rollback(self) -> str:
        """Make the database live before the live one live again (it notes the live one as its previous)."""
        directory = self._directory()
        previous = layout.previous_database(directory)
        if previous is None or self.read_only:
            return super().rollback()
        live = self._database.name
        self._changed()
        self._make_live(previous)
        return f"{previous.name} is live again (was {live})"

    def _directory(self) -> Path:
        if self.path is None:
            raise StoreError("a memory store has no versions")
        return self.path

    def _release_database(self) -> None:
        if hasattr(self, "_store"):
            del self._store
        if self._reader is not None:
            self._reader.release()
            self._reader = None

    def remove_unused(self) -> list[str]:
        return [] if self.path is None else layout.remove_unused(self.path)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph: str) -> int:
        name = ox.NamedNode(graph)
        result = self._holder(graph).query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        if not isinstance(result, ox.QuerySolutions):
            raise StoreUnavailable(f"{self.label} answered a count with {type(result).__name__}")
        count = next(result)["n"]
        return int(count.value) if isinstance(count, ox.Literal) else 0

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        for quad in self._holder(graph).quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield quad.triple

    def graph_ntriples(self, graph: str) -> bytes:
        return self._holder(graph).dump(format=N_TRIPLES.oxigraph, from_graph=ox.NamedNode(graph))  # type: ignore[return-value]

    def dump_graph(self, graph: str, path: Path) -> None:
        """Write one graph as N-Triples (in Rust, without Python objects)."""
        self._holder(graph).dump(str(path), N_TRIPLES.oxigraph, from_graph=ox.NamedNode(graph))

    def close(self) -> None:
        """Write out and let go of the database and its locks (a disk store is unusable afterwards)."""
        if self.path is not None:
            self._let_go_for_fork()
            self._release_database()

    def _let_go_for_fork(self) -> None:
        if hasattr(self, "_store"):
            if not self.read_only:
                self._store.flush()
            del self._store
        if self._writer is not None:
            self._writer.close()  # type: ignore[attr-defined]
            self._writer = None

    def before_fork(self) -> None:
        """RocksDB's threads and file locks do not survive a fork: close it in the parent.

        The database's reader lock stays held and is inherited: every worker
        opens the same database, which no push removes while they run.
        """
        if self.path is not None:
            self._let_go_for_fork()

    def after_fork(self) -> None:
        if self.path is not None:
            self._store = self._open(self._database, read_only=True)
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
