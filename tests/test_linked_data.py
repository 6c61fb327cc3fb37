"""Every IRI of the graph dereferences on the server (docs/integrator/linked-data.md).

The mapping under test is the documented one: the base IRI stands for the
server's root ({base}id/x -> /id/x), the ontology's hash IRIs for /ontology.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag

import pytest
import rdflib
import requests
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS, Namespace
from rdflib.term import Node

from kg.foundation.namespaces import SGO
from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from tests.support.reference import file_graphs, subject_vocabularies, union
from tests.support.server import RunningServer
from tests.support.shared import PROJECT_DIR

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
AREA_1 = PLAN + "/innsatsomrade-1"
SGO_NS = Namespace(SGO)


def url_of(iri: str, settings: Settings, server: RunningServer) -> str:
    if iri.startswith(SGO) or iri == settings.ontology_iri:
        return server.url + "/ontology"
    return server.url + "/" + iri.removeprefix(settings.base_iri)


def our_subjects(settings: Settings) -> list[str]:
    """Subject IRIs of the repository's graphs that this server is the home of.

    Terms of other vocabularies (foaf:Agent, dcterms:isPartOf, ...) that the
    ontology declares are subjects too, but dereference at their owners.
    """
    graph = union(file_graphs(settings))
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    return sorted(s for s in subjects if s.startswith(settings.base_iri) or s.startswith(SGO))


def test_every_subject_dereferences_as_html_and_turtle(server: RunningServer, settings: Settings) -> None:
    graph = union(file_graphs(settings))
    subjects = our_subjects(settings)
    # The document's resources: plan, vision, 3 directions, 6 roles, 3 focus areas, 6 activities,
    # 5 themes, 2 means, the period, 2 referenced documents, 7 actors and the source text.
    assert len([s for s in subjects if s.startswith(settings.resource_base)]) == 38
    for url in sorted({url_of(iri, settings, server) for iri in subjects}):
        page = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200, url
        assert page.headers["Content-Type"].startswith("text/html"), url
        turtle = requests.get(url, headers={"Accept": "text/turtle"}, timeout=30)
        assert turtle.status_code == 200, url
        assert turtle.headers["Content-Type"].startswith("text/turtle"), url
        described = rdflib.Graph().parse(data=turtle.content, format="turtle")
        for iri in subjects:
            if url_of(iri, settings, server) == url:
                # Every statement the files make about the resource is in its description.
                for p, o in graph.predicate_objects(URIRef(iri)):
                    if not isinstance(o, rdflib.BNode):
                        assert (URIRef(iri), p, o) in described, (iri, p, o)


def test_resource_iri_answers_303_to_its_document(server: RunningServer) -> None:
    for accept, extension in (
        ("text/html", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
    ):
        answer = requests.get(
            f"{server.url}/id/osloregionen-2017", headers={"Accept": accept}, allow_redirects=False
        )
        assert answer.status_code == 303
        assert answer.headers["Location"] == f"{server.url}/doc/id/osloregionen-2017.{extension}"
        assert "Accept" in answer.headers["Vary"]


def test_description_holds_statements_links_in_and_labels(server: RunningServer, settings: Settings) -> None:
    """A focus area's description: its statements, the links to it, and labels of both ends."""
    answer = requests.get(
        f"{server.url}/id/osloregionen-2017/innsatsomrade-1", headers={"Accept": "text/turtle"}
    )
    described = rdflib.Graph().parse(data=answer.content, format="turtle")
    files = union(file_graphs(settings))
    area = URIRef(AREA_1)
    expected = rdflib.Graph()
    for triple in files.triples((area, None, None)):
        expected.add(triple)
    others: set[Node] = {o for o in files.objects(area) if isinstance(o, URIRef)}
    for subject, prop in files.subject_predicates(area):
        expected.add((subject, prop, area))
        others.add(subject)
    named = files + subject_vocabularies(settings)  # the area's subjects are named there
    for other in others:
        for prop in (SKOS.prefLabel, DCTERMS.title, RDFS.label, FOAF.name):
            for label in named.objects(other, prop):
                expected.add((other, prop, label))
    assert isomorphic(described, expected)
    # Written by hand from the source text: activity 1.1 (line 32) points to the area.
    activity = URIRef(AREA_1.replace("innsatsomrade-1", "aktivitet-1.1"))
    assert (activity, SGO_NS.activityOf, area) in described
    assert answer.headers["Link"] == f'<{AREA_1}>; rel="describes"'


def test_plan_page_lists_its_focus_areas_in_order(server: RunningServer) -> None:
    page = requests.get(f"{server.url}/id/osloregionen-2017", headers={"Accept": "text/html"}).text
    section = page[page.index('data-property="' + str(SGO_NS.focusAreaOf)) :]
    section = section[: section.index("</ol>")]
    # Lines 31, 44 and 52 of the source text, in that order, under the inverse relation's name.
    names = [
        "Areal, transport og klima/miljø",
        "Verdiskaping og kompetanse",
        "Felles internasjonal profilering",
    ]
    positions = [section.index(name) for name in names]
    assert positions == sorted(positions)
    # The relations in the text's order: the vision (line 9), roles (17), focus areas (31).
    headings = [
        page.index(f">{name}</a></h3>")
        for name in ("har visjon", "har rolle eller arbeidsform", "har innsatsområde")
    ]
    assert headings == sorted(headings)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _crawl(server: RunningServer, settings: Settings, accept: str) -> set[str]:
    """The resource IRIs a client reaches from the plan, following only links in what it is given."""
    reached: set[str] = set()
    queue = [server.url + "/id/osloregionen-2017"]
    seen = set(queue)
    while queue:
        answer = requests.get(queue.pop(), headers={"Accept": accept}, timeout=30)
        assert answer.status_code == 200, answer.url
        iri = answer.headers["Link"].partition(">")[0].lstrip("<")
        reached.add(iri)
        if accept == "text/turtle":
            graph = rdflib.Graph().parse(data=answer.content, format="turtle")
            found = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
            links = {url_of(i, settings, server) for i in found if i.startswith(settings.resource_base)}
        else:
            parser = _Links()
            parser.feed(answer.text)
            # Links to resources (/id/...); /doc/ links are the same description in other formats.
            links = {urldefrag(h)[0] for h in parser.hrefs if h.startswith(server.url + "/id/")}
        for link in sorted(links - seen):
            seen.add(link)
            queue.append(link)
    return reached


@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_a_crawler_reaches_every_resource_from_the_plan(
    server: RunningServer, settings: Settings, accept: str
) -> None:
    data = file_graphs(settings)[settings.data_graph]
    resources = {str(s) for s in data.subjects() if isinstance(s, URIRef)}
    assert len(resources) == 38  # see test_every_subject_dereferences_as_html_and_turtle
    assert resources <= _crawl(server, settings, accept)


@pytest.mark.parametrize(
    ("accept", "parser"), [("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]
)
def test_description_in_other_formats(server: RunningServer, accept: str, parser: str) -> None:
    answer = requests.get(f"{server.url}/id/osloregionen-2017/innsatsomrade-1", headers={"Accept": accept})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(accept)
    described = rdflib.Graph().parse(data=answer.content, format=parser)
    # Focus area 1 as the source text names it (line 31).
    assert (
        URIRef(AREA_1),
        SKOS.prefLabel,
        Literal("Areal, transport og klima/miljø", lang="nb"),
    ) in described


def test_page_shows_texts_links_and_source_lines(server: RunningServer) -> None:
    page = requests.get(
        f"{server.url}/id/osloregionen-2017/innsatsomrade-1", headers={"Accept": "text/html"}
    ).text
    assert "Areal, transport og klima/miljø" in page  # nb, line 31
    assert "Land use, transport and climate/environment" in page  # en
    # It comes from lines 31-42 of the source text, which is linked.
    assert "31–42" in page and f'href="{server.url}/id/kilde/000_bad88d70322fed8d"' in page
    # Outgoing: the plan; incoming: its activity (line 32-33).
    assert f'href="{server.url}/id/osloregionen-2017"' in page
    assert f'href="{server.url}/id/osloregionen-2017/aktivitet-1.1"' in page
    assert f'href="{server.url}/ontology#FocusArea"' in page


def test_page_in_english(server: RunningServer) -> None:
    page = requests.get(f"{server.url}/id/osloregionen-2017/innsatsomrade-2?lang=en").text
    assert '<html lang="en">' in page
    assert "<h1>Value creation and competence</h1>" in page
    assert f'href="{server.url}/id/osloregionen-2017/aktivitet-2.1?lang=en"' in page


def test_unknown_resources_are_404(server: RunningServer) -> None:
    for path in (
        "/id/osloregionen-2017/innsatsomrade-9",
        "/doc/id/nothing.ttl",
        "/graph/nothing",
        "/doc/id/x.exe",
    ):
        answer = requests.get(server.url + path, headers={"Accept": "text/turtle"}, allow_redirects=False)
        assert answer.status_code == 404, path
        assert "Traceback" not in answer.text


def test_iris_that_are_not_iris_never_reach_a_query(server: RunningServer) -> None:
    for path in ("/id/x%3E%20%3Fp%20%3Fo%20%7D%20%23", "/doc/id/x%3E%7B.ttl", "/id/a%20b"):
        answer = requests.get(server.url + path, headers={"Accept": "text/turtle"}, allow_redirects=False)
        assert answer.status_code == 404, path


def test_unacceptable_format_is_406(server: RunningServer) -> None:
    answer = requests.get(
        f"{server.url}/id/osloregionen-2017", headers={"Accept": "image/png"}, allow_redirects=False
    )
    assert answer.status_code == 406


def test_named_graphs_dereference_to_their_content(server: RunningServer, settings: Settings) -> None:
    for iri, expected in file_graphs(settings).items():
        url = url_of(iri, settings, server)
        answer = requests.get(url, headers={"Accept": "text/turtle"}, timeout=30)
        assert answer.status_code == 200 and "Accept" in answer.headers["Vary"]
        assert isomorphic(rdflib.Graph().parse(data=answer.content, format="turtle"), expected), iri
        page = requests.get(url, headers={"Accept": "text/html"}, timeout=30)
        assert f"{len(expected)} " in page.text


def test_ontology_term_iris_reach_their_documentation(server: RunningServer) -> None:
    url, fragment = urldefrag(SGO + "FocusArea")
    assert fragment == "FocusArea"
    page = requests.get(
        url_of(url, project_settings(PROJECT_DIR), server), headers={"Accept": "text/html"}, timeout=30
    )
    assert 'id="FocusArea"' in page.text
