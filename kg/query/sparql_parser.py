"""rdflib's SPARQL parser, read for the guard: the one use of rdflib outside kg.validation.

pyoxigraph parses a query only to run it, and exposes no syntax tree; the
guard must know before anything runs whether a query holds a SERVICE clause
and which graphs its FROM names. rdflib (and pyparsing, its parser) is
imported on first use: most queries never get here (`kg.query.guard`), and
`kg query` should not pay for the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin


@dataclass(frozen=True)
class QueryReading:
    """What the parser found in a query text that the guard decides on."""

    has_service: bool = False
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()


class UnreadableQuery(ValueError):
    """The parser could not read the query: `syntax_error` when the grammar rejects it (it may be
    an update), else it is too deep or names what cannot be resolved."""

    def __init__(self, message: str, *, syntax_error: bool = False) -> None:
        super().__init__(message)
        self.syntax_error = syntax_error


def read_query(text: str, base_iri: str | None) -> QueryReading:
    """Parse the query: whether it has a SERVICE clause, else the graphs of its dataset clause."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        raise UnreadableQuery(f"{error.msg} at {error.lineno}:{error.col}", syntax_error=True) from None
    except RecursionError:
        raise UnreadableQuery("the query is nested too deeply to be checked") from None
    if _contains(parsed, "ServiceGraphPattern"):
        return QueryReading(has_service=True)
    # rdflib's CompValue.get returns the key itself when it is missing: test membership instead.
    if "datasetClause" not in parsed[1]:
        return QueryReading()
    try:
        clauses = translateQuery(parsed, base=base_iri).algebra["datasetClause"]
    except Exception as error:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise UnreadableQuery(f"the query's dataset clause cannot be read: {error}") from None
    return QueryReading(
        from_graphs=tuple(_absolute(c["default"], base_iri) for c in clauses if "default" in c),
        from_named_graphs=tuple(_absolute(c["named"], base_iri) for c in clauses if "named" in c),
    )


def is_update(text: str) -> bool:
    """Whether a text that failed as a query is a SPARQL Update (for a clearer refusal)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except (ParseBaseException, RecursionError, ValueError):  # ValueError: rdflib's \U escapes past U+10FFFF
        return False
    return "request" in parsed  # a text of comments and prefixes alone is an empty update


def _absolute(iri: Any, base_iri: str | None) -> str:
    return urljoin(base_iri, str(iri)) if base_iri else str(iri)


def _contains(node: Any, name: str) -> bool:
    """Whether a parse tree holds a node of the given rdflib grammar rule, at any depth."""
    stack = [node]
    while stack:
        current = stack.pop()
        if getattr(current, "name", None) == name:
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)) or type(current).__name__ == "ParseResults":
            stack.extend(current)
    return False
