"""/download/: the whole dataset in every dump format, made once per state of the data."""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_file
from flask.blueprints import BlueprintSetupState

from kg.foundation.formats import RDF_SYNTAXES
from kg.publishing.dumps import Dumps
from server.context import app_state, settings
from server.rendering import render_page
from server.site_root import warm_up
from server.time_limit import read

downloads = Blueprint("downloads", __name__)


@downloads.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Make the dumps now, before gunicorn forks: every worker then serves the same
    files with the same Last-Modified, and no request waits for a large dump. Unless a
    preparer makes them in the background (`server.preparation`)."""
    if app_state(state.app).preparer is None:
        warm_up(app_state(state.app).dumps, state.app)


def current_dumps() -> Dumps:
    """The dumps; 503 while the preparer makes them."""
    state = app_state()
    if state.preparer is not None:
        state.preparer.wait_for_dumps()
    return state.dumps.get(read, settings())


@downloads.get("/download/")
def index() -> str:
    dumps = current_dumps()
    return render_page("downloads.html", dumps=dumps, formats=RDF_SYNTAXES)


@downloads.get("/download/<name>")
def download(name: str) -> Response:
    dumps = current_dumps()
    found = dumps.files.get(name)
    if found is None:
        abort(404, f"no dump named {name!r}; see /download/")
    response = send_file(
        found.path,
        mimetype=found.media_type,
        etag=found.etag,
        last_modified=dumps.created,
        max_age=300,
        conditional=True,
    )
    if not found.name.endswith(".gz"):
        response.content_type = f"{found.media_type}; charset=utf-8"
    return response
