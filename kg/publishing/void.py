"""The VoID description of the dataset, with figures counted in the live graph.

Figures come from the store (SPARQL aggregates over the dataset's graphs),
once per state of the dataset (see `kg.publishing.state`). Each named graph
is a `void:subset` named with `sd:name`, as the SPARQL service description
names it.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.foundation.atomic import write_atomically
from kg.foundation.formats import RDF_SYNTAXES
from kg.foundation.namespaces import PREFIXES, SGO, dcterms, foaf, rdf, sd, void
from kg.foundation.settings import Settings
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.rdf import Statements
from kg.publishing.site import Site
from kg.publishing.state import dataset_graphs, kept_key
from kg.store import SelectResult, Store
from kg.store.base import PlainTerm, expect

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
    result = expect(result, SelectResult)
    return DatasetFigures(
        whole=count_graphs(store, graphs),
        graphs={graph: count_graphs(store, [graph]) for graph in graphs},
        examples=[row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode)],
    )


#: Seconds after which another dataset's kept figures are removed: a live server of it (a second
#: copy of the project, a test run beside it) reads them when its workers first need them.
_UNUSED = 86_400


@dataclass(frozen=True)
class KeptFigures:
    """The figures of the dataset named `dataset` (`kg.store.version`), kept in the project's cache.

    Counted once per dataset, kg version and base IRI, as the dumps are kept (`KeptDumps`): at a
    million triples the counting is most of a warm start (21 s of 25), a file of a few kB read in
    milliseconds. In the two steps of `PerState`: `read` (under the caller's time limit) finds
    the kept figures or counts them in the store; `make` keeps what was counted.
    """

    dataset: str

    def path(self, settings: Settings) -> Path:
        return settings.cache_dir / "void" / f"{kept_key(self.dataset, settings)}.json"

    def read(self, store: Store, settings: Settings) -> tuple[DatasetFigures, bool]:
        """The figures, and whether they were kept already."""
        kept = self._kept(settings)
        return (kept, True) if kept else (dataset_figures(store, settings), False)

    def kept(self, settings: Settings) -> bool:
        """Whether this dataset's figures are kept."""
        return self._kept(settings) is not None

    def _kept(self, settings: Settings) -> DatasetFigures | None:
        try:
            return _figures_of(json.loads(self.path(settings).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):  # none kept yet, or unreadable
            return None

    def make(self, read: tuple[DatasetFigures, bool], settings: Settings) -> DatasetFigures:
        figures, kept = read
        if not kept:
            path = self.path(settings)
            text = json.dumps(asdict(figures)).encode()
            try:
                write_atomically(path, lambda out: out.write(text))
                for old in path.parent.glob("*.json"):  # earlier datasets': small, never locked
                    if old != path and time.time() - old.stat().st_mtime > _UNUSED:
                        old.unlink(missing_ok=True)
            except OSError:
                pass  # a cache that cannot be written: counted again at the next start
        return figures


def _figures_of(record: dict[str, object]) -> DatasetFigures:
    """`DatasetFigures` from the JSON `KeptFigures.make` wrote."""
    graphs = record["graphs"]
    examples = record["examples"]
    if not isinstance(graphs, dict) or not isinstance(examples, list):
        raise ValueError("not a record of VoID figures")
    return DatasetFigures(
        whole=GraphFigures(**record["whole"]),  # type: ignore[arg-type]
        graphs={graph: GraphFigures(**figures) for graph, figures in graphs.items()},
        examples=[str(example) for example in examples],
    )


def void_triples(
    figures: DatasetFigures, site: Site, *, sparql_endpoint: bool, metadata: DatasetMetadata | None = None
) -> list[ox.Triple]:
    """The statements of the VoID description of the dataset at `site`."""
    meta = metadata or DatasetMetadata.from_config(site.settings.config)
    g = Statements()
    document, dataset = ox.NamedNode(site.void), ox.NamedNode(site.dataset)
    g.add(document, rdf.type, void.DatasetDescription)
    g.add(document, dcterms.title, ox.Literal("VoID-beskrivelse av Strategigraf-datasettet", language="nb"))
    g.add(document, dcterms.title, ox.Literal("VoID description of the Strategigraf dataset", language="en"))
    g.add(document, foaf.primaryTopic, dataset)

    g.add(dataset, rdf.type, void.Dataset)
    for language, text in meta.title.items():
        g.add(dataset, dcterms.title, ox.Literal(text, language=language))
    for language, text in meta.description.items():
        g.add(dataset, dcterms.description, ox.Literal(text, language=language))
    g.add(dataset, dcterms.license, ox.NamedNode(CC_BY_4_0))
    g.add(dataset, foaf.homepage, ox.NamedNode(site.url("/")))
    g.add(dataset, void.uriSpace, ox.Literal(site.settings.resource_base))
    if sparql_endpoint:
        g.add(dataset, void.sparqlEndpoint, ox.NamedNode(site.sparql))
    for dump in RDF_SYNTAXES:
        g.add(dataset, void.dataDump, ox.NamedNode(site.download(dump.file_name)))
        g.add(dataset, void.dataDump, ox.NamedNode(site.download(dump.gzip_name)))
        g.add(dataset, void.feature, ox.NamedNode(dump.w3c_iri))
    for example in figures.examples:
        g.add(dataset, void.exampleResource, ox.NamedNode(example))
    for vocabulary in vocabularies(figures.whole):
        g.add(dataset, void.vocabulary, ox.NamedNode(vocabulary))
    _figures(g, dataset, figures.whole)
    for cls, count in sorted(figures.whole.classes.items()):
        partition = ox.NamedNode(f"{site.void}#class-{_fragment(cls)}")
        g.add(dataset, void.classPartition, partition)
        g.add(partition, void["class"], ox.NamedNode(cls))
        g.add(partition, void.entities, ox.Literal(count))
    for prop, count in sorted(figures.whole.properties.items()):
        partition = ox.NamedNode(f"{site.void}#property-{_fragment(prop)}")
        g.add(dataset, void.propertyPartition, partition)
        g.add(partition, void.property, ox.NamedNode(prop))
        g.add(partition, void.triples, ox.Literal(count))
    for graph, counts in figures.graphs.items():
        subset = ox.NamedNode(f"{site.void}#graph-{_fragment(graph, site.settings.base_iri)}")
        g.add(dataset, void.subset, subset)
        g.add(subset, rdf.type, void.Dataset)
        g.add(subset, rdf.type, sd.NamedGraph)
        g.add(subset, sd.name, ox.NamedNode(graph))
        g.add(subset, dcterms.title, ox.Literal(_graph_title(graph, site.settings)))
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


def _figures(g: Statements, node: ox.NamedNode, counts: GraphFigures) -> None:
    g.add(node, void.triples, ox.Literal(counts.triples))
    g.add(node, void.entities, ox.Literal(counts.entities))
    g.add(node, void.classes, ox.Literal(len(counts.classes)))
    g.add(node, void.properties, ox.Literal(len(counts.properties)))
    g.add(node, void.distinctSubjects, ox.Literal(counts.distinct_subjects))
    g.add(node, void.distinctObjects, ox.Literal(counts.distinct_objects))


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
    result = expect(result, SelectResult)
    row = next(result.rows)
    return tuple(int(term.value) if isinstance(term, ox.Literal) else 0 for term in row)


def _grouped(store: Store, query: str, graphs: list[str]) -> dict[str, int]:
    result = store.query(query, default_graphs=graphs)
    result = expect(result, SelectResult)
    return {
        key.value: int(count.value)
        for key, count in result.rows
        if isinstance(key, PlainTerm) and isinstance(count, ox.Literal)
    }
