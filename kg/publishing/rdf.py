"""Writing small graphs (descriptions, catalogue, VoID) in a negotiated RDF format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
import rdflib

from kg.graph.namespaces import PREFIXES, RDF
from kg.graph.rdf_output import serialize_triples
from kg.graph.rdflib_bridge import from_rdflib
from kg.publishing.jsonld import compact_jsonld

_RDF_TYPE = RDF + "type"


def triple_key(triple: ox.Triple) -> tuple[str, bool, str, str]:
    """Sort order of statements: by subject, rdf:type first, then predicate and object."""
    return (
        str(triple.subject),
        triple.predicate.value != _RDF_TYPE,
        str(triple.predicate),
        str(triple.object),
    )


def graph_bytes(
    triples: Iterable[ox.Triple],
    media_type: str,
    *,
    prefixes: dict[str, str] | None = None,
    context: dict[str, Any] | None = None,
) -> bytes:
    """Sorted triples in a graph format; JSON-LD compacted with `context` (default: the prefixes)."""
    ordered = sorted(set(triples), key=triple_key)
    if media_type == "application/ld+json":
        return compact_jsonld(ordered, context or {**PREFIXES, **(prefixes or {})})
    return serialize_triples(ordered, media_type, prefixes)


def from_graph(graph: rdflib.Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph triples."""
    return [ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]  # type: ignore[arg-type]
