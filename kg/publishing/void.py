"""The VoID description of the dataset, with figures counted in the live graph.

Figures come from the store (SPARQL aggregates over the dataset's graphs),
once per state of the dataset (see `kg.publishing.state`). Each named graph
is a `void:subset` named with `sd:name`, as the SPARQL service description
names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, Namespace

from kg.graph.formats import DUMP_FORMATS
from kg.graph.namespaces import PREFIXES, SD, SGO, VOID
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.site import Site
from kg.publishing.state import dataset_graphs
from kg.settings import Settings
from kg.store import SelectResult, Store

VOIDNS = Namespace(VOID)
SDNS = Namespace(SD)
#: W3C format IRIs (void:feature) of the dump formats.
FORMAT_FEATURES = {
    "ttl": "http://www.w3.org/ns/formats/Turtle",
    "nt": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdf": "http://www.w3.org/ns/formats/RDF_XML",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "nq": "http://www.w3.org/ns/formats/N-Quads",
}
CC_BY_4_0 = "https://creativecommons.org/licenses/by/4.0/"

_COUNTS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
_CLASSES = "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p"
_EXAMPLES = f"SELECT DISTINCT ?plan WHERE {{ ?plan a <{SGO}StrategicPlan> }} ORDER BY ?plan"


@dataclass(frozen=True)
class GraphFigures:
    """VoID's statistics of one graph (or of the union of several)."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int]
    properties: dict[str, int]


@dataclass(frozen=True)
class DatasetFigures:
    whole: GraphFigures
    graphs: dict[str, GraphFigures]
    examples: list[str]


def count_graphs(store: Store, graphs: list[str]) -> GraphFigures:
    """Counts over the union of `graphs` (duplicates across graphs counted once)."""
    (triples, subjects, _properties, objects) = _one_row(store, _COUNTS, graphs)
    (entities,) = _one_row(store, _ENTITIES, graphs)
    return GraphFigures(
        triples=triples,
        entities=entities,
        distinct_subjects=subjects,
        distinct_objects=objects,
        classes=_grouped(store, _CLASSES, graphs),
        properties=_grouped(store, _PROPERTIES, graphs),
    )


def dataset_figures(store: Store, settings: Settings) -> DatasetFigures:
    graphs = dataset_graphs(store, settings)
    result = store.query(_EXAMPLES, default_graphs=graphs)
    assert isinstance(result, SelectResult)
    return DatasetFigures(
        whole=count_graphs(store, graphs),
        graphs={graph: count_graphs(store, [graph]) for graph in graphs},
        examples=[row[0].value for row in result.rows if row[0] is not None],
    )


def void_graph(
    figures: DatasetFigures, site: Site, *, sparql_endpoint: bool, metadata: DatasetMetadata | None = None
) -> rdflib.Graph:
    """The VoID description of the dataset at `site`."""
    meta = metadata or DatasetMetadata()
    g = rdflib.Graph(bind_namespaces="none")
    document, dataset = URIRef(site.void), URIRef(site.dataset)
    g.add((document, RDF.type, VOIDNS.DatasetDescription))
    g.add((document, DCTERMS.title, Literal("VoID-beskrivelse av Strategigraf-datasettet", lang="nb")))
    g.add((document, DCTERMS.title, Literal("VoID description of the Strategigraf dataset", lang="en")))
    g.add((document, FOAF.primaryTopic, dataset))

    g.add((dataset, RDF.type, VOIDNS.Dataset))
    for language, text in meta.title.items():
        g.add((dataset, DCTERMS.title, Literal(text, lang=language)))
    for language, text in meta.description.items():
        g.add((dataset, DCTERMS.description, Literal(text, lang=language)))
    g.add((dataset, DCTERMS.license, URIRef(CC_BY_4_0)))
    g.add((dataset, FOAF.homepage, URIRef(site.url("/"))))
    g.add((dataset, VOIDNS.uriSpace, Literal(site.settings.resource_base)))
    if sparql_endpoint:
        g.add((dataset, VOIDNS.sparqlEndpoint, URIRef(site.sparql)))
    for dump in DUMP_FORMATS:
        g.add((dataset, VOIDNS.dataDump, URIRef(site.download(dump.file_name))))
        g.add((dataset, VOIDNS.dataDump, URIRef(site.download(dump.gzip_name))))
        g.add((dataset, VOIDNS.feature, URIRef(FORMAT_FEATURES[dump.name])))
    for example in figures.examples:
        g.add((dataset, VOIDNS.exampleResource, URIRef(example)))
    for vocabulary in vocabularies(figures.whole):
        g.add((dataset, VOIDNS.vocabulary, URIRef(vocabulary)))
    _figures(g, dataset, figures.whole)
    for cls, count in sorted(figures.whole.classes.items()):
        partition = URIRef(f"{site.void}#class-{_fragment(cls)}")
        g.add((dataset, VOIDNS.classPartition, partition))
        g.add((partition, VOIDNS["class"], URIRef(cls)))
        g.add((partition, VOIDNS.entities, Literal(count)))
    for prop, count in sorted(figures.whole.properties.items()):
        partition = URIRef(f"{site.void}#property-{_fragment(prop)}")
        g.add((dataset, VOIDNS.propertyPartition, partition))
        g.add((partition, VOIDNS.property, URIRef(prop)))
        g.add((partition, VOIDNS.triples, Literal(count)))
    for graph, counts in figures.graphs.items():
        subset = URIRef(f"{site.void}#graph-{_fragment(graph, site.settings.base_iri)}")
        g.add((dataset, VOIDNS.subset, subset))
        g.add((subset, RDF.type, VOIDNS.Dataset))
        g.add((subset, RDF.type, SDNS.NamedGraph))
        g.add((subset, SDNS.name, URIRef(graph)))
        g.add((subset, DCTERMS.title, Literal(_graph_title(graph, site.settings))))
        _figures(g, subset, counts)
    return g


def vocabularies(figures: GraphFigures) -> list[str]:
    """Namespaces of the classes and properties used (hash namespaces without the '#')."""
    found = set()
    for term in [*figures.classes, *figures.properties]:
        cut = max(term.rfind("#"), term.rfind("/"))
        if cut > 0:
            found.add(term[: cut + 1].removesuffix("#"))
    return sorted(found)


def _figures(g: rdflib.Graph, node: URIRef, counts: GraphFigures) -> None:
    g.add((node, VOIDNS.triples, Literal(counts.triples)))
    g.add((node, VOIDNS.entities, Literal(counts.entities)))
    g.add((node, VOIDNS.classes, Literal(len(counts.classes))))
    g.add((node, VOIDNS.properties, Literal(len(counts.properties))))
    g.add((node, VOIDNS.distinctSubjects, Literal(counts.distinct_subjects)))
    g.add((node, VOIDNS.distinctObjects, Literal(counts.distinct_objects)))


def _fragment(iri: str, base: str | None = None) -> str:
    """A readable, unique fragment for a term: its prefixed name, else the escaped IRI."""
    if base and iri.startswith(base):
        return quote(iri[len(base) :], safe="/")
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{quote(iri[len(namespace) :], safe='')}"
    return quote(iri, safe="")


def _graph_title(graph: str, settings: Settings) -> str:
    return graph.removeprefix(settings.base_iri)


def _one_row(store: Store, query: str, graphs: list[str]) -> tuple[int, ...]:
    result = store.query(query, default_graphs=graphs)
    assert isinstance(result, SelectResult)
    row = next(result.rows)
    return tuple(int(term.value) if term is not None else 0 for term in row)


def _grouped(store: Store, query: str, graphs: list[str]) -> dict[str, int]:
    result = store.query(query, default_graphs=graphs)
    assert isinstance(result, SelectResult)
    return {
        key.value: int(count.value) for key, count in result.rows if key is not None and count is not None
    }
