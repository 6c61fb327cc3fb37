"""The ontology IRI dereferences to its documentation (every class and property) and to its RDF."""

from __future__ import annotations

import html

import pytest
import rdflib
import requests
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.foundation.namespaces import SGO
from kg.foundation.settings import Settings
from tests.support import rdf
from tests.support.reference import file_graphs
from tests.support.server import RunningServer


@pytest.fixture(scope="module")
def ontology(settings: Settings) -> rdflib.Graph:
    return file_graphs(settings)[settings.ontology_graph]


@pytest.fixture(scope="module")
def page(server: RunningServer) -> str:
    answer = requests.get(f"{server.url}/ontology", headers={"Accept": "text/html"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
    assert "Accept" in answer.headers["Vary"]
    return html.unescape(answer.text)


def terms(ontology: rdflib.Graph) -> list[URIRef]:
    found: set[URIRef] = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        found |= {s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(SGO)}
    return sorted(found)


def test_every_class_and_property_is_documented(page: str, ontology: rdflib.Graph) -> None:
    documented = terms(ontology)
    assert len(documented) == 51  # 14 classes, 29 object and 8 datatype properties in the file
    for term in documented:
        local = str(term)[len(SGO) :]
        section = page.split(f'id="{local}"', 1)
        assert len(section) == 2, local
        body = section[1].split('<section class="term"', 1)[0]
        for language in ("nb", "en"):
            label = next(str(o) for o in ontology.objects(term, RDFS.label) if rdf.language(o) == language)
            definition = next(
                str(o) for o in ontology.objects(term, SKOS.definition) if rdf.language(o) == language
            )
            assert label in body and definition in body, (local, language)


def test_domain_range_and_hierarchy_are_shown(page: str) -> None:
    activity_of = page.split('id="activityOf"', 1)[1].split('<section class="term"', 1)[0]
    assert 'href="#Activity"' in activity_of and 'href="#FocusArea"' in activity_of  # domain, range
    assert 'href="#isPartOf"' in activity_of  # super-property
    is_part_of = page.split('id="isPartOf"', 1)[1].split('<section class="term"', 1)[0]
    # The range is a union: a plan or an element.
    assert 'href="#StrategicPlan"' in is_part_of and 'href="#StrategicElement"' in is_part_of
    theme = page.split('id="Theme"', 1)[1].split('<section class="term"', 1)[0]
    assert 'href="#Activity"' in theme and 'href="#Means"' in theme  # superclass, disjoint


@pytest.mark.parametrize(
    ("accept", "parser", "extension"),
    [
        ("text/turtle", "turtle", "ttl"),
        ("application/rdf+xml", "xml", "rdf"),
        ("application/ld+json", "json-ld", "jsonld"),
    ],
)
def test_ontology_as_rdf(
    server: RunningServer, ontology: rdflib.Graph, accept: str, parser: str, extension: str
) -> None:
    negotiated = requests.get(f"{server.url}/ontology", headers={"Accept": accept}, timeout=30)
    assert negotiated.status_code == 200 and negotiated.headers["Content-Type"].startswith(accept)
    assert negotiated.headers["Content-Location"] == f"{server.url}/ontology.{extension}"
    assert isomorphic(rdflib.Graph().parse(data=negotiated.content, format=parser), ontology)
    direct = requests.get(f"{server.url}/ontology.{extension}", timeout=30)
    assert direct.content == negotiated.content
