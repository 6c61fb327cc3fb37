"""Headers that keep browsers from misreading answers: nosniff on every answer, a CSP on pages.

A WSGI middleware, like `server.cors`, so that the /sparql fast path and the
Flask views carry the same headers. The Content-Security-Policy lets a page
run only this server's own scripts and styles (no inline script, no inline
style element, nothing from elsewhere): text from the graph that slipped
through escaping could still not run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.access_log import Environ, StartResponse, WsgiApp

NOSNIFF = ("X-Content-Type-Options", "nosniff")
CONTENT_SECURITY_POLICY = (
    "Content-Security-Policy",
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
)


class SecurityHeaders:
    """Wraps a WSGI app: nosniff on each answer, and the CSP on each HTML answer."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        def with_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            extra = [NOSNIFF]
            html = (v.startswith("text/html") for name, v in headers if name.lower() == "content-type")
            if any(html):
                extra.append(CONTENT_SECURITY_POLICY)
            return start_response(status, headers + extra, exc_info)

        return self.app(environ, with_headers)
