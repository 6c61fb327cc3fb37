"""A push is all-or-nothing: killed at any step, the store shows exactly the old or exactly the new dataset.

Two datasets with different counts in every graph and a different answer to
the named query `focus-areas` are pushed in turn to `oxigraph:DIR`, to
Virtuoso and to Oxigraph's server. Each push of the new one over the old is
sent SIGKILL at every named step it reaches (tests/support/push_runner.py
stops it there; no timed kills), including the steps at which the store has
a request of the push in full and is still running it. After each kill kg
reads the store (one query for the counts of every graph, on one snapshot
with the named query) and must find one dataset whole, at once and again once
the store has finished what the dead push sent; the next push must name and
remove what the killed one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Sized
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests

from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.query.named import load_query
from kg.store import SelectResult, Store, StoreError, open_store
from kg.store.sparql import SparqlStore
from kg.store.version import DatasetVersion, check_version
from tests.support.connections import abandoned_connections
from tests.support.external_stores import ExternalStore
from tests.support.projects import (
    DATA_FILE,
    copy_project,
    file_triples,
    fresh_settings,
    run_kg,
    settings_args,
)
from tests.support.push_runner import PAUSED, STEP
from tests.support.rdf import lexical
from tests.support.server import start_server
from tests.support.waiting import wait_until

OLD_TITLE = '"Verdiskaping og kompetanse"@nb'
NEW_TITLE = '"Verdiskaping, kompetanse og innovasjon"@nb'
#: Seconds to wait for a store to finish what a killed push had sent it (far more than it takes).
SETTLING = 120
REMOTES = ["virtuoso", "oxigraph_server"]


@dataclass
class Dataset:
    settings: Settings
    #: Triples per graph, counted from the files.
    counts: dict[str, int]
    #: The named query's answer as `kg query` prints it from the files, and as rows from a memory store.
    csv: str
    rows: list[tuple[str, ...]]


def make_datasets(tmp_path: Path) -> tuple[Dataset, Dataset]:
    """The repository's graph, and a changed copy: a renamed focus area, a new actor, an ontology note."""
    old = fresh_settings(copy_project(tmp_path / "old"))
    new = Settings(project_dir=copy_project(tmp_path / "new"), base_iri=old.base_iri)
    data = new.project_dir / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    (new.project_dir / "data" / "extra.ttl").write_text(
        f"<{new.base_iri}id/aktor/test> a <http://www.w3.org/ns/org#Organization> .\n", encoding="utf-8"
    )
    ontology = new.project_dir / "ontology" / "strategigraf.ttl"
    with ontology.open("a", encoding="utf-8") as file:
        file.write('\n<https://test.example/note> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    return dataset(old), dataset(new)


def dataset(settings: Settings) -> Dataset:
    files = settings.project_dir
    counts = {
        settings.ontology_graph: len(file_triples(files / "ontology" / "strategigraf.ttl")),
        settings.data_graph: sum(len(file_triples(path)) for path in (files / "data").glob("*.ttl")),
    }
    answer = run_kg("query", "focus-areas", "--format", "csv", *settings_args(settings))
    assert answer.returncode == 0, answer.stderr
    memory = open_store("memory")
    load_repository(memory, settings)
    return Dataset(settings, counts, answer.stdout, focus_areas(memory, settings))


def focus_areas(store: Store, settings: Settings) -> list[tuple[str, ...]]:
    """The named query `focus-areas` answered in this process (a kg query per kill would double the time)."""
    query = load_query(settings.project_dir / "queries" / "focus-areas.rq")
    result = store.query(query.bind({}), default_graphs=settings.default_graphs())
    assert isinstance(result, SelectResult)
    return [tuple(str(term) for term in row) for row in result.rows]


Holdings = tuple[dict[str, int], list[tuple[str, ...]]]


def holdings(store: Store, settings: Settings) -> Holdings:
    """Triples per kg graph, counted in one query, and the named query's answer, both on one snapshot."""
    snapshot = store.snapshot()
    result = snapshot.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        default_graphs=[],
        named_graphs=settings.default_graphs(infer=True),
    )
    assert isinstance(result, SelectResult)
    counts = {lexical(graph): int(lexical(count)) for graph, count in result.rows}
    return counts, focus_areas(snapshot, settings)


class Target:
    """A store under test: the options that push to it, how kg reads it, what pushes left in it."""

    def __init__(self, args: list[str], open_reader: Callable[[], Store], leftovers: Callable[[], list[str]]):
        self.args = args
        self.open_reader = open_reader
        self.leftovers = leftovers

    def push_command(self, dataset: Dataset, pause: str = "-", occurrence: int = 1) -> list[str]:
        runner = [sys.executable, "-m", "tests.support.push_runner", pause, str(occurrence), "--"]
        return [*runner, "--no-validate", *self.args, *settings_args(dataset.settings)]

    def push(self, dataset: Dataset) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.push_command(dataset), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done

    def steps(self, dataset: Dataset) -> list[str]:
        """The steps a push of `dataset` goes through, in order."""
        said = self.push(dataset).stderr.splitlines()
        return [line.removeprefix(STEP) for line in said if line.startswith(STEP)]

    def holdings(self, settings: Settings) -> Holdings:
        store = self.open_reader()
        try:
            # the record kg reads is that of the push whose graphs it reads (its counts are theirs)
            assert check_version(store, settings.version_graph) is not None
            return holdings(store, settings)
        finally:
            store.close()


def kill_at(command: list[str]) -> str:
    """Start a push, SIGKILL it where the runner pauses it; what it printed on standard error until then."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    said = ""
    for line in process.stderr:
        said += line
        if line.startswith(PAUSED):
            break
    else:
        pytest.fail(f"the push ended (exit {process.wait()}) without reaching its pause:\n{said}")
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    return said


def complete_holdings(target: Target, old: Dataset, new: Dataset) -> dict[str, Holdings]:
    """What each dataset looks like in the store after a whole push; checked against the files."""
    complete = {}
    for name, one in (("new", new), ("old", old)):
        target.push(one)
        counts, rows = target.holdings(one.settings)
        assert rows == one.rows
        for graph, expected in one.counts.items():
            assert counts[graph] == expected, graph
        complete[name] = (counts, rows)
        done = run_kg("query", "focus-areas", "--format", "csv", *target.args, *settings_args(one.settings))
        assert done.returncode == 0, done.stderr
        assert done.stdout == one.csv and "dataset sha256:" in done.stderr
    # the subject vocabularies kg ships, which both datasets hold alike
    same = {iri for iri, _ in old.settings.subject_graphs}
    assert all(complete["old"][0][g] != complete["new"][0][g] for g in complete["old"][0] if g not in same)
    assert old.rows != new.rows
    return complete


def run_kills(target: Target, old: Dataset, new: Dataset, settle: Callable[[str], None], switch: str) -> None:
    """Kill a push of the new dataset over the old at each of its steps; the next push cleans up.

    Before the step `switch` (the first at which the store may have made the
    new dataset live) the store must show the old dataset, from it on the new
    one (once `settle` has waited for the store to finish what the push sent).
    """
    complete = complete_holdings(target, old, new)
    steps = target.steps(new)
    target.push(old)
    assert switch in steps, steps
    outcomes = []
    for index, step in enumerate(steps):
        said = kill_at(target.push_command(new, step, steps[:index].count(step) + 1))
        assert f"{PAUSED}{step}" in said
        seen = target.holdings(old.settings)  # at once: the store may still be running the last request
        assert seen in complete.values(), f"killed at {step}: {seen}"
        settle(step)
        expected = "new" if index >= steps.index(switch) else "old"
        assert target.holdings(old.settings) == complete[expected], f"killed at {step}"
        outcomes.append(expected)
        left = target.leftovers()
        cleaning = target.push(old)
        # a database's own files (lock, note, record) go with it, unnamed
        named = [name for name in left if not name.endswith((".lock", ".previous", ".record.nq"))]
        assert all(name in cleaning.stderr for name in named), (step, left, cleaning.stderr)
        assert target.leftovers() == [], step
        assert target.holdings(old.settings) == complete["old"]
    assert {"old", "new"} <= set(outcomes)


def test_a_push_to_a_store_on_disk_killed_at_every_step_leaves_old_or_new(tmp_path: Path) -> None:
    old, new = make_datasets(tmp_path)
    directory = tmp_path / "store"

    def leftovers() -> list[str]:
        live = os.readlink(directory / "live")
        previous = (directory / f"{live}.previous").read_text(encoding="utf-8")
        kept = {
            "live",
            "push.lock",
            live,
            previous,
            *(f"{name}.{end}" for name in (live, previous) for end in ("lock", "previous", "record.nq")),
        }
        return sorted(set(os.listdir(directory)) - kept)

    target = Target(
        ["--store", f"oxigraph:{directory}"],
        lambda: open_store(f"oxigraph:{directory}", read_only=True, version_graph=old.settings.version_graph),
        leftovers,
    )
    run_kills(target, old, new, lambda _step: None, "switched")


@pytest.mark.parametrize("remote", REMOTES)
def test_a_push_to_a_remote_store_killed_at_every_step_leaves_old_or_new(
    remote: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Also while the store still runs the request the push had sent in full (the `sent …` steps).

    A grace of 0 s lets each push remove every version but the live one and
    the one before it, so that the store's own cleanup steps are killed too.
    """
    server: ExternalStore = request.getfixturevalue(remote)
    old, new = make_datasets(tmp_path)
    store = server.open_project(old.settings)
    target = Target([*server.store_args(), "--store-grace", "0"], lambda: store, lambda: leftovers(store))
    run_kills(target, old, new, lambda step: settle(store, step), "sent switch")


def leftovers(store: SparqlStore) -> list[str]:
    """Graphs and records of versions that are neither live nor the one before it."""
    history = store.history()
    kept = [version for version in (history.live, history.previous) if version is not None]
    kept_graphs = {graph for version in kept for graph in version.graphs.values()}
    prefix = f"{store.version_graph}/"
    stored = SparqlStore(store.query_url, store.connection).query(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    )
    assert isinstance(stored, SelectResult)
    graphs = {lexical(row[0]) for row in stored.rows} - kept_graphs
    records = set(history.versions) - {version.iri for version in kept}
    return sorted(graphs | records)


def settle(store: SparqlStore, step: str) -> None:
    """Wait until the store has finished every request of the killed push (run it or given it up)."""
    port = urlsplit(store.query_url).port
    assert port is not None
    finished = wait_until(lambda: abandoned_connections(port) == 0, timeout=SETTLING, interval=0.1)
    assert finished, f"the store still runs what the push killed at {step} had sent"


def test_serve_keeps_answering_from_the_database_it_opened_while_a_push_switches(tmp_path: Path) -> None:
    old, new = make_datasets(tmp_path)
    directory = tmp_path / "store"
    store_args = ["--store", f"oxigraph:{directory}"]
    assert run_kg("push", "--no-validate", *store_args, *settings_args(old.settings)).returncode == 0
    server = start_server(*store_args, "--no-load", "--workers", "2", *settings_args(old.settings))
    try:
        before = requests.get(server.url + "/healthz", timeout=10)
        assert before.status_code == 200 and "dataset sha256:" in before.text
        for pushed in (new, old):  # two pushes: the database the server opened is neither live nor previous
            done = run_kg("push", "--no-validate", *store_args, *settings_args(pushed.settings))
            assert done.returncode == 0, done.stderr
        for _ in range(8):  # both workers, each on the database they opened
            after = requests.get(server.url + "/healthz", timeout=10)
            assert (after.status_code, after.text) == (200, before.text)
        assert len([p for p in directory.iterdir() if p.name.startswith("v-") and p.is_dir()]) == 3
    finally:
        server.stop()
    live = os.readlink(directory / "live")
    previous = (directory / f"{live}.previous").read_text(encoding="utf-8")
    (kept,) = [p.name for p in directory.iterdir() if p.is_dir() and p.name not in (live, previous, "live")]
    cleanup = run_kg("push", "--no-validate", *store_args, *settings_args(new.settings))
    assert f"removed what earlier pushes left in oxigraph:{directory}: {kept}" in cleanup.stderr
    assert len([p for p in directory.iterdir() if p.name.startswith("v-") and p.is_dir()]) == 2


# -- rolling back --------------------------------------------------------------


@pytest.mark.parametrize("where", ["oxigraph:DIR", *REMOTES])
def test_rollback_makes_the_dataset_before_the_last_push_live_and_again_forward(
    where: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    old, new = make_datasets(tmp_path)
    if where == "oxigraph:DIR":
        args = ["--store", f"oxigraph:{tmp_path / 'store'}"]
        reader: Callable[[], Store] = lambda: open_store(  # noqa: E731
            f"oxigraph:{tmp_path / 'store'}", read_only=True, version_graph=old.settings.version_graph
        )
    else:
        server: ExternalStore = request.getfixturevalue(where)
        args = server.store_args()
        reader = lambda: server.open_project(old.settings)  # noqa: E731
    target = Target(args, reader, lambda: [])
    complete = complete_holdings(target, old, new)  # pushes new, then old
    for expected in ("new", "old"):
        done = run_kg("push", "--rollback", *args, *settings_args(old.settings))
        assert done.returncode == 0, done.stderr
        assert "is live again" in done.stdout and "dataset sha256:" in done.stdout
        assert target.holdings(old.settings) == complete[expected]


def test_rollback_with_nothing_to_roll_back_to_says_so(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    args = ["--store", f"oxigraph:{tmp_path / 'store'}", *settings_args(settings)]
    assert run_kg("push", "--no-validate", *args).returncode == 0
    done = run_kg("push", "--rollback", *args)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        f"error: oxigraph:{tmp_path / 'store'} keeps no previous version to roll back to; nothing was changed"
    )


# -- versions, grace and a store pushed before versions -------------------------


def test_a_reader_keeps_its_version_for_the_grace_period_and_a_later_push_removes_it(
    oxigraph_server: ExternalStore, tmp_path: Path
) -> None:
    """A snapshot taken before two pushes still reads its version whole; a push after the grace drops it."""
    old, new = make_datasets(tmp_path)
    store = oxigraph_server.open_project(old.settings)
    load_repository(store, old.settings)
    reading = store.snapshot()
    before = holdings(reading, old.settings)
    for pushed in (new, old):
        load_repository(store, pushed.settings)
    assert holdings(reading, old.settings) == before  # neither live nor previous, but within the grace
    first = reading.record_subject(old.settings.version_graph)
    graphs = store.history().versions[first].graphs
    assert sorted(graphs) == sorted(old.settings.default_graphs(infer=True))
    hasty = oxigraph_server.open_project(old.settings, grace=0)
    removed = hasty.remove_unused()
    assert f"the record of {first}" in removed
    assert {graph for graph in removed if not graph.startswith("the record")} == {
        f"{first}/{name}" for name in ("ontology", "data", "los", "sdg", "inferred")
    }
    assert first not in hasty.history().versions
    assert holdings(reading, old.settings)[0] == {}  # what a reader past the grace would see: nothing


def test_a_store_pushed_before_versions_is_read_as_it_is_and_replaced_by_the_next_push(
    oxigraph_server: ExternalStore, tmp_path: Path
) -> None:
    """The graphs under kg's own names and a record whose subject is the version graph (kg before 0.2)."""
    old, new = make_datasets(tmp_path)
    staged = open_store("memory")
    counts = load_repository(staged, old.settings).graphs
    version_graph = old.settings.version_graph
    record = DatasetVersion("sha256:0", "2026-01-01T00:00:00Z", "kg 0.1.0", counts)
    for graph in counts:
        oxigraph_server.put_graph(graph, _written(list(staged.graph_triples(graph)), tmp_path))
    oxigraph_server.put_graph(version_graph, _written(record.triples(version_graph), tmp_path))
    store = oxigraph_server.open_project(old.settings)
    assert holdings(store, old.settings)[1] == old.rows
    assert check_version(store, version_graph) == record
    load_repository(store, new.settings)
    assert holdings(store, old.settings)[1] == new.rows
    raw = SparqlStore(store.query_url, store.connection)
    assert {graph: raw.triple_count(graph) for graph in counts} == counts  # kept for the grace period
    hasty = oxigraph_server.open_project(old.settings, grace=0)
    removed = hasty.remove_unused()  # the graphs of the old layout go, and their record
    assert set(removed) == {*counts, f"the record of {version_graph}"}
    assert hasty.history().legacy is None
    assert {graph: raw.triple_count(graph) for graph in counts} == dict.fromkeys(counts, 0)
    assert holdings(store, old.settings)[1] == new.rows


# -- a store whose graphs someone else changed ----------------------------------


def mix(store: Store, old: Dataset, new: Dataset) -> None:
    """Put the new dataset's data graph beside the old push's other graphs, as a half-done push would."""
    files = (new.settings.project_dir / "data").glob("*.ttl")
    store.replace_graph(old.settings.data_graph, (t for path in files for t in file_triples(path)))


def assert_refused(done: subprocess.CompletedProcess[str], settings: Settings) -> None:
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert "graphs from different pushes" in line and f"<{settings.data_graph}>" in line
    assert f"<{settings.ontology_graph}>" not in line


def test_a_mixed_store_on_disk_is_refused_by_query_and_serve(tmp_path: Path) -> None:
    old, new = make_datasets(tmp_path)
    directory = tmp_path / "store"
    store_args = ["--store", f"oxigraph:{directory}", *settings_args(old.settings)]
    assert run_kg("push", "--no-validate", *store_args).returncode == 0
    writer = open_store(f"oxigraph:{directory}")
    mix(writer, old, new)
    writer.close()
    assert_refused(run_kg("query", "focus-areas", *store_args), old.settings)
    assert_refused(run_kg("serve", "--no-load", "--port", "1", *store_args), old.settings)


def test_a_remote_store_another_writer_changed_is_refused_by_query_serve_and_healthz(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    """Another client writes into the live version's data graph, under the store's own name for it."""
    old, new = make_datasets(tmp_path)
    store_args = [*virtuoso.store_args(), *settings_args(old.settings)]
    assert run_kg("push", "--no-validate", *store_args).returncode == 0
    server = start_server(*store_args)
    try:
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
        live = virtuoso.open_project(old.settings).history().live
        assert live is not None
        files = (new.settings.project_dir / "data").glob("*.ttl")
        triples = [t for path in files for t in file_triples(path)]
        virtuoso.put_graph(live.graphs[old.settings.data_graph], _written(triples, tmp_path))
        health = requests.get(server.url + "/healthz", timeout=10)
        assert health.status_code == 503
        assert "graphs from different pushes" in health.text and f"<{old.settings.data_graph}>" in health.text
    finally:
        server.stop()
    assert_refused(run_kg("query", "focus-areas", *store_args), old.settings)
    assert_refused(run_kg("serve", "--port", "1", *store_args), old.settings)


def _written(triples: list[ox.Triple], folder: Path) -> Path:
    path = folder / f"{uuid.uuid4().hex}.nt"
    ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
    return path


# -- readers while a remote store switches ---------------------------------------


@pytest.mark.parametrize("remote", REMOTES)
def test_readers_of_a_remote_store_never_see_a_half_switched_dataset(
    remote: str, request: pytest.FixtureRequest
) -> None:
    """Each reader's query reads one version: old or new, whole, however the store runs the switch.

    Two graphs of 10 000 and 5 000 triples alternate with two of 2 500 and
    7 500; a reader counting both in one query sees one pair or the other.
    """
    server: ExternalStore = request.getfixturevalue(remote)
    base = f"https://test.example/{uuid.uuid4().hex}/"
    first, second, version_graph = base + "graph/one", base + "graph/two", base + "graph/version"
    store = server.open([first, second], version_graph)
    versions = []
    for sizes in ((10_000, 5_000), (2_500, 7_500)):
        staged = open_store("memory")
        for graph, size in zip((first, second), sizes, strict=True):
            staged.replace_graph(graph, (triple(graph, n, sizes) for n in range(size)))
        versions.append((staged, dict(zip((first, second), sizes, strict=True))))
    count_both = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    seen: list[tuple[tuple[str, int], ...]] = []
    pushes = threading.Event()

    def read() -> None:
        reader = server.open([first, second], version_graph)
        while not pushes.is_set():
            try:
                result = reader.query(count_both, default_graphs=[], named_graphs=[first, second])
            except StoreError:
                continue  # the store's time limit or a dropped connection: no answer, not a wrong one
            assert isinstance(result, SelectResult)
            seen.append(tuple(sorted((lexical(g), int(lexical(n))) for g, n in result.rows)))

    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(read)
        try:
            for round_ in range(4):
                staged, counts = versions[round_ % 2]
                read_before = grown(seen)
                assert store.replace_graphs(staged, counts) == counts
                # Each push waits for the reader to have read at least once while it ran or after it.
                assert wait_until(read_before, timeout=SETTLING)
        finally:
            pushes.set()
        reading.result()
    whole = {tuple(sorted(counts.items())) for _, counts in versions} | {()}
    assert set(seen) <= whole, set(seen) - whole
    assert len(set(seen) & whole) >= 2


def test_kg_serve_on_virtuoso_answers_from_one_dataset_while_pushes_switch(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    """Through the server: each /sparql answer (counts of every graph, in one query) is one dataset's,
    and once a push has ended the next answers are the new dataset's."""
    old, new = make_datasets(tmp_path)
    target = Target(virtuoso.store_args(), lambda: virtuoso.open_project(old.settings), lambda: [])
    complete = complete_holdings(target, old, new)  # ends with old live
    kg_graphs = old.settings.default_graphs(infer=True)
    server = start_server("--store", virtuoso.spec, *settings_args(old.settings))
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    seen: list[dict[str, int]] = []
    pushing = threading.Event()

    def read() -> None:
        while not pushing.is_set():
            answer = requests.get(
                server.url + "/sparql", params={"query": query, "format": "json"}, timeout=60
            )
            assert answer.status_code == 200, answer.text
            rows = answer.json()["results"]["bindings"]
            seen.append(
                {row["g"]["value"]: int(row["n"]["value"]) for row in rows if row["g"]["value"] in kg_graphs}
            )

    try:
        with ThreadPoolExecutor(1) as pool:
            reading = pool.submit(read)
            try:
                for name, pushed in (("new", new), ("old", old), ("new", new)):
                    target.push(pushed)
                    assert wait_until(showing(seen, complete[name][0]), timeout=SETTLING), name
            finally:
                pushing.set()
            reading.result()
    finally:
        server.stop()
    assert all(counts in (complete["old"][0], complete["new"][0]) for counts in seen), seen


def showing(seen: list[dict[str, int]], counts: dict[str, int]) -> Callable[[], bool]:
    """Whether the last answer seen is `counts`."""
    return lambda: bool(seen) and seen[-1] == counts


def grown(items: Sized) -> Callable[[], bool]:
    """Whether `items` has grown since now."""
    size = len(items)
    return lambda: len(items) > size


def triple(graph: str, n: int, sizes: tuple[int, int]) -> ox.Triple:
    return ox.Triple(
        ox.NamedNode(f"{graph}/s{n}"), ox.NamedNode("https://test.example/p"), ox.Literal(f"{sizes} {n}")
    )
