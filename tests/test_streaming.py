"""A 10 000-row answer is sent from a file as it is read, never held whole (issue 23).

In process, with the real store, runner and writer; memory is Python's own allocations
(tracemalloc), where the written answer used to be held.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.formats import SPARQL_JSON
from kg.foundation.settings import Settings
from kg.query.reads import StoreReads
from kg.query.runner import QueryRequest, QueryRunner
from kg.store.oxigraph import OxigraphStore
from server.answers import write_answer
from server.negotiation import Format, Table

ROWS = 10_000
#: Each row's value: 500 letters, so that the answer is about 5.5 MB.
VALUE = "ø" * 250 + "a" * 250


def _store(settings: Settings) -> OxigraphStore:
    store = OxigraphStore()
    store.replace_graph(
        settings.data_graph,
        (
            ox.Triple(
                ox.NamedNode(f"http://example.org/s{n}"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal(f"{VALUE}{n}"),
            )
            for n in range(ROWS)
        ),
    )
    return store


def test_a_10000_row_answer_is_streamed_not_held_whole(tmp_path: Path) -> None:
    received = tmp_path / "answer.json"
    settings = Settings(max_rows=ROWS)
    runner = QueryRunner(StoreReads(_store(settings), settings.query_timeout), settings)
    query = QueryRequest("SELECT ?s ?o { ?s ?p ?o }", results_format=SPARQL_JSON.media_type)

    def json_format(_table: Table) -> Format:
        return SPARQL_JSON

    tracemalloc.start()
    try:
        response = write_answer(runner.run(query), json_format, settings.max_rows)
        assert response.status_code == 200 and not response.is_sequence  # a stream, not bytes
        length = response.content_length
        with received.open("wb") as client:  # the client's side, on disk: not counted
            for chunk in response.iter_encoded():
                client.write(chunk)
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sent = received.read_bytes()
    assert length == len(sent) > 5 * 2**20
    assert peak < 3 * 2**20, f"{peak} bytes held at most for an answer of {length}"
    bindings = json.loads(sent)["results"]["bindings"]
    assert len(bindings) == ROWS
    assert {binding["o"]["value"] for binding in bindings} == {f"{VALUE}{n}" for n in range(ROWS)}
