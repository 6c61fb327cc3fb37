"""`format_turtle`: a Turtle text in house style, with the same meaning, or an error.

The text is read twice: by pyoxigraph for its meaning (and a syntax error's line and
column, as `kg validate` reports them), and by our own parser for its layout and
comments. The house-style text is then parsed again and must give an isomorphic graph
(rdflib.compare, blank nodes included); if not, nothing is returned but `MeaningChanged`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from kg.rdflib_bridge import to_rdflib
from kg.steward.house_style import MeaningAtRisk, write_document
from kg.steward.turtle_tokens import TurtleSyntaxError
from kg.steward.turtle_tree import parse_document


class MeaningChanged(ValueError):
    """Formatting would change the graph: the file is left as it is."""


def format_turtle(text: str, path: Path | str = "text.ttl", predicate_order: Sequence[str] = ()) -> str:
    """`text` in house style; raises TurtleSyntaxError (line, column) or MeaningChanged.

    `path` gives the base IRI of relative IRIs (its file: URI); `predicate_order` is the
    shapes' order of properties (`predicate_order.predicate_order`), empty for alphabetical.
    """
    text = text.removeprefix("\ufeff")
    base = Path(path).resolve().as_uri()
    before = graph_of(text, base)
    try:
        formatted = write_document(parse_document(text), predicate_order, base)
    except MeaningAtRisk as problem:
        raise MeaningChanged(str(problem)) from None
    try:
        after = graph_of(formatted, base)
    except TurtleSyntaxError as error:
        raise MeaningChanged(f"the formatted text would not parse ({error}); please report this") from None
    if not same_graph(before, after):
        raise MeaningChanged(
            f"formatting would change the graph ({len(before)} triples before, {len(after)} after)"
        )
    return formatted


def graph_of(text: str, base: str) -> rdflib.Graph:
    """The triples of a Turtle text; raises TurtleSyntaxError with pyoxigraph's line and column."""
    graph = rdflib.Graph(bind_namespaces="none")
    try:
        for triple in ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE, base_iri=base):
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    except SyntaxError as error:
        message = error.msg.split(": ", 1)[1] if error.msg.startswith("Parser error") else error.msg
        raise TurtleSyntaxError(error.lineno or 1, error.offset or 1, message) from None
    return graph


def same_graph(one: rdflib.Graph, other: rdflib.Graph) -> bool:
    return len(one) == len(other) and isomorphic(one, other)
