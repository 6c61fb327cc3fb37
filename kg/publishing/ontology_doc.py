"""The ontology's documentation, read from its graph: every class and property.

pyLODE was the first choice, but the release pip installs here (3.4.1)
fails at import (it reads a pyproject.toml its wheel does not ship); the
page is therefore rendered from this model with a Jinja template
(server/templates/ontology.html).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import rdflib
from rdflib import OWL, RDF, RDFS, BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, SKOS, Namespace

from kg.graph.namespaces import SGO, VANN
from kg.graph.rdflib_bridge import rdflib_graph
from kg.store import Store

_VANN = Namespace(VANN)
KINDS = {"class": OWL.Class, "object": OWL.ObjectProperty, "datatype": OWL.DatatypeProperty}
CHARACTERISTICS = {
    OWL.TransitiveProperty: ("transitiv", "transitive"),
    OWL.FunctionalProperty: ("funksjonell", "functional"),
    OWL.SymmetricProperty: ("symmetrisk", "symmetric"),
    OWL.InverseFunctionalProperty: ("invers funksjonell", "inverse functional"),
}


@dataclass(frozen=True)
class TermDoc:
    iri: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    supers: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    #: Each domain or range is a list of classes (more than one: their union).
    domains: list[list[str]] = field(default_factory=list)
    ranges: list[list[str]] = field(default_factory=list)
    inverses: list[str] = field(default_factory=list)
    disjoint: list[str] = field(default_factory=list)
    chains: list[list[str]] = field(default_factory=list)
    characteristics: list[tuple[str, str]] = field(default_factory=list)

    @property
    def local(self) -> str:
        return self.iri[len(SGO) :]


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    version_iri: str | None
    version: str | None
    titles: dict[str, str]
    descriptions: dict[str, str]
    creators: dict[str, str]
    license: str | None
    created: str | None
    modified: str | None
    prefix: str | None
    namespace: str | None
    classes: list[TermDoc]
    object_properties: list[TermDoc]
    datatype_properties: list[TermDoc]
    #: Labels of every documented term, for links between them.
    labels: dict[str, dict[str, str]]

    def terms(self) -> list[TermDoc]:
        return [*self.classes, *self.object_properties, *self.datatype_properties]


def ontology_doc(store: Store, ontology_graph: str, ontology_iri: str) -> OntologyDoc:
    graph = rdflib_graph(store.graph_triples(ontology_graph))
    return document(graph, ontology_iri)


def document(graph: rdflib.Graph, ontology_iri: str) -> OntologyDoc:
    """The documentation model of the `sgo:` terms of an ontology graph."""
    ontology = URIRef(ontology_iri)
    terms: dict[str, list[TermDoc]] = {kind: [] for kind in KINDS}
    for kind, owl_type in KINDS.items():
        for term in sorted(_ours(graph.subjects(RDF.type, owl_type))):
            terms[kind].append(_term(graph, term, kind))
    creator = graph.value(ontology, DCTERMS.creator)
    return OntologyDoc(
        iri=ontology_iri,
        version_iri=_str(graph.value(ontology, OWL.versionIRI)),
        version=_str(graph.value(ontology, OWL.versionInfo)),
        titles=_by_language(graph, ontology, DCTERMS.title),
        descriptions=_by_language(graph, ontology, DCTERMS.description),
        creators=_by_language(graph, creator, FOAF.name) if creator is not None else {},
        license=_str(graph.value(ontology, DCTERMS.license)),
        created=_str(graph.value(ontology, DCTERMS.created)),
        modified=_str(graph.value(ontology, DCTERMS.modified)),
        prefix=_str(graph.value(ontology, _VANN.preferredNamespacePrefix)),
        namespace=_str(graph.value(ontology, _VANN.preferredNamespaceUri)),
        classes=terms["class"],
        object_properties=terms["object"],
        datatype_properties=terms["datatype"],
        labels={t.iri: t.labels for kind in terms.values() for t in kind},
    )


def _term(graph: rdflib.Graph, term: URIRef, kind: str) -> TermDoc:
    is_class = kind == "class"
    above = RDFS.subClassOf if is_class else RDFS.subPropertyOf
    inverses = set(graph.objects(term, OWL.inverseOf)) | set(graph.subjects(OWL.inverseOf, term))
    disjoint = set(graph.objects(term, OWL.disjointWith)) | set(graph.subjects(OWL.disjointWith, term))
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = _members(graph, graph.value(group, OWL.members))
        if str(term) in members:
            disjoint |= {URIRef(m) for m in members if m != str(term)}
    return TermDoc(
        iri=str(term),
        kind=kind,
        labels=_by_language(graph, term, RDFS.label),
        definitions=_by_language(graph, term, SKOS.definition),
        supers=sorted(str(o) for o in graph.objects(term, above) if isinstance(o, URIRef)),
        subs=sorted(str(s) for s in graph.subjects(above, term) if isinstance(s, URIRef)),
        domains=[_class_expression(graph, d) for d in graph.objects(term, RDFS.domain)],
        ranges=[_class_expression(graph, r) for r in graph.objects(term, RDFS.range)],
        inverses=sorted(str(i) for i in inverses if isinstance(i, URIRef)),
        disjoint=sorted(str(d) for d in disjoint if isinstance(d, URIRef)),
        chains=[_members(graph, chain) for chain in graph.objects(term, OWL.propertyChainAxiom)],
        characteristics=[
            label for owl_type, label in CHARACTERISTICS.items() if (term, RDF.type, owl_type) in graph
        ],
    )


def _class_expression(graph: rdflib.Graph, node: rdflib.term.Node) -> list[str]:
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        return _members(graph, union) if union is not None else []
    return [str(node)]


def _members(graph: rdflib.Graph, head: rdflib.term.Node | None) -> list[str]:
    return [str(m) for m in Collection(graph, head)] if head is not None else []


def _ours(nodes: Iterable[rdflib.term.Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef) and str(n).startswith(SGO)}


def _by_language(graph: rdflib.Graph, node: rdflib.term.Node, prop: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in sorted(graph.objects(node, prop)):
        if isinstance(value, rdflib.Literal):
            found.setdefault(value.language or "", str(value))
    return found


def _str(node: rdflib.term.Node | None) -> str | None:
    return None if node is None else str(node)
