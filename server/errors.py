"""What every failure looks like to a client: a short answer, never a traceback.

A client that accepts JSON (`application/problem+json` or `application/json`
before `text/plain`) gets RFC 9457 problem details; any other client, a short
plain-text line. One function maps an exception to its response, so that
requests Flask dispatches and those the /sparql fast path answers
(`server.fast_path`) fail alike.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Response, has_request_context, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header

from kg.query.guard import QueryRefused
from kg.query.reads import QueryTimeout
from kg.store import QuerySyntaxError, StoreTimeout, StoreUnavailable
from server.time_limit import timed_out

log = logging.getLogger("server")


PROBLEM_JSON = "application/problem+json"
#: What a client may ask errors in, plain text first: it wins a tie (`*/*`).
_ERROR_TYPES = ["text/plain", PROBLEM_JSON, "application/json"]


def error_response(error: Exception, accept: str | None = None) -> Response:
    """The answer to a request that raised `error`; call it where the exception is being handled
    (an unexpected one is logged with its traceback). `accept`: the request's Accept header,
    read from Flask's request when not given."""
    if accept is None and has_request_context():
        accept = request.headers.get("Accept")
    if isinstance(error, HTTPException):
        return _http_error(error, accept)
    if isinstance(error, (QueryRefused, QuerySyntaxError)):
        return _answer(400, str(error), accept)
    if isinstance(error, QueryTimeout):
        return _json_or(timed_out(error), accept)
    if isinstance(error, StoreUnavailable):
        return _answer(502, f"the store did not answer: {error}", accept)
    if isinstance(error, StoreTimeout):
        return _answer(504, str(error), accept)
    log.exception("unhandled error")
    return _answer(500, "see the server log", accept)


def _http_error(error: HTTPException, accept: str | None) -> Response:
    code = error.code or 500
    response = _answer(code, str(error.description), accept)
    valid_methods = getattr(error, "valid_methods", None)
    if code == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, int):  # 503 while something is being prepared
        response.headers["Retry-After"] = str(retry_after)
    return response


def _answer(status: int, detail: str, accept: str | None) -> Response:
    """`STATUS Title: detail` as text, or problem details {type, title, status, detail}."""
    title = HTTPStatus(status).phrase
    if _wants_json(accept):
        problem = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        return Response(json.dumps(problem, ensure_ascii=False) + "\n", status, mimetype=PROBLEM_JSON)
    return Response(f"{status} {title}: {detail}\n", status, mimetype="text/plain")


def _json_or(response: Response, accept: str | None) -> Response:
    """A plain-text answer made elsewhere (the time limit's), as problem details if the client wants."""
    if not _wants_json(accept):
        return response
    status = response.status_code
    text = response.get_data(as_text=True).strip()
    return _answer(status, text.removeprefix(f"{status} {HTTPStatus(status).phrase}: "), accept)


def _wants_json(accept: str | None) -> bool:
    if not accept:
        return False
    best = parse_accept_header(accept, MIMEAccept).best_match(_ERROR_TYPES)
    return best is not None and best != "text/plain"
