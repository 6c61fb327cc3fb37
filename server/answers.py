"""Writing a query's answer as an HTTP response, in the format the client negotiated.

Shared by `/sparql` and the named-query API, so that both give the same
formats, media types and truncation signal for the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Response
from werkzeug.exceptions import NotAcceptable

from kg.foundation.formats import serialize_triples
from kg.query.results import write_boolean, write_select
from kg.query.runner import Answer, Boolean, Solutions
from server.negotiation import RDF_DATASET, RDF_GRAPH, RESULTS, Format, Table

#: A CONSTRUCT or DESCRIBE answer: a graph, or a dataset (its default graph) when a client asks for one.
GRAPH_ANSWER = Table((*RDF_GRAPH.formats, *RDF_DATASET.formats))
#: Header telling that rows were cut at the row limit; its value is the limit.
TRUNCATED_HEADER = "KG-Truncated"


def write_answer(
    answer: Answer, choose: Callable[[Table], Format], max_rows: int, links: Sequence[str] = ()
) -> Response:
    """The answer in the format `choose` picks from the table for its kind (SELECT/ASK or graph).

    `links` go into a SELECT result's head when rows were cut (SPARQL JSON/XML `link`).
    """
    if isinstance(answer, Boolean):
        chosen = choose(RESULTS)
        return _response(write_boolean(answer.value, chosen.media_type), chosen)
    if isinstance(answer, Solutions):
        chosen = choose(RESULTS)
        if answer.encoded is not None and chosen.media_type == answer.encoded_as:
            return _response(answer.encoded, chosen)
        body = write_select(
            answer.variables,
            answer.decoded_rows(),
            chosen.media_type,
            list(links) if answer.truncated else [],
        )
        return _response(body, chosen, max_rows if answer.truncated else None)
    chosen = choose(GRAPH_ANSWER)
    try:
        body = serialize_triples(answer.triples, chosen.media_type)
    except (OSError, ValueError) as problem:  # e.g. RDF/XML cannot write every predicate IRI
        raise NotAcceptable(f"the answer cannot be written as {chosen.media_type}: {problem}") from None
    return _response(body, chosen, max_rows if answer.truncated else None)


def _response(body: bytes, chosen: Format, truncated_at: int | None = None) -> Response:
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    if truncated_at is not None:
        response.headers[TRUNCATED_HEADER] = str(truncated_at)
    return response
