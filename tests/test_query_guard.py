"""The guard's verdicts, decided from the query text before any store sees it."""

from __future__ import annotations

import pytest

from kg.query.guard import (
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    Analysis,
    Dataset,
    QueryRefused,
    analyse,
    nesting_depth,
    plan_dataset,
    unescape_codepoints,
)
from kg.store import QuerySyntaxError

HELD = {"http://example.org/g1", "http://example.org/g2"}
REPOSITORY = ["http://example.org/g1"]


def test_unescapes_codepoints_as_the_grammar_does() -> None:
    assert unescape_codepoints("\\u0053ERVICE \\U00000046ROM") == "SERVICE FROM"
    assert unescape_codepoints("no escapes") == "no escapes"
    assert unescape_codepoints("\\UFFFFFFFF") == "\ufffd"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SERVICE ?x { ?s ?p ?o } } }",
        "SELECT * { { SELECT ?s { SERVICE <http://example.org/> { ?s ?p ?o } } } }",
        "SELECT * { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o MINUS { SERVICE <http://example.org/> { ?s ?p ?o } } }",
    ],
)
def test_service_anywhere_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        analyse(query).raise_if_refused()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { ?s ?p ?o }",
        'SELECT * { ?s ?p "service from" }',
        "SELECT * { ?s <http://example.org/service> <http://example.org/from> }",
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT * { ?s prov:wasDerivedFrom ?o }",
        "# a comment about SERVICE and FROM\nASK {}",
        "SELECT ?from WHERE { ?from ?p :service } # from here on",
        "PREFIX ex: <http://example.org/> SELECT * { ?s ex:from 'service'@en }",
    ],
)
def test_words_in_names_strings_and_comments_are_not_clauses(query: str) -> None:
    analysis = analyse(query)
    analysis.raise_if_refused()
    assert not analysis.has_dataset_clause


def test_dataset_clause_is_read_with_prefixes_and_base() -> None:
    analysis = analyse(
        "PREFIX ex: <http://example.org/> SELECT * FROM ex:g1 FROM NAMED <g2> { ?s ?p ?o }",
        base_iri="http://example.org/sparql",
    )
    assert analysis.from_graphs == ("http://example.org/g1",)
    assert analysis.from_named_graphs == ("http://example.org/g2",)


def test_malformed_query_on_the_slow_path_names_the_place() -> None:
    with pytest.raises(QuerySyntaxError, match=r"at 2:\d+"):
        analyse("SELECT * FROM <http://example.org/g1>\nWHERE { ?s ?p }").raise_if_refused()


def test_update_on_the_slow_path_is_named_as_such() -> None:
    with pytest.raises(QueryRefused, match=UPDATE_REFUSED):
        analyse("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }").raise_if_refused()


def test_verdicts_are_cached_by_text_but_raised_afresh() -> None:
    query = "SELECT * { SERVICE <http://example.org/cached> { ?s ?p ?o } }"
    assert analyse(query) is analyse(query)
    errors = []
    for _ in range(2):
        with pytest.raises(QueryRefused) as raised:
            analyse(query).raise_if_refused()
        errors.append(raised.value)
    assert errors[0] is not errors[1]
    assert str(errors[0]) == SERVICE_REFUSED


def plan(analysis: Analysis, default: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> Dataset:
    return plan_dataset(
        analysis, default_graph_uris=default, named_graph_uris=named, held=HELD, repository_default=REPOSITORY
    )


def test_no_dataset_anywhere_means_the_repository_union_and_every_named_graph() -> None:
    dataset = plan(Analysis())
    assert (dataset.default_graphs, dataset.named_graphs) == (REPOSITORY, None)


def test_protocol_dataset_wins_and_unknown_graphs_are_empty() -> None:
    from_query = Analysis(from_graphs=("http://example.org/g2",))
    dataset = plan(from_query, default=("http://example.org/g1", "http://remote.example/data"))
    assert (dataset.default_graphs, dataset.named_graphs) == (["http://example.org/g1"], [])
    named_only = plan(Analysis(), named=("http://example.org/g2",))
    assert (named_only.default_graphs, named_only.named_graphs) == ([], ["http://example.org/g2"])


def test_from_must_name_held_graphs() -> None:
    dataset = plan(
        Analysis(from_graphs=("http://example.org/g1",), from_named_graphs=("http://example.org/g2",))
    )
    assert (dataset.default_graphs, dataset.named_graphs) == (None, None)  # the store applies FROM itself
    with pytest.raises(QueryRefused, match=r"never fetches remote data.*<http://remote.example/data>"):
        plan(Analysis(from_named_graphs=("http://remote.example/data",)))


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ("ASK {}", 1),
        ("SELECT * { ?s ?p ?o }", 2),  # the * counts: the count errs on the high side
        ("ASK { { ?s ?p ?o } UNION { ?s ?p ?o } }", 3),
        ("ASK { ?s ?p 'a{{{(((' # {{{\n }", 1),  # strings and comments hold no levels
        ('ASK { ?s ?p """{{{\n(((""" }', 1),
        ("ASK { ?s <http://example.org/(((> ?o }", 1),  # nor IRIs
        ("ASK { FILTER(1+2*3) }", 5),
        ("ASK { ?s ex:a-b-c-d ?o }", 1),  # a prefixed name is one word, dashes and all
        ("ASK { FILTER(1-1-1-1) }", 6),  # numbers are not: each minus is a level
    ],
)
def test_nesting_depth_counts_brackets_and_chain_elements(query: str, depth: int) -> None:
    assert nesting_depth(query.lower()) == depth


def test_a_query_nested_over_the_limit_is_refused_naming_the_limit() -> None:
    deep = "SELECT * WHERE " + "{" * 40 + "?s ?p ?o" + "}" * 40
    with pytest.raises(QueryRefused, match="limit of 32 levels"):
        analyse(deep, max_nesting=32).raise_if_refused()
    analyse(deep, max_nesting=64).raise_if_refused()
    analyse(deep, max_nesting=0).raise_if_refused()  # 0: no limit
    escaped = "SELECT * WHERE " + "\\u007b" * 40 + "?s ?p ?o" + "\\u007d" * 40  # escapes are undone first
    with pytest.raises(QueryRefused, match="limit of 32 levels"):
        analyse(escaped, max_nesting=32).raise_if_refused()


def test_chain_words_count_towards_the_limit_before_any_scan() -> None:
    """GRAPH and its bracket are two levels each (over 40 in all), though the text holds few brackets."""
    graphs = "SELECT * WHERE {" + "GRAPH ?g {" * 20 + "?s ?p ?o" + "}" * 21
    with pytest.raises(QueryRefused, match="limit of 32 levels"):
        analyse(graphs, max_nesting=32).raise_if_refused()
