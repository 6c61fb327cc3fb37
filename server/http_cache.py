"""Answers that clients and proxies can cache and revalidate (ETag, Last-Modified, 304)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, request


def cacheable(
    body: bytes,
    content_type: str,
    *,
    etag: str | None = None,
    last_modified: datetime | None = None,
    vary_accept: bool = False,
    max_age: int = 300,
) -> Response:
    """A 200 with validators, or a 304 when the client's copy is current.

    The ETag is the content's hash unless given, so every worker of the
    server gives the same one for the same bytes.
    """
    response = Response(body, content_type=content_type)
    response.set_etag(etag or hashlib.sha256(body).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if vary_accept:
        response.vary.add("Accept")
    response.make_conditional(request)  # turns it into a 304 (or 206) in place
    return response
