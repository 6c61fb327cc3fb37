"""/.well-known/void: figures counted in the live graph, per named graph, with the ways to get the data."""

from __future__ import annotations

import pytest
import rdflib
import requests
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import Namespace

from kg.foundation.settings import Settings
from tests.support.reference import file_graphs, union
from tests.support.server import RunningServer

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def void(server: RunningServer) -> rdflib.Graph:
    answer = requests.get(f"{server.url}/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/turtle")
    return rdflib.Graph().parse(data=answer.content, format="turtle")


def number(graph: rdflib.Graph, node: rdflib.term.Node, prop: URIRef) -> int:
    value = graph.value(node, prop)
    assert isinstance(value, Literal), (node, prop)
    return int(value)


def test_figures_of_the_whole_dataset(void: rdflib.Graph, server: RunningServer, settings: Settings) -> None:
    expected = union(file_graphs(settings))
    dataset = URIRef(f"{server.url}/catalog#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert number(void, dataset, VOID.triples) == len(expected)
    assert number(void, dataset, VOID.entities) == len(
        {s for s in expected.subjects() if isinstance(s, URIRef)}
    )
    assert number(void, dataset, VOID.properties) == len(set(expected.predicates()))
    assert number(void, dataset, VOID.classes) == len(set(expected.objects(None, RDF.type)))
    assert (
        dataset,
        VOID.exampleResource,
        URIRef("https://w3id.org/strategigraf/id/osloregionen-2017"),
    ) in void


def test_each_named_graph_is_a_subset(void: rdflib.Graph, server: RunningServer, settings: Settings) -> None:
    dataset = URIRef(f"{server.url}/catalog#dataset")
    subsets = {void.value(s, SD.name): s for s in void.objects(dataset, VOID.subset)}
    graphs = file_graphs(settings)
    assert set(map(str, subsets)) == set(graphs)
    for iri, graph in graphs.items():
        assert number(void, subsets[URIRef(iri)], VOID.triples) == len(graph)


def test_class_and_property_partitions(void: rdflib.Graph, server: RunningServer, settings: Settings) -> None:
    expected = union(file_graphs(settings))
    dataset = URIRef(f"{server.url}/catalog#dataset")
    focus_area = URIRef("https://w3id.org/strategigraf/ontology#FocusArea")
    (partition,) = (
        p for p in void.objects(dataset, VOID.classPartition) if void.value(p, VOID["class"]) == focus_area
    )
    assert number(void, partition, VOID.entities) == 3  # the document's three focus areas
    activity_of = URIRef("https://w3id.org/strategigraf/ontology#activityOf")
    (partition,) = (
        p
        for p in void.objects(dataset, VOID.propertyPartition)
        if void.value(p, VOID.property) == activity_of
    )
    assert number(void, partition, VOID.triples) == len(list(expected.triples((None, activity_of, None))))


def test_vocabularies_dumps_and_endpoint(void: rdflib.Graph, server: RunningServer) -> None:
    dataset = URIRef(f"{server.url}/catalog#dataset")
    vocabularies = set(map(str, void.objects(dataset, VOID.vocabulary)))
    assert {"https://w3id.org/strategigraf/ontology", "http://www.w3.org/2004/02/skos/core"} <= vocabularies
    assert "http://purl.org/dc/terms/" in vocabularies
    dumps = sorted(map(str, void.objects(dataset, VOID.dataDump)))
    assert len(dumps) == 12
    for url in dumps:
        assert requests.head(url, timeout=30).status_code == 200, url
    has_endpoint = requests.get(f"{server.url}/sparql", timeout=30).status_code != 404
    assert ((dataset, VOID.sparqlEndpoint, URIRef(f"{server.url}/sparql")) in void) == has_endpoint
