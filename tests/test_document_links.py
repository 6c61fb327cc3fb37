"""A referenced document whose title and year are a plan's is linked to that plan when kg loads.

In examples/: Lysvik's plan of 2023 (sources line 34) and the regional council's strategy
(line 22) follow up «Regional planstrategi for Fjordmark» (2020), and the county's plan in the
graph is «Regional planstrategi for Fjordmark 2020–2024», in effect from 2020. The other two
documents followed up, «Regional plan for klima og energi i Fjordmark» (2018) and
«Reiselivsstrategi for Indre Fjordmark» (2019), are plans of no one in the graph.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, RDF, SGO, XSD
from kg.foundation.project_settings import project_settings
from kg.load.document_links import IS_PLAN, REFERENCED_AS, document_links
from kg.load.repository import load_repository
from kg.store import OxigraphStore
from tests.support.shared import PROJECT_DIR

ID = "https://strategier.fjordmark.example/id/"


def test_the_examples_link_the_county_plan() -> None:
    settings = project_settings(PROJECT_DIR / "examples")
    store = OxigraphStore()
    load_repository(store, settings)
    inferred = set(store.graph_triples(settings.inferred_graph))
    links = {t for t in inferred if t.predicate in (IS_PLAN, REFERENCED_AS)}
    document = ox.NamedNode(f"{ID}dokument/regional-planstrategi-for-fjordmark-2020")
    plan = ox.NamedNode(f"{ID}fjordmark-fylkeskommune-2020")
    assert links == {ox.Triple(document, IS_PLAN, plan), ox.Triple(plan, REFERENCED_AS, document)}
    # the links are kg's, not the stewards': the data graph does not hold them
    assert not [t for t in store.graph_triples(settings.data_graph) if t.predicate == IS_PLAN]


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"https://example.org/{name}")


def _plan(name: str, title: str, year: str) -> list[ox.Triple]:
    node = _n(name)
    return [
        ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(SGO + "StrategicPlan")),
        ox.Triple(node, ox.NamedNode(DCTERMS + "title"), ox.Literal(title, language="nb")),
        ox.Triple(
            node, ox.NamedNode(SGO + "inEffectFrom"), ox.Literal(year, datatype=ox.NamedNode(XSD + "gYear"))
        ),
    ]


def _document(name: str, title: str, year: str) -> list[ox.Triple]:
    node = _n(name)
    return [
        ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(SGO + "StrategyDocument")),
        ox.Triple(node, ox.NamedNode(DCTERMS + "title"), ox.Literal(title, language="nb")),
        ox.Triple(
            node, ox.NamedNode(DCTERMS + "issued"), ox.Literal(year, datatype=ox.NamedNode(XSD + "gYear"))
        ),
    ]


def test_case_punctuation_and_the_period_in_a_title_do_not_matter() -> None:
    triples = [
        *_plan("p", "Kulturplan for Dalby: 2018-2021", "2018"),
        *_document("d", "KULTURPLAN FOR DALBY", "2018"),
    ]
    assert set(document_links(triples)) == {
        ox.Triple(_n("d"), IS_PLAN, _n("p")),
        ox.Triple(_n("p"), REFERENCED_AS, _n("d")),
    }


def test_another_year_is_another_document() -> None:
    """The plan of 2018 is not the revised plan of 2020 with the same title."""
    assert (
        list(
            document_links(
                [*_plan("p", "Kulturplan for Dalby", "2018"), *_document("d", "Kulturplan for Dalby", "2020")]
            )
        )
        == []
    )


def test_two_plans_that_fit_link_neither() -> None:
    """Two organisations' «Strategi 2020–2023», both from 2020: a citation by title and year
    cannot tell them apart."""
    triples = [
        *_plan("a", "Strategi 2020–2023", "2020"),
        *_plan("b", "Strategi 2020–2023", "2020"),
        *_document("d", "Strategi", "2020"),
    ]
    assert list(document_links(triples)) == []


def test_a_link_the_steward_wrote_is_left_as_it_is() -> None:
    triples = [*_plan("p", "Kulturplan for Dalby", "2018"), *_document("d", "Kulturplan for Dalby", "2018")]
    triples.append(ox.Triple(_n("d"), IS_PLAN, _n("other")))
    assert list(document_links(triples)) == []


def test_the_period_names_the_year_of_a_plan_without_one() -> None:
    plan = _plan("p", "Kulturplan for Dalby", "2018")[:2]  # no sgo:inEffectFrom
    period = ox.NamedNode("https://example.org/p/periode")
    plan += [
        ox.Triple(_n("p"), ox.NamedNode(SGO + "period"), period),
        ox.Triple(
            period,
            ox.NamedNode("http://www.w3.org/ns/dcat#startDate"),
            ox.Literal("2018", datatype=ox.NamedNode(XSD + "gYear")),
        ),
    ]
    assert ox.Triple(_n("d"), IS_PLAN, _n("p")) in set(
        document_links([*plan, *_document("d", "Kulturplan for Dalby", "2018")])
    )
