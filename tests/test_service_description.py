"""GET /sparql without a query: the SPARQL 1.1 Service Description, in RDF.

Covers the three W3C service-description tests
(../shared/conformance/w3c-sparql11/service-description/manifest.ttl):
the answer is RDF, it has an sd:endpoint triple naming the URL asked, and it
uses the vocabulary as the Service Description specification defines it.
"""

from __future__ import annotations

import pytest
import rdflib
import requests
from rdflib.namespace import RDF

from tests.support.rdf import literal
from tests.support.server import RunningServer

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def description(server: RunningServer, accept: str | None = "text/turtle") -> tuple[rdflib.Graph, str]:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server.url + "/sparql", headers=headers, timeout=10)
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0]
    return rdflib.Graph().parse(data=response.text, format=RDFLIB_FORMATS[media_type]), media_type


@pytest.mark.parametrize("accept", [*RDFLIB_FORMATS, None, "*/*"])
def test_returns_rdf_with_the_endpoint_triple(server: RunningServer, accept: str | None) -> None:
    graph, media_type = description(server, accept)
    assert media_type == (accept if accept in RDFLIB_FORMATS else "text/turtle")
    (service,) = graph.subjects(RDF.type, SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(server.url + "/sparql")


def test_describes_what_the_endpoint_does(server: RunningServer) -> None:
    graph, _ = description(server)
    (service,) = graph.subjects(RDF.type, SD.Service)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.resultFormat)) >= {
        FORMATS[name]
        for name in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        )
    }
    assert SD.BasicFederatedQuery not in set(graph.objects(service, SD.feature))


def test_default_dataset_lists_the_named_graphs_with_their_sizes(server: RunningServer) -> None:
    graph, _ = description(server)
    (service,) = graph.subjects(RDF.type, SD.Service)
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    default_graph = graph.value(dataset, SD.defaultGraph)
    assert (default_graph, RDF.type, SD.Graph) in graph
    sizes = {}
    for named in graph.objects(dataset, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in graph
        described = graph.value(named, SD.graph)
        assert (described, RDF.type, SD.Graph) in graph
        sizes[str(graph.value(named, SD.name))] = literal(graph.value(described, VOID.triples)).toPython()
    counted = requests.get(
        server.url + "/sparql",
        params={"query": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        timeout=10,
    ).json()["results"]["bindings"]
    assert sizes == {row["g"]["value"]: int(row["n"]["value"]) for row in counted}
    assert "https://w3id.org/strategigraf/graph/data" in sizes
    assert literal(graph.value(default_graph, VOID.triples)).toPython() > 0


def test_browsers_get_the_query_page(server: RunningServer) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = requests.get(server.url + "/sparql", headers={"Accept": browser_accept}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>SPARQL endpoint" in response.text
