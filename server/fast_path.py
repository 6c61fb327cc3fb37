"""/sparql queries answered without Flask's request dispatch.

Flask's request and app contexts, URL routing, signals and response
processing cost ~45 µs a request here, more than the by-IRI lookup query
itself (bench/README.md). Query requests (GET with a `query`, every POST)
to /sparql are therefore answered by this WSGI middleware, through the same
`server.sparql_view.respond` and `server.errors.error_response` the Flask view
uses; everything else, including GET /sparql without a query (the Service
Description and the query page) and HEAD, goes on to Flask.

What Flask would apply to a request, this applies by hand: the body limit
(MAX_CONTENT_LENGTH). The app sets no other request limit (form limits are
werkzeug's defaults either way), trusted hosts or request hooks; one added
later must be added here too.

A GET whose answer is fixed by the dataset version is answered first from
`server.answer_cache`: 304 when the client holds the answer's ETag, the kept
answer when this worker wrote it before; a 200 it writes gets the ETag and is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Request

from server.access_log import Environ, StartResponse, WsgiApp
from server.answer_cache import AnswerCache, Key, Written, matches
from server.errors import error_response
from server.sparql_view import respond

PATH = "/sparql"
METHODS = ("GET", "POST")


class SparqlFastPath:
    """Wraps the Flask app's WSGI callable; answers /sparql queries itself."""

    def __init__(self, app: Flask, site: WsgiApp, answers: AnswerCache | None = None) -> None:
        self.app = app
        self.site = site
        self.answers = answers

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in METHODS:
            return self.site(environ, start_response)
        query_string = environ.get("QUERY_STRING", "")
        answers = self.answers
        if answers is None or environ["REQUEST_METHOD"] != "GET":
            return self._answer(environ, start_response)
        key = (query_string, environ.get("HTTP_ACCEPT", ""))
        kept = answers.get(key)  # first: an answer kept is known to be one that may be
        if kept is None and not answers.applies(query_string):
            return self._answer(environ, start_response)
        etag = kept.etag if kept is not None else answers.etag(key)
        if matches(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
            start_response("304 Not Modified", [("ETag", etag), ("Vary", "Accept")])
            return []
        if kept is not None:
            start_response(kept.status, kept.headers)
            return [kept.body]
        return self._answer(environ, start_response, (key, etag))

    def _answer(
        self, environ: Environ, start_response: StartResponse, tagged: tuple[Key, str] | None = None
    ) -> Iterable[bytes]:
        """The answer through `respond`; a 200 to a `tagged` request gets its ETag and is kept."""
        req = Request(environ)
        req.max_content_length = self.app.config["MAX_CONTENT_LENGTH"]
        try:
            response = respond(req, self.app)
        except Exception as error:  # every failure gets its plain-text answer, as under Flask
            response = error_response(error, req.headers.get("Accept", ""))
        if response is None:
            return self.site(environ, start_response)
        kept_in = self.answers
        if tagged is None or kept_in is None or response.status_code != 200:
            return response(environ, start_response)
        key, etag = tagged
        response.headers["ETag"] = etag
        if not response.is_sequence:  # streamed from a file (server.answers): too large to keep
            return response(environ, start_response)
        body, status, headers = response.get_wsgi_response(environ)
        written = Written(status, headers, b"".join(body), etag)
        kept_in.keep(key, written)
        start_response(written.status, written.headers)
        return [written.body]
