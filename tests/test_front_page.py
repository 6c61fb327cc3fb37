"""The front page, rendered in headless Chromium: every box of the strategy is there and links to its page.

The boxes expected are the resources of data/osloregionen-2017.ttl (read with
rdflib); the titles checked by name are those of the source text
(../shared/seeds/000_bad88d70322fed8d.txt, lines 31, 44, 52, 32-33 and 53).
A screenshot of each language is kept in test-artifacts/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF
from rdflib.namespace import DCTERMS, ORG, SKOS
from rdflib.term import Node

from kg.foundation.namespaces import SGO as SGO_IRI
from kg.foundation.settings import Settings
from tests.support import rdf
from tests.support.chromium import Anchor, anchors, dump_dom, screenshot
from tests.support.server import RunningServer
from tests.support.shared import PROJECT_DIR

SGO = rdflib.Namespace(SGO_IRI)
ARTIFACTS = Path(os.environ.get("KG_TEST_LOGS", PROJECT_DIR / "test-artifacts"))

#: What the page must draw, by box kind: the classes of the resources in each.
KINDS = {
    "focus-area": (SGO.FocusArea,),
    "activity": (SGO.Activity,),
    "theme": (SGO.Theme,),
    "means": (SGO.Means,),
    "document": (SGO.StrategyDocument,),
    "actor": (SGO.CooperationAlliance, SGO.ActorGroup, ORG.Organization),
    "vision": (SGO.Vision,),
    "direction": (SGO.VisionDirection,),
    "working-method": (SGO.WorkingMethod,),
}


@pytest.fixture(scope="module")
def data(settings: Settings) -> rdflib.Graph:
    return rdflib.Graph().parse(settings.data_dir / "osloregionen-2017.ttl")


@pytest.fixture(scope="module", params=["nb", "en"])
def page(request: pytest.FixtureRequest, server: RunningServer) -> tuple[str, str]:
    """(language, the DOM after rendering) of the front page, with a screenshot kept."""
    language = request.param
    url = f"{server.url}/" + ("" if language == "nb" else "?lang=en")
    screenshot(url, ARTIFACTS / f"front-page-{language}.png")
    return language, dump_dom(url)


@pytest.fixture(scope="module")
def rendered(page: tuple[str, str]) -> tuple[str, list[Anchor]]:
    language, dom = page
    return language, anchors(dom)


def label(data: rdflib.Graph, node: Node, language: str) -> str:
    for prop in (SKOS.prefLabel, DCTERMS.title):
        for value in data.objects(node, prop):
            if rdf.language(value) == language:
                return str(value)
    raise AssertionError(f"{node} has no {language} label")


def test_every_box_is_drawn_and_links_to_its_page(
    rendered: tuple[str, list[Anchor]], data: rdflib.Graph, server: RunningServer, settings: Settings
) -> None:
    language, found = rendered
    boxes = {
        (a.attrs.get("data-kind"), a.attrs.get("data-iri")): a
        for a in found
        if "box" in a.attrs.get("class", "")
    }
    for kind, classes in KINDS.items():
        expected = {
            s
            for cls in classes
            for s in data.subjects(RDF.type, cls)
            if (s, RDF.type, SGO.StrategicPlan) not in data
        }
        assert expected, kind
        for node in expected:
            box = boxes.get((kind, str(node)))
            assert box is not None, (kind, node)
            suffix = "" if language == "nb" else "?lang=en"
            assert box.attrs["href"] == server.url + "/" + str(node).removeprefix(settings.base_iri) + suffix
            assert label(data, node, language) in box.text, (kind, node, box.text)


def test_the_three_focus_areas_in_the_documents_order(rendered: tuple[str, list[Anchor]]) -> None:
    language, found = rendered
    areas = [a.text for a in found if a.attrs.get("data-kind") == "focus-area"]
    if language == "nb":
        assert areas == [
            "1. Areal, transport og klima/miljø",
            "2. Verdiskaping og kompetanse",
            "3. Felles internasjonal profilering av Osloregionen",
        ]
    else:
        assert [area.split(" ", 1)[0] for area in areas] == ["1.", "2.", "3."]


def test_referenced_documents_hang_below_the_activities_that_follow_them_up(
    rendered: tuple[str, list[Anchor]],
) -> None:
    language, found = rendered
    references = [a.text for a in found if a.attrs.get("data-kind") == "document-ref"]
    if language == "nb":
        assert references == [
            "Samordnet areal- og transportstrategi for Osloregionen",
            "Internasjonal profileringsstrategi for Osloregionen",
        ]
    assert len(references) == 2


def test_ways_into_the_data_are_linked(rendered: tuple[str, list[Anchor]], server: RunningServer) -> None:
    _language, found = rendered
    targets = {a.attrs.get("href", "").split("?")[0] for a in found}
    for path in ("/sparql", "/api/", "/catalog", "/download/", "/ontology", "/.well-known/void"):
        assert server.url + path in targets, path
    assert (ARTIFACTS / "front-page-nb.png").stat().st_size > 10_000


def test_where_the_scan_is_cut_off_the_picture_says_so(page: tuple[str, str]) -> None:
    """The scan ends inside focus area 3 and its one activity (lines 52-56): both are marked."""
    language, dom = page
    marked = re.findall(r'data-truncated="([^"]+)"', dom)
    plan = "https://w3id.org/strategigraf/id/osloregionen-2017/"
    assert sorted(marked) == [plan + "aktivitet-3.1", plan + "innsatsomrade-3"]
    assert ("kildeteksten slutter her" if language == "nb" else "the source text ends here") in dom
