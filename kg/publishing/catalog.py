"""The DCAT catalogue (DCAT-AP 3 and DCAT-AP-NO 2) describing this server's dataset.

One catalogue, one dataset, one distribution per dump file (plain and
gzip-compressed) and, when the server has a SPARQL endpoint, a data service
with a distribution that points to it. Every node has an IRI (harvesters skip
blank nodes): hash IRIs in the catalogue document itself, so they dereference
to it. Where the two profiles disagree, README ("Publishing") says what was
chosen.
"""

from __future__ import annotations

import re
from datetime import date

import rdflib
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, Namespace

from kg.graph.formats import DUMP_FORMATS, GZIP, IANA_MEDIA_TYPES, DumpFormat
from kg.graph.namespaces import SGO
from kg.publishing.metadata import EU, DatasetMetadata
from kg.publishing.site import Site
from kg.store import SelectResult, Store

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
SPARQL_FILE_TYPE = URIRef(EU + "file-type/SPARQLQ")
CATALOG_PREFIXES = {"vcard": str(VCARD), "dcatap": str(DCATAP)}

_PERIODS_QUERY = f"""
SELECT ?start ?end WHERE {{
  ?period a <{SGO}StrategyPeriod> ; <{DCAT}startDate> ?start ; <{DCAT}endDate> ?end .
}}"""
_TITLE_QUERY = "SELECT ?title WHERE {{ <{iri}> <" + str(DCTERMS.title) + "> ?title }}"
_YEAR = re.compile(r"^(\d{4})")
_DUMP_TEXT = {
    "nb": "Alle grafene i datasettet (ontologi og data) i én fil, {}{}. Samme innhold gir samme bytes.",
    "en": "Every graph of the dataset (ontology and data) in one file, {}{}. "
    "The same content gives the same bytes.",
}


def catalog_graph(
    store: Store,
    site: Site,
    *,
    sparql_endpoint: bool,
    metadata: DatasetMetadata | None = None,
) -> rdflib.Graph:
    """The catalogue, with the URLs of the site at `site.root`."""
    meta = metadata or DatasetMetadata()
    settings = site.settings
    g = rdflib.Graph(bind_namespaces="none")
    catalog, dataset = URIRef(site.catalog), URIRef(site.dataset)
    publisher, contact = URIRef(site.catalog + "#publisher"), URIRef(site.catalog + "#contact")
    homepage = URIRef(site.url("/"))

    def texts(node: URIRef, prop: URIRef, values: dict[str, str]) -> None:
        for language, text in values.items():
            g.add((node, prop, Literal(text, lang=language)))

    def dates(node: URIRef) -> None:
        g.add((node, DCTERMS.issued, Literal(meta.issued.isoformat(), datatype=XSD.date)))
        g.add((node, DCTERMS.modified, Literal(meta.modified.isoformat(), datatype=XSD.date)))

    def languages_and_places(node: URIRef) -> None:
        for language in meta.languages:
            g.add((node, DCTERMS.language, URIRef(language)))
        for place in meta.spatial:
            g.add((node, DCTERMS.spatial, URIRef(place)))

    g.add((catalog, RDF.type, DCAT.Catalog))
    texts(catalog, DCTERMS.title, meta.catalog_title)
    texts(catalog, DCTERMS.description, meta.catalog_description)
    g.add((catalog, DCTERMS.identifier, Literal(site.catalog)))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, homepage))
    g.add((catalog, DCTERMS.license, URIRef(meta.licence)))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(meta.theme_taxonomy)))
    languages_and_places(catalog)
    dates(catalog)
    g.add((catalog, DCAT.dataset, dataset))

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    texts(publisher, FOAF.name, meta.publisher_name)

    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(meta.publisher_name["nb"])))
    g.add((contact, VCARD.hasURL, homepage))

    g.add((dataset, RDF.type, DCAT.Dataset))
    texts(dataset, DCTERMS.title, meta.title)
    texts(dataset, DCTERMS.description, meta.description)
    g.add((dataset, DCTERMS.identifier, Literal(site.dataset)))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCAT.contactPoint, contact))
    g.add((dataset, DCAT.landingPage, homepage))
    g.add((dataset, DCTERMS.accessRights, URIRef(meta.access_rights)))
    g.add((dataset, DCTERMS.accrualPeriodicity, URIRef(meta.frequency)))
    languages_and_places(dataset)
    _themes_and_keywords(g, dataset, meta)
    dates(dataset)
    coverage = temporal_coverage(store, settings.asserted_graphs())
    if coverage:
        temporal = URIRef(site.catalog + "#temporal")
        g.add((dataset, DCTERMS.temporal, temporal))
        g.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
        g.add((temporal, DCAT.startDate, Literal(coverage[0].isoformat(), datatype=XSD.date)))
        g.add((temporal, DCAT.endDate, Literal(coverage[1].isoformat(), datatype=XSD.date)))
    ontology = URIRef(settings.ontology_iri)
    g.add((dataset, DCTERMS.conformsTo, ontology))
    g.add((ontology, RDF.type, DCTERMS.Standard))
    for title in _titles(store, settings.ontology_graph, settings.ontology_iri):
        g.add((ontology, DCTERMS.title, title))

    for dump in DUMP_FORMATS:
        for compressed in (False, True):
            node = URIRef(site.catalog + f"#distribution-{dump.name}" + ("-gz" if compressed else ""))
            g.add((dataset, DCAT.distribution, node))
            url = URIRef(site.download(dump.gzip_name if compressed else dump.file_name))
            _distribution(g, node, dump, url, compressed, meta)
            dates(node)

    if sparql_endpoint:
        service, endpoint = URIRef(site.catalog + "#sparql-service"), URIRef(site.sparql)
        g.add((catalog, DCAT.service, service))
        g.add((service, RDF.type, DCAT.DataService))
        texts(service, DCTERMS.title, {"nb": "SPARQL-endepunkt", "en": "SPARQL endpoint"})
        texts(
            service,
            DCTERMS.description,
            {
                "nb": "Skrivebeskyttet SPARQL 1.1-endepunkt for hele datasettet.",
                "en": "Read-only SPARQL 1.1 endpoint for the whole dataset.",
            },
        )
        g.add((service, DCTERMS.identifier, Literal(str(service))))
        g.add((service, DCAT.endpointURL, endpoint))
        # SPARQL 1.1 Service Description: the endpoint URL, dereferenced, describes the service.
        g.add((service, DCAT.endpointDescription, endpoint))
        g.add((service, DCAT.servesDataset, dataset))
        g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        g.add((service, DCTERMS.publisher, publisher))
        g.add((service, DCAT.contactPoint, contact))
        g.add((service, DCTERMS.license, URIRef(meta.licence)))
        g.add((service, DCTERMS.accessRights, URIRef(meta.access_rights)))
        _themes_and_keywords(g, service, meta)
        g.add((SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard))
        g.add((SPARQL_PROTOCOL, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en")))

        node = URIRef(site.catalog + "#distribution-sparql")
        g.add((dataset, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        texts(node, DCTERMS.title, {"nb": "Spørringer over SPARQL", "en": "Queries over SPARQL"})
        texts(
            node,
            DCTERMS.description,
            {
                "nb": "Hele datasettet gjennom SPARQL 1.1-endepunktet.",
                "en": "The whole dataset through the SPARQL 1.1 endpoint.",
            },
        )
        g.add((node, DCAT.accessURL, endpoint))
        g.add((node, DCAT.accessService, service))
        g.add((node, DCTERMS.format, SPARQL_FILE_TYPE))
        g.add((node, DCTERMS.license, URIRef(meta.licence)))
        g.add((node, DCATAP.availability, URIRef(meta.availability)))
    return g


def _themes_and_keywords(g: rdflib.Graph, node: URIRef, meta: DatasetMetadata) -> None:
    for theme in meta.themes:
        g.add((node, DCAT.theme, URIRef(theme)))
    for language, words in meta.keywords.items():
        for word in words:
            g.add((node, DCAT.keyword, Literal(word, lang=language)))


def _distribution(
    g: rdflib.Graph, node: URIRef, dump: DumpFormat, url: URIRef, compressed: bool, meta: DatasetMetadata
) -> None:
    g.add((node, RDF.type, DCAT.Distribution))
    suffix = {"nb": ", gzip-komprimert", "en": ", gzip-compressed"} if compressed else {"nb": "", "en": ""}
    g.add((node, DCTERMS.title, Literal(f"Hele datasettet som {dump.label}{suffix['nb']}", lang="nb")))
    g.add((node, DCTERMS.title, Literal(f"The whole dataset as {dump.label}{suffix['en']}", lang="en")))
    packed = {"nb": ", komprimert med gzip", "en": ", compressed with gzip"} if compressed else suffix
    g.add((node, DCTERMS.description, Literal(_DUMP_TEXT["nb"].format(dump.label, packed["nb"]), lang="nb")))
    g.add((node, DCTERMS.description, Literal(_DUMP_TEXT["en"].format(dump.label, packed["en"]), lang="en")))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.mediaType, URIRef(dump.media_type_iri)))
    g.add((node, DCTERMS.format, URIRef(dump.file_type)))
    if compressed:
        g.add((node, DCAT.compressFormat, URIRef(IANA_MEDIA_TYPES + GZIP)))
    g.add((node, DCTERMS.license, URIRef(meta.licence)))
    g.add((node, DCATAP.availability, URIRef(meta.availability)))


def temporal_coverage(store: Store, graphs: list[str]) -> tuple[date, date] | None:
    """First and last day of the strategy periods in the graph (years taken whole)."""
    result = store.query(_PERIODS_QUERY, default_graphs=graphs)
    assert isinstance(result, SelectResult)
    starts, ends = [], []
    for start, end in result.rows:
        first, last = _YEAR.match(start.value if start else ""), _YEAR.match(end.value if end else "")
        if first and last:
            starts.append(date(int(first.group(1)), 1, 1))
            ends.append(date(int(last.group(1)), 12, 31))
    return (min(starts), max(ends)) if starts else None


def _titles(store: Store, graph: str, iri: str) -> list[Literal]:
    result = store.query(_TITLE_QUERY.format(iri=iri), default_graphs=[graph])
    assert isinstance(result, SelectResult)
    return [Literal(t.value, lang=t.language) for (t,) in result.rows if t is not None]
