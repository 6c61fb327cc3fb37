"""Every named query answers as written (issue #14): the file, posted unchanged to any SPARQL 1.1
endpoint, gives the rows `kg query NAME` gives with no parameters (the header's defaults).

The file goes as it is to kg's own /sparql and to Virtuoso (a real one, tests/conftest.py);
the answer of `kg query NAME` comes from the real command.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.query.named import load_queries
from kg.store import GraphResult, SelectResult, SparqlStore
from kg.store.base import Term
from tests.support.external_stores import ExternalStore
from tests.support.projects import fresh_settings, run_kg
from tests.support.server import RunningServer
from tests.support.shared import PROJECT_DIR

QUERIES, _ = load_queries(PROJECT_DIR / "queries")
BASE = Settings().base_iri
Rows = Counter[tuple[str | None, ...]]


def _json_term(cell: dict[str, str] | None) -> str | None:
    if cell is None:
        return None
    if cell["type"] == "uri":
        return f"<{cell['value']}>"
    if cell["type"] == "bnode":
        return "_:b"
    return str(_literal(cell["value"], cell.get("xml:lang"), cell.get("datatype")))


def _literal(value: str, language: str | None, datatype: str | None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def _rows_of_json(document: dict[str, Any]) -> Rows:
    names = document["head"]["vars"]
    return Counter(tuple(_json_term(b.get(n)) for n in names) for b in document["results"]["bindings"])


def _term(term: Term | None, base: str) -> str | None:
    """N-Triples form, with another base IRI written as the repository's."""
    if term is None:
        return None
    assert not isinstance(term, ox.Triple), term
    if isinstance(term, ox.NamedNode):
        return f"<{term.value.replace(base, BASE, 1)}>"
    if isinstance(term, ox.BlankNode):
        return "_:b"
    return str(_literal(term.value.replace(base, BASE), term.language, term.datatype.value))


@pytest.fixture(scope="module")
def virtuoso_store(virtuoso: ExternalStore) -> Iterator[tuple[SparqlStore, Settings]]:
    """The repository's graph in Virtuoso, under a base IRI of its own (tests share the store)."""
    settings = fresh_settings(PROJECT_DIR)
    store = virtuoso.open(settings.default_graphs(infer=True), settings.version_graph)
    load_repository(store, settings)
    yield store, settings
    store.close()


def _written(name: str) -> str:
    """The file itself, header comments and all."""
    return QUERIES[name].path.read_text(encoding="utf-8")


def test_every_repository_query_is_checked() -> None:
    assert len(QUERIES) == 18  # 15, and the subject questions of issue 21


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_named_query_answers_as_written(
    name: str, server: RunningServer, virtuoso_store: tuple[SparqlStore, Settings]
) -> None:
    text = _written(name)
    construct = QUERIES[name].form == "construct"
    accept = "text/turtle" if construct else "application/sparql-results+json"
    cli = run_kg("query", name, "--format", "turtle" if construct else "json")
    assert cli.returncode == 0, cli.stderr
    posted = requests.post(
        server.url + "/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
        timeout=60,
    )
    assert posted.status_code == 200, posted.text
    store, settings = virtuoso_store
    at_virtuoso = store.query(text, default_graphs=settings.default_graphs())
    if construct:
        expected = rdflib.Graph().parse(data=cli.stdout, format="turtle")
        assert len(expected) > 0
        assert isomorphic(rdflib.Graph().parse(data=posted.content, format="turtle"), expected)
        assert isinstance(at_virtuoso, GraphResult)
        rows = rdflib.Graph().parse(
            data="".join(
                " ".join(_term(t, settings.base_iri) or "" for t in triple) + " .\n"
                for triple in at_virtuoso.triples
            ),
            format="nt",
        )
        assert isomorphic(rows, expected)
        return
    expected_rows = _rows_of_json(json.loads(cli.stdout))
    assert sum(expected_rows.values()) > 0, f"{name} answers nothing with its defaults"
    assert _rows_of_json(posted.json()) == expected_rows
    assert isinstance(at_virtuoso, SelectResult)
    assert (
        Counter(tuple(_term(t, settings.base_iri) for t in row) for row in at_virtuoso.rows) == expected_rows
    )
