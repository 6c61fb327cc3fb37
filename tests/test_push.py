"""`kg push` into real SPARQL stores (Virtuoso and Oxigraph's server) and into oxigraph:DIR.

What a graph must hold after a push is read from the repository's own files,
parsed independently of the push; every command runs as a user runs it.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kg.foundation.settings import Settings
from kg.store import Store, open_store
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.external_stores import ExternalStore, start_oxigraph_server
from tests.support.projects import (
    DATA_FILE,
    copy_project,
    file_triples,
    fresh_settings,
    run_kg,
    settings_args,
)

REMOTES = ["virtuoso", "oxigraph_server"]
OLD_LABEL = '"Verdiskaping og kompetanse"@nb'
NEW_LABEL = '"Verdiskaping, kompetanse og innovasjon"@nb'


@pytest.fixture(params=REMOTES)
def remote(request: pytest.FixtureRequest) -> ExternalStore:
    store: ExternalStore = request.getfixturevalue(request.param)
    return store


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    return fresh_settings(copy_project(tmp_path / "project"))


def push(remote: ExternalStore, settings: Settings, *extra: str) -> tuple[int, str, str]:
    done = run_kg("push", *remote.store_args(), *settings_args(settings), *extra)
    return done.returncode, done.stdout, done.stderr


def assert_one_line_error(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: ")


def relabel_focus_area_2(settings: Settings) -> None:
    data = settings.project_dir / DATA_FILE
    text = data.read_text(encoding="utf-8")
    assert text.count(OLD_LABEL) == 1
    data.write_text(text.replace(OLD_LABEL, NEW_LABEL), encoding="utf-8")


def data_graph(store: Store, settings: Settings) -> set[ox.Triple]:
    return set(store.graph_triples(settings.data_graph))


def test_push_puts_each_file_set_into_its_named_graph(remote: ExternalStore, project: Settings) -> None:
    code, stdout, stderr = push(remote, project)
    assert code == 0, stderr
    assert "counts read back and checked" in stdout
    store = remote.open(project.default_graphs(), project.version_graph)
    assert data_graph(store, project) == file_triples(project.project_dir / DATA_FILE)
    # The ontology has a blank node (its creator): compare as graphs, not as sets of triples.
    ontology = rdflib_graph(store.graph_triples(project.ontology_graph))
    expected = rdflib_graph(file_triples(project.project_dir / "ontology" / "strategigraf.ttl"))
    assert isomorphic(ontology, expected)
    assert set(store.graph_names()) >= {project.ontology_graph, project.data_graph}


def test_pushing_twice_changes_nothing(remote: ExternalStore, project: Settings) -> None:
    assert push(remote, project)[0] == 0
    store = remote.open(project.default_graphs(), project.version_graph)
    before = {graph: store.triple_count(graph) for graph in store.graph_names()}
    data_before = data_graph(store, project)
    code, _, stderr = push(remote, project)
    assert code == 0, stderr
    assert {graph: store.triple_count(graph) for graph in store.graph_names()} == before
    assert data_graph(store, project) == data_before


def test_a_new_push_replaces_the_graph_whole(remote: ExternalStore, project: Settings) -> None:
    assert push(remote, project)[0] == 0
    relabel_focus_area_2(project)
    assert push(remote, project)[0] == 0
    store = remote.open(project.default_graphs(), project.version_graph)
    labels = {str(t.object) for t in data_graph(store, project)}
    assert NEW_LABEL in labels and OLD_LABEL not in labels
    assert data_graph(store, project) == file_triples(project.project_dir / DATA_FILE)


def test_refused_credentials_leave_the_previous_graphs(virtuoso: ExternalStore, project: Settings) -> None:
    assert push(virtuoso, project)[0] == 0
    store = virtuoso.open(project.default_graphs(), project.version_graph)
    before = data_graph(store, project)
    relabel_focus_area_2(project)
    args = [*virtuoso.store_args()]
    args[args.index("--store-password") + 1] = "not-the-password"
    done = run_kg("push", *args, *settings_args(project))
    assert done.returncode == 2
    assert_one_line_error(done.stderr)
    assert "refused" in done.stderr and "password" in done.stderr
    assert data_graph(store, project) == before


def test_a_stopped_store_keeps_its_graphs_and_the_push_says_so(tmp_path: Path, project: Settings) -> None:
    server = start_oxigraph_server(tmp_path / "store")
    try:
        assert push(server, project)[0] == 0
        before = data_graph(server.open(project.default_graphs(), project.version_graph), project)
        server.stop()
        relabel_focus_area_2(project)
        code, _, stderr = push(server, project)
        assert code == 2
        assert_one_line_error(stderr)
        assert "cannot reach" in stderr and "nothing was pushed" in stderr
        port = int(server.query_url.split(":")[2].split("/")[0])
        server = start_oxigraph_server(tmp_path / "store", port=port)
        assert data_graph(server.open(project.default_graphs(), project.version_graph), project) == before
    finally:
        server.stop()


def test_a_graph_the_store_cannot_hold_as_sent_fails_loudly(
    virtuoso: ExternalStore, project: Settings
) -> None:
    """Virtuoso stores "true" as 1: next to a 1 on the same subject and property, a triple is lost."""
    extra = project.project_dir / "data" / "literals.ttl"
    extra.write_text(
        "<https://test.example/s> <https://test.example/p> 1 , true .\n"
        "<https://test.example/s> <https://test.example/q> 2 .\n",
        encoding="utf-8",
    )
    code, _, stderr = push(virtuoso, project, "--no-validate")
    assert code == 2
    assert_one_line_error(stderr)
    sent = len(file_triples(project.project_dir / DATA_FILE)) + 3
    assert f"holds {sent - 1} triples after the write, but {sent} were sent" in stderr


def test_invalid_data_is_not_pushed(remote: ExternalStore, project: Settings) -> None:
    data = project.project_dir / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace("a sgo:FocusArea ;", "a sgo:FocusAria ;", 1))
    code, stdout, stderr = push(remote, project)
    assert code == 1
    assert "FocusAria" in stdout
    assert "not pushing invalid data" in stderr
    assert remote.open(project.default_graphs(), project.version_graph).graph_names() == []


def test_a_syntax_error_is_reported_with_its_place_and_nothing_is_pushed(
    remote: ExternalStore, project: Settings
) -> None:
    data = project.project_dir / DATA_FILE
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("osr:visjon a sgo:Vision"))
    lines[number] = lines[number].replace(" ;", " ;;;  ]", 1)
    data.write_text("".join(lines), encoding="utf-8")
    code, _, stderr = push(remote, project, "--no-validate")
    assert code == 2
    assert f"osloregionen-2017.ttl:{number + 1}:" in stderr and "syntax error" in stderr
    assert remote.open(project.default_graphs(), project.version_graph).graph_names() == []


def test_push_through_sparql_update_when_the_store_has_no_graph_store_protocol(
    remote: ExternalStore, project: Settings
) -> None:
    args = [*remote.store_args()]
    at = args.index("--graph-store-url")
    del args[at : at + 2]
    done = run_kg("push", *args, *settings_args(project))
    assert done.returncode == 0, done.stderr
    store = remote.open(project.default_graphs(), project.version_graph)
    assert data_graph(store, project) == file_triples(project.project_dir / DATA_FILE)


def test_push_without_a_write_url_says_which_option_is_missing(
    remote: ExternalStore, project: Settings
) -> None:
    done = run_kg("push", "--store", remote.spec, *settings_args(project))
    assert done.returncode == 2
    assert_one_line_error(done.stderr)
    assert "--update-url" in done.stderr and "/sparql-auth" in done.stderr


def test_push_reads_the_store_from_the_environment(virtuoso: ExternalStore, project: Settings) -> None:
    environment = {
        **os.environ,
        "KG_STORE": virtuoso.spec,
        "KG_GRAPH_STORE_URL": virtuoso.graph_store_url,
        "KG_UPDATE_URL": virtuoso.update_url,
        "KG_STORE_USER": str(virtuoso.user),
        "KG_STORE_PASSWORD": str(virtuoso.password),
    }
    done = run_kg("push", *settings_args(project), env=environment)
    assert done.returncode == 0, done.stderr
    assert virtuoso.open(project.default_graphs(), project.version_graph).triple_count(
        project.data_graph
    ) == len(file_triples(project.project_dir / DATA_FILE))


def test_push_to_an_embedded_store_on_disk(tmp_path: Path, project: Settings) -> None:
    directory = tmp_path / "store"
    for _ in range(2):
        done = run_kg("push", "--store", f"oxigraph:{directory}", *settings_args(project))
        assert done.returncode == 0, done.stderr
    store = open_store(f"oxigraph:{directory}", read_only=True)
    assert data_graph(store, project) == file_triples(project.project_dir / DATA_FILE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "store"]  # nothing left beside it


def test_push_refuses_the_memory_store(project: Settings) -> None:
    done = run_kg("push", "--store", "memory", *settings_args(project))
    assert done.returncode == 2
    assert_one_line_error(done.stderr)
    assert "oxigraph:DIR" in done.stderr


@pytest.mark.parametrize("where", ["oxigraph:DIR", *REMOTES])
def test_kg_query_on_a_pushed_store_answers_as_on_the_files(
    where: str, request: pytest.FixtureRequest, tmp_path: Path, project: Settings
) -> None:
    """`kg query --store ...` reads the store as `kg push` left it.

    Focus areas 1, 2 and 3 have 1, 4 and 1 activities (seed lines 31-56).
    """
    if where == "oxigraph:DIR":
        args = ["--store", f"oxigraph:{tmp_path / 'db'}"]
        assert run_kg("push", *args, *settings_args(project)).returncode == 0
    else:
        remote: ExternalStore = request.getfixturevalue(where)
        assert push(remote, project)[0] == 0
        args = ["--store", remote.spec]  # reading needs no write URL nor credentials
    done = run_kg("query", "focus-areas", "--format", "csv", *args, *settings_args(project))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(row["number"], row["activities"]) for row in rows] == [("1", "1"), ("2", "4"), ("3", "1")]
    in_memory = run_kg("query", "focus-areas", "--format", "csv", *settings_args(project))
    assert in_memory.stdout == done.stdout


def test_a_push_of_230k_triples_succeeds_against_a_virtuoso_whose_transactions_time_out_after_5_s(
    virtuoso: ExternalStore, tmp_path: Path
) -> None:
    """Issue 22: such a push failed at its switch (DROP and MOVE in one transaction, 'SR171:
    Transaction timed out'). Now the switch is one small insert, and dropping the big version
    later runs outside a transaction (the session's Virtuoso stops transactions after 5 s).

    `kg synth --organisations 200` writes about 244 000 triples (the inferred graph adds about
    400 000 more); pushed once, then the repository's small graph twice, the last time with no
    grace: the big version, neither live nor previous, is dropped.
    """
    big = fresh_settings(copy_project(tmp_path / "big"))
    shutil.rmtree(big.project_dir / "data")
    written = run_kg(
        "synth", "--organisations", "200", "-o", str(big.project_dir / "data"), *settings_args(big)
    )
    assert written.returncode == 0, written.stderr
    data_triples = sum(len(file_triples(path)) for path in (big.project_dir / "data").glob("*.ttl"))
    assert data_triples > 230_000
    code, _, stderr = push(virtuoso, big, "--no-validate")
    assert code == 0, stderr
    store = virtuoso.open(big.default_graphs(), big.version_graph)
    assert store.triple_count(big.data_graph) == data_triples
    first = store.history().live
    assert first is not None
    small = Settings(project_dir=copy_project(tmp_path / "small"), base_iri=big.base_iri)
    assert push(virtuoso, small, "--no-validate")[0] == 0
    code, _, stderr = push(virtuoso, small, "--no-validate", "--store-grace", "0")
    assert code == 0, stderr
    assert first.graphs[big.data_graph] in stderr  # named as removed
    raw = virtuoso.open([])
    assert raw.triple_count(first.graphs[big.data_graph]) == 0
    assert store.triple_count(big.data_graph) == len(file_triples(small.project_dir / DATA_FILE))
