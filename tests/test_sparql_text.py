"""Graph IRIs in a query's text written under other names (how a `sparql:` store shows kg's names).

Each expected text is written by hand: only whole IRIs that resolve to a
renamed one change, however they are written; strings, comments, blank
node labels, variables and the IRIs of PREFIX and BASE stay as they are.
"""

from __future__ import annotations

import pytest

from kg.foundation.sparql_text import rename_iris

DATA = "https://example.org/graph/data"
STORED = "https://example.org/graph/version/v1/data"
NAMES = {DATA: STORED, "https://example.org/graph/ontology": "https://example.org/graph/version/v1/ontology"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT * { GRAPH <https://example.org/graph/data> { ?s ?p ?o } }",
            f"SELECT * {{ GRAPH <{STORED}> {{ ?s ?p ?o }} }}",
        ),
        (
            "PREFIX g: <https://example.org/graph/>\n"
            "SELECT * FROM g:data FROM NAMED g:ontology { ?s ?p g:data. }",
            "PREFIX g: <https://example.org/graph/>\n"
            "SELECT * FROM <https://example.org/graph/version/v1/data> "
            "FROM NAMED <https://example.org/graph/version/v1/ontology> "
            "{ ?s ?p <https://example.org/graph/version/v1/data>. }",
        ),
        (
            "BASE <https://example.org/> SELECT * { GRAPH <graph/data> { ?s ?p ?o } }",
            f"BASE <https://example.org/> SELECT * {{ GRAPH <{STORED}> {{ ?s ?p ?o }} }}",
        ),
        (
            "prefix : <https://example.org/graph/> select * { graph :data { _:data ?p ?data } }",
            f"prefix : <https://example.org/graph/> select * {{ graph <{STORED}> {{ _:data ?p ?data }} }}",
        ),
        (  # a prefix that names the graph itself, and one with the same letters in another case
            "PREFIX d: <https://example.org/graph/data> PREFIX D: <x:> SELECT * { GRAPH d: { D: ?p ?o } }",
            "PREFIX d: <https://example.org/graph/data> PREFIX D: <x:> "
            f"SELECT * {{ GRAPH <{STORED}> {{ D: ?p ?o }} }}",
        ),
        (  # \\u escapes are undone before anything else, as the grammar says
            "SELECT * { GRAPH <https://example.org/graph/d\\u0061ta> { ?s ?p ?o } }",
            f"SELECT * {{ GRAPH <{STORED}> {{ ?s ?p ?o }} }}",
        ),
        (
            "VALUES ?g { <https://example.org/graph/data> } FILTER(?g != <https://example.org/graph/dat>)",
            f"VALUES ?g {{ <{STORED}> }} FILTER(?g != <https://example.org/graph/dat>)",
        ),
    ],
)
def test_graph_iris_are_renamed_however_they_are_written(query: str, expected: str) -> None:
    assert rename_iris(query, NAMES, "https://example.org/sparql") == expected


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p 'GRAPH <https://example.org/graph/data>' } # <https://example.org/graph/data>",
        'SELECT * { ?s ?p """<https://example.org/graph/data>\n""" }',
        "PREFIX g: <https://example.org/graph/data> SELECT * { ?s ?p ?o }",
        "BASE <https://example.org/graph/data> SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
        "SELECT * { GRAPH <graph/data> { ?s ?p ?o } }",  # relative, and no base to resolve it against
        "SELECT * { ?s ?p ?o }",
    ],
)
def test_everything_else_is_sent_as_written(query: str) -> None:
    assert rename_iris(query, NAMES) is query
