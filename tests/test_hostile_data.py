"""Hostile data: markup, script IRIs, bidi overrides and very long texts, validated, then served to a browser.

The data file is the repository's with hostile resources added (written
here, by hand). `kg validate` warns about the IRIs whose scheme is not a web
one, as the shapes say, and passes the rest (they are well-formed texts).
Every HTML page is then parsed (no script but the server's own, no event
handler attribute, no link with another scheme) and opened in headless
Chromium. The payloads would navigate to a loopback listener if they ever ran:
the hook is that listener, and it must never see a connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
import requests

from tests.support.chromium import anchors, dump_dom
from tests.support.listener import Listener
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.server import RunningServer, start_server


def hostile_turtle(hook: str) -> str:
    go = f"location.href='{hook}"
    script = f"<script>{go}/script'</script>"
    img = f'"><img src=x onerror="{go}/onerror\'">'
    bidi = "\u202eevil\u202c \u2067isolate\u2069 \u200fmark"
    long = "a" * 20_000
    js_actor = f"<javascript:{go}/actor'>"
    script_text, img_text = (text.replace('"', '\\"') for text in (script, img))
    return f"""
aktor:fiendtlig a sgo:ActorGroup ;
    skos:prefLabel "{script_text}"@nb , "{img_text}"@en ;
    dcterms:description "{bidi} {long}"@nb , "</textarea></title></style>{script_text}"@en ;
    skos:editorialNote "{{{{ 7*7 }}}} ${{7*7}} <!--"@nb , "]]> &amp; &lt;script&gt;"@en ;
    rdfs:seeAlso {js_actor} , <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 5 ;
    sgo:lastLine 5 .

{js_actor} a sgo:ActorGroup ;
    skos:prefLabel "javascript-aktør"@nb , "javascript actor"@en ;
    sgo:sourceText kilde:000_bad88d70322fed8d ;
    sgo:firstLine 5 ;
    sgo:lastLine 5 .

osr:innsatsomrade-1 sgo:involves aktor:fiendtlig , {js_actor} ;
    dcterms:references <javascript:{go}/references'> .
"""


@pytest.fixture(scope="module")
def hook() -> Iterator[Listener]:
    """Where a script from the data would navigate to, if one ever ran."""
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, hook: Listener) -> Project:
    copy = copy_project(tmp_path_factory.mktemp("hostile"))
    path = copy.path(DATA_FILE)
    text = path.read_text(encoding="utf-8")
    if "@prefix rdfs:" not in text:
        text = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + text
    path.write_text(text + hostile_turtle(hook.url), encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def hostile_server(project: Project) -> Iterator[RunningServer]:
    running = start_server("--project-dir", str(project.root))
    yield running
    running.stop()


def test_validate_warns_about_script_and_data_iris_and_passes_the_texts(project: Project) -> None:
    done = project.kg("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    assert "javascript:location.href" in report and "data:text/html;base64" in report
    assert "violation" not in report.split("valid:")[0]
    assert "warning A link to a web resource" in report
    assert "warning A described resource has an http: or https: IRI" in report


def _pages(server: RunningServer) -> list[str]:
    evil = quote("<script>x</script>")
    return [
        "/",
        "/?lang=en",
        "/doc/id/aktor/fiendtlig.html",
        "/doc/id/aktor/fiendtlig.html?lang=en",
        "/doc/id/osloregionen-2017/innsatsomrade-1.html",
        "/ontology",
        "/sparql",
        "/api/",
        "/download/",
        f"/doc/id/{evil}.html",
        f"/id/{evil}",
        f"/nothing/{evil}?lang={evil}",
        f"/api/queries/{evil}",
    ]


class _Scan(HTMLParser):
    """Scripts, event-handler attributes and link targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str]] = []
        self.handlers: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.scripts.append(found)
        self.handlers += [f"{tag} {name}" for name in found if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if name in found:
                self.links.append(found[name])


def test_every_page_escapes_the_hostile_data(hostile_server: RunningServer) -> None:
    for page in _pages(hostile_server):
        answer = requests.get(hostile_server.url + page, headers={"Accept": "text/html"}, timeout=30)
        assert answer.headers["X-Content-Type-Options"] == "nosniff", page
        if not answer.headers["Content-Type"].startswith("text/html"):
            assert answer.status_code in (400, 404), page  # error pages are plain text
            assert answer.headers["Content-Type"].startswith("text/plain"), page
            continue
        assert "script-src 'self'" in answer.headers["Content-Security-Policy"], page
        scan = _Scan()
        scan.feed(answer.text)
        assert not scan.handlers, (page, scan.handlers)
        for script in scan.scripts:  # the server's own files, or JSON data that never runs
            assert script.get("src", "").startswith("/static/") or script.get("type") == "application/json", (
                page
            )
        for link in scan.links:
            if link == "data:,":  # the query page's empty icon, from its template
                continue
            scheme = urlsplit(link).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), (page, link)
            assert not link.lstrip().lower().startswith("javascript"), (page, link)
    resource = requests.get(hostile_server.url + "/doc/id/aktor/fiendtlig.html", timeout=30).text
    assert "&lt;script&gt;location.href" in resource  # shown as text, escaped
    shown = [anchor for anchor in anchors(resource) if anchor.text == "javascript-aktør"]
    assert shown and all("href" not in anchor.attrs for anchor in shown)  # there, as text, not a link


def test_a_browser_runs_nothing_from_the_data(hostile_server: RunningServer, hook: Listener) -> None:
    for page in _pages(hostile_server):
        kind = requests.head(hostile_server.url + page, headers={"Accept": "text/html"}, timeout=30)
        if not kind.headers["Content-Type"].startswith("text/html"):
            continue  # plain-text errors with nosniff: a browser runs nothing in them
        scan = _Scan()
        scan.feed(dump_dom(hostile_server.url + page))  # the document as the browser built it
        assert not scan.handlers, (page, scan.handlers)
    assert hook.arrived_so_far() == []
