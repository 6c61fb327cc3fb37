"""The W3C SPARQL 1.1 Protocol tests that apply to a query-only endpoint, run from their manifest.

The manifest (../shared/conformance/w3c-sparql11/protocol/manifest.ttl)
describes each test as HTTP requests with an expected status class, answer
format and, for ASK, answer. This runner sends exactly those requests (the
manifest's "/sparql/" prefix becomes this server's "/sparql") to a server that
holds data1..3.nt as the named graphs the manifest names.

Not applicable, and not run: the seven `update_*` tests. Each performs a
SPARQL Update (CLEAR, DROP, INSERT) and expects it to succeed; this endpoint
is read-only and refuses every update. The `bad_update_*` tests do apply:
they expect a 4xx, which a read-only endpoint must answer too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.collection import Collection
from rdflib.namespace import RDF

from tests.support.rdf import literal, required
from tests.support.server import RunningServer, start_server

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
NOT_APPLICABLE = {
    "update_dataset_default_graph": "performs an update",
    "update_dataset_default_graphs": "performs an update",
    "update_dataset_named_graphs": "performs an update",
    "update_dataset_full": "performs an update",
    "update_post_form": "performs an update",
    "update_post_direct": "performs an update",
    "update_base_uri": "performs an update",
}
DATA_GRAPHS = {f"data{n}.nt": f"http://kasei.us/2009/09/sparql/data/data{n}.rdf" for n in (1, 2, 3)}
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
TABULAR = {RESULTS_JSON, RESULTS_XML, "text/csv", "text/tab-separated-values"}
RDF_FORMATS = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    statuses: set[str] = field(default_factory=set)
    expected_format: str | None = None
    expected_boolean: bool | None = None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[HttpRequest]


def protocol_dir(shared_dir: Path) -> Path:
    return shared_dir / "conformance" / "w3c-sparql11" / "protocol"


def read_manifest(path: Path) -> list[ProtocolTest]:
    graph = rdflib.Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, required(graph.value(manifest, MF.entries))):
        action = graph.value(entry, MF.action)
        http_requests = [
            _request(graph, node) for node in Collection(graph, required(graph.value(action, HT.requests)))
        ]
        name = str(entry).rsplit("#", 1)[1]
        tests.append(ProtocolTest(name, str(graph.value(entry, MF.name)), http_requests))
    return tests


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> HttpRequest:
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/")
    request = HttpRequest(str(graph.value(node, HT.methodName)), "/sparql" + path.removeprefix("/sparql/"))
    headers = graph.value(node, HT.headers)
    if headers is not None:
        for header in Collection(graph, headers):
            request.headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        request.body = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    request.statuses = {str(s).removeprefix(str(HTS)) for s in graph.objects(response, MF.expectedStatus)}
    expected_format = graph.value(response, MF.expectedFormat)
    request.expected_format = str(expected_format) if expected_format is not None else None
    expected_boolean = graph.value(response, MF.expectedBoolean)
    request.expected_boolean = literal(expected_boolean).toPython() if expected_boolean is not None else None
    return request


def manifest_tests() -> list[ProtocolTest]:
    import os

    from tests.support.shared import PROJECT_DIR

    shared = Path(os.environ.get("KG_SHARED_DIR", PROJECT_DIR.parent / "shared"))
    return read_manifest(protocol_dir(shared) / "manifest.ttl")


TESTS = manifest_tests()
APPLICABLE = [test for test in TESTS if test.name not in NOT_APPLICABLE]


@pytest.fixture(scope="module")
def w3c_server(shared_dir: Path) -> Iterator[RunningServer]:
    graphs = [f"--graph={iri}={protocol_dir(shared_dir) / name}" for name, iri in DATA_GRAPHS.items()]
    running = start_server("--no-validate", *graphs)
    yield running
    running.stop()


def test_the_manifest_is_read_whole() -> None:
    assert len(TESTS) == 34
    assert {t.name for t in TESTS} - {t.name for t in APPLICABLE} == set(NOT_APPLICABLE)
    assert len(APPLICABLE) == 27


@pytest.mark.parametrize("test", APPLICABLE, ids=lambda t: t.name)
def test_protocol(w3c_server: RunningServer, test: ProtocolTest) -> None:
    for request in test.requests:
        response = requests.request(
            request.method,
            w3c_server.url + request.path,
            headers=request.headers,
            data=request.body,
            timeout=10,
        )
        status_class = f"StatusCode{str(response.status_code)[0]}xx"
        assert status_class in request.statuses, f"{test.title}: {response.status_code} {response.text}"
        if request.expected_format:
            check_format(response, request)


def check_format(response: requests.Response, request: HttpRequest) -> None:
    media_type = response.headers["Content-Type"].split(";")[0].strip()
    if request.expected_format == "boolean":
        assert media_type in (RESULTS_JSON, RESULTS_XML)
        answer = boolean(response.content, media_type)
        if request.expected_boolean is not None:
            assert answer is request.expected_boolean
    elif request.expected_format == "tabular":
        assert media_type in TABULAR
        if media_type == RESULTS_JSON:
            assert "bindings" in json.loads(response.content)["results"]
    else:
        assert request.expected_format == "RDF"
        assert media_type in RDF_FORMATS
        list(ox.parse(response.content, RDF_FORMATS[media_type], base_iri="http://www.example/"))


def boolean(content: bytes, media_type: str) -> bool:
    if media_type == RESULTS_JSON:
        answer: bool = json.loads(content)["boolean"]
        return answer
    element = ElementTree.fromstring(content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"
