"""`format_turtle`: a Turtle text in house style, with the same meaning, or an error.

The text is read twice: by pyoxigraph for its meaning (and a syntax error's line and
column, as `kg validate` reports them), and by our own parser for its layout and
comments. The house-style text is then parsed again and must give an isomorphic graph,
blank nodes included, and hold every comment; if not, nothing is returned but
`MeaningChanged`.

Isomorphism is decided by W3C RDF Canonicalization (RDFC-1.0, pyoxigraph's
implementation in Rust), not by rdflib.compare.isomorphic: rdflib's algorithm is known to
be wrong both ways (RDFLib/rdflib#385 calls non-isomorphic graphs isomorphic; #1797 and
our generated tests found graphs it calls different from themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.steward.house_style import MeaningAtRisk, write_document
from kg.steward.turtle_tokens import TurtleSyntaxError
from kg.steward.turtle_tree import parse_document


class MeaningChanged(ValueError):
    """Formatting would change the graph or lose a comment: the file is left as it is."""


def format_turtle(text: str, path: Path | str = "text.ttl", predicate_order: Sequence[str] = ()) -> str:
    """`text` in house style; raises TurtleSyntaxError (line, column) or MeaningChanged.

    `path` gives the base IRI of relative IRIs (its file: URI); `predicate_order` is the
    shapes' order of properties (`predicate_order.predicate_order`), empty for alphabetical.
    """
    text = text.removeprefix("\ufeff")
    base = Path(path).resolve().as_uri()
    before = graph_of(text, base)
    document = parse_document(text)
    try:
        formatted = write_document(document, predicate_order, base)
    except MeaningAtRisk as problem:
        raise MeaningChanged(str(problem)) from None
    lost = [comment for comment in document.comments if comment not in formatted]
    if lost:
        raise MeaningChanged(f"the comment {lost[0]!r} would be lost; please report this")
    try:
        after = graph_of(formatted, base)
    except TurtleSyntaxError as error:
        raise MeaningChanged(f"the formatted text would not parse ({error}); please report this") from None
    if not same_graph(before, after):
        raise MeaningChanged(
            f"formatting would change the graph ({len(before)} triples before, {len(after)} after)"
        )
    return formatted


def graph_of(text: str, base: str) -> ox.Dataset:
    """The triples of a Turtle text; raises TurtleSyntaxError with pyoxigraph's line and column."""
    try:
        return ox.Dataset(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE, base_iri=base))
    except SyntaxError as error:
        message = error.msg.split(": ", 1)[1] if error.msg.startswith("Parser error") else error.msg
        raise TurtleSyntaxError(error.lineno or 1, error.offset or 1, message) from None


def same_graph(one: ox.Dataset, other: ox.Dataset) -> bool:
    """Whether the graphs are isomorphic (both are canonicalized in place)."""
    if len(one) != len(other):
        return False
    one.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    other.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return one == other
