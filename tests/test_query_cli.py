"""`kg query` as users run it: a real process, its output and exit code.

Every named query is run with its header's example values and must give the
same answer as in the test process (tests/test_named_query_answers.py checks
those answers against the source document).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.query.named import NamedQuery
from tests.support.queries import answer_json, answer_triples, plain, repository_queries, repository_store
from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR, write_project_file
from tests.support.sparql import PATHOLOGICAL

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"


def kg_query(
    *args: str, columns: int = 100, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`kg query ARGS` in a terminal `columns` wide (rich reads COLUMNS), `env` added to the environment."""
    return subprocess.run(
        [*kg_command(), "query", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": str(columns), **(env or {})},
    )


def param_args(values: dict[str, str]) -> list[str]:
    return [arg for name, value in values.items() for arg in ("--param", f"{name}={value}")]


def assert_clean_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    for word in words:
        assert word in done.stderr


@pytest.mark.parametrize("name", sorted(repository_queries(project_settings(PROJECT_DIR))))
def test_every_named_query_answers_as_in_process(name: str, settings: Settings) -> None:
    query: NamedQuery = repository_queries(settings)[name]
    store = repository_store(settings)
    params = query.example_values()
    if query.form == "construct":
        done = kg_query(name, *param_args(params), "--format", "turtle")
        assert done.returncode == 0, done.stderr
        parsed = {str(q.triple) for q in ox.parse(done.stdout.encode(), ox.RdfFormat.TURTLE)}
        assert parsed == answer_triples(store, settings, query, params)
    else:
        done = kg_query(name, *param_args(params), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == answer_json(store, settings, query, params)


def test_asserted_only_leaves_entailments_out() -> None:
    full = kg_query("strategic-elements", "-p", f"strategy={PLAN}", "--format", "json")
    direct = kg_query("strategic-elements", "-p", f"strategy={PLAN}", "--format", "json", "--asserted-only")
    # The document's 26 elements (vision, 3 directions, 6 roles, 3 areas, 6 activities, 5 themes,
    # 2 means); without inference the plan's direct parts only: vision, 6 roles, 3 areas.
    assert len(plain(json.loads(full.stdout))) == 26
    assert len(plain(json.loads(direct.stdout))) == 10


def test_lang_chooses_the_language_of_labels() -> None:
    done = kg_query("roles", "--lang", "en", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "strategy,role,position,text,actor,name"
    assert "create meeting places and networks" in lines[1]  # line 17: «skape møteplasser og nettverk»
    assert len(lines) == 7


def test_table_output_shows_labels_and_shortened_iris() -> None:
    done = kg_query("focus-areas", columns=200)
    assert done.returncode == 0, done.stderr
    assert "Verdiskaping og kompetanse" in done.stdout  # line 44
    assert "id:osloregionen-2017/innsatsomrade-2" in done.stdout
    assert "3 rows" in done.stdout


def test_tables_fit_the_terminal() -> None:
    done = kg_query("activity-parts", "-p", f"activity={PLAN}/aktivitet-1.1", columns=60)
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 60
    assert "5 rows" in done.stdout  # the five themes of lines 34-42


def test_a_query_text_and_a_query_file(tmp_path: Path) -> None:
    text = "PREFIX sgo: <https://w3id.org/strategigraf/ontology#> SELECT ?v WHERE { ?v sgo:visionOf ?p }"
    done = kg_query(text, "--format", "csv")
    assert done.stdout.splitlines() == ["v", f"{PLAN}/visjon"]
    plain_file = tmp_path / "mine.rq"
    plain_file.write_text(text, encoding="utf-8")
    assert kg_query("--file", str(plain_file), "--format", "csv").stdout == done.stdout
    with_header = tmp_path / "My Visions.rq"
    with_header.write_text(
        "#+ title: Visions\n#+ description: The visions.\n#+ params:\n#+   - name: p\n#+     type: iri\n"
        f"#+     example: {PLAN}\n#+ columns:\n#+   v: The vision.\n{text}\n",
        encoding="utf-8",
    )
    refused = kg_query("--file", str(with_header), "--format", "csv")
    assert refused.returncode == 2 and "VALUES (?p) { (UNDEF) }" in refused.stderr
    with_header.write_text(
        with_header.read_text(encoding="utf-8").replace("WHERE { ", "WHERE { VALUES (?p) { (UNDEF) } "),
        encoding="utf-8",
    )
    named = kg_query("--file", str(with_header), "-p", "p=https://example.org/none", "--format", "csv")
    assert named.stdout.splitlines() == ["v"]


def test_ask_and_inverse_properties_only_with_inference() -> None:
    ask = "PREFIX sgo: <https://w3id.org/strategigraf/ontology#> ASK { ?plan sgo:hasFocusArea ?area }"
    assert kg_query(ask).stdout.strip() == "true"
    assert kg_query(ask, "--asserted-only").stdout.strip() == "false"


def test_list_shows_every_query(settings: Settings) -> None:
    done = kg_query("--list", "--format", "json")
    listed = json.loads(done.stdout)
    assert [q["name"] for q in listed] == sorted(repository_queries(settings))
    search = next(q for q in listed if q["name"] == "search")
    assert search["parameters"][0] == {
        "name": "text",
        "type": "string",
        "description": search["parameters"][0]["description"],
        "required": False,
        "default": None,
        "example": "oppfolging",
        "enum": None,
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["focus-aeras"], ["unknown query 'focus-aeras'", "focus-areas"]),
        (["focus-area-activities", "-p", "area=x y"], ["parameter 'area'"]),
        (
            ["focus-area-activities", "-p", "area=http://example.org/a>b"],
            ["parameter 'area'", "not an absolute IRI"],
        ),
        (["vision", "-p", "lang=de"], ["parameter 'lang'", "not one of nb, en"]),
        (["vision", "-p", "colour=red"], ["parameter 'colour'", "unknown parameter"]),
        (["vision", "-p", "nothing"], ["expected NAME=VALUE"]),
        (["SELECT * WHERE { ?s ?p }"], ["SPARQL syntax error"]),
        (["SELECT * WHERE { ?s ?p ?o }", "-p", "a=b"], ["--param needs a named query"]),
        (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], ["SERVICE is not allowed"]),
        (["vision", "--format", "turtle"], ["turtle is for CONSTRUCT"]),
        ([], ["no query"]),
    ],
)
def test_errors_exit_2_with_a_clear_message(args: list[str], words: list[str]) -> None:
    assert_clean_error(kg_query(*args), *words)


def test_a_refused_query_is_refused_before_the_graph_is_loaded(tmp_path: Path) -> None:
    """A project whose only data file is broken: the SERVICE query is refused, the file never read."""
    project = write_project_file(tmp_path / "project", vocabulary=str(PROJECT_DIR))
    (project / "data").mkdir()
    (project / "data" / "broken.ttl").write_text("this is not Turtle\n", encoding="utf-8")
    done = kg_query(
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", env={"KG_PROJECT_DIR": str(project)}
    )
    assert_clean_error(done, "SERVICE is not allowed")
    assert "broken.ttl" not in done.stderr
    loading = kg_query("SELECT * WHERE { ?s ?p ?o }", env={"KG_PROJECT_DIR": str(project)})
    assert loading.returncode == 2 and "broken.ttl" in loading.stderr  # the file is read for any other query


def test_an_injection_attempt_finds_nothing() -> None:
    done = kg_query("search", "-p", 'text="} UNION { ?s ?p ?o }', "--format", "json")
    assert done.returncode == 0, done.stderr
    assert plain(json.loads(done.stdout)) == []


@pytest.mark.parametrize(
    ("name", "oxigraph"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nq", ox.RdfFormat.N_QUADS),
        ("xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_answers_in_the_rdf_formats_kg_export_names(name: str, oxigraph: ox.RdfFormat) -> None:
    construct = f"CONSTRUCT {{ <{PLAN}> ?p ?o }} WHERE {{ <{PLAN}> ?p ?o }}"
    turtle = kg_query(construct, "--format", "turtle")
    done = kg_query(construct, "--format", name)
    assert done.returncode == 0, done.stderr
    expected = {q.triple for q in ox.parse(turtle.stdout.encode(), ox.RdfFormat.TURTLE)}
    assert expected and {q.triple for q in ox.parse(done.stdout.encode(), oxigraph)} == expected


def solutions(text: str, results_format: ox.QueryResultsFormat) -> set[tuple[str, ...]]:
    parsed = ox.parse_query_results(text.encode(), results_format)
    assert isinstance(parsed, ox.QuerySolutions), parsed
    return {tuple(map(str, s)) for s in parsed}


def test_select_answers_in_xml_and_tsv_as_in_json() -> None:
    select = f"SELECT ?p ?o WHERE {{ <{PLAN}> ?p ?o }}"
    as_json = kg_query(select, "--format", "json")
    rows = solutions(as_json.stdout, ox.QueryResultsFormat.JSON)
    for name, parsed in (("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)):
        done = kg_query(select, "--format", name)
        assert done.returncode == 0, done.stderr
        assert solutions(done.stdout, parsed) == rows
    assert rows


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_runaway_query_is_stopped_at_the_time_limit(how: str) -> None:
    # PATHOLOGICAL runs for hours on the repository's graph; the command must return within
    # kg_query's own time-out, with exit code 2 and the limit named.
    if how == "option":
        done = kg_query(PATHOLOGICAL, "--query-timeout", "1")
    else:
        done = kg_query(PATHOLOGICAL, env={"KG_QUERY_TIMEOUT": "1"})
    assert_clean_error(done, "time limit of 1 s", "--query-timeout")


ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def test_the_row_cap_cuts_the_answer_and_says_so() -> None:
    whole = kg_query(ALL_TRIPLES, "--format", "csv", "--max-rows", "0")
    assert whole.returncode == 0, whole.stderr
    assert len(whole.stdout.splitlines()) > 1 + 3 and "cut" not in whole.stderr
    for done in (
        kg_query(ALL_TRIPLES, "--format", "csv", "--max-rows", "3"),
        kg_query(ALL_TRIPLES, "--format", "csv", env={"KG_MAX_ROWS": "3"}),
    ):
        assert done.returncode == 0, done.stderr
        header, *rows = done.stdout.splitlines()
        assert header == "s,p,o" and len(rows) == 3
        assert set(rows) <= set(whole.stdout.splitlines()[1:])
        assert "the answer was cut at 3 rows" in done.stderr


def test_the_row_cap_cuts_construct_answers_too() -> None:
    done = kg_query("CONSTRUCT WHERE { ?s ?p ?o }", "--format", "nt", "--max-rows", "2")
    assert done.returncode == 0, done.stderr
    assert len(list(ox.parse(done.stdout.encode(), ox.RdfFormat.N_TRIPLES))) == 2
    assert "the answer was cut at 2 triples" in done.stderr


@pytest.mark.parametrize("results", ["table", "csv"])
def test_a_whole_answer_ends_without_a_traceback(results: str) -> None:
    """Reading thousands of rows runs the cycle collector on the query's thread; it must find no
    store result made on another thread (pyoxigraph then prints «unsendable» tracebacks)."""
    done = kg_query(ALL_TRIPLES, "--format", results, "--max-rows", "0")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 10_000
    assert "Traceback" not in done.stderr and "unsendable" not in done.stderr, done.stderr
