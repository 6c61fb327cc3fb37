"""Every result format of /sparql, read by SPARQLWrapper as integrators read it.

Expected answers come from the source document: it numbers three focus areas
(seed lines 31, 44, 52), and the heading of the second is printed on line 44.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.dom.minidom import Document, Element, Text

import pyoxigraph as ox
import pytest
import rdflib
import requests
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.support.rdf import language
from tests.support.server import RunningServer
from tests.support.sparql import (
    AREA_2,
    CONSTRUCT_TITLES,
    COUNT_FOCUS_AREAS,
    FOCUS_AREA_TITLES_NB,
    seed_heading,
)

SKOS_PREF_LABEL = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def client(server: RunningServer, query: str, return_format: str, method: str = "GET") -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(return_format)
    wrapper.setMethod(method)
    return wrapper


def json_answer(wrapper: SPARQLWrapper) -> dict[str, Any]:
    converted = wrapper.queryAndConvert()
    assert isinstance(converted, dict), converted
    return converted


def xml_answer(wrapper: SPARQLWrapper) -> Document:
    converted = wrapper.queryAndConvert()
    assert isinstance(converted, Document), converted
    return converted


def text_answer(wrapper: SPARQLWrapper) -> str:
    """A CSV or TSV answer (SPARQLWrapper hands it back as bytes)."""
    converted = wrapper.queryAndConvert()
    assert isinstance(converted, bytes), converted
    return converted.decode("utf-8")


def text_of(element: Element) -> str:
    assert isinstance(element.firstChild, Text), element.toxml()
    return element.firstChild.data


def as_graph(converted: object, return_format: str) -> rdflib.Graph:
    """SPARQLWrapper's answer as a graph (it hands Turtle and N3 back unparsed)."""
    if isinstance(converted, rdflib.Graph):
        return converted
    assert isinstance(converted, bytes), converted
    return rdflib.Graph().parse(
        data=converted.decode("utf-8"), format={TURTLE: "turtle", N3: "n3"}[return_format]
    )


@pytest.fixture(scope="module")
def number_of_focus_areas(seed_lines: list[str]) -> int:
    return sum(1 for n in range(1, 10) if any(line.startswith(f"{n}. ") for line in seed_lines))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(server: RunningServer, number_of_focus_areas: int, method: str) -> None:
    result = json_answer(client(server, COUNT_FOCUS_AREAS, JSON, method))
    assert result["head"]["vars"] == ["n"]
    (row,) = result["results"]["bindings"]
    assert int(row["n"]["value"]) == number_of_focus_areas == 3


def test_select_xml(server: RunningServer, seed_lines: list[str]) -> None:
    document = xml_answer(client(server, FOCUS_AREA_TITLES_NB, XML))
    results = document.getElementsByTagName("result")
    titles = {}
    for result in results:
        values = {b.getAttribute("name"): b for b in result.getElementsByTagName("binding")}
        literal = values["title"].getElementsByTagName("literal")[0]
        assert literal.getAttribute("xml:lang") == "nb"
        titles[int(text_of(values["position"].getElementsByTagName("literal")[0]))] = text_of(literal)
    assert sorted(titles) == [1, 2, 3]
    assert titles[2] == seed_heading(seed_lines, 2) == "Verdiskaping og kompetanse"


def test_select_csv(server: RunningServer, seed_lines: list[str]) -> None:
    text = text_answer(client(server, FOCUS_AREA_TITLES_NB, CSV))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["position", "title"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[2][1] == seed_heading(seed_lines, 2)


def test_select_tsv(server: RunningServer, seed_lines: list[str]) -> None:
    lines = text_answer(client(server, FOCUS_AREA_TITLES_NB, TSV)).splitlines()
    assert lines[0] == "?position\t?title"
    assert len(lines) == 4
    assert lines[2].split("\t")[1] == f'"{seed_heading(seed_lines, 2)}"@nb'


@pytest.mark.parametrize("return_format", [JSON, XML])
def test_ask(server: RunningServer, return_format: str) -> None:
    # The scan numbers three focus areas and no fourth.
    exists = (
        "PREFIX sgo: <https://w3id.org/strategigraf/ontology#> ASK { ?a a sgo:FocusArea ; sgo:position %d }"
    )
    if return_format == JSON:
        assert json_answer(client(server, exists % 3, JSON))["boolean"] is True
        assert json_answer(client(server, exists % 4, JSON))["boolean"] is False
    else:
        assert xml_boolean(xml_answer(client(server, exists % 3, XML))) == "true"
        assert xml_boolean(xml_answer(client(server, exists % 4, XML))) == "false"


def xml_boolean(answer: Document) -> str:
    """The text of the one <boolean> of an ASK answer in SPARQL XML results."""
    (boolean,) = answer.getElementsByTagName("boolean")
    return "".join(node.data for node in boolean.childNodes if isinstance(node, Text))


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_construct(server: RunningServer, seed_lines: list[str], return_format: str) -> None:
    graph = as_graph(client(server, CONSTRUCT_TITLES, return_format).queryAndConvert(), return_format)
    titles_nb = {str(o) for o in graph.objects(None, SKOS_PREF_LABEL) if language(o) == "nb"}
    assert len(titles_nb) == 3
    assert seed_heading(seed_lines, 2) in titles_nb


def test_construct_n_triples(server: RunningServer, seed_lines: list[str]) -> None:
    wrapper = client(server, CONSTRUCT_TITLES, N3)
    wrapper.setOnlyConneg(True)
    wrapper.addCustomHttpHeader("Accept", "application/n-triples")
    response = wrapper.query()
    assert response.response.headers["Content-Type"] == "application/n-triples; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.response.read().decode(), format="nt")
    assert rdflib.Literal(seed_heading(seed_lines, 2), lang="nb") in set(graph.objects(None, SKOS_PREF_LABEL))


@pytest.mark.parametrize("return_format", [TURTLE, RDFXML, JSONLD])
def test_describe(server: RunningServer, seed_lines: list[str], return_format: str) -> None:
    graph = as_graph(client(server, f"DESCRIBE <{AREA_2}>", return_format).queryAndConvert(), return_format)
    labels = set(graph.objects(rdflib.URIRef(AREA_2), SKOS_PREF_LABEL))
    assert rdflib.Literal(seed_heading(seed_lines, 2), lang="nb") in labels


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)],
)
def test_construct_as_a_dataset_when_asked(
    server: RunningServer, seed_lines: list[str], accept: str, rdf_format: ox.RdfFormat
) -> None:
    response = requests.get(
        server.url + "/sparql", params={"query": CONSTRUCT_TITLES}, headers={"Accept": accept}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{accept}; charset=utf-8"
    quads = list(ox.parse(response.content, rdf_format))
    assert all(quad.graph_name == ox.DefaultGraph() for quad in quads)
    labels = {quad.object.value for quad in quads if quad.predicate.value == str(SKOS_PREF_LABEL)}
    assert seed_heading(seed_lines, 2) in labels


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (
            "application/sparql-results+xml;q=0.2, text/tab-separated-values;q=0.9",
            "text/tab-separated-values",
        ),
        ("text/html, */*;q=0.1", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        (None, "application/sparql-results+json"),
    ],
)
def test_accept_with_q_values(server: RunningServer, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(
        server.url + "/sparql", params={"query": COUNT_FOCUS_AREAS}, headers=headers, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
    assert "3" in response.text


def test_format_parameter_wins_over_accept(server: RunningServer) -> None:
    response = requests.get(
        server.url + "/sparql",
        params={"query": COUNT_FOCUS_AREAS, "format": "csv"},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=10,
    )
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.text.splitlines() == ["n", "3"]


def test_nothing_acceptable_is_406_with_the_formats_on_offer(server: RunningServer) -> None:
    response = requests.get(
        server.url + "/sparql",
        params={"query": COUNT_FOCUS_AREAS},
        headers={"Accept": "image/png"},
        timeout=10,
    )
    assert response.status_code == 406
    for offered in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        assert offered in response.text
    graph = requests.get(
        server.url + "/sparql", params={"query": CONSTRUCT_TITLES, "format": "csv"}, timeout=10
    )
    assert graph.status_code == 406
    assert "text/turtle" in graph.text


def test_text_is_utf8(server: RunningServer, seed_lines: list[str]) -> None:
    # Focus area 1's title has an ø the scan lost ("miljo"); the graph has it repaired.
    response = requests.get(server.url + "/sparql", params={"query": FOCUS_AREA_TITLES_NB}, timeout=10)
    assert response.headers["Content-Type"].endswith("charset=utf-8")
    titles = [
        b["title"]["value"] for b in json.loads(response.content.decode("utf-8"))["results"]["bindings"]
    ]
    assert titles[0] == "Areal, transport og klima/miljø"
    assert seed_heading(seed_lines, 1) == "Areal, transport og klima/miljo"
