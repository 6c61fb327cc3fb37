"""Writing triples and quads in the RDF formats the server and `kg export` offer.

pyoxigraph does the writing (fast, streaming); media types are the keys so
that the web layer's negotiation tables map straight onto it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
DATASET_FORMATS: dict[str, ox.RdfFormat] = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def serialize_triples(
    triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in the format of a graph media type (see GRAPH_FORMATS)."""
    rdf_format = GRAPH_FORMATS[media_type]
    return ox.serialize(triples, format=rdf_format, prefixes=_prefixes(rdf_format, prefixes))


def serialize_quads(
    quads: Iterable[ox.Quad], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Quads in the format of a dataset media type (see DATASET_FORMATS)."""
    rdf_format = DATASET_FORMATS[media_type]
    return ox.serialize(quads, format=rdf_format, prefixes=_prefixes(rdf_format, prefixes))


def _prefixes(rdf_format: ox.RdfFormat, extra: dict[str, str] | None) -> dict[str, str] | None:
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return None
    return {**PREFIXES, **(extra or {})}
