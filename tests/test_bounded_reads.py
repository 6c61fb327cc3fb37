"""Every read of the store is under the /sparql time limit: a store that stops answering gets the
same 503 on every page as on /sparql, instead of holding the request until the store gives up.

The store is a real Oxigraph server holding the repository's graph, served by kg as it is. Once kg
answers (its caches made), the store's process is stopped (SIGSTOP): it still takes connections but
answers nothing, as a store does that is stuck. No timing is asserted: the store never answers, so
whatever kg answers, it answers because of its own time limit (before this, the pages waited for
the store's connection time-out, a minute, and /healthz too).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient

from kg.foundation.formats import RDF_SYNTAXES
from kg.foundation.project_settings import project_settings
from kg.store import open_store
from server import create_app
from tests.support.external_stores import ExternalStore, start_oxigraph_server
from tests.support.projects import run_kg
from tests.support.server import RunningServer, free_port, start_server
from tests.support.shared import PROJECT_DIR
from tests.support.waiting import process_exists, wait_until

#: Seconds. Not a whole number: a query on /sparql also gives the store a socket time-out of the
#: limit rounded up (kg.store.sparql), and kg's own limit must come first for the answer to be 503.
LIMIT = 2.5
AREA = "id/osloregionen-2017/innsatsomrade-1"
#: (what, path, Accept): each a different read of the store.
PAGES = [
    ("a thing's IRI (303)", f"/{AREA}", "text/html"),
    ("its page", f"/doc/{AREA}.html", "text/html"),
    ("its description", f"/doc/{AREA}.ttl", "text/turtle"),
    ("a named graph", "/graph/data", "text/turtle"),
    ("a named graph's page", "/graph/data", "text/html"),
    ("the ontology's page", "/ontology.html", "text/html"),
    ("the catalogue", "/catalog", "text/turtle"),
    ("the information models", "/catalog/information-models", "text/turtle"),
    ("the concepts", "/catalog/concepts", "text/turtle"),
    ("VoID", "/.well-known/void", "text/turtle"),
    ("the front page", "/", "text/html"),
    ("the downloads", "/download/", "text/html"),
    ("a download", f"/download/{RDF_SYNTAXES[0].file_name}", "*/*"),
    ("the service description", "/sparql", "text/turtle"),
    ("the health check", "/healthz", "text/plain"),
]
ASK = ("a query", "/sparql?query=ASK%20%7B%7D", "application/sparql-results+json")
READ_TIMED_OUT = (
    f"503 Service Unavailable: reading the store did not finish within the time limit of {LIMIT:g} s; "
    "it was stopped. Try again later or ask the operator for a longer --query-timeout.\n"
)
QUERY_TIMED_OUT = f"503 Service Unavailable: the query did not finish within the time limit of {LIMIT:g} s"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ExternalStore]:
    """A private Oxigraph server holding the repository's graph, as `kg push` left it."""
    started = start_oxigraph_server(tmp_path / "store")
    try:
        pushed = run_kg("push", *started.store_args(), "--project-dir", str(PROJECT_DIR))
        assert pushed.returncode == 0, pushed.stderr
        yield started
    finally:
        os.kill(started.process.pid, signal.SIGCONT)
        started.stop()


@contextmanager
def stopped(store: ExternalStore) -> Iterator[None]:
    """The store's process stopped: connections are taken, nothing is answered."""
    os.kill(store.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(store.process.pid, signal.SIGCONT)


def get(server: RunningServer, path: str, accept: str) -> requests.Response:
    # The client waits longer than kg would without its limit on these reads (the store's
    # connection time-out, 60 s): a hanging request fails the test rather than passing late.
    return requests.get(server.url + path, headers={"Accept": accept}, allow_redirects=False, timeout=90)


def retired(server: RunningServer, answer: requests.Response) -> requests.Response:
    """The answer, once the worker that gave it and retired has exited.

    A worker waiting for the store leaves gevent free to accept: one that has sent its 503 may
    take the next connection in the instant before it exits (README, "Serving safely"), which
    is not what this test is about. The worker logs its retirement before it answers.
    """
    if answer.status_code == 503:
        pid = int(re.findall(r"worker (\d+) retires", server.log())[-1])
        assert wait_until(lambda: not process_exists(pid), timeout=30)
    return answer


def test_every_page_answers_as_sparql_does_when_the_store_stops_answering(store: ExternalStore) -> None:
    metrics_at = f"127.0.0.1:{free_port()}"
    server = start_server(
        "--store", store.spec, "--query-timeout", str(LIMIT), "--metrics-address", metrics_at
    )
    metrics = f"http://{metrics_at}/metrics"
    try:
        for what, path, accept in PAGES:
            answer = get(server, path, accept)
            assert answer.status_code in (200, 303), (what, answer.status_code, answer.text)
        assert requests.get(metrics, timeout=90).status_code == 200
        with stopped(store):
            answers = {}
            for what, path, accept in [ASK, *PAGES]:
                answers[what] = retired(server, get(server, path, accept))
            answers["the metrics (their own address)"] = retired(server, requests.get(metrics, timeout=90))
        # What /sparql answers to a query the store does not answer in time:
        query = answers.pop(ASK[0])
        assert (query.status_code, query.text.startswith(QUERY_TIMED_OUT)) == (503, True), query.text
        for what, answer in answers.items():
            assert (what, answer.status_code, answer.text) == (what, 503, READ_TIMED_OUT)
            assert answer.headers["Access-Control-Allow-Origin"] == "*"
        # Each answer retired the worker that gave it; fresh ones serve again once the store answers.
        assert server.log().count("reading the store over the time limit") == len(answers)
        for what, path, accept in PAGES:
            answer = get(server, path, accept)
            assert answer.status_code in (200, 303), (what, answer.status_code, answer.text)
    finally:
        server.stop()


def test_elsewhere_than_kg_serve_the_pages_answer_through_flask(store: ExternalStore) -> None:
    """Under another WSGI host (here Flask's test client) a read runs on a deadline thread."""
    settings = project_settings(PROJECT_DIR, query_timeout=LIMIT)
    graphs = [*settings.default_graphs(), settings.version_graph]  # as kg serve opens it
    remote = open_store(store.spec, read_only=True, graphs=graphs, version_graph=settings.version_graph)
    client: FlaskClient = create_app(remote, settings).test_client()
    for what, path, accept in PAGES:
        answer = client.get(path, headers={"Accept": accept})
        assert answer.status_code in (200, 303), (what, answer.status_code, answer.get_data(as_text=True))
    with stopped(store):
        answers = {what: client.get(path, headers={"Accept": accept}) for what, path, accept in PAGES}
    for what, answer in answers.items():
        assert (what, answer.status_code, answer.get_data(as_text=True)) == (what, 503, READ_TIMED_OUT)
