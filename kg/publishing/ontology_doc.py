"""The ontology's documentation, read from its graph: every class and property.

pyLODE was the first choice, but the release pip installs here (3.4.1)
fails at import (it reads a pyproject.toml its wheel does not ship); the
page is therefore rendered from this model with a Jinja template
(server/templates/ontology.html).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.foundation.namespaces import SGO, dcterms, foaf, owl, rdf, rdfs, skos, vann
from kg.store import Store
from kg.store.base import Term

KINDS = {"class": owl.Class, "object": owl.ObjectProperty, "datatype": owl.DatatypeProperty}
CHARACTERISTICS = {
    owl.TransitiveProperty: ("transitiv", "transitive"),
    owl.FunctionalProperty: ("funksjonell", "functional"),
    owl.SymmetricProperty: ("symmetrisk", "symmetric"),
    owl.InverseFunctionalProperty: ("invers funksjonell", "inverse functional"),
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


class Graph:
    """A small graph's statements, indexed both ways for the lookups documentation needs."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._objects: dict[tuple[Term, ox.NamedNode], list[Term]] = defaultdict(list)
        self._subjects: dict[tuple[ox.NamedNode, Term], list[Term]] = defaultdict(list)
        for triple in triples:
            self._objects[triple.subject, triple.predicate].append(triple.object)
            self._subjects[triple.predicate, triple.object].append(triple.subject)

    def objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        return self._objects.get((subject, predicate), [])

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Term]:
        return self._subjects.get((predicate, obj), [])

    def value(self, subject: Term, predicate: ox.NamedNode) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def members(self, head: Term | None) -> list[str]:
        """The IRIs and values of an RDF list."""
        found = []
        while head is not None and head != rdf.nil:
            first = self.value(head, rdf.first)
            if first is not None:
                found.append(_value(first))
            head = self.value(head, rdf.rest)
        return found


def ontology_doc(store: Store, ontology_graph: str, ontology_iri: str) -> OntologyDoc:
    return document(Graph(store.graph_triples(ontology_graph)), ontology_iri)


def document(graph: Graph, ontology_iri: str) -> OntologyDoc:
    """The documentation model of the `sgo:` terms of an ontology graph."""
    ontology = ox.NamedNode(ontology_iri)
    terms: dict[str, list[TermDoc]] = {kind: [] for kind in KINDS}
    for kind, owl_type in KINDS.items():
        for term in sorted(_ours(graph.subjects(rdf.type, owl_type)), key=_value):
            terms[kind].append(_term(graph, term, kind))
    creator = graph.value(ontology, dcterms.creator)
    return OntologyDoc(
        iri=ontology_iri,
        version_iri=_str(graph.value(ontology, owl.versionIRI)),
        version=_str(graph.value(ontology, owl.versionInfo)),
        titles=_by_language(graph, ontology, dcterms.title),
        descriptions=_by_language(graph, ontology, dcterms.description),
        creators=_by_language(graph, creator, foaf.name) if creator is not None else {},
        license=_str(graph.value(ontology, dcterms.license)),
        created=_str(graph.value(ontology, dcterms.created)),
        modified=_str(graph.value(ontology, dcterms.modified)),
        prefix=_str(graph.value(ontology, vann.preferredNamespacePrefix)),
        namespace=_str(graph.value(ontology, vann.preferredNamespaceUri)),
        classes=terms["class"],
        object_properties=terms["object"],
        datatype_properties=terms["datatype"],
        labels={t.iri: t.labels for kind in terms.values() for t in kind},
    )


def _term(graph: Graph, term: ox.NamedNode, kind: str) -> TermDoc:
    is_class = kind == "class"
    above = rdfs.subClassOf if is_class else rdfs.subPropertyOf
    inverses = {*graph.objects(term, owl.inverseOf), *graph.subjects(owl.inverseOf, term)}
    disjoint = {*graph.objects(term, owl.disjointWith), *graph.subjects(owl.disjointWith, term)}
    for group in graph.subjects(rdf.type, owl.AllDisjointClasses):
        members = graph.members(graph.value(group, owl.members))
        if term.value in members:
            disjoint |= {ox.NamedNode(m) for m in members if m != term.value}
    return TermDoc(
        iri=term.value,
        kind=kind,
        labels=_by_language(graph, term, rdfs.label),
        definitions=_by_language(graph, term, skos.definition),
        supers=_iris(graph.objects(term, above)),
        subs=_iris(graph.subjects(above, term)),
        domains=[_class_expression(graph, d) for d in graph.objects(term, rdfs.domain)],
        ranges=[_class_expression(graph, r) for r in graph.objects(term, rdfs.range)],
        inverses=_iris(inverses),
        disjoint=_iris(disjoint),
        chains=[graph.members(chain) for chain in graph.objects(term, owl.propertyChainAxiom)],
        characteristics=[
            label for owl_type, label in CHARACTERISTICS.items() if owl_type in graph.objects(term, rdf.type)
        ],
    )


def _class_expression(graph: Graph, node: Term) -> list[str]:
    if isinstance(node, ox.BlankNode):
        return graph.members(graph.value(node, owl.unionOf))
    return [_value(node)]


def _iris(nodes: Iterable[Term]) -> list[str]:
    return sorted(n.value for n in nodes if isinstance(n, ox.NamedNode))


def _ours(nodes: Iterable[Term]) -> set[ox.NamedNode]:
    return {n for n in nodes if isinstance(n, ox.NamedNode) and n.value.startswith(SGO)}


def _by_language(graph: Graph, node: Term, prop: ox.NamedNode) -> dict[str, str]:
    found: dict[str, str] = {}
    literals = [value for value in graph.objects(node, prop) if isinstance(value, ox.Literal)]
    for value in sorted(literals, key=lambda literal: (literal.value, literal.language or "")):
        found.setdefault(value.language or "", value.value)
    return found


def _value(node: Term) -> str:
    return str(node) if isinstance(node, ox.Triple) else node.value


def _str(node: Term | None) -> str | None:
    return None if node is None else _value(node)
