"""Each named query answers what the source document says, with and without inference.

Expected values were read by hand from ../shared/seeds/000_bad88d70322fed8d.txt
(its OCR damage repaired: «fgringer» is «føringer», and so on); line numbers
are the seed's. The answers come from the repository graph loaded as `kg
serve` loads it (asserted graphs plus the inferred graph).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.query.named import NamedQuery
from kg.store import Store, open_store
from tests.support.queries import (
    ASKED_OF_EXAMPLES,
    Ask,
    answer_json,
    answer_triples,
    plain,
    repository_store,
)
from tests.support.shared import PROJECT_DIR

ID = "https://w3id.org/strategigraf/id/"
PLAN = ID + "osloregionen-2017"
OSR = PLAN + "/"
SGO = "https://w3id.org/strategigraf/ontology#"
TRANSPORT_2016 = ID + "dokument/samordnet-areal-og-transportstrategi-for-osloregionen-2016"
PROMOTION_2015 = ID + "dokument/internasjonal-profileringsstrategi-for-osloregionen-2015"
SEED = "000_bad88d70322fed8d.txt"


def test_there_are_at_least_twelve_named_queries(queries: dict[str, NamedQuery]) -> None:
    assert len(queries) >= 12


def test_vision_and_its_three_directions(ask: Ask) -> None:
    rows = ask("vision", strategy=PLAN)
    assert {r["statement"] for r in rows} == {
        "Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."  # line 9
    }
    assert [(r["position"], r["text"]) for r in rows] == [  # lines 11-13
        (1, "flerkjernet utvikling basert på ulike regionale fortrinn, kvaliteter og muligheter"),
        (2, "sterkere byer/byklynger"),
        (3, "samordnede areal og transportløsninger som ivaretar klima og miljø"),
    ]
    english = ask("vision", lang="en")
    assert (
        english[0]["statement"] == "The Oslo Region shall be a competitive and sustainable region in Europe."
    )


def test_focus_areas_in_order_with_their_activity_counts(ask: Ask) -> None:
    rows = ask("focus-areas", strategy=PLAN)
    assert [(r["number"], r["title"], r["activities"]) for r in rows] == [
        (1, "Areal, transport og klima/miljø", 1),  # line 31; one activity, lines 32-33
        (2, "Verdiskaping og kompetanse", 4),  # line 44; four bullets, lines 45-50
        (3, "Felles internasjonal profilering av Osloregionen", 1),  # line 52; one activity, line 53
    ]


def test_activities_of_focus_area_two_in_order(ask: Ask) -> None:
    rows = ask("focus-area-activities", area=OSR + "innsatsomrade-2")
    assert [(r["position"], r["text"].split()[:3], r["parts"]) for r in rows] == [
        (1, ["Kartlegge", "regionale", "styrker"], 0),  # line 45
        (2, ["Støtte", "opp", "rundt"], 0),  # lines 46-47
        (3, ["Arbeide", "for", "bedre"], 0),  # line 48
        (4, ["Arbeide", "for", "å"], 0),  # lines 49-50 (the bullet lost in the scan)
    ]


def test_activities_of_areas_one_and_three_count_their_themes_and_means(ask: Ask) -> None:
    (transport,) = ask("focus-area-activities", area=OSR + "innsatsomrade-1")
    assert transport["text"].startswith(
        "Følge opp revidert versjon av «Samordnet areal- og transportstrategi"
    )
    assert transport["parts"] == 5  # five themes, lines 34-42
    (promotion,) = ask("focus-area-activities", area=OSR + "innsatsomrade-3", lang="en")
    assert promotion["parts"] == 2  # two means, lines 54-56


def test_themes_and_means_of_activities(ask: Ask) -> None:
    themes = ask("activity-parts", activity=OSR + "aktivitet-1.1")
    assert [(r["kind"], r["position"], " ".join(r["text"].split()[:2])) for r in themes] == [
        ("Tema", 1, "Dialog og"),  # line 34
        ("Tema", 2, "Påvirkning og"),  # line 36
        ("Tema", 3, "internasjonalt samarbeid"),  # line 39
        ("Tema", 4, "Samarbeid, samordning"),  # line 40
        ("Tema", 5, "Løpende vurdering"),  # line 42
    ]
    means = ask("activity-parts", activity=OSR + "aktivitet-3.1", lang="en")
    assert [r["kind"] for r in means] == ["Means", "Means"]
    assert "Oslo Brand Alliance" in means[0]["text"]  # line 54


def test_everything_that_follows_up_the_2016_transport_strategy(ask: Ask) -> None:
    rows = ask("follow-ups", document=TRANSPORT_2016)
    assert {(r["title"], r["year"]) for r in rows} == {
        ("Samordnet areal- og transportstrategi for Osloregionen", "2016")
    }
    # Line 32-33: the activity follows it up "innenfor temaene:" the five themes of lines 34-42.
    assert [r["element"] for r in rows] == [
        OSR + "aktivitet-1.1",
        *(f"{OSR}tema-1.1.{n}" for n in range(1, 6)),
    ]
    asserted = ask("follow-ups", document=TRANSPORT_2016, infer=False)
    assert [r["element"] for r in asserted] == [OSR + "aktivitet-1.1"]


def test_everything_that_follows_up_the_2015_promotion_strategy(ask: Ask) -> None:
    rows = ask("follow-ups", document=PROMOTION_2015, lang="en")
    assert {(r["title"], r["year"]) for r in rows} == {
        ("International promotion strategy for the Oslo Region", "2015")
    }
    assert [r["element"] for r in rows] == [OSR + "aktivitet-3.1", OSR + "tiltak-3.1.1", OSR + "tiltak-3.1.2"]


def test_referenced_documents_with_years(ask: Ask) -> None:
    rows = ask("referenced-documents", strategy=PLAN)
    assert [(r["year"], r.get("revised"), r["elements"]) for r in rows] == [
        ("2015", None, 3),  # line 53: the activity and its two means; not called revised
        ("2016", True, 6),  # lines 32-33: "revidert versjon"; the activity and its five themes
    ]
    assert ask("referenced-documents", strategy=PLAN, infer=False) == []


def test_actors_each_activity_involves(ask: Ask) -> None:
    rows = ask("activity-actors")
    assert [(r["activity"].removeprefix(OSR), r["name"]) for r in rows] == [
        ("tema-1.1.4", "Osloregionen"),  # line 40: "internt i Osloregionen"
        ("tema-1.1.4", "eksterne aktører"),  # line 41
        ("aktivitet-2.3", "Osloregionen"),  # line 48: "innenfor Osloregionen"
        ("aktivitet-2.4", "universiteter, høgskoler og forskningsinstitusjoner"),  # line 49
        ("tiltak-3.1.1", "Oslo Brand Alliance"),  # line 54
        ("tiltak-3.1.2", "aktører i regionen"),  # line 55
    ]
    only = ask("activity-actors", actor=ID + "aktor/osloregionen")
    assert [r["activity"].removeprefix(OSR) for r in only] == ["tema-1.1.4", "aktivitet-2.3"]
    asserted = ask("activity-actors", infer=False)
    assert [r["activity"].removeprefix(OSR) for r in asserted] == ["aktivitet-2.3", "aktivitet-2.4"]


def test_actors_a_strategy_names(ask: Ask) -> None:
    rows = ask("actors", strategy=PLAN, lang="en")
    assert {r["name"]: r["elements"] for r in rows} == {
        "national authorities": 1,  # line 25
        "other organisations": 1,  # line 27
        "Osloregionen": 2,  # lines 40 and 48
        "external actors": 1,  # line 41
        "universities, university colleges and research institutions": 1,  # line 49
        "Oslo Brand Alliance": 1,  # line 54
        "actors in the region": 1,  # line 55
    }
    assert {r["name"]: r.get("kind") for r in rows}["Osloregionen"] == "Cooperation alliance"
    assert ask("actors", strategy=PLAN, infer=False) == []


def test_the_alliance_has_six_roles_and_working_methods(ask: Ask) -> None:
    rows = ask("roles", strategy=PLAN)
    assert [(r["position"], r["text"], r.get("name")) for r in rows] == [
        (1, "skape møteplasser og nettverk", None),  # line 17
        (2, "styrke felles identitet", None),  # line 19
        (3, "drive erfaringsoverføring og kunnskapsutvikling", None),  # line 21
        (4, "utvikle felles holdninger og strategier", None),  # line 23
        (5, "ha dialog med og påvirke nasjonale myndigheter", "nasjonale myndigheter"),  # line 25
        (6, "samarbeide og bygge nettverk med andre organisasjoner", "andre organisasjoner"),  # line 27
    ]


@pytest.mark.parametrize(
    ("text", "resource", "language"),
    [
        ("oppfolging", "tema-1.1.1", "nb"),  # line 34, «oppfølging»
        ("OPPFØLGING", "tema-1.1.1", "nb"),
        ("baerekraftig", "visjon", "nb"),  # line 9, «bærekraftig»
        ("BÆREKRAFTIG", "visjon", "nb"),
        ("Sustainable", "visjon", "en"),
        ("laering", "tema-1.1.4", "nb"),  # line 40, «læring»
        ("pavirkning og dialog", "tema-1.1.2", "nb"),  # line 36, «Påvirkning»
    ],
)
def test_search_ignores_case_and_accents(ask: Ask, text: str, resource: str, language: str) -> None:
    rows = ask("search", text=text)
    assert {(r["resource"], r["language"]) for r in rows} == {(OSR + resource, language)}


def test_search_in_one_language(ask: Ask) -> None:
    assert ask("search", text="oppfolging", lang="en") == []
    assert [r["resource"] for r in ask("search", text="follow-up", lang="en")] == [OSR + "tema-1.1.1"]


def test_every_strategic_element_needs_inference_to_be_complete(ask: Ask) -> None:
    rows = ask("strategic-elements", strategy=PLAN)
    kinds = Counter(r["kind"] for r in rows)
    assert kinds == {
        "Visjon": 1,
        "Føring som underbygger visjonen": 3,  # lines 11-13
        "Rolle og arbeidsform": 6,  # lines 17-27
        "Innsatsområde": 3,  # lines 31, 44, 52
        "Prioritert aktivitet": 6,  # 1 + 4 + 1
        "Tema": 5,  # lines 34-42
        "Tiltak": 2,  # lines 54-56
    }
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)  # in the document's order
    direct = ask("strategic-elements", strategy=PLAN, infer=False)
    assert Counter(r["kind"] for r in direct) == {"Visjon": 1, "Rolle og arbeidsform": 6, "Innsatsområde": 3}


def test_provenance_points_at_the_lines_of_the_source(ask: Ask, seed_lines: list[str]) -> None:
    (row,) = ask("provenance", resource=OSR + "foring-2")
    assert (row["file"], row["firstLine"], row["lastLine"], row.get("truncated")) == (SEED, 12, 12, None)
    assert row["fragment"] == SEED + "#line=11,12"
    assert "sterkere byer/byklynger" in seed_lines[row["firstLine"] - 1]
    (cut,) = ask("provenance", resource=OSR + "innsatsomrade-3")
    assert (cut["firstLine"], cut["lastLine"], cut["truncated"]) == (52, 56, True)  # the scan ends at 56


def test_gaps_name_what_the_scan_cut_off(ask: Ask) -> None:
    rows = ask("gaps", lang="en")
    assert {r["resource"] for r in rows} == {PLAN, OSR + "innsatsomrade-3", OSR + "aktivitet-3.1"}
    assert all(r.get("note") for r in rows)


def test_strategy_summary(ask: Ask) -> None:
    (row,) = ask("strategy-summary")
    assert row == {
        "strategy": PLAN,
        "title": "Strategiske føringer og tematiske innsatsområder",  # lines 1-2
        "publisher": "Osloregionen",  # line 5
        "from": "2017",  # line 5: "fra 2017"
        "start": "2017",  # line 29: "2017 - 2020"
        "end": "2020",
        "directions": 3,
        "roles": 6,
        "areas": 3,
        "activities": 6,
        "documents": 2,
    }


SECOND_PLAN = """
@prefix sgo: <https://w3id.org/strategigraf/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/id/> .

ex:plan-2021 a sgo:StrategicPlan ;
    dcterms:title "Andre plan"@nb , "Second plan"@en .
ex:area-1 a sgo:FocusArea ; sgo:focusAreaOf ex:plan-2021 ; sgo:position 1 ;
    skos:prefLabel "Område"@nb , "Area"@en .
ex:activity-1 a sgo:Activity ; sgo:activityOf ex:area-1 ; sgo:position 1 ;
    skos:prefLabel "Aktivitet"@nb , "Activity"@en ; sgo:followsUp <https://example.org/id/doc> .
ex:activity-2 a sgo:Activity ; sgo:activityOf ex:area-1 ; sgo:position 2 ;
    skos:prefLabel "Aktivitet to"@nb , "Activity two"@en .
"""


def test_strategy_summary_counts_each_strategy_apart(
    settings: Settings, queries: dict[str, NamedQuery], tmp_path: Path
) -> None:
    second = tmp_path / "second.ttl"
    second.write_text(SECOND_PLAN, encoding="utf-8")
    both = settings.with_(extra_graphs=(("https://example.org/graph/second", second),))
    store = open_store("memory")
    load_repository(store, both)
    rows = plain(answer_json(store, both, queries["strategy-summary"], {"lang": "en"}))
    counts = {
        r["strategy"]: (r["directions"], r["roles"], r["areas"], r["activities"], r["documents"])
        for r in rows
    }
    assert counts == {PLAN: (3, 6, 3, 6, 2), "https://example.org/id/plan-2021": (0, 0, 1, 2, 1)}


def test_strategy_outline_is_a_tree_only_with_inference(
    store: Store, settings: Settings, queries: dict[str, NamedQuery]
) -> None:
    outline = answer_triples(store, settings, queries["strategy-outline"], {"strategy": PLAN})
    has_part = [line for line in outline if f"<{SGO}hasPart>" in line]
    # Each element under its one direct parent: 3 areas + vision + 6 roles under the plan,
    # 3 directions, 1 + 4 + 1 activities, 5 themes, 2 means.
    assert len(has_part) == 26
    assert f"<{OSR}aktivitet-1.1> <{SGO}hasPart> <{OSR}tema-1.1.5>" in outline
    assert f"<{PLAN}> <{SGO}hasPart> <{OSR}tema-1.1.5>" not in outline
    assert (
        answer_triples(store, settings, queries["strategy-outline"], {"strategy": PLAN}, infer=False) == set()
    )


def test_inference_changes_answers_exactly_as_headers_say(
    store: Store, settings: Settings, queries: dict[str, NamedQuery]
) -> None:
    """`inference: none` answers the same without inference; `more` differs; `needed` is empty.

    The questions across plans whose examples name the examples/ project are asked of it."""
    examples = project_settings(PROJECT_DIR / "examples")
    for query in queries.values():
        graph, conf = (
            (repository_store(examples), examples) if query.name in ASKED_OF_EXAMPLES else (store, settings)
        )
        params = query.example_values()
        if query.form == "construct":
            on = answer_triples(graph, conf, query, params)
            off = answer_triples(graph, conf, query, params, infer=False)
        else:
            on = answer_json(graph, conf, query, params)["results"]["bindings"]
            off = answer_json(graph, conf, query, params, infer=False)["results"]["bindings"]
        assert on, f"{query.name}: its example gives no answer"
        expected = {"none": on, "more": off, "needed": type(on)()}[query.inference]
        assert off == expected, query.name
        if query.inference == "more":
            assert off and off != on, query.name
