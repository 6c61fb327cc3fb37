"""The query page: a SPARQL editor served from this server's own files, with the example queries."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import requests

from tests.support.chromium import dump_dom
from tests.support.server import RunningServer, start_server
from tests.support.shared import PROJECT_DIR, write_project_file

HTML = {"Accept": "text/html"}
EXAMPLE = """#+ title: Focus areas in the document's order
#+ description: Every focus area with its Norwegian title.

PREFIX sgo: <https://w3id.org/strategigraf/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?position ?title WHERE {
  ?area a sgo:FocusArea ; sgo:position ?position ; skos:prefLabel ?title .
  FILTER (lang(?title) = "nb")
} ORDER BY ?position
"""


class Assets(HTMLParser):
    """The scripts and stylesheets a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_config: str | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("rel") == "stylesheet":
            self.urls.append(values["href"] or "")
        self._in_config = tag == "script" and values.get("id") == "kg-config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.inline_config = data
            self._in_config = False


@pytest.fixture(scope="module")
def project_with_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for folder in ("ontology", "data"):
        shutil.copytree(PROJECT_DIR / folder, project / folder)
    (project / "queries").mkdir()
    (project / "queries" / "focus-areas.rq").write_text(EXAMPLE, encoding="utf-8")
    (project / "queries" / "no-header.rq").write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    return write_project_file(project)


@pytest.fixture(scope="module")
def page_server(project_with_examples: Path) -> Iterator[RunningServer]:
    running = start_server("--no-validate", "--project-dir", str(project_with_examples))
    yield running
    running.stop()


def page(server: RunningServer) -> tuple[str, Assets]:
    response = requests.get(server.url + "/sparql", headers=HTML, timeout=10)
    assert response.status_code == 200
    assets = Assets()
    assets.feed(response.text)
    return response.text, assets


def test_editor_is_served_from_this_server(server: RunningServer) -> None:
    _html, assets = page(server)
    assert any(url.endswith("yasgui.min.js") for url in assets.urls), (
        "the SPARQL editor's files are missing: run `make assets`"
    )
    for url in assets.urls:
        absolute = urljoin(server.url + "/sparql", url)
        assert urlparse(absolute).netloc == urlparse(server.url).netloc, f"{url} is not on this server"
        response = requests.get(absolute, timeout=10)
        assert response.status_code == 200, url
        kind = "javascript" if url.endswith(".js") else "css"
        assert kind in response.headers["Content-Type"]
        assert len(response.content) > 1000 or url.startswith("/static/sparql/")


def test_examples_from_the_queries_folder(page_server: RunningServer) -> None:
    html, assets = page(page_server)
    assert "Focus areas in the document&#39;s order</button>" in html  # the title, escaped
    assert assets.inline_config is not None
    config = json.loads(assets.inline_config)
    assert config["endpoint"] == page_server.url + "/sparql"
    titles = [example["title"] for example in config["examples"]]
    assert titles == ["Focus areas in the document's order", "no-header"]
    assert config["examples"][0]["query"] == EXAMPLE


def test_example_queries_run_at_the_endpoint(page_server: RunningServer, seed_lines: list[str]) -> None:
    _html, assets = page(page_server)
    config = json.loads(assets.inline_config or "{}")
    response = requests.post(config["endpoint"], data={"query": config["examples"][0]["query"]}, timeout=10)
    titles = [row["title"]["value"] for row in response.json()["results"]["bindings"]]
    headings = [re.sub(r"^\d\. ", "", line) for line in seed_lines if re.match(r"^\d\. ", line)]
    assert len(titles) == len(headings) == 3
    assert titles[1] == headings[1]


def test_page_explains_the_limits(limited_server: RunningServer) -> None:
    html, _assets = page(limited_server)
    assert 'id="limits"' in html
    assert "2 s" in html
    assert "At most 5 result rows" in html


def test_the_page_opens_on_a_query_that_answers(server: RunningServer) -> None:
    """In a browser, the page runs its first example (a named query as written) and shows its rows."""
    _html, assets = page(server)
    first = json.loads(assets.inline_config or "{}")["examples"][0]["query"]
    answer = requests.post(server.url + "/sparql", data={"query": first}, timeout=30).json()
    rows = len(answer["results"]["bindings"])
    assert rows > 0
    dom = dump_dom(server.url + "/sparql", virtual_time_ms=20_000)
    assert f"{rows} results in" in dom
