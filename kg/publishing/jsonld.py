"""Compact JSON-LD with a context generated from the ontology.

pyoxigraph writes expanded JSON-LD only; PyLD (the JSON-LD API) compacts it
against a context that maps the prefixes, every `sgo:` class and property to
its local name, and the multilingual text properties to language maps
(`"prefLabel": {"nb": "...", "en": "..."}`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from kg.foundation.formats import JSON_LD, serialized
from kg.foundation.namespaces import DCTERMS, OWL, PREFIXES, RDF, RDFS, SGO, SKOS
from kg.store import SelectResult, Store
from kg.store.base import expect

#: Text properties written once per language: compacted to language maps.
LANGUAGE_MAPS: dict[str, str] = {
    "prefLabel": SKOS + "prefLabel",
    "label": RDFS + "label",
    "definition": SKOS + "definition",
    "editorialNote": SKOS + "editorialNote",
    "title": DCTERMS + "title",
    "description": DCTERMS + "description",
}

_RDF_TYPE = RDF + "type"
_TERMS_QUERY = f"""
SELECT DISTINCT ?term ?kind WHERE {{
  VALUES ?kind {{ <{OWL}Class> <{OWL}ObjectProperty> <{OWL}DatatypeProperty> }}
  ?term a ?kind .
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{SGO}"))
}}"""


def ontology_context(store: Store, ontology_graph: str) -> dict[str, Any]:
    """The @context for the graph: prefixes, `sgo:` terms by local name, language maps."""
    context: dict[str, Any] = dict(PREFIXES)
    for name, iri in LANGUAGE_MAPS.items():
        context[name] = {"@id": compact_iri(iri), "@container": "@language"}
    result = store.query(_TERMS_QUERY, default_graphs=[ontology_graph])
    result = expect(result, SelectResult)
    terms: dict[str, Any] = {}
    for term, kind in result.rows:
        if not isinstance(term, ox.NamedNode) or not isinstance(kind, ox.NamedNode):
            continue  # the query asks for IRIs only; a store that answers otherwise is not followed
        local = term.value[len(SGO) :]
        if kind.value == OWL + "ObjectProperty":
            terms[local] = {"@id": f"sgo:{local}", "@type": "@id"}
        else:
            terms.setdefault(local, f"sgo:{local}")
    for local in sorted(terms):
        if local not in context:
            context[local] = terms[local]
    return context


def compact_jsonld(triples: Iterable[ox.Triple], context: dict[str, Any]) -> bytes:
    """The triples as compact JSON-LD; the same triples in the same order give the same bytes."""
    return (json.dumps(_compact(triples, context), ensure_ascii=False, indent=2) + "\n").encode()


def compact_nodes(triples: Iterable[ox.Triple], context: dict[str, Any]) -> list[Any]:
    """The compacted node objects of the triples, without the @context.

    For large graphs, called once per slice of subjects (a slice must not
    split a subject): PyLD then holds one slice at a time, not the whole graph.
    """
    compacted = _compact(triples, context)
    compacted.pop("@context", None)
    return compacted.pop("@graph") if "@graph" in compacted else [compacted] if compacted else []


def _compact(triples: Iterable[ox.Triple], context: dict[str, Any]) -> dict[str, Any]:
    # pyoxigraph writes expanded JSON-LD fast; PyLD's own N-Quads reader is quadratic.
    expanded = [_types_as_keyword(node) for node in json.loads(serialized(triples, JSON_LD.oxigraph))]
    compacted: dict[str, Any] = jsonld.compact(
        expanded, {"@context": context}, {"documentLoader": _no_remote_documents}
    )
    return compacted


def _types_as_keyword(node: dict[str, Any]) -> dict[str, Any]:
    """rdf:type with resource values as @type (pyoxigraph writes it as a plain property)."""
    values = node.get(_RDF_TYPE, [])
    classes = [value["@id"] for value in values if set(value) == {"@id"}]
    if classes:
        others = [value for value in values if set(value) != {"@id"}]
        node = {**{k: v for k, v in node.items() if k != _RDF_TYPE}, "@type": classes}
        if others:
            node[_RDF_TYPE] = others
    return node


def compact_iri(iri: str) -> str:
    """A prefixed name (sgo:FocusArea) when a known prefix covers the IRI, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _no_remote_documents(url: str, _options: dict[str, Any] | None = None) -> Any:
    """The context is inline: never fetch a document over the network."""
    raise jsonld.JsonLdError(f"remote JSON-LD documents are not loaded: {url}", "loading document failed")
