"""`kg serve` as an operator meets it: options and their environment variables, refusing bad
data, extra graphs in every RDF syntax, start-up time and the access log."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.server import RunningServer, free_port, kg_command, start_server
from tests.support.shared import PROJECT_DIR, write_project_file

OPTIONS = [
    ("--host", "KG_HOST"),
    ("--port", "KG_PORT"),
    ("--workers", "KG_WORKERS"),
    ("--store", "KG_STORE"),
    ("--graph", "KG_GRAPH"),
    ("--validate", "KG_VALIDATE"),
    ("--query-timeout", "KG_QUERY_TIMEOUT"),
    ("--max-rows", "KG_MAX_ROWS"),
    ("--max-body", "KG_MAX_BODY"),
    ("--public-url", "KG_PUBLIC_URL"),
    ("--answer-cache", "KG_ANSWER_CACHE"),
    ("--project-dir", "KG_PROJECT_DIR"),
    ("--base-iri", "KG_BASE_IRI"),
]
#: One triple per syntax; each file becomes a named graph of its own.
GRAPH_FILES = {
    "extra.ttl": '@prefix ex: <http://example.org/> . ex:turtle ex:says "turtle" .\n',
    "extra.nt": '<http://example.org/ntriples> <http://example.org/says> "n-triples" .\n',
    "extra.rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/rdfxml"><ex:says>rdf/xml</ex:says></rdf:Description>\n'
        "</rdf:RDF>\n"
    ),
    "extra.jsonld": (
        '{"@context": {"says": "http://example.org/says"},'
        ' "@id": "http://example.org/jsonld", "says": "json-ld"}'
    ),
}


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    """`kg serve` expected to stop by itself (refusing to start)."""
    return subprocess.run(
        [*kg_command(), "serve", "--port", str(free_port()), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_documents_every_option_and_its_environment_variable() -> None:
    result = subprocess.run([*kg_command(), "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option, variable in OPTIONS:
        assert option in text
        assert variable in text


def test_environment_variables_configure_the_server(limited_server: RunningServer) -> None:
    # The limited server was started with KG_MAX_ROWS=5 and no flags for it.
    response = requests.get(
        limited_server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, timeout=10
    )
    assert response.headers["KG-Truncated"] == "5"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for folder in ("ontology", "data"):
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder)
    return write_project_file(tmp_path)


def test_refuses_to_serve_invalid_data(project_copy: Path) -> None:
    data = project_copy / "data" / "osloregionen-2017.ttl"
    # A typo in an ontology term: the ontology defines sgo:focusAreaOf, not sgo:focusAreaOff.
    data.write_text(data.read_text(encoding="utf-8").replace("sgo:focusAreaOf ", "sgo:focusAreaOff ", 1))
    result = run_serve("--project-dir", str(project_copy))
    assert result.returncode == 1
    assert "focusAreaOff" in result.stderr + result.stdout
    assert "not serving invalid data" in result.stderr


def test_refuses_to_serve_data_that_does_not_parse(project_copy: Path) -> None:
    data = project_copy / "data" / "osloregionen-2017.ttl"
    data.write_text(data.read_text(encoding="utf-8") + "\nthis is not turtle\n")
    result = run_serve("--project-dir", str(project_copy))
    assert result.returncode == 2
    assert "osloregionen-2017.ttl:" in result.stderr
    assert "syntax error" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://example.org/g", "expected IRI=FILE"),
        ("not-an-iri=README.md", "unknown RDF file type"),
        ("relative/iri=ontology/strategigraf.ttl", "not an absolute IRI"),
        ("http://example.org/g=missing.ttl", "no such file"),
    ],
)
def test_bad_graph_option_is_a_usage_error(value: str, message: str) -> None:
    result = run_serve("--graph", value)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.fixture(scope="module")
def server_with_graphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    folder = tmp_path_factory.mktemp("graphs")
    args = []
    for name, text in GRAPH_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
        args.append(f"--graph=http://example.org/graph/{name}={folder / name}")
    running = start_server(*args)  # validates the repository's graph too
    yield running
    running.stop()


def test_graphs_in_every_syntax_are_named_graphs(server_with_graphs: RunningServer) -> None:
    response = requests.get(
        server_with_graphs.url + "/sparql",
        params={"query": "SELECT ?g ?said { GRAPH ?g { ?s <http://example.org/says> ?said } }"},
        timeout=10,
    )
    said = {
        row["g"]["value"].rsplit("/", 1)[1]: row["said"]["value"]
        for row in response.json()["results"]["bindings"]
    }
    assert said == {
        "extra.ttl": "turtle",
        "extra.nt": "n-triples",
        "extra.rdf": "rdf/xml",
        "extra.jsonld": "json-ld",
    }


def test_start_up_time_and_access_log(server_with_graphs: RunningServer) -> None:
    requests.get(server_with_graphs.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    requests.get(server_with_graphs.url + "/sparql", params={"query": "ASK {"}, timeout=10)
    log = server_with_graphs.log()
    assert re.search(r"ready in \d+\.\d+ s", log)
    assert re.search(r'"GET /sparql\?query=ASK\+%7B%7D HTTP/1.1" 200 \d+ [\d.]+ms', log, re.IGNORECASE)
    assert re.search(r'"GET /sparql\?query=ASK\+%7B HTTP/1.1" 400 \d+ [\d.]+ms', log, re.IGNORECASE)


def test_start_up_says_each_phase_with_counts_and_time_when_stderr_is_no_terminal(
    server: RunningServer,
) -> None:
    # The server's stderr is a file here, as under systemd or docker: each phase still has its line.
    # The repository has one data file and one ontology file; kg adds its two subject vocabularies.
    # The downloads are prepared before the server is ready when they are kept from an earlier
    # start, else in the background after it (tests/test_background_preparation.py).
    log = server.log()
    preparing = r"preparing the download files and the catalogue"
    prepared = r"prepared 12 download files of \d+ statements and the catalogue in \d+\.\d s"
    ready = r"ready in \d+\.\d+ s"
    in_background = [preparing + r" in the background", prepared + r" \(in the background\)"]
    phases = [
        r"validated 1 data file in \d+\.\d s \(\d unchanged since the last run",
        r"read \d+ triples from 4 files in \d+\.\d s",
        r"inferred \d+ triples in \d+\.\d s",
        *(in_background if "in the background" in log else [preparing, prepared, ready]),
    ]
    inferred, said_ready = re.search(phases[2], log), re.search(ready, log)
    assert inferred and said_ready and inferred.start() < said_ready.start()
    found = [re.search(phase, log) for phase in phases]
    assert all(found), [phase for phase, match in zip(phases, found, strict=True) if not match]
    assert [match.start() for match in found if match] == sorted(match.start() for match in found if match)
