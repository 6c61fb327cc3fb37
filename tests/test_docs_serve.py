"""`kg serve` shows the built documentation under /docs/: real HTTP against running servers.

One server is given a site built for the test (`--docs-site`), one a folder without a site: the
first serves every page and everything the pages link to, the second answers 404 and its front
page does not link to documentation it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.support.chromium import dom_and_console, evaluate_when
from tests.support.server import TRAVERSALS, RunningServer, raw_get, start_server


@pytest.fixture(scope="module")
def with_docs(docs_site: Path) -> Iterator[RunningServer]:
    running = start_server("--no-validate", "--docs-site", str(docs_site))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def without_docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    empty = tmp_path_factory.mktemp("no-site")
    running = start_server("--no-validate", env={"KG_DOCS_SITE": str(empty)})
    yield running
    running.stop()


class Links(HTMLParser):
    """Every URL a page links to or loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("href", "src") and value)


def test_the_site_is_served_under_docs(with_docs: RunningServer, docs_site: Path) -> None:
    moved = requests.get(with_docs.url + "/docs", allow_redirects=False, timeout=10)
    assert moved.status_code == 301 and moved.headers["Location"] == with_docs.url + "/docs/"
    home = requests.get(with_docs.url + "/docs/", timeout=10)
    assert home.status_code == 200 and home.headers["Content-Type"].startswith("text/html")
    assert home.content == (docs_site / "index.html").read_bytes()
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]
    folder = requests.get(with_docs.url + "/docs/steward", allow_redirects=False, timeout=10)
    assert folder.status_code == 301 and folder.headers["Location"] == with_docs.url + "/docs/steward/"
    index = requests.get(with_docs.url + "/docs/steward/", timeout=10)
    assert index.content == (docs_site / "steward" / "index.html").read_bytes()
    cached = {"If-None-Match": home.headers["ETag"]}
    assert requests.get(with_docs.url + "/docs/", headers=cached, timeout=10).status_code == 304
    missing = requests.get(with_docs.url + "/docs/steward/no-such-page.html", timeout=10)
    assert missing.status_code == 404 and missing.content == (docs_site / "404.html").read_bytes()
    assert 'href="/docs/steward/editing.html"' in missing.text  # from any depth: the site's own paths


def test_every_link_of_every_page_works_under_docs(with_docs: RunningServer, docs_site: Path) -> None:
    """The pages link relatively (no site URL is built in), so under /docs/ each link must land."""
    checked: dict[str, int] = {}
    for page in sorted(docs_site.rglob("*.html")):
        url = f"{with_docs.url}/docs/{page.relative_to(docs_site).as_posix()}"
        links = Links()
        links.feed(requests.get(url, timeout=10).text)
        for link in links.urls:
            target = urljoin(url, link).split("#")[0]
            if urlsplit(target).netloc != urlsplit(with_docs.url).netloc or target in checked:
                continue
            checked[target] = requests.get(target, timeout=10).status_code
    assert len(checked) > 40
    assert {target: status for target, status in checked.items() if status != 200} == {}


@pytest.mark.parametrize("probe", [*TRAVERSALS, "/etc/passwd", "%2fetc%2fpasswd", "..", "%2e%2e/"])
def test_no_path_reaches_outside_the_site(with_docs: RunningServer, probe: str) -> None:
    raw = raw_get(with_docs.url, "/docs/" + probe)
    status = int(raw.split(b" ", 2)[1])
    assert status in (308, 400, 404), (probe, raw[:300])
    if status == 308:  # werkzeug merges the slashes of /docs//x: a redirect to /docs/x, inside the site
        assert f"Location: {with_docs.url}/docs/".encode() in raw
    assert b"root:" not in raw and b"[project]" not in raw and b"PROJECT_DIR" not in raw


@pytest.mark.parametrize("page", ["index.html", "reference/cli.html", "steward/editing.html?q=validate"])
def test_pages_run_within_the_servers_csp(with_docs: RunningServer, page: str) -> None:
    """In a browser, under the server's Content-Security-Policy: nothing refused, no script error,
    and the theme's scripts run (a search term in the address opens the search box)."""
    dom, console = dom_and_console(f"{with_docs.url}/docs/{page}", virtual_time_ms=3000)
    # The search worker logs its progress; a refusal or an error says so in its words.
    problems = re.compile(r"Refused|Content Security Policy|Uncaught|Error")
    assert [line for line in console if problems.search(line)] == []
    assert ('class="modal-open"' in dom) == ("?q=" in page)


def test_the_search_finds_pages_in_the_browser(with_docs: RunningServer) -> None:
    """MkDocs' search (lunr.js in a web worker, under the CSP): a term in the address is searched
    at once. Virtuoso is named most on the page about using your own store."""
    results = "document.getElementById('mkdocs-search-results').innerText"
    found = evaluate_when(f"{with_docs.url}/docs/index.html?q=virtuoso", results)
    assert "Using your own SPARQL store" in found


def test_the_front_page_links_to_the_documentation(with_docs: RunningServer) -> None:
    page = requests.get(with_docs.url + "/?lang=en", timeout=10).text
    assert f'<a href="{with_docs.url}/docs/">Documentation</a>' in page


def test_without_a_built_site_docs_is_not_found(without_docs: RunningServer) -> None:
    for path in ("/docs", "/docs/", "/docs/index.html", "/docs/steward/"):
        answer = requests.get(without_docs.url + path, allow_redirects=False, timeout=10)
        assert answer.status_code == 404, path
    page = requests.get(without_docs.url + "/", timeout=10).text
    assert "/docs/" not in page
