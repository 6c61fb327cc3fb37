"""The questions across strategies about subjects (issue #21, part 5), as named queries.

Expected answers are read by hand from data/osloregionen-2017.ttl, whose subjects were chosen
from the seed's words: SDG 11 is focus area 1 (11), activity 1.1 (11.3), themes 1.1.1 (11.a) and
1.1.2 (11.2, 11.3), activity 2.2 (11.a); Los «Næring» is focus area 2 and, through the sub-theme
«Næringsutvikling», activities 2.2 and 2.3.
"""

from __future__ import annotations

from tests.support.queries import Ask

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
OSR = PLAN + "/"
SDG = "http://metadata.un.org/sdg/"
LOS = "https://psi.norge.no/los/tema/"


def test_a_goal_finds_the_elements_of_its_targets_too(ask: Ask) -> None:
    rows = ask("strategies-by-subject", subject=SDG + "11", lang="en")
    assert {(r["element"].removeprefix(OSR), r["concept"].removeprefix(SDG)) for r in rows} == {
        ("innsatsomrade-1", "11"),
        ("aktivitet-1.1", "11.3"),
        ("tema-1.1.1", "11.a"),
        ("tema-1.1.2", "11.2"),
        ("tema-1.1.2", "11.3"),
        ("aktivitet-2.2", "11.a"),
    }
    assert {(r["strategy"], r["title"]) for r in rows} == {
        (PLAN, "Strategic guidelines and thematic focus areas")
    }
    by_element = {r["element"]: r["text"] for r in rows}
    assert by_element[OSR + "innsatsomrade-1"] == "Land use, transport and climate/environment"


def test_a_target_finds_only_its_own_elements(ask: Ask) -> None:
    rows = ask("strategies-by-subject", subject=SDG + "11.3")
    assert {r["element"].removeprefix(OSR) for r in rows} == {"aktivitet-1.1", "tema-1.1.2"}
    assert {r["name"] for r in rows} == {
        "Innen 2030, styrke inkluderende og bærekraftig urbanisering og kapasitet for deltakende, "
        "integrert og bærekraftig planlegging og forvaltning av bosetninger i alle land"
    }


def test_a_los_theme_finds_the_elements_of_its_sub_themes(ask: Ask) -> None:
    rows = ask("strategies-by-subject", subject=LOS + "naring")
    assert {(r["element"].removeprefix(OSR), r["concept"].removeprefix(LOS)) for r in rows} == {
        ("innsatsomrade-2", "naring"),
        ("aktivitet-2.2", "naringsutvikling"),
        ("aktivitet-2.3", "naringsutvikling"),
    }
    assert ask("strategies-by-subject", subject=LOS + "helse-og-omsorg") == []


def test_sdg_coverage_counts_plans_and_elements_per_goal_and_shows_the_gaps(ask: Ask) -> None:
    rows = ask("sdg-coverage", lang="en")
    assert [r["code"] for r in rows] == [str(n) for n in range(1, 18)]
    addressed = {r["code"]: (r["plans"], r["elements"]) for r in rows if r["plans"]}
    assert addressed == {"8": (1, 3), "9": (1, 2), "11": (1, 5), "13": (1, 2), "17": (1, 1)}
    gaps = [r for r in rows if not r["plans"]]
    assert len(gaps) == 12 and all(r["elements"] == 0 for r in gaps)
    assert next(r["name"] for r in rows if r["code"] == "11") == "Sustainable cities and communities"


def test_los_themes_per_plan(ask: Ask) -> None:
    rows = ask("themes-per-plan", strategy=PLAN)
    assert [(r["theme"].removeprefix(LOS), r["elements"]) for r in rows] == [
        ("bygg-og-eiendom", 4),  # through «Planer»: focus area 1, 1.1, 1.1.1, 1.1.2
        ("trafikk-og-transport", 4),  # focus area 1, 1.1, 1.1.2, 1.1.3
        ("naring", 3),
        ("natur-klima-og-miljo", 1),
        ("skole-og-utdanning", 1),  # through «Høyere utdanning»: 2.4
    ]
    assert rows[0]["name"] == "Bygg og eiendom"
