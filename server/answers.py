"""Writing a query's answer as an HTTP response, in the format the client negotiated.

Shared by `/sparql` and the named-query API, so that both give the same
formats, media types and truncation signal for the same answer.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import IO

from flask import Response
from werkzeug.exceptions import NotAcceptable

from kg.foundation.formats import serialize_triples
from kg.query.results import write_boolean, write_select
from kg.query.runner import SPOOL_BYTES, Answer, Boolean, Solutions
from server.negotiation import RDF_DATASET, RDF_GRAPH, RESULTS, Format, Table

#: A CONSTRUCT or DESCRIBE answer: a graph, or a dataset (its default graph) when a client asks for one.
GRAPH_ANSWER = Table((*RDF_GRAPH.formats, *RDF_DATASET.formats))
#: Header telling that rows were cut at the row limit; its value is the limit.
TRUNCATED_HEADER = "KG-Truncated"
#: Bytes read from an answer's file at a time, as it is sent.
STREAM_CHUNK = 1 << 16


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
            return _response(_sent(answer.encoded), chosen)
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


def _sent(encoded: IO[bytes]) -> bytes | Iterator[bytes]:
    """A natively written answer: its bytes when small, else read from its file as it is sent.

    A 10 000-row answer is then never whole in the worker's memory (`kg.query.runner.SPOOL_BYTES`).
    """
    size = encoded.seek(0, io.SEEK_END)
    encoded.seek(0)
    if size <= SPOOL_BYTES:  # still in memory: sent as bytes (and may be kept, server.answer_cache)
        with encoded:
            return encoded.read()

    def chunks() -> Generator[bytes, None, None]:
        with encoded:
            while chunk := encoded.read(STREAM_CHUNK):
                yield chunk

    return _Sized(chunks(), size)


class _Sized(Iterator[bytes]):
    """Chunks of a body whose length is known before it is sent (Content-Length)."""

    def __init__(self, chunks: Generator[bytes, None, None], size: int) -> None:
        self.chunks = chunks
        self.size = size

    def __next__(self) -> bytes:
        return next(self.chunks)

    def close(self) -> None:
        """Called by the WSGI server, also when the client left early: the file is closed."""
        self.chunks.close()


def _response(body: bytes | Iterator[bytes], chosen: Format, truncated_at: int | None = None) -> Response:
    response = Response(body, content_type=chosen.content_type)
    if isinstance(body, _Sized):
        response.content_length = body.size
    response.headers["Vary"] = "Accept"
    if truncated_at is not None:
        response.headers[TRUNCATED_HEADER] = str(truncated_at)
    return response
