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
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Request

from server.access_log import Environ, StartResponse, WsgiApp
from server.errors import error_response
from server.sparql_view import respond

PATH = "/sparql"
METHODS = ("GET", "POST")


class SparqlFastPath:
    """Wraps the Flask app's WSGI callable; answers /sparql queries itself."""

    def __init__(self, app: Flask, site: WsgiApp) -> None:
        self.app = app
        self.site = site

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in METHODS:
            return self.site(environ, start_response)
        req = Request(environ)
        req.max_content_length = self.app.config["MAX_CONTENT_LENGTH"]
        try:
            response = respond(req, self.app)
        except Exception as error:  # every failure gets its plain-text answer, as under Flask
            response = error_response(error, req.headers.get("Accept", ""))
        if response is None:
            return self.site(environ, start_response)
        return response(environ, start_response)
