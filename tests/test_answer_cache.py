"""Repeated /sparql queries (issue 23): ETags from the dataset version, 304, kept answers.

Real servers over HTTP; the ETag is compared across servers started apart, on the same files and
on files that differ by one label.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kg.foundation.settings import Settings
from server.answer_cache import AnswerCache, Written
from tests.support.server import RunningServer, start_server
from tests.support.shared import PROJECT_DIR, write_project_file

JSON = "application/sparql-results+json"
CSV = "text/csv"
LABELS = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?label WHERE { <https://w3id.org/strategigraf/id/osloregionen-2017/innsatsomrade-1> "
    'skos:prefLabel ?label FILTER(LANG(?label) = "nb") }'
)
PUBLIC = "https://strategigraf.example"


def _get(server: RunningServer, query: str, accept: str = JSON, **headers: str) -> requests.Response:
    return requests.get(
        server.url + "/sparql", params={"query": query}, headers={"Accept": accept, **headers}, timeout=30
    )


@pytest.fixture(scope="module")
def public() -> Iterator[RunningServer]:
    running = start_server("--no-validate", "--public-url", PUBLIC)
    yield running
    running.stop()


def test_an_answer_has_an_etag_and_a_client_that_holds_it_gets_304(public: RunningServer) -> None:
    first = _get(public, LABELS)
    assert first.status_code == 200
    # The heading of focus area 1, seed line 31 ("Areal, transport og klima/miljo", letters repaired).
    assert first.json()["results"]["bindings"][0]["label"]["value"] == "Areal, transport og klima/miljø"
    etag = first.headers["ETag"]
    again = _get(public, LABELS)  # kept by the worker that wrote it, or written by the other: the same
    assert (again.headers["ETag"], again.content) == (etag, first.content)
    unchanged = _get(public, LABELS, **{"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b"" and unchanged.headers["ETag"] == etag
    as_csv = _get(public, LABELS, CSV, **{"If-None-Match": etag})  # another representation
    assert as_csv.status_code == 200
    assert as_csv.text == 'label\r\n"Areal, transport og klima/miljø"\r\n'  # quoted: it holds a comma
    assert as_csv.headers["ETag"] != etag
    other_query = _get(public, LABELS.replace('"nb"', '"en"'), **{"If-None-Match": etag})
    assert other_query.status_code == 200 and other_query.headers["ETag"] != etag


def test_a_query_whose_answer_changes_each_time_has_no_etag(public: RunningServer) -> None:
    now = "SELECT (NOW() AS ?now) (STRUUID() AS ?id) WHERE {}"
    # One connection, so one worker: workers forked from one master draw the same random numbers.
    with requests.Session() as session:
        answers = [
            session.get(public.url + "/sparql", params={"query": now}, headers={"Accept": JSON}, timeout=30)
            for _ in range(2)
        ]
    assert all(answer.status_code == 200 and "ETag" not in answer.headers for answer in answers)
    ids = {answer.json()["results"]["bindings"][0]["id"]["value"] for answer in answers}
    assert len(ids) == 2


def test_the_etag_is_the_dataset_versions_not_the_servers(public: RunningServer, tmp_path: Path) -> None:
    etag = _get(public, LABELS).headers["ETag"]
    same = tmp_path / "same"
    edited = tmp_path / "edited"
    for copy in (same, edited):
        for folder in ("ontology", "data"):
            shutil.copytree(PROJECT_DIR / folder, copy / folder)
        write_project_file(copy)
    data = edited / "data" / "osloregionen-2017.ttl"
    label = '"Areal, transport og klima/miljø"@nb'
    text = data.read_text(encoding="utf-8")
    assert text.count(label) == 1
    data.write_text(text.replace(label, '"Areal, transport og klima"@nb'), encoding="utf-8")
    for copy, expected_same in ((same, True), (edited, False)):
        running = start_server("--no-validate", "--public-url", PUBLIC, "--project-dir", str(copy))
        try:
            answer = _get(running, LABELS, **{"If-None-Match": etag})
            assert answer.status_code == (304 if expected_same else 200), copy.name
            if not expected_same:
                labels = answer.json()["results"]["bindings"]
                assert labels[0]["label"]["value"] == "Areal, transport og klima"
        finally:
            running.stop()


def _written(size: int) -> Written:
    return Written("200 OK", [("Content-Length", str(size))], b"x" * size, 'W/"t"')


def test_kept_answers_stay_within_their_bytes_least_recently_used_first() -> None:
    cache = AnswerCache("sha256:0", Settings(answer_cache_bytes=1600))
    assert cache.max_answer_bytes == 100
    for number in range(20):  # answers of 90 bytes with their keys: 17 fit in 1 600
        cache.keep((f"query={number:02}", ""), _written(82))
        if number == 15:
            assert cache.get(("query=00", "")) is not None  # used: now the most recent
    held = [number for number in range(20) if cache.get((f"query={number:02}", "")) is not None]
    assert held == [0, *range(4, 20)]  # 1, 2 and 3 were dropped for 17, 18 and 19; 0 had been used
    cache.keep(("query=big", ""), _written(200))  # over a sixteenth of the cache: not kept
    assert cache.get(("query=big", "")) is None
