"""Stores behind one interface; `open_store` picks one from a spec string.

Specs: ``memory`` (default), ``oxigraph:DIR`` (embedded, on disk).
"""

from __future__ import annotations

from pathlib import Path

from kg.store.base import (
    AskResult,
    GraphResult,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
)
from kg.store.oxigraph import OxigraphStore

__all__ = [
    "AskResult",
    "GraphResult",
    "QueryResult",
    "QuerySyntaxError",
    "SelectResult",
    "Store",
    "StoreError",
    "StoreTimeout",
    "StoreUnavailable",
    "open_store",
]


def open_store(spec: str = "memory", *, read_only: bool = False) -> Store:
    """Open the store a spec names; raises ValueError with the accepted forms."""
    kind, _, rest = spec.partition(":")
    if kind == "memory" and not rest:
        return OxigraphStore()
    if kind == "oxigraph" and rest:
        return OxigraphStore(Path(rest), read_only=read_only)
    raise ValueError(f"unknown store {spec!r}: use 'memory' or 'oxigraph:DIR'")
