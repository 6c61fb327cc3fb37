"""A request whose path or query string is not UTF-8 is answered 400 before anything reads it.

WSGI hands the path (percent-decoded) and the query string (as sent) over as
strings of latin-1 bytes, and werkzeug decodes the query string as UTF-8
strictly the first time a view reads `request.args`: a raw byte such as 0xFF
there failed as a 500. gunicorn refuses a raw byte in the request line
itself (400), but servers that follow PEP 3333 to the letter (wsgiref,
waitress) pass it on; a percent-encoded one in the path (/id/%FF) reaches
the app from every server. In the query string, percent-encoded bytes stay
encoded here: werkzeug decodes invalid ones as U+FFFD.
"""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.exceptions import BadRequest

from server.access_log import Environ, StartResponse, WsgiApp
from server.errors import error_response

_PARTS = (("PATH_INFO", "path"), ("QUERY_STRING", "query string"))


class Utf8Only:
    """Wraps a WSGI app: 400 for a path or query string that is not UTF-8."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        for key, part in _PARTS:
            try:
                environ.get(key, "").encode("latin-1").decode("utf-8")
            except UnicodeError as error:
                position = getattr(error, "start", 0) + 1
                problem = BadRequest(
                    f"the request's {part} is not UTF-8 (byte {position}): "
                    "send other characters percent-encoded as UTF-8 (RFC 3986)"
                )
                return error_response(problem, environ.get("HTTP_ACCEPT"))(environ, start_response)
        return self.app(environ, start_response)
