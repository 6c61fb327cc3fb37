"""Random and mutated requests never make /sparql answer 5xx (except 503 at the time limit).

Hypothesis builds requests from mutated real queries (and plain random text),
random protocol parameters, methods, content types and Accept headers, and
sends them to the limited server (2 s per query, 5 rows), as a client would.
"""

from __future__ import annotations

from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.server import RunningServer
from tests.support.sparql import (
    AREA_2,
    CONSTRUCT_TITLES,
    COUNT_FOCUS_AREAS,
    FOCUS_AREA_TITLES_NB,
    PATHOLOGICAL,
)

SEEDS = [
    COUNT_FOCUS_AREAS,
    FOCUS_AREA_TITLES_NB,
    CONSTRUCT_TITLES,
    PATHOLOGICAL,
    "ASK {}",
    f"DESCRIBE <{AREA_2}>",
    "SELECT * FROM <https://w3id.org/strategigraf/graph/data> WHERE { ?s ?p ?o } LIMIT 3",
    "SELECT * FROM NAMED <https://w3id.org/strategigraf/graph/data> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    'SELECT ?x WHERE { BIND (STRLEN("\\u00e6\\U0001F600") AS ?x) }',
    "SELECT (<<( <http://example.org/s> <http://example.org/p> 1 )>> AS ?t) WHERE {}",
    "CONSTRUCT { <http://example.org/s> <http://example.org/1> 1 } WHERE {}",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?o) OFFSET 2 LIMIT 1",
]
TOKENS = [
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    "?x",
    '"',
    "'",
    "\\u0053",
    "FROM",
    "SERVICE",
    "GRAPH",
    "#",
    "\n",
    ".",
    ";",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40).map(str.strip)
MEDIA_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
    "application/trig",
    "text/html",
    "*/*",
    "image/png",
]


@st.composite
def queries(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(TEXT, st.sampled_from(TOKENS)))
        cut = draw(st.integers(0, 5))
        text = text[:at] + piece + text[at + cut :]
    return text


QUERY = st.one_of(queries(), TEXT, st.sampled_from(SEEDS))
PARAMS = st.lists(
    st.tuples(
        st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "infer", "format", "update", "x"]),
        st.one_of(
            QUERY, st.sampled_from(["true", "false", "json", "csv", "ttl", "nq", "http://example.org/g"])
        ),
    ),
    max_size=4,
)
ACCEPT = st.one_of(
    st.none(),
    st.lists(
        st.tuples(st.sampled_from(MEDIA_TYPES), st.sampled_from(["", ";q=0", ";q=0.5", ";q=x"])), max_size=3
    ).map(lambda parts: ", ".join(media + q for media, q in parts)),
    HEADER_TEXT,
)
CONTENT_TYPE = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/sparql-query",
            "application/sparql-query; charset=utf-8",
            "application/sparql-query; charset=latin-1",
            "application/sparql-update",
            "text/plain",
            "multipart/form-data; boundary=x",
        ]
    ),
    HEADER_TEXT,
)
BODY = st.one_of(st.none(), QUERY.map(str.encode), st.binary(max_size=64))


@st.composite
def http_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-formed protocol requests with a mutated query, sometimes anything at all."""
    kind = draw(st.sampled_from(["get", "get", "get", "form", "form", "direct", "direct", "raw"]))
    query = draw(QUERY)
    extra = draw(PARAMS)
    headers = {} if (accept := draw(ACCEPT)) is None else {"Accept": accept}
    if kind == "get":
        return {"method": "GET", "params": [("query", query), *extra], "headers": headers}
    if kind == "form":
        return {"method": "POST", "data": [("query", query), *extra], "headers": headers}
    if kind == "direct":
        charset = draw(st.sampled_from(["", "; charset=utf-8", "; charset=UTF-8", "; charset=latin-1"]))
        headers["Content-Type"] = "application/sparql-query" + charset
        return {"method": "POST", "params": extra, "data": query.encode(), "headers": headers}
    if (content_type := draw(CONTENT_TYPE)) is not None:
        headers["Content-Type"] = content_type
    method = draw(st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE"]))
    return {"method": method, "params": extra, "data": draw(BODY), "headers": headers}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=http_requests())
def test_never_a_server_error(limited_server: RunningServer, request: dict[str, Any]) -> None:
    response = requests.request(url=limited_server.url + "/sparql", timeout=30, **request)
    assert "Traceback" not in response.text
    if response.status_code == 503:
        assert "time limit" in response.text
    else:
        assert response.status_code < 500, response.text
