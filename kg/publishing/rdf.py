"""Writing small graphs (descriptions, catalogue, VoID) in a negotiated RDF format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.foundation.formats import JSON_LD, serialize_triples
from kg.foundation.namespaces import PREFIXES, RDF
from kg.publishing.jsonld import compact_jsonld

_RDF_TYPE = RDF + "type"
Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal


class Statements(list[ox.Triple]):
    """The statements of a small graph being built (catalogue, VoID): `add(s, p, o)` as in rdflib."""

    def add(self, subject: Subject, predicate: ox.NamedNode, obj: Object) -> None:
        self.append(ox.Triple(subject, predicate, obj))

    def texts(self, subject: Subject, predicate: ox.NamedNode, texts: dict[str, str]) -> None:
        """One statement per language: {"nb": ..., "en": ...}."""
        for language, text in texts.items():
            self.add(subject, predicate, ox.Literal(text, language=language))


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
    if media_type == JSON_LD.media_type:
        return compact_jsonld(ordered, context or {**PREFIXES, **(prefixes or {})})
    return serialize_triples(ordered, media_type, prefixes)
