"""The DCAT catalogue (DCAT-AP 3.0.1, DCAT-AP-NO 2.2 and 3.0) describing this server's dataset.

One catalogue; the whole dataset, with one distribution per dump file (plain and
gzip-compressed); one dataset per strategic plan, versions of a plan in a dataset series
(`kg.publishing.plans`); and, when the server has a SPARQL endpoint, a data service with a
distribution that points to it. Every node has an IRI (harvesters skip blank nodes): hash IRIs
in the catalogue document itself, so they dereference to it. Where the profiles disagree, or a
draft shape is itself wrong, docs/portal/ says what was chosen and why.
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from kg.foundation.formats import FILE_TYPE, GZIP, IANA_MEDIA_TYPES, RDF_SYNTAXES, RdfSyntax
from kg.foundation.namespaces import (
    DCAT,
    DCATAP,
    DCTERMS,
    SGO,
    VCARD,
    dcat,
    dcatap,
    dcterms,
    foaf,
    org,
    rdf,
    vcard,
    xsd,
)
from kg.project.release import data_changed
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.plans import Plan, Series, los_theme, read_plans
from kg.publishing.rdf import Statements
from kg.publishing.site import Site
from kg.store import SelectResult, Store
from kg.store.base import expect

SPARQL_PROTOCOL = ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/")
SPARQL_FILE_TYPE = ox.NamedNode(FILE_TYPE + "SPARQLQ")
CATALOG_PREFIXES = {"vcard": VCARD, "dcatap": DCATAP}

_PERIODS_QUERY = f"""
SELECT ?start ?end WHERE {{
  ?period a <{SGO}StrategyPeriod> ; <{DCAT}startDate> ?start ; <{DCAT}endDate> ?end .
}}"""
_TITLE_QUERY = "SELECT ?title WHERE {{ <{iri}> <" + DCTERMS + "title> ?title }}"
_YEAR = re.compile(r"^(\d{4})")
_MODIFIED_QUERY = f"SELECT ?modified WHERE {{ ?thing <{DCTERMS}modified> ?modified }}"
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_DUMP_TEXT = {
    "nb": "Alle grafene i datasettet (ontologi og data) i én fil, {}{}. Samme innhold gir samme bytes.",
    "en": "Every graph of the dataset (ontology and data) in one file, {}{}. "
    "The same content gives the same bytes.",
}


def catalog_triples(
    store: Store,
    site: Site,
    *,
    sparql_endpoint: bool,
    metadata: DatasetMetadata | None = None,
) -> list[ox.Triple]:
    """The catalogue's statements, with the URLs of the site at `site.root`."""
    settings = site.settings
    meta = metadata or DatasetMetadata.from_config(settings.config)
    g = Statements()
    catalog, dataset = ox.NamedNode(site.catalog), ox.NamedNode(site.dataset)
    publisher, contact = publisher_node(site, meta), ox.NamedNode(site.catalog + "#contact")
    homepage = ox.NamedNode(site.url("/"))
    modified = last_modified(store, settings.data_graph) or data_changed(settings.data_dir) or date.today()
    issued = meta.issued or modified

    def dates(node: ox.NamedNode) -> None:
        g.add(node, dcterms.issued, ox.Literal(issued.isoformat(), datatype=xsd.date))
        g.add(node, dcterms.modified, ox.Literal(modified.isoformat(), datatype=xsd.date))

    def published(
        node: ox.NamedNode, kind: ox.NamedNode, titles: dict[str, str], descriptions: dict[str, str]
    ) -> None:
        """A catalogued resource: its class, texts, identifier (its IRI) and publisher."""
        g.add(node, rdf.type, kind)
        g.texts(node, dcterms.title, titles)
        g.texts(node, dcterms.description, descriptions)
        g.add(node, dcterms.identifier, ox.Literal(node.value))
        g.add(node, dcterms.publisher, publisher)

    def languages_and_places(node: ox.NamedNode) -> None:
        for language in meta.languages:
            g.add(node, dcterms.language, ox.NamedNode(language))
        for place in meta.spatial:
            g.add(node, dcterms.spatial, ox.NamedNode(place))

    published(catalog, dcat.Catalog, meta.catalog_title, meta.catalog_description)
    g.add(catalog, foaf.homepage, homepage)
    g.add(catalog, dcterms.license, ox.NamedNode(meta.licence))
    g.add(catalog, dcat.themeTaxonomy, ox.NamedNode(meta.theme_taxonomy))
    languages_and_places(catalog)
    dates(catalog)
    g.add(catalog, dcat.contactPoint, contact)
    g.add(catalog, dcat.dataset, dataset)

    publisher_and_contact(g, publisher, contact, homepage, meta)

    ontology = ox.NamedNode(settings.ontology_iri)
    g.add(ontology, rdf.type, dcterms.Standard)
    for title in _titles(store, settings.ontology_graph, settings.ontology_iri):
        g.add(ontology, dcterms.title, title)

    def described(node: ox.NamedNode, coverage: tuple[date, date] | None, los: set[str]) -> None:
        """What the whole dataset and each plan's dataset (and series) say alike."""
        g.add(node, dcat.contactPoint, contact)
        g.add(node, dcterms.accessRights, ox.NamedNode(meta.access_rights))
        g.add(node, dcterms.accrualPeriodicity, ox.NamedNode(meta.frequency))
        languages_and_places(node)
        _themes_and_keywords(g, node, meta, los)
        dates(node)
        if coverage:
            temporal = ox.NamedNode(node.value + "-temporal")
            g.add(node, dcterms.temporal, temporal)
            g.add(temporal, rdf.type, dcterms.PeriodOfTime)
            g.add(temporal, dcat.startDate, ox.Literal(coverage[0].isoformat(), datatype=xsd.date))
            g.add(temporal, dcat.endDate, ox.Literal(coverage[1].isoformat(), datatype=xsd.date))

    plans, series = read_plans(store, settings.default_graphs())
    published(dataset, dcat.Dataset, meta.title, meta.description)
    g.add(dataset, dcat.landingPage, homepage)
    g.add(dataset, dcterms.conformsTo, ontology)
    described(
        dataset,
        temporal_coverage(store, settings.asserted_graphs()),
        {theme for plan in plans for theme in plan.themes},
    )
    for plan in plans:
        node = ox.NamedNode(_plan_dataset(site, plan))
        g.add(catalog, dcat.dataset, node)
        g.add(dataset, dcterms.hasPart, node)
        published(node, dcat.Dataset, *_plan_texts(plan))
        g.add(node, dcterms.isPartOf, dataset)
        g.add(node, dcterms.conformsTo, ontology)
        g.add(node, dcterms.relation, ox.NamedNode(plan.iri))
        if sparql_endpoint:  # the plan's statements are queried there, with the rest
            g.add(node, dcat.distribution, ox.NamedNode(site.catalog + "#distribution-sparql"))
        page = site.link(plan.iri)
        if page:
            g.add(node, dcat.landingPage, ox.NamedNode(page))
        described(node, plan.period, plan.themes)
        if plan.version is not None:
            g.add(node, dcat.version, ox.Literal(str(plan.version)))
            g.add(node, dcat.inSeries, ox.NamedNode(site.catalog + f"#series-{plan.series}"))
        if plan.previous:
            g.add(node, dcat.prev, ox.NamedNode(_plan_dataset(site, Plan(plan.previous))))
    for versions in series:
        node = ox.NamedNode(site.catalog + f"#series-{versions.key}")
        g.add(catalog, dcat.dataset, node)
        published(node, dcat.DatasetSeries, *_series_texts(versions))
        g.add(node, rdf.type, dcat.Dataset)  # DCAT 3: dcat:DatasetSeries ⊑ dcat:Dataset, said for harvesters
        periods = [plan.period for plan in versions.plans if plan.period]
        span = (min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None
        described(node, span, {theme for plan in versions.plans for theme in plan.themes})
        g.add(node, dcat.first, ox.NamedNode(_plan_dataset(site, versions.plans[0])))
        g.add(node, dcat.last, ox.NamedNode(_plan_dataset(site, versions.plans[-1])))

    for dump in RDF_SYNTAXES:
        for compressed in (False, True):
            node = ox.NamedNode(site.catalog + f"#distribution-{dump.name}" + ("-gz" if compressed else ""))
            g.add(dataset, dcat.distribution, node)
            url = ox.NamedNode(site.download(dump.gzip_name if compressed else dump.file_name))
            _distribution(g, node, dump, url, compressed, meta)
            dates(node)

    if sparql_endpoint:
        service, endpoint = ox.NamedNode(site.catalog + "#sparql-service"), ox.NamedNode(site.sparql)
        g.add(catalog, dcat.service, service)
        published(
            service,
            dcat.DataService,
            {"nb": "SPARQL-endepunkt", "en": "SPARQL endpoint"},
            {
                "nb": "Skrivebeskyttet SPARQL 1.1-endepunkt for hele datasettet.",
                "en": "Read-only SPARQL 1.1 endpoint for the whole dataset.",
            },
        )
        g.add(service, dcat.endpointURL, endpoint)
        # SPARQL 1.1 Service Description: the endpoint URL, dereferenced, describes the service.
        g.add(service, dcat.endpointDescription, endpoint)
        g.add(service, dcat.servesDataset, dataset)
        g.add(service, dcterms.conformsTo, SPARQL_PROTOCOL)
        g.add(service, dcat.contactPoint, contact)
        g.add(service, dcterms.license, ox.NamedNode(meta.licence))
        g.add(service, dcterms.accessRights, ox.NamedNode(meta.access_rights))
        _themes_and_keywords(g, service, meta)
        g.add(SPARQL_PROTOCOL, rdf.type, dcterms.Standard)
        g.add(SPARQL_PROTOCOL, dcterms.title, ox.Literal("SPARQL 1.1 Protocol", language="en"))

        node = ox.NamedNode(site.catalog + "#distribution-sparql")
        g.add(dataset, dcat.distribution, node)
        g.add(node, rdf.type, dcat.Distribution)
        g.texts(node, dcterms.title, {"nb": "Spørringer over SPARQL", "en": "Queries over SPARQL"})
        g.texts(
            node,
            dcterms.description,
            {
                "nb": "Hele datasettet gjennom SPARQL 1.1-endepunktet.",
                "en": "The whole dataset through the SPARQL 1.1 endpoint.",
            },
        )
        g.add(node, dcat.accessURL, endpoint)
        g.add(node, dcat.accessService, service)
        g.add(node, dcterms.format, SPARQL_FILE_TYPE)
        g.add(node, dcterms.license, ox.NamedNode(meta.licence))
        g.add(node, dcatap.availability, ox.NamedNode(meta.availability))
    return g


def publisher_node(site: Site, meta: DatasetMetadata) -> ox.NamedNode:
    """The publisher: its Enhetsregisteret IRI, or one in the catalogue document."""
    return ox.NamedNode(meta.publisher_iri or site.catalog + "#publisher")


def publisher_and_contact(
    g: Statements,
    publisher: ox.NamedNode,
    contact: ox.NamedNode,
    homepage: ox.NamedNode,
    meta: DatasetMetadata,
) -> None:
    """The publisher (an organisation: name, number, ADMS type) and the contact point, as every
    catalogue of the site states them (datasets, information models, concepts)."""
    for kind in (foaf.Agent, foaf.Organization, org.Organization):
        g.add(publisher, rdf.type, kind)
    g.texts(publisher, foaf.name, meta.publisher_name)
    g.add(publisher, dcterms.type, ox.NamedNode(meta.publisher_type))
    if meta.organisation_number:
        g.add(publisher, dcterms.identifier, ox.Literal(meta.organisation_number))
    g.add(contact, rdf.type, vcard.Organization)
    g.add(contact, vcard.fn, ox.Literal(meta.contact_name))
    g.add(contact, vcard.hasURL, ox.NamedNode(meta.contact_url) if meta.contact_url else homepage)
    if meta.contact_email:
        g.add(contact, vcard.hasEmail, ox.NamedNode("mailto:" + meta.contact_email.removeprefix("mailto:")))


def _plan_dataset(site: Site, plan: Plan) -> str:
    return site.catalog + f"#plan-{plan.key}"


def _plan_texts(plan: Plan) -> tuple[dict[str, str], dict[str, str]]:
    """The plan's title and description, by language; a description said for it where it has none."""
    titles = plan.titles or {"nb": plan.key, "en": plan.key}
    descriptions = plan.descriptions or {
        language: (
            f"Strategidokumentet «{title}» som lenkede data."
            if language == "nb"
            else f"The strategy document “{title}” as linked data."
        )
        for language, title in titles.items()
    }
    return titles, descriptions


def _series_texts(series: Series) -> tuple[dict[str, str], dict[str, str]]:
    titles = _plan_texts(series.plans[-1])[0]
    count = len(series.plans)
    return (
        {
            lang: (f"Versjoner av «{t}»" if lang == "nb" else f"Versions of “{t}”")
            for lang, t in titles.items()
        },
        {
            lang: (
                f"{count} versjoner av strategidokumentet, den første først."
                if lang == "nb"
                else f"{count} versions of the strategy document, the first first."
            )
            for lang in titles
        },
    )


def _themes_and_keywords(
    g: Statements, node: ox.NamedNode, meta: DatasetMetadata, los: set[str] | None = None
) -> None:
    """EU data themes (configured) and Los themes (from the graph) beside them, then keywords."""
    for theme in (*meta.themes, *sorted(los or ())):
        g.add(node, dcat.theme, ox.NamedNode(theme))
    for theme in sorted(los or ()):  # what Los says of its themes, so no harvester needs to look
        g.extend(los_theme(theme))
    for language, words in meta.keywords.items():
        for word in words:
            g.add(node, dcat.keyword, ox.Literal(word, language=language))


def _distribution(
    g: Statements,
    node: ox.NamedNode,
    dump: RdfSyntax,
    url: ox.NamedNode,
    compressed: bool,
    meta: DatasetMetadata,
) -> None:
    g.add(node, rdf.type, dcat.Distribution)
    suffix = {"nb": ", gzip-komprimert", "en": ", gzip-compressed"} if compressed else {"nb": "", "en": ""}
    g.texts(
        node,
        dcterms.title,
        {
            "nb": f"Hele datasettet som {dump.label}{suffix['nb']}",
            "en": f"The whole dataset as {dump.label}{suffix['en']}",
        },
    )
    packed = {"nb": ", komprimert med gzip", "en": ", compressed with gzip"} if compressed else suffix
    g.texts(
        node,
        dcterms.description,
        {lang: _DUMP_TEXT[lang].format(dump.label, packed[lang]) for lang in packed},
    )
    g.add(node, dcat.accessURL, url)
    g.add(node, dcat.downloadURL, url)
    g.add(node, dcat.mediaType, ox.NamedNode(dump.media_type_iri))
    g.add(node, dcterms.format, ox.NamedNode(dump.file_type_iri))
    if compressed:
        g.add(node, dcat.compressFormat, ox.NamedNode(IANA_MEDIA_TYPES + GZIP))
    g.add(node, dcterms.license, ox.NamedNode(meta.licence))
    g.add(node, dcatap.availability, ox.NamedNode(meta.availability))


def last_modified(store: Store, graph: str) -> date | None:
    """The newest dct:modified date stated in the data graph, if any."""
    result = store.query(_MODIFIED_QUERY, default_graphs=[graph])
    result = expect(result, SelectResult)
    found = [_DATE.match(value.value) for (value,) in result.rows if isinstance(value, ox.Literal)]
    return max((date.fromisoformat(m.group(1)) for m in found if m), default=None)


def temporal_coverage(store: Store, graphs: list[str]) -> tuple[date, date] | None:
    """First and last day of the strategy periods in the graph (years taken whole)."""
    result = store.query(_PERIODS_QUERY, default_graphs=graphs)
    result = expect(result, SelectResult)
    starts, ends = [], []
    for start, end in result.rows:
        first = _YEAR.match(start.value if isinstance(start, ox.Literal) else "")
        last = _YEAR.match(end.value if isinstance(end, ox.Literal) else "")
        if first and last:
            starts.append(date(int(first.group(1)), 1, 1))
            ends.append(date(int(last.group(1)), 12, 31))
    return (min(starts), max(ends)) if starts else None


def _titles(store: Store, graph: str, iri: str) -> list[ox.Literal]:
    result = store.query(_TITLE_QUERY.format(iri=iri), default_graphs=[graph])
    result = expect(result, SelectResult)
    return [t for (t,) in result.rows if isinstance(t, ox.Literal)]
