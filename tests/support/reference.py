"""The dataset as the repository's files state it, read with rdflib (not with the code under test)."""

from __future__ import annotations

import rdflib

from kg.foundation.settings import Settings


def file_graphs(settings: Settings) -> dict[str, rdflib.Graph]:
    """Graph IRI -> the triples of the files loaded into it (ontology/, data/)."""
    graphs = {}
    for iri, folder in (
        (settings.ontology_graph, settings.ontology_dir),
        (settings.data_graph, settings.data_dir),
    ):
        graph = rdflib.Graph()
        for path in sorted(folder.rglob("*.ttl")):
            graph.parse(path, format="turtle")
        graphs[iri] = graph
    return graphs


def union(graphs: dict[str, rdflib.Graph]) -> rdflib.Graph:
    merged = rdflib.Graph()
    for graph in graphs.values():
        merged += graph
    return merged


def subject_vocabularies(settings: Settings) -> rdflib.Graph:
    """The subject vocabularies kg ships (Los, the SDGs), read with rdflib from their files."""
    graph = rdflib.Graph()
    for _, path in settings.subject_graphs:
        graph.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return graph
