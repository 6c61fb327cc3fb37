"""Shared subjects (issue #21, part 1): the Los and SDG vocabularies kg ships, and `kg validate`'s
check of subjects against them.

Expected values are read by hand from the sources (kg/subjects/data/SOURCE.md): Los's all.rdf
(14 top themes; «Næringsutvikling», "Business development", under «Næring»), the UN's SDG file
(target 11.2's text) and Open SDG's Norwegian goal names (goal 11: «Bærekraftige byer og
lokalsamfunn»).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests

from kg.foundation.namespaces import SKOS
from kg.foundation.settings import Settings
from kg.subjects.build import OUTPUT, build
from kg.subjects.vocabularies import LOS_THEME, SDG, vocabularies
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.server import RunningServer

JSON = {"Accept": "application/sparql-results+json"}

TARGET_11_2 = (
    "By 2030, provide access to safe, affordable, accessible and sustainable transport systems for all, "
    "improving road safety, notably by expanding public transport, with special attention to the needs of "
    "those in vulnerable situations, women, children, persons with disabilities and older persons"
)


def _graph(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(
        path=str(path), format=ox.RdfFormat.RDF_XML if path.suffix == ".rdf" else ox.RdfFormat.TURTLE
    )
    return store


def _values(store: ox.Store, subject: str, prop: str) -> set[str]:
    return {
        f"{q.object.value}@{q.object.language}" if isinstance(q.object, ox.Literal) else str(q.object)[1:-1]
        for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None)
    }


def test_los_is_shipped_as_published(settings: Settings, shared_dir: Path) -> None:
    (los_graph, los_file), _ = settings.subject_graphs
    assert los_graph == settings.base_iri + "graph/los"
    assert los_file.read_bytes() == (shared_dir / "standards" / "los" / "los-all.rdf").read_bytes()
    los = _graph(los_file)
    top = _values(los, "https://psi.norge.no/los/struktur", SKOS + "hasTopConcept")
    assert len(top) == 14 and LOS_THEME + "trafikk-og-transport" in top
    theme = LOS_THEME + "naringsutvikling"
    assert _values(los, theme, SKOS + "prefLabel") >= {"Næringsutvikling@nb", "Business development@en"}
    assert _values(los, theme, SKOS + "broader") == {LOS_THEME + "naring"}


def test_the_sdg_graph_has_the_un_s_iris_texts_and_the_norwegian_names(settings: Settings) -> None:
    _, (sdg_graph, sdg_file) = settings.subject_graphs
    assert sdg_graph == settings.base_iri + "graph/sdg"
    sdg = _graph(sdg_file)
    goals = _values(sdg, "http://metadata.un.org/sdg", SKOS + "hasTopConcept")
    assert goals == {f"{SDG}{n}" for n in range(1, 18)}
    targets = {str(q.subject) for q in sdg.quads_for_pattern(None, ox.NamedNode(SKOS + "broader"), None)}
    assert len(targets) == 169
    assert _values(sdg, SDG + "11.2", SKOS + "prefLabel") >= {TARGET_11_2 + "@en"}
    assert _values(sdg, SDG + "11.2", SKOS + "broader") == {SDG + "11"}
    assert SDG + "11.2" in _values(sdg, SDG + "11", SKOS + "narrower")
    assert _values(sdg, SDG + "11", SKOS + "altLabel") == {
        "Bærekraftige byer og lokalsamfunn@nb",
        "Sustainable cities and communities@en",
    }
    assert "Utrydde alle former for fattigdom i hele verden@nb" in _values(sdg, SDG + "1", SKOS + "prefLabel")
    # Open SDG gives 1.5 and 1.a one Norwegian text, so it is wrong for one of them: neither has it.
    for target in ("1.5", "1.a", "10.2", "10.3"):
        assert {t.rsplit("@", 1)[1] for t in _values(sdg, SDG + target, SKOS + "prefLabel")} == {"en"}


def test_the_shipped_sdg_file_is_what_its_sources_build() -> None:
    assert OUTPUT.read_text(encoding="utf-8") == build()


def test_concepts_a_subject_may_be() -> None:
    known = vocabularies()
    assert known.is_subject(LOS_THEME + "trafikk-og-transport")
    assert known.is_subject(SDG + "11") and known.is_subject(SDG + "11.2") and known.is_subject(SDG + "17.19")
    assert not known.is_subject("https://psi.norge.no/los/ord/naringsklynger")  # a keyword, not a theme
    assert not known.is_subject(SDG + "C110201")  # an indicator: not shipped
    assert known.ancestors(SDG + "11.2") == [SDG + "11.2", SDG + "11"]


# -- kg validate ------------------------------------------------------------------------------

#: Lines appended to the copy's data file, each a statement of its own (as kg classify writes them).
SUBJECT_LINES = """
osr:innsatsomrade-1 dcterms:subject <https://psi.norge.no/los/tema/trafikk-og-transport> .
osr:innsatsomrade-1 dcterms:subject <https://psi.norge.no/los/tema/transport> .
osr:innsatsomrade-1 dcterms:subject <http://psi.norge.no/los/tema/naringsutvikling> .
osr:innsatsomrade-2 dcterms:subject <https://psi.norge.no/los/ord/naringsklynger> .
osr:innsatsomrade-2 dcterms:subject <http://metadata.un.org/sdg/11.02> .
osr:innsatsomrade-2 dcterms:subject <http://metadata.un.org/sdg/18> .
osr:innsatsomrade-3 dcterms:subject <http://eurovoc.europa.eu/2281> .
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


def _subject_results(project: Project, *args: str) -> tuple[int, dict[str, Any], list[dict[str, Any]]]:
    done = project.kg("validate", "--no-cache", "--format", "json", *args)
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    found = [r for r in report["results"] if "Subject" in (r["sourceShape"] or "")]
    return done.returncode, report, found


def _append(project: Project, text: str) -> None:
    path = project.path(DATA_FILE)
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_subject_outside_the_shipped_schemes_is_a_warning_with_the_nearest_concept(
    project: Project,
) -> None:
    _append(project, SUBJECT_LINES)
    code, _, found = _subject_results(project)
    assert code == 0  # warnings: the data stays valid
    by_value = {r["value"]: r for r in found}
    assert set(by_value) == {
        "https://psi.norge.no/los/tema/transport",
        "http://psi.norge.no/los/tema/naringsutvikling",
        "https://psi.norge.no/los/ord/naringsklynger",
        "http://metadata.un.org/sdg/11.02",
        "http://metadata.un.org/sdg/18",
        "http://eurovoc.europa.eu/2281",
    }
    for value, result in by_value.items():
        assert result["severity"] == "Warning"
        assert result["path"] == "http://purl.org/dc/terms/subject"
        assert (result["file"], result["line"]) == (DATA_FILE, project.line_of(DATA_FILE, f"<{value}> .$"))
    first = by_value["https://psi.norge.no/los/tema/transport"]["message"]
    assert first["en"].startswith(
        "Not a theme of Los: did you mean «Traffic and transport» <https://psi.norge.no/los/tema/trafikk-og-transport>"
    )
    assert first["nb"].startswith("Ikke et tema i Los: mente du «Trafikk og transport»")
    assert by_value["http://psi.norge.no/los/tema/naringsutvikling"]["message"]["en"] == (
        "Not a theme of Los: did you mean «Business development» <https://psi.norge.no/los/tema/naringsutvikling>?"
    )
    keyword = by_value["https://psi.norge.no/los/ord/naringsklynger"]["message"]["en"]
    assert keyword.startswith(
        "Not a theme of Los but one of its keywords: did you mean «Business development»"
    )
    assert by_value["http://metadata.un.org/sdg/11.02"]["message"]["en"].startswith(
        "Not an SDG goal or target: did you mean «SDG 11.2 By 2030, provide access to safe, affordable"
    )
    assert (
        "the goals are <http://metadata.un.org/sdg/1> to <http://metadata.un.org/sdg/17>"
        in (by_value["http://metadata.un.org/sdg/18"]["message"]["en"])
    )
    assert by_value["http://eurovoc.europa.eu/2281"]["message"]["en"].startswith(
        "Not a concept of the subject vocabularies kg ships (Los themes, SDG goals and targets)"
    )


def test_a_subject_written_as_text_is_a_violation(project: Project) -> None:
    _append(project, '\nosr:innsatsomrade-1 dcterms:subject "transport"@nb .\n')
    done = project.kg("validate", "--no-cache")
    assert done.returncode == 1
    assert "dcterms:subject: dcterms:subject points to a concept of a controlled vocabulary" in done.stdout


# aktivitet-2.2's subjects are los:naringsutvikling, sdg:8 and sdg:11.a: these three are new to it.
PROPOSALS = """
osr:aktivitet-2.2 sgo:proposedSubject <https://psi.norge.no/los/tema/naring> .
osr:aktivitet-2.2 sgo:proposedSubject <http://metadata.un.org/sdg/8.3> .
osr:aktivitet-2.2 sgo:proposedSubject <http://metadata.un.org/sdg/9> .
"""


def test_undecided_proposals_are_warnings_and_one_line_decides_each(project: Project) -> None:
    _append(project, PROPOSALS)
    code, report, found = _subject_results(project)
    assert code == 0
    assert report["undecidedSubjectProposals"] == 3
    assert {(r["value"], r["line"]) for r in found} == {
        (value, project.line_of(DATA_FILE, f"<{value}> .$"))
        for value in (LOS_THEME + "naring", SDG + "8.3", SDG + "9")
    }
    message = next(r for r in found if r["value"] == SDG + "9")["message"]
    assert message["en"] == (
        "kg classify proposes «SDG 9 Industry, innovation and infrastructure», not yet decided: to accept "
        "it, write dcterms:subject in place of sgo:proposedSubject on this line; to reject it, "
        "sgo:rejectedSubject"
    )
    # Accept one and reject another, each by changing the property on its line.
    project.edit(
        DATA_FILE,
        "sgo:proposedSubject <http://metadata.un.org/sdg/8.3>",
        "dcterms:subject <http://metadata.un.org/sdg/8.3>",
    )
    project.edit(
        DATA_FILE,
        "sgo:proposedSubject <http://metadata.un.org/sdg/9>",
        "sgo:rejectedSubject <http://metadata.un.org/sdg/9>",
    )
    code, report, found = _subject_results(project)
    assert code == 0 and report["undecidedSubjectProposals"] == 1
    assert [r["value"] for r in found] == [LOS_THEME + "naring"]
    text = project.kg("validate", "--no-cache")
    assert "1 subject proposal awaiting a decision" in text.stdout


# -- served -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["los", "sdg"])
def test_each_vocabulary_is_served_as_its_own_named_graph(
    server: RunningServer, settings: Settings, name: str
) -> None:
    graph_iri, path = dict(zip(("los", "sdg"), settings.subject_graphs, strict=True))[name]
    answer = requests.get(
        f"{server.url}/graph/{name}", headers={"Accept": "application/n-triples"}, timeout=30
    )
    assert answer.status_code == 200
    served = {str(t) for t in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)}
    assert served == {str(q.triple) for q in _graph(path)}
    # and a query sees it, by its graph IRI too
    ask = f"ASK {{ GRAPH <{graph_iri}> {{ ?concept a <{SKOS}Concept> }} }}"
    found = requests.get(f"{server.url}/sparql", params={"query": ask}, headers=JSON, timeout=30)
    assert found.json()["boolean"] is True


def test_the_dataset_s_dumps_leave_the_vocabularies_to_their_own_graphs(
    server: RunningServer, settings: Settings
) -> None:
    dump = requests.get(f"{server.url}/download/strategigraf.nq", timeout=30).content
    graphs = {q.graph_name for q in ox.parse(dump, format=ox.RdfFormat.N_QUADS)}
    assert graphs == {ox.NamedNode(settings.ontology_graph), ox.NamedNode(settings.data_graph)}


def test_pages_show_subjects_with_their_norwegian_and_english_names(server: RunningServer) -> None:
    page = requests.get(f"{server.url}/doc/id/osloregionen-2017/tema-1.1.2.html", timeout=30).text
    section = page[page.index('<section class="subjects">') :]
    section = section[: section.index("</section>")]
    assert section.count("<li ") == 5  # los:planer, los:trafikk-og-transport, sdg:11.2, 11.3, 13.2
    assert "Trafikk og transport" in section and "Traffic and transport" in section
    assert '<span class="badge">SDG 11.2</span>' in section and '<span class="badge">Los</span>' in section
    assert f'href="{LOS_THEME}trafikk-og-transport"' in section
    # The plan is about what its parts are about: 6 Los themes and 10 SDG goals and targets.
    plan = requests.get(f"{server.url}/doc/id/osloregionen-2017.html?lang=en", timeout=30).text
    plan_section = plan[plan.index('<section class="subjects">') :]
    plan_section = plan_section[: plan_section.index("</section>")]
    assert plan_section.count("<li ") == 16 == plan_section.count("through its parts")
    assert "Business development" in plan_section and '<span class="badge">SDG 17.17</span>' in plan_section
