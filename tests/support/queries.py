"""Running named queries in the test process, and reading answers as plain values."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Protocol

from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.query.named import NamedQuery, load_queries
from kg.query.results import JSON, write_select
from kg.store import GraphResult, SelectResult, Store, open_store

#: The questions across plans whose headers' examples name the examples/ project's plans,
#: organisations and documents (the repository's graph is one plan): asked of examples/.
ASKED_OF_EXAMPLES = frozenset(
    {"organisations-across-plans", "plans-in-effect", "document-network", "plan-changes"}
)


@cache
def repository_store(settings: Settings) -> Store:
    """The repository's graph loaded as `kg serve` loads it (asserted and inferred graphs); once per run."""
    store = open_store("memory")
    load_repository(store, settings)
    return store


def repository_queries(settings: Settings) -> dict[str, NamedQuery]:
    found, errors = load_queries(*settings.query_dirs)
    assert errors == []
    return found


def answer_json(
    store: Store, settings: Settings, query: NamedQuery, params: dict[str, str], *, infer: bool = True
) -> dict[str, Any]:
    """A SELECT answer as SPARQL 1.1 JSON results (the form the CLI and the API also give)."""
    result = store.query(query.bind(params), default_graphs=settings.default_graphs(infer=infer))
    assert isinstance(result, SelectResult), f"{query.name} is not a SELECT query"
    answer: dict[str, Any] = json.loads(write_select(result.variables, list(result.rows), JSON))
    return answer


def answer_triples(
    store: Store, settings: Settings, query: NamedQuery, params: dict[str, str], *, infer: bool = True
) -> set[str]:
    """A CONSTRUCT answer as a set of N-Triples lines."""
    result = store.query(query.bind(params), default_graphs=settings.default_graphs(infer=infer))
    assert isinstance(result, GraphResult), f"{query.name} is not a CONSTRUCT query"
    return {str(triple) for triple in result.triples}


def plain(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of SPARQL JSON results as {column: value}: integers and booleans as Python values."""
    rows = []
    for binding in answer["results"]["bindings"]:
        row: dict[str, Any] = {}
        for name, term in binding.items():
            datatype = term.get("datatype", "")
            value: Any = term["value"]
            if datatype.endswith(("#integer", "#positiveInteger")):
                value = int(value)
            elif datatype.endswith("#boolean"):
                value = value == "true"
            row[name] = value
        rows.append(row)
    return rows


class Ask(Protocol):
    """ask(name, infer=True, **params) -> rows of a named query's answer, as `plain` gives them."""

    def __call__(self, name: str, *, infer: bool = ..., **params: str) -> list[dict[str, Any]]: ...
