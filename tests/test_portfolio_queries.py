"""The questions across plans, asked of the examples/ project, answered as its texts say.

Expected values are read by hand from examples/sources/ (line numbers are the texts'), and from
examples/data/organisasjoner.ttl for the organisation numbers (invented). The answers come from
the project loaded as `kg serve` loads it (asserted graphs and the inferred graph).
"""

from __future__ import annotations

from typing import Any

import pytest

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.query.named import NamedQuery
from kg.store import Store
from tests.support.queries import Ask, answer_json, plain, repository_queries, repository_store
from tests.support.shared import PROJECT_DIR

ID = "https://strategier.fjordmark.example/id/"
ORGNR = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
COUNTY_PLAN, LYSVIK_2019, LYSVIK_2023, BERGTUN_PLAN, COUNCIL_PLAN = (
    ID + name
    for name in (
        "fjordmark-fylkeskommune-2020",
        "lysvik-kommune-2019",
        "lysvik-kommune-2023",
        "bergtun-kommune-2021",
        "indre-fjordmark-regionrad-2021",
    )
)
STRATEGY_2020 = ID + "dokument/regional-planstrategi-for-fjordmark-2020"


@pytest.fixture(scope="module")
def examples() -> Settings:
    return project_settings(PROJECT_DIR / "examples")


@pytest.fixture(scope="module")
def store(examples: Settings) -> Store:
    return repository_store(examples)


@pytest.fixture(scope="module")
def ask(store: Store, examples: Settings) -> Ask:
    queries: dict[str, NamedQuery] = repository_queries(examples)

    def run(name: str, *, infer: bool = True, **params: str) -> list[dict[str, Any]]:
        return plain(answer_json(store, examples, queries[name], params, infer=infer))

    return run


def test_organisations_across_plans(ask: Ask) -> None:
    """Who takes part where (the line of each mention in brackets):

    Fjordmark fylkeskommune publishes the county plan; Lysvik 2019 activity 1.2 (l. 22), Lysvik
    2023 activity 1.2 (l. 23), Bergtun's role 3 (l. 16) and the council's role 2 (l. 16) name it.
    Statsforvalteren i Fjordmark: the county's means 1.1.3 (l. 26), Lysvik 2019 and 2023
    activity 3.1 (l. 32, 34), the council's activity 3.2 (l. 33). Innovasjon Norge: the county's
    activity 3.2 (l. 35), Bergtun's 1.2 (l. 21), the council's 2.2 (l. 29). Lysvik kommune
    publishes two plans and the council's activity 2.1 (l. 28) names it. Bergtun kommune
    publishes one, the council's activity 2.1 and Bergtun's own theme 3.1.1 (l. 31: «i
    kommunen») name it. Fjordmark Kollektivtrafikk: the county's means 1.1.2 (l. 25), Lysvik
    2023 activity 1.2 (l. 23). Indre Fjordmark regionråd publishes one, Bergtun's role 2 (l. 15)
    names it. Hovdal kommune: the council's activity 3.1 (l. 32).
    """
    rows = ask("organisations-across-plans")
    assert [(r["name"], r.get("number"), r["plans"], r["publishes"], r["activities"]) for r in rows] == [
        ("Fjordmark fylkeskommune", "101000001", 5, 1, 2),
        ("Statsforvalteren i Fjordmark", "106000018", 4, 0, 4),
        ("Innovasjon Norge", None, 3, 0, 3),
        ("Lysvik kommune", "102000005", 3, 2, 1),
        ("Bergtun kommune", "103000009", 2, 1, 2),
        ("Fjordmark Kollektivtrafikk", "107000003", 2, 0, 2),
        ("Indre Fjordmark regionråd", "105000006", 2, 1, 0),
        ("Hovdal kommune", "104000002", 1, 0, 1),
    ]
    assert rows[0]["organisation"] == ORGNR + "101000001"
    one = ask("organisations-across-plans", organisation=ORGNR + "104000002", lang="en")
    assert [(r["name"], r["plans"]) for r in one] == [("Hovdal Municipality", 1)]
    # Without inference only what is written: publishers, plain activities (not themes or means),
    # organisations typed org:Organization themselves (the regional council is an alliance).
    asserted = ask("organisations-across-plans", infer=False)
    assert [(r["name"], r["plans"], r["activities"]) for r in asserted] == [
        ("Lysvik kommune", 2, 1),
        ("Fjordmark fylkeskommune", 1, 2),
        ("Bergtun kommune", 1, 1),
        ("Innovasjon Norge", 0, 3),
        ("Statsforvalteren i Fjordmark", 0, 3),
        ("Fjordmark Kollektivtrafikk", 0, 1),
        ("Hovdal kommune", 0, 1),
    ]


def test_plans_in_effect(ask: Ask) -> None:
    """Periods from the headings (county 2020–2024, Lysvik 2019–2022 and 2023–2026, Bergtun
    2021–2025, the council 2021–2024); Lysvik's plan of 2023 replaces the one of 2019."""
    every = ask("plans-in-effect")
    assert [(r["strategy"], r["from"], r["until"], r.get("replacedBy")) for r in every] == [
        (LYSVIK_2019, 2019, 2022, LYSVIK_2023),
        (COUNTY_PLAN, 2020, 2024, None),
        (BERGTUN_PLAN, 2021, 2025, None),
        (COUNCIL_PLAN, 2021, 2024, None),
        (LYSVIK_2023, 2023, 2026, None),
    ]
    in_2022 = {r["strategy"] for r in ask("plans-in-effect", year="2022")}
    assert in_2022 == {LYSVIK_2019, COUNTY_PLAN, BERGTUN_PLAN, COUNCIL_PLAN}
    in_2023 = {r["strategy"] for r in ask("plans-in-effect", year="2023")}
    assert in_2023 == {LYSVIK_2023, COUNTY_PLAN, BERGTUN_PLAN, COUNCIL_PLAN}
    assert [r["strategy"] for r in ask("plans-in-effect", year="2019")] == [LYSVIK_2019]
    assert ask("plans-in-effect", year="2027") == []
    english = ask("plans-in-effect", year="2025", lang="en")
    assert [r["title"] for r in english] == [
        "Business development plan for Bergtun Municipality 2021–2025",
        "Climate plan for Lysvik Municipality 2023–2026",
    ]


def test_the_network_of_documents_followed_up(ask: Ask) -> None:
    """The county follows up «Regional plan for klima og energi i Fjordmark» (2018, l. 23, with its
    three means); Bergtun «Reiselivsstrategi for Indre Fjordmark» (2019, l. 27); Lysvik 2023 (l. 34)
    and the council (l. 22, with its three themes) the county's own plan, «Regional planstrategi
    for Fjordmark» (2020), which the graph holds."""
    rows = ask("document-network")
    assert [
        (r["strategy"], r["document"].removeprefix(ID), r["year"], r.get("plan"), r["elements"]) for r in rows
    ] == [
        (COUNTY_PLAN, "dokument/regional-plan-for-klima-og-energi-i-fjordmark-2018", "2018", None, 4),
        (COUNCIL_PLAN, "dokument/regional-planstrategi-for-fjordmark-2020", "2020", COUNTY_PLAN, 4),
        (LYSVIK_2023, "dokument/regional-planstrategi-for-fjordmark-2020", "2020", COUNTY_PLAN, 1),
        (BERGTUN_PLAN, "dokument/reiselivsstrategi-for-indre-fjordmark-2019", "2019", None, 1),
    ]
    one = ask("document-network", document=STRATEGY_2020, lang="en")
    assert {r["title"] for r in one} == {"Regional planning strategy for Fjordmark"}


def test_what_changed_between_lysviks_plans(ask: Ask) -> None:
    """sources/lysvik-kommune-2019.txt against -2023.txt, element by element."""
    rows = ask("plan-changes")
    assert {(r["strategy"], r["earlier"]) for r in rows} == {(LYSVIK_2023, LYSVIK_2019)}
    found = [(r["element"].rsplit("/", 1)[1], r["change"], r.get("before"), r.get("after")) for r in rows]
    assert found == [
        (
            "aktivitet-1.2",
            "changed",
            "Samarbeide med Fjordmark fylkeskommune om et bedre busstilbud",
            "Samarbeide med Fjordmark fylkeskommune og Fjordmark Kollektivtrafikk om et bedre busstilbud",
        ),
        ("aktivitet-1.4", "added", None, "Bygge ut ladepunkter for elbil ved kommunale bygg"),
        (
            "aktivitet-2.2",
            "changed",
            "Kartlegge energibruken i kommunale bygg",
            "Gjennomføre energitiltak i de ti største kommunale byggene",
        ),
        ("aktivitet-2.3", "removed", "Innføre energiledelse i alle kommunale bygg", None),
        (
            "aktivitet-3.2",
            "added",
            None,
            "Følge opp «Regional planstrategi for Fjordmark» (2020) i kommunens arealplanlegging",
        ),
        ("aktivitet-4.1", "added", None, "Halvere matsvinnet i kommunale kjøkken"),
        ("aktivitet-4.2", "added", None, "Etablere en ombruksbod ved gjenvinningsstasjonen"),
        (
            "foring-3",
            "changed",
            "et aktivt samarbeid med innbyggerne",
            "et forpliktende samarbeid med innbyggerne og næringslivet",
        ),
        ("innsatsomrade-4", "added", None, "Forbruk og avfall"),
        (
            "rolle-3",
            "changed",
            "gi innbyggerne kunnskap om klimatiltak",
            "følge opp klimabudsjettet hvert år",
        ),
        (
            "visjon",
            "changed",
            "Lysvik skal være et lavutslippssamfunn der det er enkelt å leve klimavennlig.",
            "Lysvik skal være et lavutslippssamfunn der det er enkelt og trygt å leve klimavennlig.",
        ),
    ]
    # the removed activity is the earlier plan's; the others are the newer plan's
    assert next(r["element"] for r in rows if r["change"] == "removed") == LYSVIK_2019 + "/aktivitet-2.3"
    assert ask("plan-changes", strategy=COUNTY_PLAN) == []


LOS = "https://psi.norge.no/los/tema/"
SDG = "http://metadata.un.org/sdg/"


def test_the_plans_that_work_on_transport(ask: Ask) -> None:
    """Los «Trafikk og transport» and its sub-themes, as the subjects were chosen from the texts:
    the county's means 1.1.2 (charging for bus and boat: «Mobilitetstilbud») and 1.1.3 (the county
    roads' climate adaptation: «Veg og vegregulering»), its focus area 4 «Samferdsel og mobilitet»,
    activity 4.1 (public transport) and its three themes; Lysvik's focus area 1 «Transport» with
    cycle paths (roads), the bus service and zero-emission vehicles («Kjøretøy»), in 2023 also the
    charging points for electric cars (1.4). Bergtun's and the council's plans say nothing of it."""
    rows = ask("strategies-by-subject", subject=LOS + "trafikk-og-transport")
    found = {(r["strategy"], r["element"].rsplit("/", 1)[1], r["concept"].removeprefix(LOS)) for r in rows}
    lysvik = {
        ("innsatsomrade-1", "trafikk-og-transport"),
        ("aktivitet-1.1", "veg-og-vegregulering"),
        ("aktivitet-1.2", "mobilitetstilbud"),
        ("aktivitet-1.3", "kjoretoy"),
    }
    assert found == {
        *(
            (COUNTY_PLAN, element, concept)
            for element, concept in (
                ("tiltak-1.1.2", "mobilitetstilbud"),
                ("tiltak-1.1.3", "veg-og-vegregulering"),
                ("innsatsomrade-4", "trafikk-og-transport"),
                ("aktivitet-4.1", "mobilitetstilbud"),
                ("tema-4.1.1", "mobilitetstilbud"),
                ("tema-4.1.2", "mobilitetstilbud"),
                ("tema-4.1.3", "mobilitetstilbud"),
            )
        ),
        *((LYSVIK_2019, element, concept) for element, concept in lysvik),
        *((LYSVIK_2023, element, concept) for element, concept in {*lysvik, ("aktivitet-1.4", "kjoretoy")}),
    }
    business = ask("strategies-by-subject", subject=LOS + "naring")
    assert {r["strategy"] for r in business} == {COUNTY_PLAN, BERGTUN_PLAN, COUNCIL_PLAN}
    assert ask("strategies-by-subject", subject=LOS + "helse-og-omsorg") == []


def test_the_sdgs_the_portfolio_addresses_and_those_it_does_not(ask: Ask) -> None:
    """Per goal, the plans and the elements about it or one of its targets (from the texts):

    4 (skills): the county's focus area 3 and activity 3.1, Bergtun's focus area 3 with activity
    3.1 and its two themes (vocational education); 7 (energy): the county's activity 1.1 (the plan
    for climate and energy), Lysvik's «Bygg og energi» with its activities (three in 2019, two in
    2023); 8 (work and growth): the county's focus area 3 and activity 3.2, all of Bergtun's
    focus areas 1 and 2 with their four activities, the council's focus area 2 with both
    activities; 9: the council's broadband (theme 1.1.3); 11 (cities and communities): the
    county's means 1.1.2, focus areas 2 and 4 with activities 2.1, 2.2, 4.1 and its three themes,
    the council's focus area 1, activity 1.1, theme 1.1.1 and activity 3.2 (preparedness), Lysvik's
    «Transport» with cycle paths and buses, in 2023 also activity 3.2 (land-use planning for
    climate adaptation); 12: Lysvik 2023's focus area 4 (consumption and waste) and its two
    activities; 13 (climate): the county's focus area 1, activity 1.1, means 1.1.1 and 1.1.3,
    Lysvik's zero-emission vehicles and «Klimatilpasning» with its activity, in 2023 also the
    charging points; 17: the council's focus area 3 and activity 3.1 (joint procurement).
    No text names poverty, hunger, health, gender, water, inequality, the sea, life on land or
    institutions."""
    rows = ask("sdg-coverage", lang="en")
    assert [r["code"] for r in rows] == [str(n) for n in range(1, 18)]
    assert {r["code"]: (r["plans"], r["elements"]) for r in rows if r["plans"]} == {
        "4": (2, 6),
        "7": (3, 8),
        "8": (3, 11),
        "9": (1, 1),
        "11": (4, 20),
        "12": (1, 3),
        "13": (3, 11),
        "17": (1, 2),
    }
    assert [r["code"] for r in rows if not r["plans"]] == ["1", "2", "3", "5", "6", "10", "14", "15", "16"]
    council = ask("strategies-by-subject", subject=SDG + "17")
    assert {(r["strategy"], r["element"].rsplit("/", 1)[1], r["concept"]) for r in council} == {
        (COUNCIL_PLAN, "innsatsomrade-3", SDG + "17.17"),
        (COUNCIL_PLAN, "aktivitet-3.1", SDG + "17.17"),
    }


def test_themes_times_plans(ask: Ask) -> None:
    """Los top themes per plan, with how many focus areas and activities are about each (the
    elements named in the two tests above; «Bygg og eiendom» through «Planer» and «Bygging»:
    the county's focus area 2 with its two activities, the council's focus area 1, activity 1.1
    and themes 1.1.1-1.1.2, Lysvik 2023's activity 3.2)."""
    rows = ask("themes-per-plan")
    found = {(r["strategy"], r["theme"].removeprefix(LOS)): r["elements"] for r in rows}
    assert found == {
        (COUNTY_PLAN, "trafikk-og-transport"): 7,
        (COUNTY_PLAN, "natur-klima-og-miljo"): 4,
        (COUNTY_PLAN, "bygg-og-eiendom"): 3,
        (COUNTY_PLAN, "naring"): 3,
        (COUNTY_PLAN, "skole-og-utdanning"): 2,
        (BERGTUN_PLAN, "naring"): 6,
        (BERGTUN_PLAN, "skole-og-utdanning"): 4,
        (COUNCIL_PLAN, "bygg-og-eiendom"): 4,
        (COUNCIL_PLAN, "naring"): 4,
        (COUNCIL_PLAN, "samfunnssikkerhet-og-beredskap"): 1,
        (LYSVIK_2019, "natur-klima-og-miljo"): 6,
        (LYSVIK_2019, "trafikk-og-transport"): 4,
        (LYSVIK_2023, "natur-klima-og-miljo"): 8,
        (LYSVIK_2023, "trafikk-og-transport"): 5,
        (LYSVIK_2023, "bygg-og-eiendom"): 1,
    }
