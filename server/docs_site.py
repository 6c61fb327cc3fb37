"""The documentation site under /docs/: the folder `make docs` built, when there is one.

Files are sent as they are, by werkzeug's `send_from_directory`: it joins the requested path
safely (no `..`, no absolute path: nothing outside the folder can be named) and answers with
ETag, Last-Modified and Range as for any static file. A missing page is answered 404 with the
site's own 404 page, whose links the build points at /docs/ (docs/_hooks/generated.py). The
pages carry the CSP every page carries (`server.security_headers`); the site is built to need
nothing more (docs/_theme). The folder is looked at on each request, so a site built while the
server runs appears; while it holds no site, every /docs path answers 404.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, redirect, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from server.context import settings
from server.site_root import current_site

docs = Blueprint("docs", __name__)
INDEX = "index.html"
NOT_FOUND = "404.html"


def documentation() -> Path | None:
    """The built site's folder, or None when there is none to serve."""
    folder = settings().docs_site
    return folder if folder is not None and (folder / INDEX).is_file() else None


@docs.get("/docs")
def root() -> Response:
    """The site's pages link relatively, so its root must end in a slash."""
    if documentation() is None:
        abort(404)
    return redirect(current_site().url("/docs/"), 301)


@docs.get("/docs/", defaults={"name": ""})
@docs.get("/docs/<path:name>")
def page(name: str) -> Response:
    folder = documentation()
    if folder is None:
        abort(404)
    if name == "" or name.endswith("/"):
        name += INDEX
    joined = safe_join(str(folder), name)
    if joined is not None and Path(joined).is_dir():
        return redirect(current_site().url(f"/docs/{name}/"), 301)
    try:
        return send_from_directory(folder, name)
    except NotFound:
        if not (folder / NOT_FOUND).is_file():
            raise
        return Response((folder / NOT_FOUND).read_bytes(), 404, mimetype="text/html")
