"""Each store on its own: errors from real servers, the store on disk, and kg serve on each."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg.foundation.rdf_files import SyntaxErrors
from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.store import (
    AskResult,
    Connection,
    QuerySyntaxError,
    SelectResult,
    StoreTimeout,
    StoreUnavailable,
    open_store,
)
from kg.store.sparql import SparqlStore
from tests.support.external_stores import ExternalStore, Virtuoso, start_oxigraph_server, start_virtuoso
from tests.support.projects import (
    DATA_FILE,
    copy_project,
    file_triples,
    fresh_settings,
    run_kg,
    settings_args,
)
from tests.support.server import free_port, start_server
from tests.support.shared import PROJECT_DIR
from tests.support.waiting import wait_until

#: A count over a four-way cross product of the ontology graph (about 3e10 rows): more work than
#: any time limit here allows.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(?c != ?l) }"


@pytest.fixture(scope="module")
def repository() -> Settings:
    return fresh_settings(PROJECT_DIR)


@pytest.fixture(scope="module")
def limits_virtuoso(tmp_path_factory: pytest.TempPathFactory, repository: Settings) -> Iterator[Virtuoso]:
    """A Virtuoso of these tests' own, holding the repository, that stops a query after 15 s: more
    than kg waits for a query of 1 s (VIRTUOSO_GRACE more), so that what stops such a query shows.

    Its own: a query kg gave up on without telling Virtuoso its limit went on there, and slowed the
    next (8 s became 25-30 s). Once in 13 fresh-clone runs the heavy query then found no answer
    within 60 s on the Virtuoso the session shares."""
    virtuoso = start_virtuoso(tmp_path_factory.mktemp("virtuoso-limits"), max_query_seconds=15)
    load_repository(virtuoso.open(repository.default_graphs(), repository.version_graph), repository)
    yield virtuoso
    virtuoso.stop()


@pytest.fixture(scope="module")
def loaded_virtuoso(limits_virtuoso: Virtuoso, repository: Settings) -> Iterator[SparqlStore]:
    store = limits_virtuoso.open(repository.default_graphs(), repository.version_graph)
    yield store
    store.close()


@pytest.fixture(params=["virtuoso", "oxigraph_server"])
def remote(request: pytest.FixtureRequest) -> ExternalStore:
    store: ExternalStore = request.getfixturevalue(request.param)
    return store


# -- errors from remote stores ------------------------------------------------


def test_a_store_nobody_listens_on_is_unavailable() -> None:
    store = open_store(f"sparql:http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(
        StoreUnavailable, match=r"cannot reach sparql:http://127\.0\.0\.1:\d+/sparql: connection refused"
    ):
        store.query("ASK {}")


def test_refused_credentials_make_the_store_unavailable(virtuoso: ExternalStore) -> None:
    wrong = SparqlStore(virtuoso.update_url, Connection(user=virtuoso.user, password="not-the-password"))
    with pytest.raises(StoreUnavailable, match="refused the credentials"):
        wrong.query("ASK {}")
    right = SparqlStore(virtuoso.update_url, Connection(user=virtuoso.user, password=virtuoso.password))
    assert right.query("ASK {}") == AskResult(True)


def test_a_query_past_the_stores_own_limit_is_a_timeout(
    loaded_virtuoso: SparqlStore, repository: Settings
) -> None:
    with pytest.raises(StoreTimeout, match="stopped the query at its time limit"):
        loaded_virtuoso.query(HEAVY, default_graphs=[repository.ontology_graph])


def test_virtuoso_is_told_our_limit_and_stops_the_query_itself(
    limits_virtuoso: Virtuoso, repository: Settings
) -> None:
    """Not kg giving up ("did not answer within 11 s") while Virtuoso works on: Virtuoso's own
    answer at kg's limit, long before its own 15 s. A new client knows Virtuoso from the version
    lookup that comes before its first query."""
    store = limits_virtuoso.open(repository.default_graphs(), repository.version_graph)
    started = time.monotonic()
    with pytest.raises(StoreTimeout, match="stopped the query at its time limit"):
        store.query(HEAVY, default_graphs=[repository.ontology_graph], timeout=1)
    assert time.monotonic() - started >= 1  # ran to the limit (not refused at once)
    store.close()


def test_a_store_that_does_not_answer_is_a_timeout() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts the connection, never answers
        store = open_store(f"sparql:http://127.0.0.1:{silent.getsockname()[1]}/sparql")
        started = time.monotonic()
        with pytest.raises(StoreTimeout, match="did not answer within 1 s"):
            store.query("ASK {}", timeout=1)
    assert time.monotonic() - started >= 1  # waited for the limit, then gave up (not refused at once)


def test_a_syntax_error_comes_back_with_the_stores_words(remote: ExternalStore) -> None:
    with pytest.raises(QuerySyntaxError, match=f"{remote.spec} rejected the query: .*(line 1|1:)"):
        remote.open([]).query("SELECT * WHERE { ?s ?p }")


def test_blank_nodes_from_virtuoso_are_blank_nodes(
    loaded_virtuoso: SparqlStore, repository: Settings
) -> None:
    """Virtuoso labels them "nodeID://b10000", which pyoxigraph's results parser refuses."""
    result = loaded_virtuoso.query(
        "SELECT ?creator ?same WHERE { ?o <http://purl.org/dc/terms/creator> ?creator "
        "BIND(?creator AS ?same) }",
        default_graphs=[repository.ontology_graph],
    )
    assert isinstance(result, SelectResult)
    ((creator, same),) = list(result.rows)
    assert isinstance(creator, ox.BlankNode) and creator == same


# -- the embedded store on disk ----------------------------------------------


def test_a_disk_store_keeps_the_graph_for_the_next_process(tmp_path: Path, repository: Settings) -> None:
    writer = open_store(f"oxigraph:{tmp_path / 'store'}")
    counts = load_repository(writer, repository).graphs
    writer.close()
    del writer
    reader = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True)
    assert {graph: reader.triple_count(graph) for graph in counts} == counts
    assert set(reader.graph_triples(repository.data_graph)) == file_triples(PROJECT_DIR / DATA_FILE)


def test_loading_a_disk_store_again_keeps_the_graphs_it_does_not_load(
    tmp_path: Path, repository: Settings
) -> None:
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    other = "https://test.example/other-graph"
    triple = ox.Triple(
        ox.NamedNode("https://test.example/s"), ox.NamedNode("https://test.example/p"), ox.Literal("o")
    )
    assert store.replace_graph(other, [triple]) == 1
    load_repository(store, repository)
    load_repository(store, repository)
    assert list(store.graph_triples(other)) == [triple]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_load_that_fails_leaves_the_disk_store_as_it_was(tmp_path: Path) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    load_repository(store, settings)
    data = settings.project_dir / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8") + "\nthis is not turtle\n", encoding="utf-8")
    with pytest.raises(SyntaxErrors):
        load_repository(store, settings)
    data.write_text(data.read_text(encoding="utf-8").replace("\nthis is not turtle\n", ""), encoding="utf-8")
    assert set(store.graph_triples(settings.data_graph)) == file_triples(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "store"]


def test_a_disk_store_another_process_writes_is_refused_clearly(tmp_path: Path, repository: Settings) -> None:
    holder = open_store(f"oxigraph:{tmp_path / 'store'}")
    done = run_kg("push", "--store", f"oxigraph:{tmp_path / 'store'}", *settings_args(repository))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = done.stderr.strip().splitlines()[-1]  # after validation's summary line (kg.cli.loading)
    assert error.startswith(f"error: oxigraph:{tmp_path / 'store'}: cannot open")
    holder.close()


# -- kg serve on each store --------------------------------------------------


def test_serve_reopens_a_disk_store_in_each_forked_worker(tmp_path: Path, repository: Settings) -> None:
    directory = tmp_path / "store"
    assert run_kg("push", "--store", f"oxigraph:{directory}", *settings_args(repository)).returncode == 0
    server = start_server("--store", f"oxigraph:{directory}", "--no-load", "--workers", "2")
    try:
        # Ready means one worker answers; gunicorn forks the second up to 0.1 s later.
        assert wait_until(lambda: server.log().count("Booting worker") == 2, timeout=30)
        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(lambda _: requests.get(server.url + "/healthz", timeout=10).status_code, range(40))
            )
        assert statuses == [200] * 40
        log = server.log()
        assert log.count("Booting worker") == 2 and "Traceback" not in log
        # each phase its line, the store's before the long preparation of the downloads
        phases = [f"serving oxigraph:{directory} as it is", "preparing the download files", "ready in"]
        assert all(phase in log for phase in phases), log
        assert [log.index(phase) for phase in phases] == sorted(log.index(phase) for phase in phases)
    finally:
        server.stop()
    # No worker dies of SIGSEGV in the interpreter's teardown of the database (the master says so).
    assert "SIGSEGV" not in server.log()


def test_serve_a_remote_store_and_answer_502_when_it_goes_down(tmp_path: Path, repository: Settings) -> None:
    store = start_oxigraph_server(tmp_path / "remote")
    server = None
    try:
        assert run_kg("push", *store.store_args(), *settings_args(repository)).returncode == 0
        server = start_server("--store", store.spec, *settings_args(repository))
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
        store.stop()
        response = requests.get(server.url + "/healthz", timeout=10)
        assert response.status_code == 502
        assert response.text.startswith("502 Bad Gateway: the store did not answer: cannot reach")
        assert "Traceback" not in response.text
    finally:
        if server is not None:
            server.stop()
        store.stop()


def test_serve_can_push_the_repository_into_a_remote_store_first(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    settings = fresh_settings(copy_project(tmp_path / "project"))
    server = start_server(*virtuoso.store_args(), "--load", *settings_args(settings))
    try:
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
        assert "loaded" in server.log()
        pushed = virtuoso.open(settings.default_graphs(), settings.version_graph)
        assert set(pushed.graph_triples(settings.data_graph)) == file_triples(
            settings.project_dir / DATA_FILE
        )
    finally:
        server.stop()


def test_serve_will_not_start_on_a_store_it_cannot_reach() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    done = run_kg("serve", "--port", str(free_port()), "--store", f"sparql:{url}")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: cannot reach sparql:{url}: connection refused"]


@pytest.mark.parametrize("command", ["serve", "push"])
def test_the_store_options_and_their_environment_variables_are_documented(command: str) -> None:
    done = run_kg(command, "--help")
    for variable in ("KG_STORE", "KG_GRAPH_STORE_URL", "KG_UPDATE_URL", "KG_STORE_USER", "KG_STORE_PASSWORD"):
        assert variable in done.stdout
    assert "sparql:QUERY_URL" in done.stdout and "oxigraph:DIR" in done.stdout


def test_an_unknown_store_spec_is_a_one_line_error() -> None:
    done = run_kg("push", "--store", "postgres:somewhere")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: unknown store 'postgres:somewhere': use 'memory', 'oxigraph:DIR' or 'sparql:QUERY_URL'"
    )


def test_a_store_that_wants_credentials_to_read_is_read_with_them(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    """The version pointer is looked up anonymously over a kept-open connection; a store that refuses
    that (Virtuoso's /sparql-auth) is asked again with the credentials, and from then on so."""
    settings = fresh_settings(copy_project(tmp_path / "project"))
    graphs = [*settings.default_graphs(infer=True), settings.version_graph]
    store = SparqlStore(
        virtuoso.update_url, virtuoso.connection(), graphs=graphs, version_graph=settings.version_graph
    )
    load_repository(store, settings)
    reader = store.snapshot()
    assert reader.triple_count(settings.data_graph) == len(file_triples(settings.project_dir / DATA_FILE))
    anonymous = SparqlStore(virtuoso.update_url, graphs=graphs, version_graph=settings.version_graph)
    with pytest.raises(StoreUnavailable, match="refused"):
        anonymous.snapshot()


def test_a_store_started_on_a_port_another_server_holds_is_not_taken_for_it(tmp_path: Path) -> None:
    """The tests' own guard (tests/support/server.py `listens_on`): when another process on the
    machine was given the same free port and holds it, the store started here fails to bind and
    exits; waiting for it must say so, not return the other server's answers as its own."""
    holder = start_oxigraph_server(tmp_path / "holder")
    port = int(holder.query_url.split(":")[2].split("/")[0])
    try:
        with pytest.raises(RuntimeError, match="exited with"):
            start_oxigraph_server(tmp_path / "second", port=port)
    finally:
        holder.stop()
