"""The DCAT catalogue, walked as a harvester walks it, and checked against DCAT-AP 3 and DCAT-AP-NO.

data.norge.no and the EU validator run pySHACL with the shapes in
../shared/standards; tests/support/dcat.py does the same offline.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib import RDF, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, XSD
from rdflib.term import Node

from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.publishing.catalog import catalog_triples
from kg.publishing.site import Site
from kg.store import open_store
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.dcat import DCAT_AP_3, DCAT_AP_NO, PROFILES, undocumented_violations, violations
from tests.support.rdf import language
from tests.support.reference import file_graphs, union
from tests.support.server import RunningServer, start_server

RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
IANA = "http://www.iana.org/assignments/media-types/"


def fetch_catalog(server: RunningServer, media_type: str) -> rdflib.Graph:
    answer = requests.get(f"{server.url}/catalog", headers={"Accept": media_type}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].split(";")[0] == media_type
    assert "Accept" in answer.headers["Vary"]
    graph = rdflib.Graph()
    graph.parse(data=answer.content, format=RDF_PARSERS[media_type])
    return graph


def the_dataset(catalog: rdflib.Graph) -> URIRef:
    """The whole dataset: the one the catalogue's data service serves (the others are its plans)."""
    (dataset,) = {d for d in catalog.subjects(RDF.type, DCAT.Dataset) if str(d).endswith("#dataset")}
    assert isinstance(dataset, URIRef)
    return dataset


@pytest.fixture(scope="module")
def catalog(server: RunningServer) -> rdflib.Graph:
    return fetch_catalog(server, "text/turtle")


@pytest.mark.parametrize("media_type", ["text/turtle", "application/rdf+xml"])
@pytest.mark.parametrize("profile", list(PROFILES))
def test_catalog_has_no_violations(
    server: RunningServer, shared_dir: Path, media_type: str, profile: str
) -> None:
    graph = fetch_catalog(server, media_type)
    found = undocumented_violations(graph, shared_dir / "standards", PROFILES[profile])
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("media_type", ["application/ld+json", "application/n-triples"])
def test_catalog_in_every_format_says_the_same(
    server: RunningServer, catalog: rdflib.Graph, media_type: str
) -> None:
    assert isomorphic(fetch_catalog(server, media_type), catalog)


def test_catalog_refuses_formats_it_cannot_give(server: RunningServer) -> None:
    answer = requests.get(f"{server.url}/catalog", headers={"Accept": "image/png"}, timeout=30)
    assert answer.status_code == 406
    assert "text/turtle" in answer.text


def test_the_dataset_as_the_source_describes_it(catalog: rdflib.Graph, server: RunningServer) -> None:
    dataset = the_dataset(catalog)
    assert str(dataset).startswith(server.url + "/")
    assert {language(t) for t in catalog.objects(dataset, DCTERMS.title)} == {"nb", "en"}
    # The strategy's focus areas and activities are for 2017–2020 (source text, line 29).
    temporal = catalog.value(dataset, DCTERMS.temporal)
    assert catalog.value(temporal, DCAT.startDate) == Literal("2017-01-01", datatype=XSD.date)
    assert catalog.value(temporal, DCAT.endDate) == Literal("2020-12-31", datatype=XSD.date)
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert isinstance(publisher, URIRef)
    assert list(catalog.objects(publisher, rdflib.FOAF.name))
    assert catalog.value(dataset, DCAT.contactPoint) is not None
    assert (
        dataset,
        DCTERMS.spatial,
        URIRef("http://publications.europa.eu/resource/authority/country/NOR"),
    ) in catalog


def _urls(catalog: rdflib.Graph) -> list[tuple[Node, URIRef, Node]]:
    """(distribution or service, property, URL) for every URL a harvester follows."""
    found = []
    for prop in (DCAT.downloadURL, DCAT.accessURL, DCAT.endpointURL, DCAT.endpointDescription):
        for node, url in catalog.subject_objects(prop):
            found.append((node, prop, url))
    return sorted(found)


def test_harvester_follows_every_url(
    catalog: rdflib.Graph, server: RunningServer, settings: Settings
) -> None:
    """Each download and access URL answers 200 with the declared media type and parses to the dataset."""
    expected = union(file_graphs(settings))
    followed = 0
    for node, prop, url in _urls(catalog):
        assert str(url).startswith(server.url + "/"), url
        media = catalog.value(node, DCAT.mediaType)
        packed = catalog.value(node, DCAT.compressFormat)
        accept = str(media).removeprefix(IANA) if media else "text/turtle"
        answer = requests.get(str(url), headers={"Accept": accept}, timeout=30)
        assert answer.status_code == 200, (prop, url, answer.status_code)
        content_type = answer.headers["Content-Type"].split(";")[0]
        body = answer.content
        if packed is not None:
            assert content_type == str(packed).removeprefix(IANA), url
            body = gzip.decompress(body)
        elif media is not None:
            assert content_type == accept, url
        parsed = rdflib.Dataset()
        parsed.parse(data=body, format=RDF_PARSERS[accept if media else content_type])
        if media is not None:
            merged = rdflib.Graph()
            for s, p, o, _g in parsed.quads((None, None, None, None)):
                merged.add((s, p, o))
            assert isomorphic(merged, expected), url
        followed += 1
    assert followed >= 24  # 12 dump files, each as download and access URL


def test_every_dump_file_is_a_distribution(catalog: rdflib.Graph, server: RunningServer) -> None:
    downloads = {str(url) for url in catalog.objects(None, DCAT.downloadURL)}
    for extension in ("ttl", "nt", "jsonld", "rdf", "trig", "nq"):
        assert f"{server.url}/download/strategigraf.{extension}" in downloads
        assert f"{server.url}/download/strategigraf.{extension}.gz" in downloads


def test_sparql_service_is_listed_exactly_when_the_server_has_an_endpoint(
    catalog: rdflib.Graph, server: RunningServer
) -> None:
    has_endpoint = requests.get(f"{server.url}/sparql", timeout=30).status_code != 404
    services = list(catalog.subjects(RDF.type, DCAT.DataService))
    assert bool(services) == has_endpoint
    for service in services:
        assert catalog.value(service, DCAT.endpointURL) == URIRef(f"{server.url}/sparql")
        assert (service, DCAT.servesDataset, None) in catalog
        distribution = next(catalog.subjects(DCAT.accessService, service))
        assert (None, DCAT.distribution, distribution) in catalog


@pytest.fixture(scope="module")
def catalog_with_service(settings: Settings) -> rdflib.Graph:
    """The catalogue as a server with a SPARQL endpoint writes it (built in process)."""
    store = open_store()
    load_repository(store, settings)
    site = Site("https://data.example.org/strategigraf", settings)
    return rdflib_graph(catalog_triples(store, site, sparql_endpoint=True))


@pytest.mark.parametrize("profile", list(PROFILES))
def test_the_sparql_data_service_conforms(
    catalog_with_service: rdflib.Graph, shared_dir: Path, profile: str
) -> None:
    (service,) = catalog_with_service.subjects(RDF.type, DCAT.DataService)
    endpoint = URIRef("https://data.example.org/strategigraf/sparql")
    assert catalog_with_service.value(service, DCAT.endpointURL) == endpoint
    assert catalog_with_service.value(service, DCAT.endpointDescription) == endpoint
    protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
    assert (service, DCTERMS.conformsTo, protocol) in catalog_with_service
    found = undocumented_violations(catalog_with_service, shared_dir / "standards", PROFILES[profile])
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("profile", list(PROFILES))
def test_the_check_finds_a_missing_title(
    catalog_with_service: rdflib.Graph, shared_dir: Path, profile: str
) -> None:
    """The validation can fail: a dataset without a title violates both profiles."""
    broken = rdflib.Graph()
    broken += catalog_with_service
    dataset = the_dataset(broken)
    broken.remove((dataset, DCTERMS.title, None))
    found = violations(broken, shared_dir / "standards", PROFILES[profile])
    assert any(f.focus == str(dataset) and f.path == str(DCTERMS.title) for f in found)


def test_profiles_disagree_on_availability(catalog_with_service: rdflib.Graph, shared_dir: Path) -> None:
    """Why distributions use DCAT-AP 3's availability list (docs/portal/catalogue.md): the list the
    DCAT-AP-NO specification names is a violation for DCAT-AP 3. (DCAT-AP-NO's shapes check
    no availability at all: their dcatap: prefix lacks the final slash.)"""
    graph = rdflib.Graph()
    graph += catalog_with_service
    availability = URIRef("http://data.europa.eu/r5r/availability")
    stable = URIRef("http://data.europa.eu/r5r/availability/stable")
    graph.add((stable, rdflib.SKOS.inScheme, URIRef("http://data.europa.eu/r5r/availability/1.0")))
    graph.add((stable, rdflib.SKOS.prefLabel, Literal("stable", lang="en")))
    for node in list(graph.subjects(availability, None)):
        graph.set((node, availability, stable))
    assert violations(graph, shared_dir / "standards", DCAT_AP_NO) == []
    assert any(f.path == str(availability) for f in violations(graph, shared_dir / "standards", DCAT_AP_3))


def test_profiles_disagree_on_byte_size(catalog_with_service: rdflib.Graph, shared_dir: Path) -> None:
    """Why distributions state no dcat:byteSize: DCAT-AP 3 wants xsd:nonNegativeInteger,
    DCAT-AP-NO xsd:decimal, and each rejects the other."""
    for datatype, rejected_by in ((XSD.nonNegativeInteger, DCAT_AP_NO), (XSD.decimal, DCAT_AP_3)):
        graph = rdflib.Graph()
        graph += catalog_with_service
        node = next(graph.subjects(DCAT.downloadURL, None))
        graph.add((node, DCAT.byteSize, Literal("40962", datatype=datatype)))
        assert violations(graph, shared_dir / "standards", rejected_by) != [], datatype


def test_public_url_is_used_behind_a_proxy() -> None:
    running = start_server("--no-validate", "--public-url", "https://data.example.org/strategigraf")
    try:
        graph = fetch_catalog(running, "text/turtle")
    finally:
        running.stop()
    dataset = the_dataset(graph)
    assert str(dataset) == "https://data.example.org/strategigraf/catalog#dataset"
    downloads = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert "https://data.example.org/strategigraf/download/strategigraf.ttl" in downloads
