"""CORS: any origin may GET and POST, since the data is public and the endpoint read-only.

A WSGI middleware rather than a Flask hook, so that the /sparql fast path
(`server.fast_path`) gets the same headers; adding them to the header list
is also cheaper than setting them on each Response. The Allow-Methods and
-Headers pair only matters to a preflight (OPTIONS), so only preflights carry it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.access_log import Environ, StartResponse, WsgiApp

ANSWER_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "Content-Type, Content-Length, ETag, Link, KG-Truncated"),
]
PREFLIGHT_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type, Authorization"),
]


class Cors:
    """Wraps a WSGI app and adds the CORS headers to each of its answers."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        extra = PREFLIGHT_HEADERS if environ.get("REQUEST_METHOD") == "OPTIONS" else ANSWER_HEADERS

        def with_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, headers + extra, exc_info)

        return self.app(environ, with_cors)
