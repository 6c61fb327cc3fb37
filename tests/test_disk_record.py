"""An `oxigraph:DIR` store keeps the record of each push beside its database, not in it.

The database then holds exactly the graphs of the default graph, so that kg's queries run on
pyoxigraph's union of graphs (bench/named_queries.py: two to eight times faster at a million
triples than the same graphs listed). What is checked here: the record is where kg reads it
(`kg push`, `kg query`, `--rollback`), a store written before (the record inside) is read as it
is and moved by the next push, and nothing of a removed database stays behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.settings import Settings
from kg.store import open_store
from kg.store.version import check_version
from tests.support.projects import (
    DATA_FILE,
    copy_project,
    file_triples,
    fresh_settings,
    run_kg,
    settings_args,
)

PUSHED = re.compile(r"dataset (sha256:[0-9a-f]{12}) pushed")


def push(directory: Path, settings: Settings, *extra: str) -> str:
    """`kg push` into oxigraph:DIRECTORY; the dataset identifier it printed (its first 12 digits)."""
    done = run_kg("push", "--store", f"oxigraph:{directory}", *settings_args(settings), *extra)
    assert done.returncode == 0, done.stderr
    found = PUSHED.search(done.stdout + done.stderr)
    assert found, done.stdout + done.stderr
    return found.group(1)


def database_graphs(directory: Path) -> set[str]:
    """The named graphs of the live database, read with pyoxigraph alone."""
    database = ox.Store.read_only(str(directory / "live"))
    return {graph.value for graph in database.named_graphs() if isinstance(graph, ox.NamedNode)}


def recorded(directory: Path, settings: Settings) -> str | None:
    store = open_store(f"oxigraph:{directory}", read_only=True, version_graph=settings.version_graph)
    try:
        version = check_version(store, settings.version_graph)
    finally:
        store.close()
    return None if version is None else version.identifier


def test_the_database_holds_the_default_graph_and_the_record_lies_beside_it(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    identifier = push(directory, settings)
    assert database_graphs(directory) == set(settings.default_graphs())
    live = (directory / "live").resolve()
    record = live.with_name(live.name + ".record.nq")
    quads = list(ox.parse(path=str(record), format=ox.RdfFormat.N_QUADS))
    assert {quad.graph_name.value for quad in quads} == {settings.version_graph}
    held = recorded(directory, settings)
    assert held is not None and held.startswith(identifier)
    # the record's count of the data graph is what the data file holds, read independently
    counts = {
        str(quad.object.value)
        for quad in quads
        if quad.predicate.value.endswith("#triples")  # void:triples
    }
    assert str(len(file_triples(settings.project_dir / DATA_FILE))) in counts


def test_kg_query_answers_from_the_database_and_reports_the_record(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    identifier = push(directory, settings)
    done = run_kg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <"
        + settings.version_graph
        + ">) }",
        "--format",
        "csv",
        "--store",
        f"oxigraph:{directory}",
        *settings_args(settings),
    )
    assert done.returncode == 0, done.stderr
    assert identifier in done.stderr  # which push the store holds, on standard error
    assert done.stdout.splitlines()[1:] == ["0"]  # the record is no graph of the served dataset


def test_rollback_brings_back_the_record_of_the_database_before(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    first = push(directory, settings)
    data = settings.project_dir / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8") + "\n# a change of the files is another dataset\n")
    second = push(directory, settings)
    assert first != second
    assert (recorded(directory, settings) or "").startswith(second)
    done = run_kg("push", "--rollback", "--store", f"oxigraph:{directory}", *settings_args(settings))
    assert done.returncode == 0, done.stderr
    assert (recorded(directory, settings) or "").startswith(first)


def test_only_the_records_of_kept_databases_stay(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    for _ in range(3):
        push(directory, settings)
    databases = {path.name for path in directory.glob("v-*") if path.is_dir()}
    records = {path.name.removesuffix(".record.nq") for path in directory.glob("v-*.record.nq")}
    assert len(databases) == 2  # the live one and the one before it
    assert records == databases


def test_a_store_with_the_record_inside_is_read_as_it_is_and_moved_by_the_next_push(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    identifier = push(directory, settings)
    # as kg wrote stores before: the record a graph of the database, nothing beside it
    live = (directory / "live").resolve()
    record = live.with_name(live.name + ".record.nq")
    database = ox.Store(str(live))
    database.bulk_load(path=str(record), format=ox.RdfFormat.N_QUADS)
    database.flush()
    del database
    record.unlink()
    assert settings.version_graph in database_graphs(directory)
    assert (recorded(directory, settings) or "").startswith(identifier)
    push(directory, settings)
    assert database_graphs(directory) == set(settings.default_graphs())
    assert (recorded(directory, settings) or "").startswith(identifier)  # the same files again


def test_an_emptied_record_is_no_record(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    directory = tmp_path / "store"
    push(directory, settings)
    store = open_store(f"oxigraph:{directory}", version_graph=settings.version_graph)
    try:
        assert store.replace_graph(settings.version_graph, []) == 0
    finally:
        store.close()
    assert recorded(directory, settings) is None
    assert database_graphs(directory) == set(settings.default_graphs())
