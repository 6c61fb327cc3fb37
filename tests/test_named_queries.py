"""Named-query headers are checked with errors naming file and line; parameters are bound as values."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kg.query.named import (
    HeaderError,
    ParameterError,
    inject_values,
    load_queries,
    load_query,
    where_group_start,
)

GOOD = """\
#+ title: Areas
#+ description: Focus areas of a plan.
#+ params:
#+   - name: strategy
#+     type: iri
#+     required: true
#+     example: https://w3id.org/strategigraf/id/osloregionen-2017
#+   - name: limit
#+     type: integer
#+     default: 10
#+     example: 3
#+ columns:
#+   area: The area.
PREFIX sgo: <https://w3id.org/strategigraf/ontology#>
SELECT ?area WHERE {
  VALUES (?strategy ?limit) { (UNDEF "10"^^<http://www.w3.org/2001/XMLSchema#integer>) } FILTER(BOUND(?limit))
  ?area sgo:focusAreaOf ?strategy .
  FILTER(?limit > 0)
}
"""


def write(tmp_path: Path, text: str, name: str = "areas") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def header_error(tmp_path: Path, text: str) -> HeaderError:
    with pytest.raises(HeaderError) as caught:
        load_query(write(tmp_path, text))
    return caught.value


def test_a_good_header_is_read(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD))
    assert (query.name, query.title, query.form, list(query.columns)) == (
        "areas",
        "Areas",
        "select",
        ["area"],
    )
    strategy, limit = query.parameters
    assert (strategy.type, strategy.required, limit.type, limit.default) == ("iri", True, "integer", "10")


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("#+ title: Areas", "#+ title: Areas: more: words"), 1, "not valid YAML"),
        (("#+ params:", "#+ summary: x\n#+ params:"), 3, "unknown key 'summary'"),
        (("#+ description: Focus areas of a plan.\n", ""), 1, "'description' is missing"),
        (("#+ params:", "#+ 2017: x\n#+ params:"), 3, "unknown key '2017'"),
        (("#+     example: 3", "#+     example: 2017-01-01"), 11, "'example' must be text"),
        (("#+     type: iri", "#+     type: uri"), 5, "must be one of iri, string, integer, language"),
        (("#+     default: 10", "#+     default: ten"), 10, "default of 'limit' does not fit its type"),
        (("#+   - name: limit", "#+   - name: format"), 8, "bad parameter name 'format'"),
        (("#+   area: The area.", "#+   place: The area."), 12, "differ from the query's (area)"),
        (("FILTER(?limit > 0)", "BIND(?limit AS)"), 18, "SPARQL syntax error"),
        (('UNDEF "10"', 'UNDEF "11"'), 15, "must start with the parameters' defaults"),
        (("  VALUES (?strategy ?limit)", "  VALUES (?limit ?strategy)"), 15, '(UNDEF "10"^^'),
        (
            ("?area sgo:focusAreaOf ?strategy .", "?area sgo:focusAreaOf ?plan ."),
            None,
            "'strategy' is not used",
        ),
        (("#+     example: 3\n", ""), 8, "'limit' needs an example"),
        (
            ("?area sgo:focusAreaOf ?strategy .", "SERVICE <http://x/> { ?area sgo:focusAreaOf ?strategy }"),
            None,
            "SERVICE",
        ),
    ],
)
def test_header_errors_name_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int | None, words: str
) -> None:
    assert change[0] in GOOD
    error = header_error(tmp_path, GOOD.replace(*change))
    assert error.line == line
    assert words in error.message
    assert str(error).startswith(f"{tmp_path / 'areas.rq'}:{line}:" if line else f"{tmp_path / 'areas.rq'}:")


def test_a_file_without_header_is_refused(tmp_path: Path) -> None:
    error = header_error(tmp_path, "SELECT * WHERE { ?s ?p ?o }\n")
    assert (error.line, "no header") == (1, error.message[:9])


def test_broken_files_are_reported_and_the_others_still_load(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, "#+ title: x\nSELECT * WHERE { ?s ?p ?o }\n", name="broken")
    queries, errors = load_queries(tmp_path)
    assert list(queries) == ["areas"]
    assert [(e.path.name, e.message) for e in errors] == [("broken.rq", "'description' is missing")]


@pytest.mark.parametrize(
    ("values", "parameter", "words"),
    [
        ({}, "strategy", "required"),
        ({"strategy": "not an iri"}, "strategy", "not an absolute IRI"),
        ({"strategy": "http://example.org/a>b"}, "strategy", "not an absolute IRI"),
        ({"strategy": "http://example.org/a> } UNION { ?s ?p ?o"}, "strategy", "not an absolute IRI"),
        ({"strategy": "http://example.org/a", "limit": "3.5"}, "limit", "not an integer"),
        ({"strategy": "http://example.org/a", "limit": "1 } UNION {"}, "limit", "not an integer"),
        ({"strategy": "http://example.org/a", "colour": "red"}, "colour", "unknown parameter"),
    ],
)
def test_bad_values_name_the_parameter(
    tmp_path: Path, values: dict[str, str], parameter: str, words: str
) -> None:
    query = load_query(write(tmp_path, GOOD))
    with pytest.raises(ParameterError) as caught:
        query.bind(values)
    assert caught.value.parameter == parameter
    assert words in str(caught.value) and f"'{parameter}'" in str(caught.value)


def test_values_are_bound_by_a_values_block_at_the_top_of_the_where_group(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD))
    bound = query.bind({"strategy": "https://w3id.org/strategigraf/id/osloregionen-2017"})
    plan = "<https://w3id.org/strategigraf/id/osloregionen-2017>"
    ten = '"10"^^<http://www.w3.org/2001/XMLSchema#integer>'
    values = f"VALUES (?strategy ?limit) {{ ({plan} {ten}) }} FILTER(BOUND(?strategy) && BOUND(?limit))"
    assert f"SELECT ?area WHERE {{\n  {values}\n" in bound


@pytest.mark.parametrize(
    ("sparql", "before"),
    [
        ('SELECT ?x WHERE { ?x ?p "{ WHERE {" }', '?x ?p "{ WHERE'),
        ("# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p ?o }", "?x ?p ?o"),
        ("CONSTRUCT { ?x ?p ?where } WHERE { ?x ?p ?where }", "?x ?p ?where }"),
        ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", "{ SELECT ?x WHERE"),
        ("PREFIX w: <http://e.org/where#x> SELECT ?x WHERE { ?x w:a ?o }", "?x w:a ?o"),
        ("SELECT ?x WHERE { ?x ?p '''{'''; ?q ?o FILTER(?o < 3 && ?o > 1) }", "?x ?p '''{'''"),
    ],
)
def test_the_outermost_where_group_is_found(sparql: str, before: str) -> None:
    start = where_group_start(sparql)
    assert start is not None and sparql[start:].lstrip().startswith(before)


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_any_string_value_stays_one_literal(text: str) -> None:
    """Whatever a client sends as a string comes back as exactly that value, and nothing else."""
    assume(text != "hidden")
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://e.org/secret"), ox.NamedNode("http://e.org/p"), ox.Literal("hidden"))
    )
    sparql = inject_values("SELECT ?text ?s WHERE { OPTIONAL { ?s ?p ?text } }", {"text": ox.Literal(text)})
    solutions = store.query(sparql)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = [tuple(solution) for solution in solutions]
    assert rows == [(ox.Literal(text), None)]


def test_values_are_normalised_before_they_are_checked(tmp_path: Path) -> None:
    query = load_query(write(tmp_path, GOOD))
    bound = query.bindings({"strategy": " https://example.org/plan ", "limit": "+007"})
    assert (str(bound["strategy"]), bound["limit"].value) == ("<https://example.org/plan>", "7")
    language = load_query(
        write(
            tmp_path,
            GOOD.replace("type: integer", "type: language")
            .replace("default: 10", "default: nb")
            .replace("example: 3", "example: en")
            .replace('"10"^^<http://www.w3.org/2001/XMLSchema#integer>', '"nb"')
            .replace("FILTER(?limit > 0)", "FILTER(LANG(?area) = ?limit)"),
        )
    )
    assert language.bindings({"strategy": "https://example.org/plan", "limit": "NB"})["limit"].value == "nb"
