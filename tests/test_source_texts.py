"""Source texts are resources: served as text, shown line by line, linked to exactly (issue #14).

Expected lines are read by hand from ../shared/seeds/000_bad88d70322fed8d.txt:
the vision is line 9, the sentence elaborating it lines 11-13.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests
from rdflib.namespace import Namespace

from kg.foundation.namespaces import SGO
from kg.foundation.settings import Settings
from tests.support.chromium import dump_dom
from tests.support.rdf import literal
from tests.support.reference import file_graphs
from tests.support.server import RunningServer

SOURCE = "/id/kilde/000_bad88d70322fed8d"
SGO_NS = Namespace(SGO)


def test_source_text_is_served_as_its_exact_bytes(server: RunningServer, shared_dir: Path) -> None:
    answer = requests.get(server.url + SOURCE, headers={"Accept": "text/plain"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.content == (shared_dir / "seeds" / "000_bad88d70322fed8d.txt").read_bytes()
    assert answer.url == server.url + "/doc" + SOURCE + ".txt"


def test_source_text_page_shows_numbered_lines(server: RunningServer, seed_lines: list[str]) -> None:
    page = requests.get(server.url + SOURCE, headers={"Accept": "text/html"}, timeout=30).text
    assert '<li id="L56">' in page and '<li id="L57">' not in page
    assert f'<li id="L9">{seed_lines[8]}</li>' in page
    assert 'src="' + server.url + '/static/lines.js"' in page and "<script>" not in page


def test_every_element_page_links_to_exactly_its_lines(server: RunningServer, settings: Settings) -> None:
    data = file_graphs(settings)[settings.data_graph]
    elements = sorted(set(data.subjects(SGO_NS.firstLine, None)), key=str)
    assert len(elements) >= 30
    for element in elements:
        first = int(literal(data.value(element, SGO_NS.firstLine)))
        last = int(literal(data.value(element, SGO_NS.lastLine)))
        source = str(data.value(element, SGO_NS.sourceText)).removeprefix(settings.base_iri)
        page = requests.get(server.url + "/" + str(element).removeprefix(settings.base_iri), timeout=30).text
        links = re.findall(r'class="lines" href="([^"]*)"', page)
        assert links == [f"{server.url}/{source}#line={first - 1},{last}"], element


def test_fragment_highlights_the_lines_in_a_browser(server: RunningServer, seed_lines: list[str]) -> None:
    """The vision's page links to lines 9-13; following that link shows exactly them highlighted."""
    page = requests.get(server.url + "/id/osloregionen-2017/visjon", timeout=30).text
    (link,) = re.findall(r'class="lines" href="([^"]*)"', page)
    assert link.endswith("#line=8,13")
    dom = dump_dom(link)
    highlighted = re.findall(r'<li id="L(\d+)" class="highlight">([^<]*)</li>', dom)
    assert [int(number) for number, _ in highlighted] == [9, 10, 11, 12, 13]
    assert highlighted[0][1] == seed_lines[8]  # «Osloregionen skal veere en konkurransedyktig ...»


def test_other_resources_have_no_text_format(server: RunningServer) -> None:
    answer = requests.get(
        server.url + "/id/osloregionen-2017", headers={"Accept": "text/plain"}, allow_redirects=False
    )
    assert answer.status_code == 406
    assert requests.get(server.url + "/doc/id/osloregionen-2017.txt", timeout=30).status_code == 404
