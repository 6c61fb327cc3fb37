"""The app's state, made once by `create_app`, and what a request handler reaches of it.

One typed object in one `app.extensions` key, rather than a key per part:
the settings the app was made with, its store behind `StoreReads` (lent only
under the time limit: `server.time_limit.read`), the query runner, the named
queries, and the caches kept per state of the dataset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask.sansio.app import App

from kg.foundation.prefixes import known_prefixes
from kg.foundation.settings import Settings
from kg.publishing.dumps import Dumps, KeptDumps, make_dumps, read_dataset
from kg.publishing.jsonld import ontology_context
from kg.publishing.state import PerState, unchanged
from kg.publishing.void import DatasetFigures, KeptFigures, dataset_figures
from kg.query.named import NamedQuery, load_queries
from kg.query.reads import StoreReads
from kg.query.runner import QueryRunner
from kg.store import Store
from server.preparation import Preparer

EXTENSION = "strategigraf"
log = logging.getLogger("server")


@dataclass(frozen=True)
class ServerState:
    #: The store, read only under the time limit.
    reads: StoreReads
    settings: Settings
    runner: QueryRunner
    #: Read from queries/ once; a file with a broken header is logged and left out.
    named_queries: dict[str, NamedQuery]
    #: What it reads: the dataset, or (when kept per dataset) the kept dumps.
    dumps: PerState[Any, Dumps]
    #: What it reads: the figures, or (when kept per dataset) whether they were kept too.
    void_figures: PerState[Any, DatasetFigures]
    #: The JSON-LD context of descriptions, made from the ontology.
    context: PerState[dict[str, Any], dict[str, Any]]
    #: Prefixes an IRI parameter may be written with (`osr:visjon`).
    prefixes: dict[str, str]
    #: The process making the kept dumps and figures in the background, if one does.
    preparer: Preparer | None = None

    @classmethod
    def build(
        cls, store: Store, settings: Settings, dataset: str | None = None, preparer: Preparer | None = None
    ) -> ServerState:
        """`dataset` names what the store holds while the app runs, if that cannot change: the
        dumps and the VoID figures are then kept in the project's cache for the next start
        (`KeptDumps`, `KeptFigures`), by `preparer` if one is given (`server.preparation`)."""
        queries, errors = load_queries(*settings.query_dirs)
        for error in errors:
            log.error("named query left out: %s", error)
        reads = StoreReads(store, settings.query_timeout)
        dumps: PerState[Any, Dumps] = PerState(read_dataset, make_dumps)
        figures: PerState[Any, DatasetFigures] = PerState(dataset_figures, unchanged)
        if dataset:
            kept = KeptDumps(dataset)
            # Behind a preparer, a worker's first use only finds them (or, when it failed, makes
            # them): removing other datasets' is a start's work, which the preparer did.
            dumps = PerState(kept.read, kept.keep if preparer else kept.make)
            counted = KeptFigures(dataset)
            figures = PerState(counted.read, counted.make)
        return cls(
            reads=reads,
            settings=settings,
            runner=QueryRunner(reads, settings),
            named_queries=queries,
            dumps=dumps,
            void_figures=figures,
            context=PerState(lambda s, conf: ontology_context(s, conf.ontology_graph), unchanged),
            prefixes=known_prefixes(settings),
            preparer=preparer,
        )


def attach(app: App, state: ServerState) -> None:
    app.extensions[EXTENSION] = state


def app_state(app: App | None = None) -> ServerState:
    """The state of `app` (default: the app handling this request)."""
    state = (app if app is not None else current_app).extensions[EXTENSION]
    if not isinstance(state, ServerState):
        raise TypeError("the app was not made by server.create_app (no ServerState attached)")
    return state


def settings() -> Settings:
    return app_state().settings
