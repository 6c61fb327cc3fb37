"""The site as clients see it: its public root, and what it serves."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from flask.sansio.app import App
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from kg.foundation.memory import release_freed_memory
from kg.publishing.site import Site
from kg.publishing.state import PerState
from kg.store import StoreError
from server.context import app_state, settings


def public_root() -> str:
    """The configured public URL (`kg serve` sets its listen address when none is given): never
    the request's Host header, which any client may set and a shared cache would then repeat."""
    return (settings().public_url or "").rstrip("/")


def current_site() -> Site:
    return Site(public_root(), settings())


def serves(path: str) -> bool:
    """Whether this app answers GET on `path`: the catalogue only lists what exists."""
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except (NotFound, MethodNotAllowed):
        return False
    return True


def has_sparql_endpoint() -> bool:
    return serves("/sparql")


def warm_up(cache: PerState[Any, Any], app: App) -> None:
    """Fill a per-state cache at start-up; a store that cannot answer yet is tried again on use.

    Not under the time limit: `kg serve` is starting (it loaded the graph the same way), no
    client waits, and a deadline thread left running would be forked into every worker.
    """
    state = app_state(app)
    try:
        cache.get(state.reads.read_watched, state.settings)
        release_freed_memory()
    except StoreError as error:
        logging.getLogger("server").warning("not prepared at start-up (%s); will retry on first use", error)
