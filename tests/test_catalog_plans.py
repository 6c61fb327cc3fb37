"""Plans as datasets, their versions as a dataset series, Los themes, the publisher: against every profile.

The Havby fixture (tests/fixtures/portal/havby-versions.ttl, written for these tests) holds two
versions of one plan, the 2023 plan replacing the 2019 one, and a focus area of the 2023 plan
naming the Los theme «Natur, klima og miljø». What the catalogue must say is read off that file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from kg.foundation.project_settings import project_settings
from kg.load.repository import load_repository
from kg.publishing.catalog import catalog_triples
from kg.publishing.site import Site
from kg.store import open_store
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.dcat import (
    DCAT_AP_3,
    DCAT_AP_NO_3,
    NO_3_MEDIA_TYPE,
    PROFILES,
    undocumented_violations,
    violations,
)

FIXTURE = Path(__file__).parent / "fixtures" / "portal" / "havby-versions.ttl"
SITE = "https://data.havby.example"
CATALOG = SITE + "/catalog"
LOS_NATURE = URIRef("https://psi.norge.no/los/tema/natur-klima-og-miljo")
IANA = "http://www.iana.org/assignments/media-types/"
#: DCAT 3 terms rdflib's DCAT namespace (DCAT 2) lacks.
DCAT3 = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def havby(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    project = tmp_path_factory.mktemp("havby")
    (project / "data").mkdir()
    shutil.copy(FIXTURE, project / "data")
    (project / "strategigraf.toml").write_text(
        '[project]\nbase-iri = "https://data.havby.example/"\n\n'
        '[publisher]\nname = { nb = "Havby kommune", en = "Havby municipality" }\nid = "974760673"\n'
        'type = "http://purl.org/adms/publishertype/LocalAuthority"\n\n'
        '[contact]\nemail = "postmottak@havby.example"\n',
        encoding="utf-8",
    )
    settings = project_settings(project)
    store = open_store()
    load_repository(store, settings)
    return rdflib_graph(catalog_triples(store, Site(SITE, settings), sparql_endpoint=True))


@pytest.mark.parametrize("profile", list(PROFILES))
def test_plans_series_and_los_themes_conform(havby: rdflib.Graph, shared_dir: Path, profile: str) -> None:
    found = undocumented_violations(havby, shared_dir / "standards", PROFILES[profile])
    assert found == [], "\n".join(map(str, found))


def test_each_plan_is_a_dataset_of_the_catalogue(havby: rdflib.Graph) -> None:
    catalog = URIRef(CATALOG)
    for plan, title in (
        ("havby-2019", "Klimastrategi for Havby 2019–2022"),
        ("havby-2023", "Klimastrategi for Havby 2023–2026"),
    ):
        dataset = URIRef(f"{CATALOG}#plan-{plan}")
        assert (catalog, DCAT.dataset, dataset) in havby
        assert (dataset, RDF.type, DCAT.Dataset) in havby
        assert (dataset, DCTERMS.title, Literal(title, lang="nb")) in havby
        assert (dataset, DCTERMS.relation, URIRef(f"{SITE}/id/{plan}")) in havby
        assert (dataset, DCAT.landingPage, URIRef(f"{SITE}/id/{plan}")) in havby
        assert (dataset, DCTERMS.isPartOf, URIRef(f"{CATALOG}#dataset")) in havby
    period = havby.value(URIRef(f"{CATALOG}#plan-havby-2019"), DCTERMS.temporal)
    assert havby.value(period, DCAT.startDate) == Literal("2019-01-01", datatype=XSD.date)
    assert havby.value(period, DCAT.endDate) == Literal("2022-12-31", datatype=XSD.date)


def test_versions_form_a_series(havby: rdflib.Graph) -> None:
    old, new = URIRef(f"{CATALOG}#plan-havby-2019"), URIRef(f"{CATALOG}#plan-havby-2023")
    series = URIRef(f"{CATALOG}#series-havby-2019")
    assert (series, RDF.type, DCAT3.DatasetSeries) in havby
    assert (URIRef(CATALOG), DCAT.dataset, series) in havby
    assert havby.value(new, DCAT3.prev) == old and havby.value(old, DCAT3.prev) is None
    assert (str(havby.value(old, DCAT3.version)), str(havby.value(new, DCAT3.version))) == ("1", "2")
    assert {havby.value(old, DCAT3.inSeries), havby.value(new, DCAT3.inSeries)} == {series}
    assert havby.value(series, DCAT3.first) == old and havby.value(series, DCAT3.last) == new
    assert havby.value(series, DCTERMS.title, any=True) is not None


def test_los_themes_beside_eu_themes(havby: rdflib.Graph) -> None:
    new, old = URIRef(f"{CATALOG}#plan-havby-2023"), URIRef(f"{CATALOG}#plan-havby-2019")
    gove = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
    assert {(new, DCAT.theme, LOS_NATURE), (new, DCAT.theme, gove)} <= set(havby)
    assert (old, DCAT.theme, LOS_NATURE) not in havby  # only the 2023 plan's focus area names it
    assert (URIRef(f"{CATALOG}#dataset"), DCAT.theme, LOS_NATURE) in havby
    assert (LOS_NATURE, SKOS.prefLabel, Literal("Natur, klima og miljø", lang="nb")) in havby


def test_publisher_with_organisation_number_and_type(havby: rdflib.Graph) -> None:
    publisher = URIRef("https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673")
    assert havby.value(URIRef(f"{CATALOG}#dataset"), DCTERMS.publisher) == publisher
    assert str(havby.value(publisher, DCTERMS.identifier)) == "974760673"
    assert havby.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert (publisher, FOAF.name, Literal("Havby kommune", lang="nb")) in havby
    contact = havby.value(URIRef(CATALOG), DCAT.contactPoint)
    assert havby.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        "mailto:postmottak@havby.example"
    )


def test_the_no_3_draft_media_type_shape_is_itself_wrong(havby: rdflib.Graph, shared_dir: Path) -> None:
    """Why the distributions keep IANA's own IRIs (docs/portal/): the draft's only violations are its
    media-type pattern, and the W3C namespace it asks for still fails it for text/turtle while
    DCAT-AP 3.0.1 then rejects it."""
    standards = shared_dir / "standards"
    departures = violations(havby, standards, DCAT_AP_NO_3)
    assert departures and {(f.shape, f.path) for f in departures} == {(NO_3_MEDIA_TYPE, str(DCAT.mediaType))}
    graph = rdflib.Graph()
    graph += havby
    turtle = URIRef(f"{CATALOG}#distribution-ttl")
    assert graph.value(turtle, DCAT.mediaType) == URIRef(IANA + "text/turtle")
    graph.set((turtle, DCAT.mediaType, URIRef("https://www.w3.org/ns/iana/media-types/text/turtle")))
    assert any(f.focus == str(turtle) for f in violations(graph, standards, DCAT_AP_NO_3))
    assert any(
        f.focus == str(turtle) and f.path == str(DCAT.mediaType)
        for f in violations(graph, standards, DCAT_AP_3)
    )
