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
from kg.store.version import DatasetVersion, MixedDataset, check_version
from server.answer_cache import AnswerCache
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
from server.preparation import Preparer
from server.proxies import PublicHost
from server.security_headers import SecurityHeaders
from server.sparql_view import blueprint as sparql
from server.time_limit import read
from server.utf8_only import Utf8Only

#: The public URL of an app whose settings name none (a library caller, the Flask test client).
LOCAL_URL = "http://localhost"
#: What /healthz says while the downloads are made in the background.
PREPARING = "preparing the download files and the VoID figures in the background"


def create_app(
    store: Store, settings: Settings, dataset: str | None = None, preparer: Preparer | None = None
) -> Flask:
    """The site over `store`. `dataset` names what the store holds when it cannot change while the
    app runs (kg serve: the hash of the files it loaded): /sparql answers then carry ETags and are
    kept (`server.answer_cache`), and the dumps are kept for the next start (`KeptDumps`).

    The dumps and the VoID figures are made before the app returns, unless `preparer` (of the same
    `dataset`) is to make them in the background (`server.preparation`)."""
    public_url = settings.public_url or LOCAL_URL
    settings = settings.with_(public_url=public_url)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    state = ServerState.build(store, settings, dataset, preparer)
    attach(app, state)

    #: A store that cannot change while the app runs (`dataset`) is checked whole once: counting
    #: every graph took 1.5-4 s a probe at a million triples. Others are checked on every probe.
    checked: list[DatasetVersion | None] = []

    @app.get("/healthz")
    def healthz() -> Response:
        """200 and the dataset version when the store answers whole (and a line while the downloads
        are being prepared: queries are answered meanwhile); 503 when its graphs come from
        different pushes, or when it does not answer within the time limit; 502 when it is down."""
        try:
            if checked:
                read(lambda reading: reading.query("ASK {}", timeout=settings.query_timeout))
                version = checked[0]
            else:
                version = read(lambda reading: _answering_version(reading, settings))
                if dataset:
                    checked.append(version)
        except MixedDataset as mixed:
            return Response(f"503 Service Unavailable: {mixed}\n", 503, mimetype="text/plain")
        text = "ok\n" + (version.describe() + "\n" if version else "")
        if state.preparer is not None and state.preparer.running():
            text += f"{PREPARING}: /download/ and /.well-known/void answer 503 until then\n"
        return Response(text, mimetype="text/plain")

    for blueprint in (sparql, api, catalog, downloads, linked_data, pages, docs):
        app.register_blueprint(blueprint)
    app.register_error_handler(Exception, error_response)
    answers = AnswerCache(dataset, settings) if dataset else None
    site = PublicHost(SparqlFastPath(app, app.wsgi_app, answers), public_url)
    app.wsgi_app = SecurityHeaders(Cors(Utf8Only(site)))  # type: ignore[method-assign]
    return app


def _answering_version(store: Store, settings: Settings) -> DatasetVersion | None:
    """The dataset version a store holds, once it has answered at all."""
    store.query("ASK {}", timeout=settings.query_timeout)
    return check_version(store, settings.version_graph)
