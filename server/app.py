"""The application factory: handed a store and settings, reads nothing else.

Each part of the site lives in its own blueprint module; this module only
wires them together and sets what is common to all: error answers without
stack traces (`server.errors`), CORS (`server.cors`), nosniff and the pages' CSP
(`server.security_headers`), 400 for a path or query string that is not UTF-8
(`server.utf8_only`), the /sparql fast path
(`server.fast_path`) and the health check.
"""

from __future__ import annotations

from flask import Flask, Response

from kg.foundation.settings import Settings
from kg.store import Store
from kg.store.version import MixedDataset, check_version
from server.api import api
from server.catalog_view import catalog
from server.context import ServerState, attach
from server.cors import Cors
from server.docs_site import docs
from server.downloads import downloads
from server.errors import error_response
from server.fast_path import SparqlFastPath
from server.linked_data import linked_data
from server.pages import pages
from server.proxies import PublicHost
from server.security_headers import SecurityHeaders
from server.sparql_view import blueprint as sparql
from server.utf8_only import Utf8Only

#: The public URL of an app whose settings name none (a library caller, the Flask test client).
LOCAL_URL = "http://localhost"


def create_app(store: Store, settings: Settings) -> Flask:
    public_url = settings.public_url or LOCAL_URL
    settings = settings.with_(public_url=public_url)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    attach(app, ServerState.build(store, settings))

    @app.get("/healthz")
    def healthz() -> Response:
        """200 and the dataset version when the store answers whole; 503 when its graphs come
        from different pushes; a store that is down or slow gives 502 or 504."""
        store.query("ASK {}", timeout=settings.query_timeout)
        try:
            version = check_version(store, settings.version_graph)
        except MixedDataset as mixed:
            return Response(f"503 Service Unavailable: {mixed}\n", 503, mimetype="text/plain")
        return Response("ok\n" + (version.describe() + "\n" if version else ""), mimetype="text/plain")

    for blueprint in (sparql, api, catalog, downloads, linked_data, pages, docs):
        app.register_blueprint(blueprint)
    app.register_error_handler(Exception, error_response)
    site = PublicHost(SparqlFastPath(app, app.wsgi_app), public_url)
    app.wsgi_app = SecurityHeaders(Cors(Utf8Only(site)))  # type: ignore[method-assign]
    return app
