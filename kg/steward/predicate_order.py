"""The order of predicates inside a block: the order in which the shapes name them.

Each property shape names its property with `sh:path` (a property, or alternatives
`[ sh:alternativePath ( … ) ]`, each a property of the resource); read in the shapes
files' own order (a graph has none), their first mentions give the house order: a
steward who moves a property shape moves the predicate in every formatted file. The
shapes of this repository stand in the order a block of data reads: parent link,
position, name, description, other properties, notes, provenance last.

The terms that describe a vocabulary (RDFS, OWL, SKOS definitions, SHACL) are named
by no shape; VOCABULARY_ORDER places them after the shapes' order, before the
alphabetical rest, so that an ontology or a shapes file reads the same way: a
term's parents and axioms, then its label and definition; a shape's targets, its
path, its constraints, then its severity and message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.foundation.namespaces import OWL, RDFS, SH, SKOS
from kg.steward.house_style import document_namespaces, resolve
from kg.steward.turtle_tree import (
    BlankNode,
    Collection,
    Entry,
    Node,
    Object,
    Statement,
    Term,
    parse_document,
)

_PATH = SH + "path"
_ALTERNATIVE_PATH = SH + "alternativePath"
_NAMESPACES = {"rdfs": RDFS, "owl": OWL, "skos": SKOS, "sh": SH}
_VOCABULARY = """
    owl:versionIRI owl:versionInfo owl:imports owl:priorVersion
    rdfs:subClassOf rdfs:subPropertyOf owl:equivalentClass owl:equivalentProperty
    owl:inverseOf owl:propertyChainAxiom rdfs:domain rdfs:range owl:disjointWith
    owl:unionOf owl:intersectionOf owl:oneOf owl:members
    owl:onProperty owl:someValuesFrom owl:allValuesFrom owl:hasValue
    rdfs:label rdfs:comment skos:definition skos:scopeNote skos:example
    rdfs:seeAlso rdfs:isDefinedBy
    sh:targetClass sh:targetNode sh:targetSubjectsOf sh:targetObjectsOf sh:target
    sh:path sh:name sh:description sh:group sh:order sh:property sh:node
    sh:minCount sh:maxCount sh:class sh:datatype sh:nodeKind
    sh:minInclusive sh:maxInclusive sh:minExclusive sh:maxExclusive sh:minLength sh:maxLength
    sh:pattern sh:flags sh:languageIn sh:uniqueLang
    sh:qualifiedValueShape sh:qualifiedMinCount sh:qualifiedMaxCount
    sh:in sh:hasValue sh:equals sh:disjoint sh:lessThan sh:lessThanOrEquals
    sh:not sh:and sh:or sh:xone sh:closed sh:ignoredProperties
    sh:prefixes sh:select sh:ask sh:sparql sh:deactivated sh:severity sh:message
    sh:declare sh:prefix sh:namespace
"""
#: Predicates that describe ontologies and shapes, in the order a block lists them.
VOCABULARY_ORDER: tuple[str, ...] = tuple(
    _NAMESPACES[prefix] + local for prefix, _, local in (name.partition(":") for name in _VOCABULARY.split())
)


def predicate_order(shape_files: Iterable[Path]) -> list[str]:
    """IRIs of the properties the shapes constrain, first mention first, then VOCABULARY_ORDER."""
    order: dict[str, None] = {}
    for path in shape_files:
        document = parse_document(path.read_text(encoding="utf-8"))
        namespaces, base = document_namespaces(document, path.resolve().as_uri())
        for entry in _entries(item for item in document.items if isinstance(item, Statement)):
            if resolve(entry.verb, namespaces, base) == _PATH:
                for obj in entry.objects:
                    order.update(dict.fromkeys(_properties(obj.node, namespaces, base)))
    order.update(dict.fromkeys(VOCABULARY_ORDER))  # a term the shapes name keeps its place
    return list(order)


def _properties(path: Node, namespaces: dict[str, str], base: str) -> Iterator[str]:
    """The properties of the resource a path names: itself, or each of its alternatives."""
    if isinstance(path, Term) and (iri := resolve(path, namespaces, base)):
        yield iri
    elif isinstance(path, BlankNode):
        for entry in path.entries:
            if resolve(entry.verb, namespaces, base) == _ALTERNATIVE_PATH:
                for obj in entry.objects:
                    if isinstance(obj.node, Collection):
                        for item in obj.node.items:
                            yield from _properties(item.node, namespaces, base)


def _entries(statements: Iterable[Statement]) -> Iterator[Entry]:
    """Every predicate entry, nested ones included, in document order."""

    def nodes(objects: Iterable[Object]) -> Iterator[Entry]:
        for obj in objects:
            if isinstance(obj.node, BlankNode):
                yield from walk(obj.node.entries)
            elif isinstance(obj.node, Collection):
                yield from nodes(obj.node.items)

    def walk(entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            yield entry
            yield from nodes(entry.objects)

    for statement in statements:
        yield from nodes([Object(statement.subject)])
        yield from walk(statement.entries)
