"""Stores behind one interface; `open_store` picks one from a spec string.

Specs: ``memory`` (default), ``oxigraph:DIR`` (embedded, on disk) and
``sparql:QUERY_URL`` (any SPARQL 1.1 store; see `Connection` for where it
takes updates and as whom).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.store.base import (
    AskResult,
    GraphResult,
    GraphSources,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    StepHook,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
)
from kg.store.oxigraph import OxigraphStore
from kg.store.sparql import SparqlStore
from kg.store.sparql_http import Connection, UploadProgress

__all__ = [
    "AskResult",
    "Connection",
    "GraphResult",
    "GraphSources",
    "QueryResult",
    "QuerySyntaxError",
    "SelectResult",
    "StepHook",
    "Store",
    "StoreError",
    "StoreTimeout",
    "StoreUnavailable",
    "open_store",
    "store_kind",
]

STORE_SPECS = "'memory', 'oxigraph:DIR' or 'sparql:QUERY_URL'"


def open_store(
    spec: str = "memory",
    *,
    read_only: bool = False,
    connection: Connection | None = None,
    graphs: Sequence[str] = (),
    version_graph: str | None = None,
    on_upload: UploadProgress | None = None,
    on_step: StepHook | None = None,
) -> Store:
    """Open the store a spec names; raises ValueError with the accepted forms.

    `connection`, `graphs` and `on_upload` only matter for ``sparql:`` stores
    (see `SparqlStore`); an embedded store on disk keeps `version_graph`
    beside its database (`OxigraphStore`), and raises
    `StoreUnavailable` when it cannot be opened (e.g. another process is
    writing it). `on_step` hears the steps of a push (`StepHook`).
    """
    kind, _, rest = spec.partition(":")
    store_kind(spec)
    if kind == "memory":
        return OxigraphStore(on_step=on_step)
    if kind == "oxigraph":
        return OxigraphStore(Path(rest), read_only=read_only, on_step=on_step, record_graph=version_graph)
    return SparqlStore(
        rest,
        connection,
        graphs=graphs,
        version_graph=version_graph,
        read_only=read_only,
        on_upload=on_upload,
        on_step=on_step,
    )


def store_kind(spec: str) -> str:
    """The kind of store a spec names (memory, oxigraph, sparql); ValueError with the accepted forms.

    Apart from `open_store`, so that a command can refuse a mistyped spec before any other work.
    """
    kind, _, rest = spec.partition(":")
    if (kind == "memory" and not rest) or (kind in ("oxigraph", "sparql") and rest):
        return kind
    raise ValueError(f"unknown store {spec!r}: use {STORE_SPECS}")
