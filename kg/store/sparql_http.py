"""The HTTP side of a `sparql:` store: how to reach it, request bodies, errors, answers.

`SparqlStore` (kg.store.sparql) decides what to ask; this module sends it
and reads what comes back: the connection settings, a request body that
reports progress and when it has been sent whole, a keep-alive client for
the one small query every request makes (the version pointer), the
translation of what HTTP clients raise into store errors, and SPARQL JSON
results read leniently (Virtuoso stretches the format).
"""

from __future__ import annotations

import ast
import http.client
import json
import os
import socket
import tempfile
import threading
import urllib.error
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import requests
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from kg.foundation.formats import SPARQL_JSON
from kg.foundation.namespaces import XSD
from kg.store.base import (
    AskResult,
    QuerySyntaxError,
    SelectResult,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    Term,
)

#: Called while a graph is uploaded: (graph IRI, bytes sent, bytes in all).
UploadProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Connection:
    """How to reach a remote store beyond its query URL: where to write, and as whom."""

    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: Literal["digest", "basic"] = "digest"
    #: Seconds to wait for a query's answer (the caller's own limit is used when smaller).
    timeout: float = 60.0
    #: Seconds to wait for the store to take in a whole graph.
    write_timeout: float = 3600.0
    #: Seconds a replaced version of the dataset is kept for readers that still read it
    #: (kg.store.pointer): longer than any one read takes (a query, a page, a download).
    grace: float = 600.0


def is_virtuoso(server: str | None) -> bool:
    """Whether a Server header is Virtuoso's."""
    return (server or "").startswith("Virtuoso")


def stopped_at_time_limit(store: str) -> str:
    return f"{store} stopped the query at its time limit"


@contextmanager
def store_errors(label: str, doing: str, seconds: float) -> Iterator[None]:
    """Turn what the HTTP clients raise into the store errors the CLI and server report."""
    try:
        yield
    except (StoreError, QuerySyntaxError):
        raise
    except Exception as error:
        translated = _translate(error, label, doing, seconds)
        if translated is error:
            raise
        raise translated from None


def _translate(error: Exception, store: str, doing: str, seconds: float) -> Exception:
    if isinstance(error, QueryBadFormed):
        return QuerySyntaxError(f"{store} rejected the query: {_response_text(error)}")
    if isinstance(error, Unauthorized):
        return StoreUnavailable(
            f"{store} refused the credentials (HTTP 401): check the store user and password"
        )
    if isinstance(error, EndPointNotFound):
        return StoreUnavailable(f"{store}: no SPARQL endpoint at that URL (HTTP 404)")
    if isinstance(error, EndPointInternalError):
        text = _response_text(error)
        if "S1T00" in text or "S1TAT" in text:  # Virtuoso's time limit, before or while it ran
            return StoreTimeout(stopped_at_time_limit(store))
        return StoreUnavailable(f"{store} failed (HTTP 500): {text}")
    if isinstance(error, SPARQLWrapperException):
        return StoreUnavailable(f"{store} failed: {_response_text(error)}")
    if isinstance(error, urllib.error.HTTPError):
        if error.code == 504:
            return StoreTimeout(f"{store} timed out (HTTP 504)")
        return StoreUnavailable(f"{store} answered HTTP {error.code}: {excerpt(error.read())}")
    reason = getattr(error, "reason", None)
    if isinstance(error, requests.Timeout | TimeoutError) or isinstance(reason, TimeoutError):
        return StoreTimeout(f"{store} did not answer within {seconds:g} s ({doing})")
    if isinstance(error, requests.ConnectionError | urllib.error.URLError | ConnectionError):
        return StoreUnavailable(f"cannot reach {store}: {_short_reason(reason or error)}")
    if isinstance(error, OSError | requests.RequestException | http.client.HTTPException):
        return StoreUnavailable(f"{store}: {error}")
    return error


class Refused(StoreUnavailable):
    """The store wants credentials (other ones) for this request: HTTP 401 or 403."""


def http_error(where: str, status: int, body: bytes, doing: str) -> StoreError:
    """The error for a store's answer with HTTP status `status` to a request trying to do `doing`."""
    if status in (401, 403):
        return Refused(
            f"{where} refused to {doing} (HTTP {status}): "
            "check the store user and password, and that the user may write"
        )
    if status == 504:
        return StoreTimeout(f"{where} timed out trying to {doing}")
    if status == 500 and b"S1T00" in body:  # Virtuoso's own time limit
        return StoreTimeout(f"{where} gave up trying to {doing} at its time limit: {excerpt(body)}")
    return StoreUnavailable(f"{where} could not {doing} (HTTP {status}): {excerpt(body)}")


def _short_reason(reason: object) -> str:
    text = str(reason)
    for known in ("Connection refused", "Name or service not known", "No route to host", "Connection reset"):
        if known in text:
            return known.lower()
    return text


def _response_text(error: SPARQLWrapperException) -> str:
    """The store's own message: SPARQLWrapper keeps it only as a repr of bytes in its text."""
    _, found, raw = str(error).partition("Response:\n")
    if not found:
        return "(no message)"
    try:
        body = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        body = raw
    return excerpt(body if isinstance(body, bytes | str) else raw)


def excerpt(body: bytes | str, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class Body:
    """A request body for `requests` to stream from: reports progress, and when it was sent whole.

    `requests` takes its length for Content-Length (Virtuoso does not take
    chunked uploads), and rewinds it when digest auth makes it send again.
    The HTTP client reads until an empty read, after it has sent every
    chunk before: that read is the instant the store has the whole request
    and the client has no answer yet (`on_sent`).
    """

    def __init__(
        self,
        file: IO[bytes],
        size: int,
        report: Callable[[int], None] | None = None,
        on_sent: Callable[[], None] | None = None,
    ) -> None:
        self.file, self.size, self.report, self.on_sent = file, size, report, on_sent

    def __len__(self) -> int:
        return self.size

    def read(self, amount: int = -1) -> bytes:
        chunk = self.file.read(amount)
        if self.report is not None:
            self.report(self.file.tell())
        if not chunk and self.on_sent is not None:
            self.on_sent()
        return chunk

    def tell(self) -> int:
        return self.file.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)


@contextmanager
def temporary_file(suffix: str) -> Iterator[Path]:
    """A named temporary file, removed afterwards (also when the upload fails)."""
    descriptor, name = tempfile.mkstemp(suffix=suffix, prefix="kg-")
    os.close(descriptor)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


class KeepAlive:
    """SELECT queries over one kept-open HTTP connection per thread, for the small query of every request.

    The version pointer is read once per request (`SparqlStore.snapshot`);
    a new connection and SPARQLWrapper's handling cost about a millisecond
    more than the store takes to answer (bench/push.py). Anonymous: a store
    that refuses (`Refused`) is asked through SPARQLWrapper, with credentials.
    """

    def __init__(self, label: str, url: str, timeout: float) -> None:
        self.label = label
        parts = urlsplit(url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._path = parts.path or "/"
        if parts.query:
            self._path += "?" + parts.query
        self._timeout = timeout
        self._local = threading.local()
        #: The Server header of the last answer (tells Virtuoso, which wants to be told the time limit).
        self.server = ""

    def select(self, query: str, default_graphs: list[str]) -> bytes:
        """The SPARQL JSON answer's body; raises what `store_errors` translates."""
        body = urlencode([("query", query), *(("default-graph-uri", g) for g in default_graphs)])
        try:
            return self._post(body)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            return self._post(body)  # the store had closed the kept-open connection: once more, on a new one

    def _post(self, body: str) -> bytes:
        connection = self._connection()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON.media_type}
        try:
            connection.request("POST", self._path, body, headers)
            response = connection.getresponse()
            answer = response.read()
        except BaseException:
            self._local.connection = None
            connection.close()
            raise
        if response.will_close:
            self._local.connection = None
        self.server = response.getheader("server", "")
        if response.status != 200:
            raise http_error(self.label, response.status, answer, "answer the version query")
        return answer

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            connection = kind(self._host, self._port, timeout=self._timeout)
            connection.connect()
            # http.client sends the headers and the body in two writes: with Nagle's algorithm the
            # body waits for the store's delayed ACK of the headers (measured: 20 ms instead of 2).
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._local.connection = connection
        return connection


_BOOLEAN = XSD + "boolean"
#: The canonical forms of xsd:boolean's other lexical forms (Virtuoso writes computed booleans as 0 and 1).
_BOOLEANS = {"1": "true", "0": "false"}


def results_from_json(body: bytes) -> AskResult | SelectResult:
    """SPARQL 1.1 JSON results as pyoxigraph terms.

    Read here rather than by pyoxigraph's parser because stores stretch the
    format: Virtuoso labels blank nodes "nodeID://b10000" (which pyoxigraph
    refuses), still writes the 2008 "typed-literal" type, and writes
    xsd:boolean values as "1" and "0" (made "true" and "false" here, as the
    embedded stores write them).
    """
    document = json.loads(body)
    if "boolean" in document:
        return AskResult(bool(document["boolean"]))
    variables = list(document["head"].get("vars", []))
    blank_nodes: dict[str, ox.BlankNode] = {}
    rows = [
        tuple(_term(binding[name], blank_nodes) if name in binding else None for name in variables)
        for binding in document["results"]["bindings"]
    ]
    return SelectResult(variables, iter(rows))


def _term(value: dict[str, Any], blank_nodes: dict[str, ox.BlankNode]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return blank_nodes.setdefault(value["value"], ox.BlankNode())
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            datatype = value["datatype"]
            text = _BOOLEANS.get(value["value"], value["value"]) if datatype == _BOOLEAN else value["value"]
            return ox.Literal(text, datatype=ox.NamedNode(datatype))
        return ox.Literal(value["value"])
    if kind == "triple":
        parts = value["value"]
        return ox.Triple(
            _term(parts["subject"], blank_nodes),  # type: ignore[arg-type]
            _term(parts["predicate"], blank_nodes),  # type: ignore[arg-type]
            _term(parts["object"], blank_nodes),
        )
    raise ValueError(f"unknown term type {kind!r} in SPARQL JSON results")
