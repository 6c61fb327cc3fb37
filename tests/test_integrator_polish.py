"""What an integrator meets first (issue #14): prefixed names for IRIs, one set of languages,
problem details for JSON clients, readable wide answers and syntax errors, export's format names
and a closed pipe.

Expected values are read by hand from ../shared/seeds/000_bad88d70322fed8d.txt: the vision is
lines 9-13, focus area 2 («Verdiskaping og kompetanse») starts on line 44.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import requests

from tests.support.server import RunningServer, kg_command
from tests.support.shared import PROJECT_DIR
from tests.test_query_cli import kg_query

JSON_CLIENT = {"Accept": "application/json"}


@pytest.mark.parametrize(
    "resource",
    [
        "osr:visjon",
        "id:osloregionen-2017/visjon",
        "https://w3id.org/strategigraf/id/osloregionen-2017/visjon",
    ],
)
def test_prefixed_names_expand_in_iri_parameters(server: RunningServer, resource: str) -> None:
    answer = requests.get(
        f"{server.url}/api/queries/provenance", params={"resource": resource, "format": "csv"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    lines = answer.text.splitlines()
    assert len(lines) == 2 and ",9,13," in lines[1]
    cli = kg_query("provenance", "-p", f"resource={resource}", "--format", "csv")
    assert cli.returncode == 0 and ",9,13," in cli.stdout


@pytest.mark.parametrize("resource", ["foo:bar", "visjon", "osloregionen-2017/visjon", "id"])
def test_what_is_no_iri_is_a_400_naming_the_parameter(server: RunningServer, resource: str) -> None:
    answer = requests.get(f"{server.url}/api/queries/provenance", params={"resource": resource}, timeout=30)
    assert answer.status_code == 400
    assert "parameter 'resource'" in answer.text and "not an absolute IRI" in answer.text


def test_every_language_parameter_takes_the_same_languages(server: RunningServer) -> None:
    listed = requests.get(f"{server.url}/api/queries", timeout=30).json()["queries"]
    languages = [p for q in listed for p in q["parameters"] if p["type"] == "language"]
    assert len(languages) == 22  # every query shows texts
    assert {tuple(p["enum"]) for p in languages} == {("nb", "en")}
    for name in ("search", "vision"):
        answer = requests.get(f"{server.url}/api/queries/{name}", params={"lang": "de"}, timeout=30)
        assert answer.status_code == 400 and "parameter 'lang'" in answer.text, name


def test_errors_are_problem_details_for_json_clients(server: RunningServer) -> None:
    answer = requests.get(f"{server.url}/api/queries/nothing", headers=JSON_CLIENT, timeout=30)
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    problem = answer.json()
    assert (problem["status"], problem["title"], problem["type"]) == (404, "Not Found", "about:blank")
    assert "no named query 'nothing'" in problem["detail"]
    bad = requests.get(
        f"{server.url}/api/queries/vision",
        params={"lang": "de"},
        headers={"Accept": "application/problem+json"},
        timeout=30,
    )
    assert bad.status_code == 400 and "parameter 'lang'" in bad.json()["detail"]
    # /sparql (its own fast path) too
    sparql = requests.post(
        f"{server.url}/sparql", data={"query": "SELECT * WHERE {"}, headers=JSON_CLIENT, timeout=30
    )
    assert sparql.status_code == 400 and sparql.json()["status"] == 400


@pytest.mark.parametrize(
    "accept", [None, "text/plain", "*/*", "application/sparql-results+json", "text/html"]
)
def test_other_clients_get_plain_text_errors(server: RunningServer, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    answer = requests.get(f"{server.url}/api/queries/nothing", headers=headers, timeout=30)
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert answer.text.startswith("404 Not Found: no named query 'nothing'")


def test_a_wide_answer_is_shown_one_record_per_block() -> None:
    done = kg_query("provenance", "-p", "resource=osr:visjon", columns=80)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "┃" not in done.stdout  # no table
    assert any(line.split() == ["firstLine", "9"] for line in lines)
    assert any(line.split() == ["lastLine", "13"] for line in lines)
    assert "1 row" in done.stdout


def test_a_narrow_answer_stays_a_table() -> None:
    done = kg_query("focus-areas", columns=200)
    assert "┃ strategy" in done.stdout and "Verdiskaping og kompetanse" in done.stdout


def test_a_syntax_error_shows_its_line_with_a_caret(server: RunningServer) -> None:
    done = kg_query("SELEC * WHERE { ?s ?p ?o }")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert "error at 1:" in done.stderr  # the parser's own message is kept
    assert "'SELEC' is not SELECT, CONSTRUCT, DESCRIBE or ASK" in done.stderr
    code = next(i for i, line in enumerate(lines) if line.endswith("| SELEC * WHERE { ?s ?p ?o }"))
    assert lines[code + 1].index("^") == lines[code].index("SELEC")
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        'SELECT * WHERE {\n  ?s skos:prefLabel "ø" . ?x }'
    )
    answer = requests.post(f"{server.url}/sparql", data={"query": query}, timeout=30)
    assert answer.status_code == 400
    lines = answer.text.splitlines()
    assert lines[1].endswith('|   ?s skos:prefLabel "ø" . ?x }')
    # ?x needs a predicate: the parser stops at the closing brace, under which the caret stands
    assert lines[2].index("^") == lines[1].index("}")


def test_export_takes_the_format_names_kg_query_takes() -> None:
    def export(name: str) -> bytes:
        done = subprocess.run(
            [*kg_command(), "export", "--format", name],
            cwd=PROJECT_DIR,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert export("turtle") == export("ttl")
    assert export("n-quads") == export("nq")


def test_export_into_a_closed_pipe_exits_0_quietly() -> None:
    """`kg export | head`: the reader stops after 100 bytes of a 150 kB dump."""
    process = subprocess.Popen(
        [*kg_command(), "export", "--format", "nq"],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert len(head) == 100
    assert "Traceback" not in stderr and "rror" not in stderr
