"""The RDF term a test expects where rdflib's and oxigraph's types allow any.

`Graph.value` and `Graph.objects` give any node (or None), and oxigraph's triples and solutions any
term; these narrow it and fail the test, with the term in the message, when it is something else.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.store.base import Term


def literal(node: Node | None) -> Literal:
    assert isinstance(node, Literal), node
    return node


def iri(node: Node | None) -> URIRef:
    assert isinstance(node, URIRef), node
    return node


def language(node: Node | None) -> str | None:
    """The language tag of a literal (None for a literal without one)."""
    return literal(node).language


def required(node: Node | None) -> Node:
    """A value the graph must hold (rdflib reads a missing one as None, and None as "any")."""
    assert node is not None
    return node


def lexical(term: Term | None) -> str:
    """An oxigraph term's value (IRI, blank node id or literal text); a quoted triple or no term fails."""
    assert term is not None and not isinstance(term, ox.Triple), term
    return term.value
