"""The ontology as an information model (ModellDCAT-AP-NO) and its classes as concepts (SKOS-AP-NO-Begrep).

Fetched from a running server, as data.norge.no harvests them, and validated with the shapes in
../shared/standards. Expected values are read off ontology/strategigraf.ttl: sgo:FocusArea is
«Innsatsområde» (nb, nn), a subclass of sgo:StrategicElement; sgo:focusAreaOf goes from a focus
area to a sgo:StrategicPlan; sgo:position is an xsd:positiveInteger of a strategic element. Nynorsk
terms come from kg/publishing/reference/nynorsk-terms.ttl.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import requests
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from tests.support.dcat import MODELLDCAT_AP_NO, MODELLDCAT_CONTACT_POINT, SKOS_AP_NO_2, violations
from tests.support.server import RunningServer

SGO = rdflib.Namespace("https://w3id.org/strategigraf/ontology#")
MODELL = rdflib.Namespace("https://data.norge.no/vocabulary/modelldcatno#")
XKOS = rdflib.Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")


def fetch(server: RunningServer, path: str, media_type: str = "text/turtle") -> rdflib.Graph:
    answer = requests.get(server.url + path, headers={"Accept": media_type}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith(media_type)
    return rdflib.Graph().parse(
        data=answer.content, format="turtle" if media_type == "text/turtle" else "xml"
    )


@pytest.fixture(scope="module")
def models(server: RunningServer) -> rdflib.Graph:
    return fetch(server, "/catalog/information-models")


@pytest.fixture(scope="module")
def concepts(server: RunningServer) -> rdflib.Graph:
    return fetch(server, "/catalog/concepts")


@pytest.mark.parametrize("media_type", ["text/turtle", "application/rdf+xml"])
def test_information_model_conforms(server: RunningServer, shared_dir: Path, media_type: str) -> None:
    graph = fetch(server, "/catalog/information-models", media_type)
    found = violations(graph, shared_dir / "standards", MODELLDCAT_AP_NO)
    # The one documented departure: the catalogue shape's contact point cannot be met (tests/support/dcat.py).
    assert [(f.focus, f.path) for f in found] == [
        (f"{server.url}/catalog/information-models", MODELLDCAT_CONTACT_POINT)
    ]


def test_the_contact_point_shape_refuses_every_value(
    models: rdflib.Graph, shared_dir: Path, server: RunningServer
) -> None:
    """Why that departure is the shape's: a contact point that is a vcard:Organization, as the
    shape's message asks, and one that is a plain IRI both fail it."""
    catalog = URIRef(f"{server.url}/catalog/information-models")
    contact = models.value(catalog, URIRef("http://www.w3.org/ns/dcat#contactPoint"))
    assert (contact, RDF.type, URIRef("http://www.w3.org/2006/vcard/ns#Organization")) in models
    bare = rdflib.Graph()
    bare += models
    bare.remove((contact, None, None))
    found = violations(bare, shared_dir / "standards", MODELLDCAT_AP_NO)
    assert (str(catalog), MODELLDCAT_CONTACT_POINT) in [(f.focus, f.path) for f in found]


def test_the_ontology_is_the_model(models: rdflib.Graph, server: RunningServer) -> None:
    model = URIRef(f"{server.url}/catalog/information-models#model")
    assert (URIRef(f"{server.url}/catalog/information-models"), MODELL.model, model) in models
    assert (model, RDF.type, MODELL.InformationModel) in models
    assert str(models.value(model, DCTERMS.identifier)) == "https://w3id.org/strategigraf/ontology"
    assert (model, MODELL.containsModelElement, SGO.FocusArea) in models
    assert (SGO.FocusArea, RDF.type, MODELL.ObjectType) in models
    assert (SGO.FocusArea, DCTERMS.title, Literal("Innsatsområde", lang="nb")) in models
    assert models.value(SGO.FocusArea, DCTERMS.subject) == URIRef(f"{server.url}/catalog/concepts#FocusArea")
    assert (SGO.FocusArea, MODELL.hasProperty, SGO.focusAreaOf) in models
    assert models.value(SGO.focusAreaOf, MODELL.hasObjectType) == SGO.StrategicPlan
    assert (SGO.StrategicElement, MODELL.hasProperty, SGO.position) in models
    simple = models.value(SGO.position, MODELL.hasSimpleType)
    assert str(models.value(simple, DCTERMS.identifier)) == "http://www.w3.org/2001/XMLSchema#positiveInteger"


def test_concepts_conform(concepts: rdflib.Graph, shared_dir: Path) -> None:
    found = violations(concepts, shared_dir / "standards", SKOS_AP_NO_2, background=False)
    assert found == [], "\n".join(map(str, found))


def test_each_class_is_a_concept(concepts: rdflib.Graph, server: RunningServer) -> None:
    area = URIRef(f"{server.url}/catalog/concepts#FocusArea")
    assert {str(label) for label in concepts.objects(area, SKOS.prefLabel)} == {"Innsatsområde", "Focus area"}
    assert {label.language for label in concepts.objects(area, SKOS.prefLabel)} == {"nb", "nn", "en"}  # type: ignore[attr-defined]
    assert concepts.value(area, XKOS.specializes) == URIRef(f"{server.url}/catalog/concepts#StrategicElement")
    assert (URIRef(f"{server.url}/catalog/concepts"), SKOS.member, area) in concepts
    # The ontology's 14 sgo: classes: StrategyDocument, StrategicPlan, SourceText, StrategicElement, Vision,
    # VisionDirection, WorkingMethod, FocusArea, Activity, Theme, Means, CooperationAlliance, ActorGroup,
    # StrategyPeriod.
    assert len(set(concepts.subjects(RDF.type, SKOS.Concept))) == 14


def test_the_check_can_fail(concepts: rdflib.Graph, shared_dir: Path, server: RunningServer) -> None:
    """A concept without its Nynorsk term violates SKOS-AP-NO-Begrep v2."""
    broken = rdflib.Graph()
    broken += concepts
    area = URIRef(f"{server.url}/catalog/concepts#FocusArea")
    broken.remove((area, SKOS.prefLabel, Literal("Innsatsområde", lang="nn")))
    assert any(
        f.focus == str(area)
        for f in violations(broken, shared_dir / "standards", SKOS_AP_NO_2, background=False)
    )
