"""The Osloregionen data says what the source document says.

Expected values here were read from ../shared/seeds/000_bad88d70322fed8d.txt
by hand; the texts are compared with the seed lines they cite.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from kg.foundation.namespaces import SGO as SGO_NS
from kg.foundation.settings import Settings
from tests.support.rdf import language, literal

SGO = rdflib.Namespace(SGO_NS)
ID = rdflib.Namespace("https://w3id.org/strategigraf/id/")
OSR = rdflib.Namespace("https://w3id.org/strategigraf/id/osloregionen-2017/")
PLAN = ID["osloregionen-2017"]


@pytest.fixture(scope="module")
def graph(settings: Settings) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(settings.data_dir / "osloregionen-2017.ttl")
    return g


def texts(graph: rdflib.Graph, node: Node, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language == lang]


def ordered(graph: rdflib.Graph, parent: Node, link: URIRef) -> list[Node]:
    children = list(graph.subjects(link, parent))
    return sorted(children, key=lambda c: int(literal(graph.value(c, SGO.position))))


def test_three_numbered_focus_areas_with_their_titles(graph: rdflib.Graph) -> None:
    areas = ordered(graph, PLAN, SGO.focusAreaOf)
    assert [texts(graph, a, SKOS.prefLabel, "nb") for a in areas] == [
        ["Areal, transport og klima/miljø"],
        ["Verdiskaping og kompetanse"],
        ["Felles internasjonal profilering av Osloregionen"],
    ]


def test_activities_per_focus_area_as_the_text_nests_them(graph: rdflib.Graph) -> None:
    areas = ordered(graph, PLAN, SGO.focusAreaOf)
    counts = [len(list(graph.subjects(SGO.activityOf, area))) for area in areas]
    assert counts == [1, 4, 1]
    (area1_activity,) = graph.subjects(SGO.activityOf, areas[0])
    (area3_activity,) = graph.subjects(SGO.activityOf, areas[2])
    assert len(list(graph.subjects(SGO.themeOf, area1_activity))) == 5
    assert len(list(graph.subjects(SGO.meansOf, area3_activity))) == 2


def test_area_two_activities_in_document_order(graph: rdflib.Graph) -> None:
    activities = ordered(graph, OSR["innsatsomrade-2"], SGO.activityOf)
    first_words = [texts(graph, a, SKOS.prefLabel, "nb")[0].split()[0:2] for a in activities]
    assert first_words == [
        ["Kartlegge", "regionale"],
        ["Støtte", "opp"],
        ["Arbeide", "for"],
        ["Arbeide", "for"],
    ]


def test_six_roles_and_working_methods(graph: rdflib.Graph) -> None:
    roles = ordered(graph, PLAN, SGO.workingMethodOf)
    assert [texts(graph, r, SKOS.prefLabel, "nb")[0] for r in roles] == [
        "skape møteplasser og nettverk",
        "styrke felles identitet",
        "drive erfaringsoverføring og kunnskapsutvikling",
        "utvikle felles holdninger og strategier",
        "ha dialog med og påvirke nasjonale myndigheter",
        "samarbeide og bygge nettverk med andre organisasjoner",
    ]


def test_vision_and_its_three_directions(graph: rdflib.Graph) -> None:
    (vision,) = graph.subjects(SGO.visionOf, PLAN)
    assert texts(graph, vision, SKOS.prefLabel, "nb") == [
        "Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."
    ]
    directions = ordered(graph, vision, SGO.underpins)
    assert [texts(graph, d, SKOS.prefLabel, "nb")[0] for d in directions][1] == "sterkere byer/byklynger"
    assert len(directions) == 3


def test_referenced_documents_with_years(graph: rdflib.Graph) -> None:
    found = {
        str(graph.value(d, DCTERMS.title)): str(graph.value(d, DCTERMS.issued))
        for d in graph.subjects(RDF.type, SGO.StrategyDocument)
    }
    assert found == {
        "Samordnet areal- og transportstrategi for Osloregionen": "2016",
        "Internasjonal profileringsstrategi for Osloregionen": "2015",
    }


def test_period_and_plan_metadata(graph: rdflib.Graph) -> None:
    period = graph.value(PLAN, SGO.period)
    assert (
        str(graph.value(period, rdflib.URIRef("http://www.w3.org/ns/dcat#startDate"))),
        str(graph.value(period, rdflib.URIRef("http://www.w3.org/ns/dcat#endDate"))),
    ) == ("2017", "2020")
    assert str(graph.value(PLAN, SGO.inEffectFrom)) == "2017"
    assert texts(graph, PLAN, DCTERMS.title, "nb") == ["Strategiske føringer og tematiske innsatsområder"]


def test_truncation_is_recorded_not_guessed(graph: rdflib.Graph) -> None:
    truncated = set(graph.subjects(SGO.truncatedInSource, Literal(True)))
    assert OSR["innsatsomrade-3"] in truncated
    assert OSR["aktivitet-3.1"] in truncated
    assert (None, SGO.isTruncated, Literal(True)) in graph


def test_every_text_has_one_nb_and_one_en(graph: rdflib.Graph) -> None:
    for subject, prop in {(s, p) for s, p, o in graph if isinstance(o, Literal) and o.language}:
        languages = sorted((language(o) for o in graph.objects(subject, prop)), key=str)
        assert languages == ["en", "nb"], (subject, prop, languages)


def _fold(text: str) -> str:
    """Letters only, with the letters the scan damages (æ ø å and their OCR forms) dropped."""
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^bcdfhjklmnpqrstvwxyz]", "", text)


def test_every_norwegian_text_is_on_the_lines_it_cites(graph: rdflib.Graph, seed_lines: list[str]) -> None:
    """Each nb text matches the cited lines of the scan, once OCR damage is folded away."""
    checked = 0
    for subject in set(graph.subjects(SGO.firstLine, None)):
        first = int(literal(graph.value(subject, SGO.firstLine)))
        last = int(literal(graph.value(subject, SGO.lastLine)))
        cited = _fold(" ".join(seed_lines[first - 1 : last]))
        for prop in (SKOS.prefLabel, DCTERMS.title, DCTERMS.description):
            for text in texts(graph, subject, prop, "nb"):
                folded = _fold(text)
                blocks = difflib.SequenceMatcher(None, folded, cited, autojunk=False).get_matching_blocks()
                matched = sum(block.size for block in blocks)
                assert matched >= 0.95 * len(folded), (subject, prop, text, first, last)
                checked += 1
    assert checked >= 40
