"""The named-query REST API over real HTTP against `kg serve` (the session `server` fixture).

Answers must equal the in-process answers (checked against the source
document in tests/test_named_query_answers.py), the CLI's
(tests/test_query_cli.py), and what /sparql answers to the same query with
its parameters bound.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urljoin

import pyoxigraph as ox
import pytest
import requests
from openapi_spec_validator import validate

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.query.named import NamedQuery
from tests.support.queries import answer_json, answer_triples, plain, repository_queries, repository_store
from tests.support.server import RunningServer
from tests.support.shared import PROJECT_DIR

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
SPARQL_JSON = "application/sparql-results+json"


def get(server: RunningServer, path: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(server.url + path, params=params, headers=headers, timeout=30)


def test_the_list_has_every_query_with_its_metadata(server: RunningServer, settings: Settings) -> None:
    response = get(server, "/api/queries")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    listed = {q["name"]: q for q in response.json()["queries"]}
    queries = repository_queries(settings)
    assert set(listed) == set(queries)
    activities = listed["focus-area-activities"]
    assert activities["url"] == "/api/queries/focus-area-activities"
    assert [p["name"] for p in activities["parameters"]] == ["area", "lang"]
    assert activities["parameters"][0]["required"] is False  # without it: every focus area
    assert [c["name"] for c in activities["columns"]] == ["activity", "position", "text", "parts"]


@pytest.mark.parametrize("name", sorted(repository_queries(project_settings(PROJECT_DIR))))
def test_every_named_query_answers_as_in_process(
    server: RunningServer, settings: Settings, name: str
) -> None:
    query: NamedQuery = repository_queries(settings)[name]
    store = repository_store(settings)
    params = query.example_values()
    bound = query.bind(params)
    if query.form == "construct":
        expected = answer_triples(store, settings, query, params)
        for response in (
            get(server, f"/api/queries/{name}", "application/n-triples", **params),
            get(server, "/sparql", "application/n-triples", query=bound),
        ):
            assert response.status_code == 200, response.text
            assert {str(q.triple) for q in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)} == expected
    else:
        expected_json = answer_json(store, settings, query, params)
        for response in (
            get(server, f"/api/queries/{name}", SPARQL_JSON, **params),
            get(server, "/sparql", SPARQL_JSON, query=bound),
        ):
            assert response.status_code == 200, response.text
            assert response.headers["Content-Type"].startswith(SPARQL_JSON)
            assert response.json() == expected_json


def test_formats_by_accept_and_by_format_parameter(server: RunningServer) -> None:
    csv_answer = get(server, "/api/queries/focus-areas", "text/csv", lang="en")
    assert csv_answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_answer.text)))
    assert [(r["number"], r["title"], r["activities"]) for r in rows] == [
        ("1", "Land use, transport and climate/environment", "1"),
        ("2", "Value creation and competence", "4"),
        ("3", "Joint international promotion of the Oslo Region", "1"),
    ]
    assert (
        get(server, "/api/queries/focus-areas", format="tsv")
        .headers["Content-Type"]
        .startswith("text/tab-separated-values")
    )
    xml = get(server, "/api/queries/focus-areas", "application/sparql-results+xml")
    assert xml.status_code == 200 and "<sparql" in xml.text
    turtle = get(server, "/api/queries/strategy-outline", "text/turtle", strategy=PLAN)
    assert turtle.headers["Content-Type"].startswith("text/turtle") and "hasPart" in turtle.text
    assert "Accept" in get(server, "/api/queries/focus-areas").headers["Vary"]


def test_unacceptable_and_unknown_formats(server: RunningServer) -> None:
    assert get(server, "/api/queries/focus-areas", "image/png").status_code == 406
    # A SELECT answer is not RDF, a CONSTRUCT answer is not a result table.
    assert get(server, "/api/queries/focus-areas", "text/turtle").status_code == 406
    # As on /sparql: a `format` that does not fit the answer is not acceptable, and says what is.
    bad = get(server, "/api/queries/strategy-outline", strategy=PLAN, format="csv")
    assert bad.status_code == 406 and "format=csv" in bad.text and "text/turtle" in bad.text


def test_infer_false_leaves_entailments_out(server: RunningServer) -> None:
    full = get(server, "/api/queries/strategic-elements", SPARQL_JSON, strategy=PLAN)
    direct = get(server, "/api/queries/strategic-elements", SPARQL_JSON, strategy=PLAN, infer="false")
    # 26 elements in the document; the plan's direct parts are the vision, 6 roles and 3 areas.
    assert (len(plain(full.json())), len(plain(direct.json()))) == (26, 10)
    bad = get(server, "/api/queries/strategic-elements", strategy=PLAN, infer="maybe")
    assert bad.status_code == 400 and "parameter 'infer'" in bad.text


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("focus-area-activities", {"area": "x y"}, "parameter 'area'"),
        (
            "focus-area-activities",
            {"area": "http://example.org/a>b"},
            "parameter 'area': not an absolute IRI",
        ),
        ("focus-area-activities", {"area": "innsatsomrade-1"}, "parameter 'area': not an absolute IRI"),
        ("vision", {"lang": "de"}, "parameter 'lang': 'de' is not one of nb, en"),
        ("vision", {"colour": "red"}, "parameter 'colour': unknown parameter"),
        ("vision", {"strategy": f"{PLAN}> . ?s ?p ?o"}, "parameter 'strategy': not an absolute IRI"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(
    server: RunningServer, path: str, params: dict[str, str], words: str
) -> None:
    response = get(server, f"/api/queries/{path}", **params)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert words in response.text and "Traceback" not in response.text


def test_a_parameter_given_twice_is_refused(server: RunningServer) -> None:
    response = requests.get(f"{server.url}/api/queries/vision?lang=nb&lang=en", timeout=30)
    assert response.status_code == 400 and "parameter 'lang': given 2 times" in response.text


@pytest.mark.parametrize(
    "text",
    ['"} UNION { ?s ?p ?o }', "') } UNION { ?s ?p ?o } #", '""" } ?s ?p ?o {"""', "\\u0022 } { ?s ?p ?o"],
)
def test_injection_attempts_find_nothing(server: RunningServer, text: str) -> None:
    response = get(server, "/api/queries/search", SPARQL_JSON, text=text)
    assert response.status_code == 200
    assert plain(response.json()) == []


def test_unknown_query_is_404(server: RunningServer) -> None:
    response = get(server, "/api/queries/no-such-query")
    assert response.status_code == 404 and "no named query 'no-such-query'" in response.text


def test_openapi_document_is_valid_and_generated_from_the_headers(
    server: RunningServer, settings: Settings
) -> None:
    document = get(server, "/api/openapi.json").json()
    validate(document)
    queries = repository_queries(settings)
    assert set(document["paths"]) == {"/api/queries", *(f"/api/queries/{name}" for name in queries)}
    operation = document["paths"]["/api/queries/focus-area-activities"]["get"]
    area, lang, *_ = operation["parameters"]
    assert (area["name"], area["required"], area["schema"]) == (
        "area",
        False,
        {"type": "string", "format": "uri"},
    )
    parameter = queries["focus-area-activities"].parameter("area")
    assert parameter is not None
    assert area["example"] == parameter.example
    assert lang["schema"] == {
        "type": "string",
        "pattern": lang["schema"]["pattern"],
        "enum": ["nb", "en"],
        "default": "nb",
    }
    assert set(operation["responses"]["200"]["content"]) == {
        SPARQL_JSON,
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    }
    outline = document["paths"]["/api/queries/strategy-outline"]["get"]
    assert "text/turtle" in outline["responses"]["200"]["content"]
    assert document["servers"][0]["url"].startswith("http://127.0.0.1:")


def test_the_documentation_page_lists_every_query_with_a_working_example(
    server: RunningServer, settings: Settings
) -> None:
    page = get(server, "/api/")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for query in repository_queries(settings).values():
        assert query.title.replace("'", "&#39;") in page.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "no external assets or links"
    examples = re.findall(r'Example: <a href="([^"]+)"', page.text)
    assert len(examples) == len(repository_queries(settings))
    for example in examples:
        response = requests.get(urljoin(server.url, example.replace("&amp;", "&")), timeout=30)
        assert response.status_code == 200, example
