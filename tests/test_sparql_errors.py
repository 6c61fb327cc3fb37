"""Every way to ask /sparql wrongly gets the right 4xx, a message that says why, and no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.support.server import RunningServer
from tests.support.sparql import COUNT_FOCUS_AREAS

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def send(server: RunningServer, method: str = "GET", **kwargs: Any) -> requests.Response:
    response = requests.request(method, server.url + "/sparql", timeout=10, **kwargs)
    assert "Traceback" not in response.text
    assert response.status_code < 500, response.text
    return response


def test_malformed_query_names_line_and_column(server: RunningServer) -> None:
    response = send(server, params={"query": "SELECT ?s\nWHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "at 2:" in response.text  # line 2, where the triple pattern ends too early
    assert response.headers["Content-Type"].startswith("text/plain")


def test_malformed_query_that_mentions_from_names_line_and_column_too(server: RunningServer) -> None:
    # "from" sends the query through the guard's own parser first.
    response = send(server, params={"query": 'SELECT * WHERE {\n  ?s ?p "from" .\n  ?s ?p }'})
    assert response.status_code == 400
    assert "at 3:" in response.text


def test_an_escape_past_the_last_code_point_is_a_400(server: RunningServer) -> None:
    """Found by the fuzz test: rdflib's parser (asked whether a broken query is an update) raised on it."""
    response = send(server, params={"query": "\\U01000000SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/strategigraf/graph/data>",
        "LOAD <http://example.org/data.ttl>",
        "INSERT { ?s <http://example.org/p> 1 } WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
    ],
)
def test_update_sent_as_a_query_is_refused(server: RunningServer, update: str) -> None:
    for response in (
        send(server, params={"query": update}),
        send(server, "POST", data={"query": update}),
        send(server, "POST", data=update.encode(), headers={"Content-Type": DIRECT}),
    ):
        assert response.status_code == 400
        assert "SPARQL Update is not accepted" in response.text
    still_there = send(server, params={"query": COUNT_FOCUS_AREAS, "format": "csv"})
    assert still_there.text.splitlines()[1] == "3"


def test_update_operations_are_refused(server: RunningServer) -> None:
    for response in (
        send(server, params={"update": "CLEAR ALL"}),
        send(server, "POST", data={"update": "CLEAR ALL"}),
        send(server, "POST", data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
    ):
        assert response.status_code == 400
        assert "SPARQL Update is not accepted" in response.text


def test_two_queries_are_refused(server: RunningServer) -> None:
    for response in (
        send(server, params=[("query", "ASK {}"), ("query", "ASK {}")]),
        send(server, "POST", data=[("query", "ASK {}"), ("query", "ASK {}")]),
        send(server, "POST", params={"query": "ASK {}"}, data={"query": "ASK {}"}),
        send(server, "POST", params={"query": "ASK {}"}, data=b"ASK {}", headers={"Content-Type": DIRECT}),
    ):
        assert response.status_code == 400
        assert "more than one query" in response.text


def test_missing_query_is_refused(server: RunningServer) -> None:
    for response in (
        send(server, "POST", data={"default-graph-uri": "http://example.org/g"}),
        send(server, "POST", data=b"", headers={"Content-Type": DIRECT}),
        send(server, params={"query": "   "}),
    ):
        assert response.status_code == 400
        assert "query" in response.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405_with_allow(server: RunningServer, method: str) -> None:
    response = send(server, method, params={"query": "ASK {}"})
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/json", "application/sparql-query; charset=UTF-16"]
)
def test_unsupported_content_type_is_415(server: RunningServer, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = "ASK {}".encode("utf-16") if content_type and "16" in content_type else b"ASK {}"
    response = send(server, "POST", data=body, headers=headers)
    assert response.status_code == 415
    assert DIRECT in response.text or "UTF-8" in response.text


def test_body_that_is_not_utf8_is_400(server: RunningServer) -> None:
    response = send(
        server, "POST", data="ASK { ?s ?p 'ø' }".encode("latin-1"), headers={"Content-Type": DIRECT}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_bad_infer_value_is_400(server: RunningServer) -> None:
    response = send(server, params={"query": "ASK {}", "infer": "perhaps"})
    assert response.status_code == 400
    assert "infer=true or infer=false" in response.text


@pytest.mark.parametrize("infer", ["true", "false"])
def test_infer_parameter(server: RunningServer, infer: str) -> None:
    response = send(server, params={"query": COUNT_FOCUS_AREAS, "infer": infer, "format": "csv"})
    assert response.text.splitlines() == ["n", "3"]


def test_body_over_the_limit_is_413(limited_server: RunningServer) -> None:
    padding = "#" + "x" * 5000 + "\n"  # over the limited server's KG_MAX_BODY=4000
    for response in (
        send(limited_server, "POST", data={"query": padding + "ASK {}"}),
        send(limited_server, "POST", data=(padding + "ASK {}").encode(), headers={"Content-Type": DIRECT}),
    ):
        assert response.status_code == 413
        assert "over the limit of 4000 bytes" in response.text
    small = send(limited_server, "POST", data={"query": "#" + "x" * 3000 + "\nASK {}"})
    assert small.status_code == 200


def test_chunked_body_over_the_limit_is_413(limited_server: RunningServer) -> None:
    def chunks() -> Iterator[bytes]:  # a body without Content-Length
        yield b"#" + b"x" * 3000 + b"\n"
        yield b"#" + b"x" * 3000 + b"\nASK {}"

    response = send(limited_server, "POST", data=chunks(), headers={"Content-Type": DIRECT})
    assert response.status_code == 413

    def exactly_at_the_limit() -> Iterator[bytes]:
        yield b"ASK {}\n"
        yield b"#" + b"x" * (4000 - 9) + b"\n"  # 7 + 1 + 3991 + 1 bytes

    assert send(limited_server, "POST", data=exactly_at_the_limit(), headers={"Content-Type": DIRECT}).ok


def test_truncation_is_visible(limited_server: RunningServer) -> None:
    # The limited server returns at most 5 rows (KG_MAX_ROWS=5).
    everything = send(limited_server, params={"query": "SELECT * { ?s ?p ?o }"})
    assert everything.headers["KG-Truncated"] == "5"
    body = everything.json()
    assert len(body["results"]["bindings"]) == 5
    assert body["head"]["link"] == [limited_server.url + "/sparql#limits"]
    xml = send(limited_server, params={"query": "SELECT * { ?s ?p ?o }", "format": "xml"})
    assert xml.text.count("<result>") == 5
    assert f'<link href="{limited_server.url}/sparql#limits"/>' in xml.text
    graph = send(limited_server, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert graph.headers["KG-Truncated"] == "5"
    assert len(graph.text.splitlines()) == 5
    three = send(limited_server, params={"query": COUNT_FOCUS_AREAS.replace("(COUNT(?area) AS ?n)", "?area")})
    assert "KG-Truncated" not in three.headers
    assert len(three.json()["results"]["bindings"]) == 3


def test_head_answers_as_get_does_without_a_body(server: RunningServer) -> None:
    # GET and POST queries skip Flask's dispatch (server/fast_path.py); HEAD goes through Flask's
    # view: both must give the same status and headers, errors included.
    for query, status in ((COUNT_FOCUS_AREAS, 200), ("SELECT ?s WHERE { ?s ?p }", 400)):
        get = send(server, params={"query": query}, headers={"Accept": "text/csv"})
        head = send(server, "HEAD", params={"query": query}, headers={"Accept": "text/csv"})
        assert get.status_code == head.status_code == status
        assert head.content == b""
        for name in ("Content-Type", "Content-Length", "Access-Control-Allow-Origin"):
            assert head.headers[name] == get.headers[name], name
    assert get.headers["Content-Type"].startswith("text/plain")
