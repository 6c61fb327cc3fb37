"""The `--store` option and its companions, shared by every command that opens a store.

A command decorated with `store_options` receives one `store` argument, a
`StoreChoice`, and opens it with `StoreChoice.open(settings)`. The options
read fixed environment variables (KG_STORE, KG_STORE_USER, ...), the same
for every command, so one environment configures kg serve, kg push and
kg query alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click
from rich.markup import escape

from kg.cli.common import env_option, fail
from kg.foundation.settings import Settings
from kg.store import Connection, StepHook, Store, StoreError, UploadProgress, open_store, store_kind
from kg.store.version import check_version

_OPTIONS = [
    env_option(
        "--store",
        "store_spec",
        env="KG_STORE",
        default="memory",
        metavar="SPEC",
        help="Where the graph lives: memory, oxigraph:DIR (embedded, on disk) or "
        "sparql:QUERY_URL (any SPARQL 1.1 store, e.g. sparql:http://localhost:8890/sparql).",
    ),
    env_option(
        "--update-url",
        env="KG_UPDATE_URL",
        metavar="URL",
        help="sparql: stores: the SPARQL Update URL (Virtuoso: /sparql-auth).",
    ),
    env_option(
        "--graph-store-url",
        env="KG_GRAPH_STORE_URL",
        metavar="URL",
        help="sparql: stores: the Graph Store Protocol URL that kg writes through "
        "(Virtuoso: /sparql-graph-crud-auth, Fuseki: /DATASET/data, Oxigraph: /store).",
    ),
    env_option("--store-user", env="KG_STORE_USER", help="sparql: stores: user name."),
    env_option(
        "--store-password",
        env="KG_STORE_PASSWORD",
        help="sparql: stores: password (prefer the environment variable to the flag).",
    ),
    env_option(
        "--store-auth",
        type=click.Choice(["digest", "basic"]),
        env="KG_STORE_AUTH",
        default="digest",
        help="sparql: stores: HTTP authentication (Virtuoso wants digest; Fuseki and GraphDB basic).",
    ),
    env_option(
        "--store-timeout",
        type=float,
        env="KG_STORE_TIMEOUT",
        default=60.0,
        help="sparql: stores: seconds to wait for an answer.",
    ),
    env_option(
        "--store-grace",
        type=click.FloatRange(min=0),
        env="KG_STORE_GRACE",
        default=Connection.grace,
        help="sparql: stores: seconds a replaced version of the dataset is kept for readers still "
        "reading it; longer than any one read (a query, a page, a download) takes.",
    ),
]
_NAMES = ("store_spec", "update_url", "graph_store_url", "store_user", "store_password", "store_auth")


@dataclass(frozen=True)
class StoreChoice:
    """The store a command was asked to use, not yet opened."""

    spec: str
    connection: Connection

    def open(
        self,
        settings: Settings,
        *,
        read_only: bool = False,
        on_upload: UploadProgress | None = None,
        on_step: StepHook | None = None,
    ) -> Store:
        """Open the store, or end the command with a one-line error."""
        try:
            return open_store(
                self.spec,
                read_only=read_only,
                connection=self.connection,
                graphs=[*settings.default_graphs(infer=True), settings.version_graph],
                version_graph=settings.version_graph,
                on_upload=on_upload,
                on_step=on_step,
            )
        except (ValueError, StoreError) as problem:
            fail(str(problem))


def dataset_version(store: Store, settings: Settings) -> str:
    """The line saying which push the store holds; ends the command (exit 2) when its graphs are mixed."""
    try:
        version = check_version(store, settings.version_graph)
    except StoreError as problem:
        fail(escape(str(problem)))
    if version is None:
        return f"{store.label} records no dataset version (not filled by kg push)"
    return version.describe()


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the store options; the command gets them as one `store: StoreChoice`."""

    @functools.wraps(command)
    def with_store(*args: Any, **kwargs: Any) -> Any:
        spec, update_url, graph_store_url, user, password, auth = (kwargs.pop(name) for name in _NAMES)
        try:
            store_kind(spec)  # a mistyped spec is refused before validation or loading starts
        except ValueError as problem:
            fail(str(problem))
        connection = Connection(
            update_url=update_url,
            graph_store_url=graph_store_url,
            user=user,
            password=password,
            auth=auth,
            timeout=kwargs.pop("store_timeout"),
            grace=kwargs.pop("store_grace"),
        )
        return command(*args, store=StoreChoice(spec, connection), **kwargs)

    for option in reversed(_OPTIONS):
        with_store = option(with_store)
    return with_store
