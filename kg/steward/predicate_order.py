"""The order of predicates inside a block: the order in which the shapes name them.

Each property shape names its property with `sh:path`; read in the shapes files' own
order (a graph has none), these give the house order: a steward who moves a property
shape moves the predicate in every formatted file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.graph.namespaces import SH
from kg.steward.house_style import document_namespaces, resolve
from kg.steward.turtle_tree import BlankNode, Collection, Entry, Object, Statement, Term, parse_document

_PATH = SH + "path"


def predicate_order(shape_files: Iterable[Path]) -> list[str]:
    """IRIs of the properties the shapes constrain, first mention first."""
    order: dict[str, None] = {}
    for path in shape_files:
        document = parse_document(path.read_text(encoding="utf-8"))
        namespaces, base = document_namespaces(document, path.resolve().as_uri())
        for entry in _entries(item for item in document.items if isinstance(item, Statement)):
            if resolve(entry.verb, namespaces, base) != _PATH:
                continue
            for obj in entry.objects:
                if isinstance(obj.node, Term) and (iri := resolve(obj.node, namespaces, base)):
                    order.setdefault(iri)
    return list(order)


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
