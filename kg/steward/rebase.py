"""Moving a project's IRIs to another base: `kg base-iri NEW` and `kg init --base-iri`.

Every IRI reference of a Turtle file that starts with the old base is rewritten to start with the
new one (prefix declarations, `@base` and full IRIs alike; prefixed names follow their prefix), all
but the ontology's, whose IRI is fixed whatever base the data uses. The text is then put in house
style by `format_turtle`, and the result must be exactly the old graph with its IRIs moved: parsed
again, it is compared (RDFC-1.0) with the old graph mapped IRI by IRI. Nothing is written here;
callers write whole files once every file has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import SGO
from kg.steward.turtle_format import MeaningChanged, format_turtle, graph_of, same_graph
from kg.steward.turtle_tokens import iri_spans

#: The ontology's IRIs stay as they are (kg.foundation.settings.Settings.ontology_iri).
FIXED = SGO.removesuffix("#")


def moved(iri: str, old: str, new: str) -> str:
    """`iri` under the new base, or unchanged when it is not under the old one (or is the ontology's)."""
    if iri.startswith(old) and not iri.startswith(FIXED):
        return new + iri[len(old) :]
    return iri


def rebase_turtle(text: str, old: str, new: str, path: Path, order: Sequence[str] = ()) -> str:
    """The Turtle text with its IRIs moved from `old` to `new`, in house style.

    Raises TurtleSyntaxError for a text that does not parse, MeaningChanged if the result is not the
    old graph with its IRIs moved (it never should be).
    """
    text = text.removeprefix("\ufeff")
    pieces, last = [], 0
    for start, end in iri_spans(text):
        pieces += [text[last:start], "<" + moved(text[start + 1 : end - 1], old, new) + ">"]
        last = end
    rewritten = "".join([*pieces, text[last:]])
    formatted = format_turtle(rewritten, path, order)
    base = path.resolve().as_uri()
    expected = ox.Dataset(_moved_quad(quad, old, new) for quad in graph_of(text, base))
    if not same_graph(expected, graph_of(formatted, base)):
        raise MeaningChanged(f"{path}: moving the IRIs to {new} would change more than the IRIs")
    return formatted


def _moved_quad(quad: ox.Quad, old: str, new: str) -> ox.Quad:
    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> object:
        if isinstance(node, ox.NamedNode):
            return ox.NamedNode(moved(node.value, old, new))
        if isinstance(node, ox.Literal) and node.datatype.value != moved(node.datatype.value, old, new):
            return ox.Literal(node.value, datatype=ox.NamedNode(moved(node.datatype.value, old, new)))
        return node

    return ox.Quad(term(quad.subject), term(quad.predicate), term(quad.object), quad.graph_name)  # type: ignore[arg-type]
