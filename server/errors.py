"""What every failure looks like to a client: a short plain-text answer, never a traceback.

One function maps an exception to its response, so that requests Flask
dispatches and those the /sparql fast path answers (`server.fast_path`)
fail alike.
"""

from __future__ import annotations

import logging

from flask import Response
from werkzeug.exceptions import HTTPException

from kg.query.guard import QueryRefused
from kg.query.runner import QueryTimeout
from kg.store import QuerySyntaxError, StoreTimeout, StoreUnavailable
from server.time_limit import timed_out

log = logging.getLogger("server")


def error_response(error: Exception) -> Response:
    """The answer to a request that raised `error`; call it where the exception is being handled
    (an unexpected one is logged with its traceback)."""
    if isinstance(error, HTTPException):
        return _http_error(error)
    if isinstance(error, (QueryRefused, QuerySyntaxError)):
        return _plain(f"400 Bad Request: {error}", 400)
    if isinstance(error, QueryTimeout):
        return timed_out(error)
    if isinstance(error, StoreUnavailable):
        return _plain(f"502 Bad Gateway: the store did not answer: {error}", 502)
    if isinstance(error, StoreTimeout):
        return _plain(f"504 Gateway Timeout: {error}", 504)
    log.exception("unhandled error")
    return _plain("500 Internal Server Error: see the server log", 500)


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    response = _plain(f"{code} {error.name}: {error.description}", code)
    valid_methods = getattr(error, "valid_methods", None)
    if code == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    return response


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status, mimetype="text/plain")
