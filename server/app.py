"""The application factory: handed a store and settings, reads nothing else.

Each part of the site lives in its own blueprint module; this module only
wires them together and sets what is common to all: error pages without
stack traces, CORS, and the health check.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from kg.query_guard import QueryRefused
from kg.query_runner import QueryRunner, QueryTimeout
from kg.settings import Settings
from kg.store import QuerySyntaxError, Store, StoreTimeout, StoreUnavailable
from server.api import api
from server.catalog import catalog
from server.downloads import downloads
from server.linked_data import linked_data
from server.pages import pages
from server.sparql import blueprint as sparql
from server.time_limit import timed_out

log = logging.getLogger("server")


def create_app(store: Store, settings: Settings) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["kg.store"] = store
    app.extensions["kg.settings"] = settings
    app.extensions["kg.query_runner"] = QueryRunner(store, settings)

    @app.get("/healthz")
    def healthz() -> Response:
        """200 when the store answers; a store that is down or slow gives 502 or 504."""
        store.query("ASK {}", timeout=settings.query_timeout)
        return Response("ok\n", mimetype="text/plain")

    for blueprint in (sparql, api, catalog, downloads, linked_data, pages):
        app.register_blueprint(blueprint)
    _register_errors(app)
    _register_cors(app)
    return app


def _register_errors(app: Flask) -> None:
    """Every error is a short plain-text answer; never a traceback to the client."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = Response(
            f"{error.code} {error.name}: {error.description}\n", status=error.code, mimetype="text/plain"
        )
        if error.code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(QueryRefused)
    @app.errorhandler(QuerySyntaxError)
    def bad_query(error: Exception) -> Response:
        return Response(f"400 Bad Request: {error}\n", 400, mimetype="text/plain")

    @app.errorhandler(QueryTimeout)
    def query_too_slow(error: QueryTimeout) -> Response:
        return timed_out(error)

    @app.errorhandler(StoreUnavailable)
    def store_down(error: StoreUnavailable) -> Response:
        return Response(f"502 Bad Gateway: the store did not answer: {error}\n", 502, mimetype="text/plain")

    @app.errorhandler(StoreTimeout)
    def store_slow(error: StoreTimeout) -> Response:
        return Response(f"504 Gateway Timeout: {error}\n", 504, mimetype="text/plain")

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unhandled error")
        return Response("500 Internal Server Error: see the server log\n", 500, mimetype="text/plain")


def _register_cors(app: Flask) -> None:
    """Any origin may GET and POST: the data is public and the endpoint read-only.

    The Allow-Methods/-Headers pair only matters to a preflight (OPTIONS), so only
    preflights carry it: each header costs every response some CPU.
    """

    @app.after_request
    def cors(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
        else:
            response.headers["Access-Control-Expose-Headers"] = (
                "Content-Type, Content-Length, ETag, Link, KG-Truncated"
            )
        return response
