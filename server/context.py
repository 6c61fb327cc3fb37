"""The app's state, made once by `create_app`, and what a request handler reaches of it.

One typed object in one `app.extensions` key, rather than a key per part:
the store and settings the app was made with, the query runner, the named
queries, and the caches kept per state of the dataset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import current_app, g
from flask.sansio.app import App

from kg.foundation.prefixes import known_prefixes
from kg.foundation.settings import Settings
from kg.publishing.dumps import Dumps, build_dumps
from kg.publishing.jsonld import ontology_context
from kg.publishing.state import PerState
from kg.publishing.void import DatasetFigures, dataset_figures
from kg.query.named import NamedQuery, load_queries
from kg.query.runner import QueryRunner
from kg.store import Store

EXTENSION = "strategigraf"
log = logging.getLogger("server")


@dataclass(frozen=True)
class ServerState:
    store: Store
    settings: Settings
    runner: QueryRunner
    #: Read from queries/ once; a file with a broken header is logged and left out.
    named_queries: dict[str, NamedQuery]
    dumps: PerState[Dumps]
    void_figures: PerState[DatasetFigures]
    #: The JSON-LD context of descriptions, made from the ontology.
    context: PerState[dict[str, Any]]
    #: Prefixes an IRI parameter may be written with (`osr:visjon`).
    prefixes: dict[str, str]

    @classmethod
    def build(cls, store: Store, settings: Settings) -> ServerState:
        queries, errors = load_queries(*settings.query_dirs)
        for error in errors:
            log.error("named query left out: %s", error)
        return cls(
            store=store,
            settings=settings,
            runner=QueryRunner(store, settings),
            named_queries=queries,
            dumps=PerState(build_dumps),
            void_figures=PerState(dataset_figures),
            context=PerState(lambda s, conf: ontology_context(s, conf.ontology_graph)),
            prefixes=known_prefixes(settings),
        )


def attach(app: App, state: ServerState) -> None:
    app.extensions[EXTENSION] = state


def app_state(app: App | None = None) -> ServerState:
    """The state of `app` (default: the app handling this request)."""
    state = (app if app is not None else current_app).extensions[EXTENSION]
    if not isinstance(state, ServerState):
        raise TypeError("the app was not made by server.create_app (no ServerState attached)")
    return state


def store() -> Store:
    """The store as this request reads it: one version of the dataset throughout (`Store.snapshot`)."""
    if "kg_store" not in g:
        g.kg_store = app_state().store.snapshot()
    pinned: Store = g.kg_store
    return pinned


def settings() -> Settings:
    return app_state().settings
