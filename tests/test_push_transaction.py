"""A push is all-or-nothing: killed at any moment, a store holds exactly the old or exactly the new dataset.

Two datasets with different counts in every graph and a different answer to
the named query `focus-areas` are pushed in turn to `oxigraph:DIR` and to
Virtuoso, and each push is sent SIGKILL at 20 moments: the named steps of the
switch (reached through KG_TEST_PAUSE_AT, see kg.store.base.checkpoint) and
moments spread over the push's duration. After each kill the store must open
and hold one dataset whole; the next push must remove (and name) what the
killed one left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.query.named import load_query
from kg.store import SelectResult, Store, StoreError, open_store
from kg.store.base import PAUSE_VARIABLE
from kg.store.sparql import staging_graph
from tests.support.external_stores import ExternalStore
from tests.support.projects import (
    DATA_FILE,
    copy_project,
    file_triples,
    fresh_settings,
    run_kg,
    settings_args,
)
from tests.support.rdf import lexical
from tests.support.server import kg_command, start_server
from tests.support.waiting import wait_until

MOMENTS = 20
OLD_TITLE = '"Verdiskaping og kompetanse"@nb'
NEW_TITLE = '"Verdiskaping, kompetanse og innovasjon"@nb'


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


class Target:
    """A store under test: how to push to it, read it, and list what pushes left in it."""

    def __init__(self, args: list[str], open_reader: Callable[[], Store], leftovers: Callable[[], list[str]]):
        self.args = args
        self.open_reader = open_reader
        self.leftovers = leftovers

    def push_command(self, dataset: Dataset) -> list[str]:
        return [*kg_command(), "push", "--no-validate", *self.args, *settings_args(dataset.settings)]

    def push(self, dataset: Dataset) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.push_command(dataset), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    def holdings(self, settings: Settings) -> tuple[dict[str, int], list[tuple[str, ...]]]:
        """Triples per kg graph, and the named query's answer."""
        store = self.open_reader()
        try:
            graphs = [*settings.default_graphs(infer=True), settings.version_graph]
            return {graph: store.triple_count(graph) for graph in graphs}, focus_areas(store, settings)
        finally:
            store.close()


def kill_at(command: list[str], moment: str | float) -> str:
    """Start a push and SIGKILL it at a named step, or some seconds after it starts loading.

    Returns what it had printed on standard error until then.
    """
    env = dict(os.environ)
    if isinstance(moment, str):
        env[PAUSE_VARIABLE] = moment
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert process.stderr is not None
    awaited = f"kg: paused at {moment}" if isinstance(moment, str) else "loading "
    said = ""
    for line in process.stderr:
        said += line
        if line.startswith(awaited):
            break
    else:
        pytest.fail(f"the push ended (exit {process.wait()}) without reaching {awaited!r}")
    if isinstance(moment, float):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=moment)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    return said


def loading_time(command: list[str]) -> float:
    """Seconds from a push's "loading" line to its end: the span the timed kills are spread over."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("loading "):
            started = time.monotonic()
            break
    else:
        pytest.fail("the push printed no loading line")
    process.stderr.read()
    assert process.wait() == 0
    return time.monotonic() - started


def complete_counts(target: Target, old: Dataset, new: Dataset) -> dict[str, dict[str, int]]:
    """Each dataset's counts per graph as a whole push leaves them; checked against the files."""
    complete = {}
    for name, one in (("new", new), ("old", old)):
        target.push(one)
        counts, rows = target.holdings(one.settings)
        assert rows == one.rows
        for graph, expected in one.counts.items():
            assert counts[graph] == expected, graph
        complete[name] = counts
        done = run_kg("query", "focus-areas", "--format", "csv", *target.args, *settings_args(one.settings))
        assert done.returncode == 0, done.stderr
        assert done.stdout == one.csv and "dataset sha256:" in done.stderr
    # the version, and the subject vocabularies kg ships, which both datasets hold alike
    same = {old.settings.version_graph, *(iri for iri, _ in old.settings.subject_graphs)}
    assert all(complete["old"][g] != complete["new"][g] for g in complete["old"] if g not in same)
    assert old.rows != new.rows
    return complete


def settled_holdings(target: Target, settings: Settings) -> tuple[dict[str, int], list[tuple[str, ...]]]:
    """What the store holds once it has finished what it was sent before the kill.

    A remote store goes on with an update request whose client was killed after sending it (and
    its readers may see the request half done: docs/operator/stores.md); a store on disk has
    nothing in flight. Read until two reads agree, at most 30 s.
    """
    readings = [target.holdings(settings)]

    def settled() -> bool:
        readings.append(target.holdings(settings))
        return readings[-1] == readings[-2]

    wait_until(settled, timeout=30, interval=0.5)
    return readings[-1]


def run_kills(target: Target, old: Dataset, new: Dataset, steps: dict[str, bool]) -> None:
    """Kill pushes at the named steps and at moments spread over the push, each over the other dataset.

    `steps` maps each named step to whether the killed push leaves something
    behind; the next push (killed in its turn, after it has started loading)
    must have removed it and said so.
    """
    counts = complete_counts(target, old, new)
    duration = loading_time(target.push_command(new))
    target.push(old)
    spread = MOMENTS - len(steps)
    moments: list[str | float] = [*steps, *(duration * n / (spread - 1) for n in range(spread))]
    holding, left = "old", list[str]()
    outcomes = []
    for moment in moments:
        said = kill_at(target.push_command(new if holding == "old" else old), moment)
        assert all(name in said for name in left if not name.endswith(".lock")), (left, said)
        held, rows = settled_holdings(target, old.settings)
        matches = [name for name, expected in counts.items() if held == expected]
        assert len(matches) == 1, f"killed at {moment}: the store holds {held}, neither {counts}"
        holding = matches[0]
        assert rows == (old.rows if holding == "old" else new.rows), f"killed at {moment}"
        outcomes.append(holding)
        now_left = target.leftovers()
        if isinstance(moment, str):
            assert bool(now_left) == steps[moment], (moment, now_left)
        left = now_left
    final = target.push(old)
    assert all(name in final.stderr for name in left if not name.endswith(".lock")), (left, final.stderr)
    assert target.leftovers() == []
    assert target.holdings(old.settings) == (counts["old"], old.rows)
    assert {"old", "new"} <= set(outcomes)


def test_a_push_to_a_store_on_disk_killed_at_20_moments_leaves_old_or_new(tmp_path: Path) -> None:
    old, new = make_datasets(tmp_path)
    directory = tmp_path / "store"

    def leftovers() -> list[str]:
        live = os.readlink(directory / "live")
        return sorted(set(os.listdir(directory)) - {"live", "push.lock", live, live + ".lock"})

    target = Target(
        ["--store", f"oxigraph:{directory}"],
        lambda: open_store(f"oxigraph:{directory}", read_only=True),
        leftovers,
    )
    steps = {"dumped": True, "built": True, "named": True, "linked": True, "switched": True}
    run_kills(target, old, new, steps)


def test_a_push_to_virtuoso_killed_at_20_moments_leaves_old_or_new(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    old, new = make_datasets(tmp_path)
    graphs = [*old.settings.default_graphs(infer=True), old.settings.version_graph]

    def leftovers() -> list[str]:
        return virtuoso.open([staging_graph(graph) for graph in graphs]).graph_names()

    target = Target(virtuoso.store_args(), lambda: virtuoso.open(graphs), leftovers)
    run_kills(target, old, new, {"uploaded": True, "staged": True, "switched": False})


def test_serve_keeps_answering_from_the_database_it_opened_while_a_push_switches(tmp_path: Path) -> None:
    old, new = make_datasets(tmp_path)
    directory = tmp_path / "store"
    store_args = ["--store", f"oxigraph:{directory}"]
    assert run_kg("push", "--no-validate", *store_args, *settings_args(old.settings)).returncode == 0
    server = start_server(*store_args, "--no-load", "--workers", "2", *settings_args(old.settings))
    try:
        before = requests.get(server.url + "/healthz", timeout=10)
        assert before.status_code == 200 and "dataset sha256:" in before.text
        pushed = run_kg("push", "--no-validate", *store_args, *settings_args(new.settings))
        assert pushed.returncode == 0, pushed.stderr
        for _ in range(8):  # both workers, each on the database they opened
            after = requests.get(server.url + "/healthz", timeout=10)
            assert (after.status_code, after.text) == (200, before.text)
            answer = requests.get(
                server.url + "/sparql",
                params={"query": f"ASK {{ ?s ?p {NEW_TITLE} }}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=10,
            )
            assert answer.json()["boolean"] is False
        assert len([p for p in directory.iterdir() if p.name.startswith("v-") and p.is_dir()]) == 2
    finally:
        server.stop()
    live = os.readlink(directory / "live")
    (kept,) = [p.name for p in directory.iterdir() if p.is_dir() and p.name not in (live, "live")]
    cleanup = run_kg("push", "--no-validate", *store_args, *settings_args(new.settings))
    assert f"removed what earlier pushes left in oxigraph:{directory}: {kept}" in cleanup.stderr
    assert len([p for p in directory.iterdir() if p.name.startswith("v-") and p.is_dir()]) == 1


# -- a store whose graphs come from two pushes -------------------------------


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


def test_a_mixed_remote_store_is_refused_by_query_serve_and_healthz(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    old, new = make_datasets(tmp_path)
    store_args = [*virtuoso.store_args(), *settings_args(old.settings)]
    assert run_kg("push", "--no-validate", *store_args).returncode == 0
    server = start_server(*store_args)
    try:
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
        mix(virtuoso.open([]), old, new)
        health = requests.get(server.url + "/healthz", timeout=10)
        assert health.status_code == 503
        assert "graphs from different pushes" in health.text and f"<{old.settings.data_graph}>" in health.text
    finally:
        server.stop()
    assert_refused(run_kg("query", "focus-areas", *store_args), old.settings)
    assert_refused(run_kg("serve", "--port", "1", *store_args), old.settings)


# -- readers while a remote store switches -----------------------------------


# Not Virtuoso: its readers were seen counting one graph switched and the other not, and a graph
# with 7 749 of 10 000 triples, during the switch request (see docs/operator/stores.md).
@pytest.mark.parametrize("remote", ["oxigraph_server"])
def test_readers_of_a_remote_store_never_see_a_half_switched_dataset(
    remote: str, request: pytest.FixtureRequest
) -> None:
    """The one SPARQL Update that switches the staging graphs in is one transaction on each store.

    Two graphs of 10 000 and 5 000 triples alternate with two of 2 500 and
    7 500; a reader counting both in one query sees one pair or the other.
    """
    server: ExternalStore = request.getfixturevalue(remote)
    base = f"https://test.example/{uuid.uuid4().hex}/"
    first, second = base + "graph/one", base + "graph/two"
    store = server.open([first, second])
    versions = []
    for sizes in ((10_000, 5_000), (2_500, 7_500)):
        staged = open_store("memory")
        for graph, size in zip((first, second), sizes, strict=True):
            staged.replace_graph(graph, (triple(graph, n, sizes) for n in range(size)))
        versions.append((staged, dict(zip((first, second), sizes, strict=True))))
    count_both = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ <{first}> <{second}> }} "
        "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    seen: set[tuple[tuple[str, int], ...]] = set()
    done = threading.Event()

    def read() -> None:
        reader = server.open([first, second])
        while not done.is_set():
            try:
                result = reader.query(count_both, default_graphs=[], named_graphs=[first, second])
            except StoreError:
                continue  # Virtuoso's time limit or a dropped connection: no answer, not a wrong one
            assert isinstance(result, SelectResult)
            seen.add(tuple(sorted((lexical(g), int(lexical(n))) for g, n in result.rows)))

    switched = 0
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(read)
        try:
            for round_ in range(4):
                staged, counts = versions[round_ % 2]
                try:
                    assert store.replace_graphs(staged, counts) == counts
                    switched += 1
                except StoreError as refused:
                    # Virtuoso gives up a switch that waits too long for its readers' locks
                    # ("Transaction timed out"): the push fails, the store stays whole.
                    assert "timed out" in str(refused), refused
        finally:
            done.set()
        reading.result()
    assert switched >= 1
    whole = {tuple(sorted(counts.items())) for _, counts in versions} | {()}
    assert seen <= whole, seen - whole
    assert len(seen & whole) >= 2


def triple(graph: str, n: int, sizes: tuple[int, int]) -> ox.Triple:
    return ox.Triple(
        ox.NamedNode(f"{graph}/s{n}"), ox.NamedNode("https://test.example/p"), ox.Literal(f"{sizes} {n}")
    )
