"""The query runner on a real in-memory store: dataset, `infer`, row cap and time limit."""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox
import pytest

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.query.deadline import DeadlineExceeded, Watchdog, call_with_deadline
from kg.query.reads import QueryTimeout, StoreReads
from kg.query.runner import Boolean, QueryRequest, QueryRunner, Solutions, Triples
from kg.store import QueryResult, SelectResult
from kg.store.oxigraph import OxigraphStore
from tests.support.rdf import lexical
from tests.support.shared import PROJECT_DIR

EX = "http://example.org/"


def triple(subject: str, value: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + subject), ox.NamedNode(EX + "p"), ox.Literal(value))


@pytest.fixture
def settings() -> Settings:
    return project_settings(PROJECT_DIR, max_rows=3, query_timeout=2)


def runner_on(store: OxigraphStore, settings: Settings) -> QueryRunner:
    return QueryRunner(StoreReads(store, settings.query_timeout), settings)


@pytest.fixture
def runner(settings: Settings) -> QueryRunner:
    store = OxigraphStore()
    store.replace_graph(settings.data_graph, [triple("asserted", "a")])
    store.replace_graph(settings.inferred_graph, [triple("inferred", "i")])
    store.replace_graph(EX + "other", [triple(f"other{n}", str(n)) for n in range(10)])
    return runner_on(store, settings)


def values(answer: object) -> set[str]:
    assert isinstance(answer, Solutions)
    return {lexical(row[0]) for row in answer.rows}


def selected(result: QueryResult) -> set[str]:
    """The first column of a store's SELECT answer."""
    assert isinstance(result, SelectResult)
    return {lexical(row[0]) for row in result.rows}


def test_default_graph_with_and_without_inferred_triples(runner: QueryRunner) -> None:
    query = f"SELECT ?o {{ ?s <{EX}p> ?o }}"
    assert values(runner.run(QueryRequest(query))) == {"a", "i"}
    assert values(runner.run(QueryRequest(query, infer=True))) == {"a", "i"}
    assert values(runner.run(QueryRequest(query, infer=False))) == {"a"}


def test_every_held_graph_is_named(runner: QueryRunner, settings: Settings) -> None:
    answer = runner.run(QueryRequest("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"))
    assert values(answer) == {settings.data_graph, settings.inferred_graph, EX + "other"}


def test_rows_and_triples_are_capped_and_say_so(runner: QueryRunner) -> None:
    query = f"SELECT ?o FROM <{EX}other> {{ ?s ?p ?o }}"
    answer = runner.run(QueryRequest(query))
    assert isinstance(answer, Solutions)
    assert (len(answer.rows), answer.truncated) == (3, True)
    graph = runner.run(QueryRequest(f"CONSTRUCT {{ ?s ?p ?o }} FROM <{EX}other> WHERE {{ ?s ?p ?o }}"))
    assert isinstance(graph, Triples)
    assert (len(graph.triples), graph.truncated) == (3, True)
    few = runner.run(QueryRequest(f"SELECT ?o {{ ?s <{EX}p> ?o }}"))
    assert isinstance(few, Solutions)
    assert not few.truncated


def test_relative_iris_resolve_against_the_endpoint(runner: QueryRunner) -> None:
    answer = runner.run(QueryRequest("ASK { FILTER (<x> = <http://host/x>) }", base_iri="http://host/sparql"))
    assert answer == Boolean(True)


def test_runaway_query_times_out(settings: Settings) -> None:
    store = OxigraphStore()
    store.replace_graph(settings.data_graph, [triple(f"s{n}", str(n)) for n in range(50)])
    quick = runner_on(store, settings.with_(query_timeout=0.3))
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.3 s"):
        # 50**4 rows to count: about a second here, so the abandoned thread soon ends.
        quick.run(QueryRequest("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"))
    assert time.monotonic() - started >= 0.3  # ran until the limit; QueryTimeout proves it did not finish


def test_deadline_hands_back_results_and_errors() -> None:
    assert call_with_deadline(lambda: 42, 1) == 42
    with pytest.raises(KeyError):
        empty: dict[str, int] = {}
        call_with_deadline(lambda: empty["missing"], 1)
    assert call_with_deadline(threading.get_ident, 1) != threading.get_ident()


def test_a_thread_that_overran_is_never_reused() -> None:
    release = threading.Event()
    stuck: list[int] = []

    def hang() -> None:
        stuck.append(threading.get_ident())
        release.wait()

    with pytest.raises(DeadlineExceeded):
        call_with_deadline(hang, 0.1)
    try:
        assert call_with_deadline(threading.get_ident, 1) != stuck[0]
    finally:
        release.set()


def test_watchdog_fires_once_from_its_own_thread_and_only_on_overrun() -> None:
    dog = Watchdog(tick=0.01)
    fired: list[object] = []
    overran = threading.Event()

    def on_overrun(what: object) -> None:
        fired.append(what)
        overran.set()

    with dog.watch(0.05, lambda: on_overrun(threading.get_ident())):
        assert overran.wait(timeout=10)  # the watched work overruns: it waits for the watchdog
    assert len(fired) == 1
    assert fired[0] != threading.get_ident()
    with dog.watch(0.2, lambda: fired.append("in time")):
        pass
    # A later watch that overruns its longer deadline: the watchdog has looked past the first one's.
    overran.clear()
    with dog.watch(0.3, lambda: on_overrun("later")):
        assert overran.wait(timeout=10)
    assert fired[1:] == ["later"]


def test_watchdog_watches_overlapping_blocks_each_to_its_own_deadline() -> None:
    """A gevent worker waiting for a remote store takes other requests meanwhile: a block that
    comes and goes must not end the watch of one still running (it did: one deadline for all)."""
    dog = Watchdog(tick=0.01)
    fired: list[str] = []
    inside, overran = threading.Event(), threading.Event()

    def on_overrun() -> None:
        fired.append("slow")
        overran.set()

    def slow() -> None:
        with dog.watch(2, on_overrun):
            inside.set()
            overran.wait(timeout=30)

    thread = threading.Thread(target=slow)
    thread.start()
    assert inside.wait(timeout=30)
    with dog.watch(60, lambda: fired.append("quick")):
        pass  # a quick block in the meantime, well within its own deadline
    thread.join(timeout=60)
    assert fired == ["slow"]


JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
TSV = "text/tab-separated-values"


@pytest.mark.parametrize("media_type", [JSON, XML, TSV])
def test_the_store_writes_small_answers_itself(runner: QueryRunner, media_type: str) -> None:
    query = f"SELECT ?o {{ ?s <{EX}p> ?o }}"
    native = runner.run(QueryRequest(query, results_format=media_type))
    assert isinstance(native, Solutions) and native.encoded and native.encoded_as == media_type
    assert {lexical(row[0]) for row in native.decoded_rows()} == {"a", "i"}
    assert not native.truncated


@pytest.mark.parametrize("media_type", [JSON, XML, TSV])
def test_an_answer_over_the_row_cap_is_cut_on_the_native_path_too(
    runner: QueryRunner, media_type: str
) -> None:
    answer = runner.run(QueryRequest(f"SELECT ?o FROM <{EX}other> {{ ?s ?p ?o }}", results_format=media_type))
    assert isinstance(answer, Solutions)
    assert (len(answer.rows), answer.truncated, answer.encoded) == (3, True, None)


@pytest.mark.parametrize("media_type", [JSON, XML, TSV])
@pytest.mark.parametrize("rows", [3, 4])
def test_values_that_look_like_rows_do_not_fool_the_row_cap(
    settings: Settings, media_type: str, rows: int
) -> None:
    # Each value holds what marks a row in JSON, XML and TSV; the cap is 3 rows.
    look_alike = '{"o": {}}, <result><binding/></result>\n\t' * 20
    store = OxigraphStore()
    store.replace_graph(settings.data_graph, [triple(f"s{n}", f"{look_alike}{n}") for n in range(rows)])
    query = QueryRequest("SELECT ?o { ?s ?p ?o }", results_format=media_type)
    answer = runner_on(store, settings).run(query)
    assert isinstance(answer, Solutions)
    assert len(answer.decoded_rows()) == 3
    assert answer.truncated == (rows == 4)
    if rows == 3:
        assert answer.encoded is not None
        assert {lexical(row[0]) for row in answer.decoded_rows()} == {f"{look_alike}{n}" for n in range(3)}


def test_an_answer_over_its_byte_budget_is_answered_on_the_capped_path(settings: Settings) -> None:
    store = OxigraphStore()
    long_text = "x" * 5000  # 10 rows of 5 kB: over the budget of 3 rows x 4 kB
    store.replace_graph(EX + "big", [triple(f"s{n}", long_text + str(n)) for n in range(10)])
    answer = runner_on(store, settings).run(
        QueryRequest("SELECT ?o { GRAPH ?g { ?s ?p ?o } }", results_format=JSON)
    )
    assert isinstance(answer, Solutions)
    assert (len(answer.rows), answer.truncated) == (3, True)


def test_the_union_of_all_graphs_follows_the_graphs_the_store_holds(settings: Settings) -> None:
    store = OxigraphStore()
    store.replace_graph(EX + "g1", [triple("one", "1")])
    store.replace_graph(EX + "g2", [triple("two", "2")])
    both = [EX + "g1", EX + "g2"]
    query = f"SELECT ?o {{ ?s <{EX}p> ?o }}"
    assert selected(store.query(query, default_graphs=both)) == {"1", "2"}
    store.replace_graph(EX + "g3", [triple("three", "3")])
    assert selected(store.query(query, default_graphs=both)) == {"1", "2"}
