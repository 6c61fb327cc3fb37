"""The pages of a graph of many plans, served by `kg serve` on the examples/ project.

What the pages must say is read by hand from examples/sources/ (line numbers are the texts')
and examples/data/organisasjoner.ttl: the portfolio on the front page, what changed from Lysvik's
plan of 2019 to its plan of 2023 on the newer plan's page, the document both the regional
council and Lysvik follow up shown as the county's plan, and an organisation's own page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser

import pytest
import requests

from tests.support.server import RunningServer, start_server
from tests.support.shared import PROJECT_DIR

ID = "https://strategier.fjordmark.example/id/"
ORGNR = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"


@pytest.fixture(scope="module")
def examples() -> Iterator[RunningServer]:
    running = start_server("--project-dir", str(PROJECT_DIR / "examples"))
    yield running
    running.stop()


class _Rows(HTMLParser):
    """The text of each cell of the rows of the tables in one section of a page."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.depth = section, 0
        self.rows: dict[str, list[list[str]]] = {}
        self.table: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and self.section in classes:
            self.depth = 1
        elif self.depth and tag == "table":
            self.table = classes[-1]
            self.rows[self.table] = []
        elif self.depth and tag == "tr" and self.table:
            self.rows[self.table].append([])
        elif self.depth and tag == "td":
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None and self.table:
            self.rows[self.table][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "section":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str, section: str) -> dict[str, list[list[str]]]:
    parser = _Rows(section)
    parser.feed(html)
    return {name: [row for row in rows if row] for name, rows in parser.rows.items()}


def page(server: RunningServer, path: str) -> str:
    response = requests.get(server.url + path, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


def test_the_front_page_shows_the_portfolio(examples: RunningServer) -> None:
    """Periods from the texts' headings; Lysvik's plan of 2023 replaces that of 2019."""
    found = tables(page(examples, "/"), "portfolio")
    assert found["plans"] == [
        [
            "Klimaplan for Lysvik kommune 2019–2022",
            "Lysvik kommune",
            "2019–2022",
            "Klimaplan for Lysvik kommune 2023–2026",
        ],
        ["Regional planstrategi for Fjordmark 2020–2024", "Fjordmark fylkeskommune", "2020–2024", ""],
        ["Næringsplan for Bergtun kommune 2021–2025", "Bergtun kommune", "2021–2025", ""],
        ["Strategi for Indre Fjordmark regionråd 2021–2024", "Indre Fjordmark regionråd", "2021–2024", ""],
        ["Klimaplan for Lysvik kommune 2023–2026", "Lysvik kommune", "2023–2026", ""],
    ]
    # as tests/test_portfolio_queries.py reads them from the texts
    assert found["organisations"] == [
        ["Fjordmark fylkeskommune", "101000001", "5", "1", "2"],
        ["Statsforvalteren i Fjordmark", "106000018", "4", "0", "4"],
        ["Innovasjon Norge", "", "3", "0", "3"],
        ["Lysvik kommune", "102000005", "3", "2", "1"],
        ["Bergtun kommune", "103000009", "2", "1", "2"],
        ["Fjordmark Kollektivtrafikk", "107000003", "2", "0", "2"],
        ["Indre Fjordmark regionråd", "105000006", "2", "1", "0"],
        ["Hovdal kommune", "104000002", "1", "0", "1"],
    ]
    english = tables(page(examples, "/?lang=en"), "portfolio")
    assert english["plans"][0][:2] == [
        "Climate plan for Lysvik Municipality 2019–2022",
        "Lysvik Municipality",
    ]
    assert english["organisations"][1][0] == "The County Governor of Fjordmark"


def test_the_front_page_shows_themes_times_plans(examples: RunningServer) -> None:
    """How many elements of each plan are about each Los theme, as tests/test_portfolio_queries.py
    reads them from the texts; the themes of most plans first (four of three plans each, by name),
    then «Skole og utdanning» (the county, Bergtun), «Samfunnssikkerhet og beredskap» (the council)."""
    html = page(examples, "/")
    assert re.findall(r'<th data-theme="https://psi.norge.no/los/tema/([^"]+)"', html) == [
        "bygg-og-eiendom",
        "natur-klima-og-miljo",
        "naring",
        "trafikk-og-transport",
        "skole-og-utdanning",
        "samfunnssikkerhet-og-beredskap",
    ]
    assert tables(html, "portfolio")["themes"] == [
        ["Klimaplan for Lysvik kommune 2019–2022", "", "6", "", "4", "", ""],
        ["Regional planstrategi for Fjordmark 2020–2024", "3", "4", "3", "7", "2", ""],
        ["Næringsplan for Bergtun kommune 2021–2025", "", "", "6", "", "4", ""],
        ["Strategi for Indre Fjordmark regionråd 2021–2024", "4", "", "4", "", "", "1"],
        ["Klimaplan for Lysvik kommune 2023–2026", "1", "8", "", "5", "", ""],
    ]
    assert ">Trafikk og transport</a></th>" in html
    assert ">Traffic and transport</a></th>" in page(examples, "/?lang=en")


def test_one_plan_has_no_portfolio(server: RunningServer) -> None:
    assert 'class="portfolio"' not in page(server, "/")


def _changes(html: str) -> list[str]:
    section = re.search(r'<section class="changes"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert section is not None
    return [
        unescape(" ".join(item.split()))
        for item in re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.DOTALL)
    ]


def test_the_newer_plan_shows_what_changed(examples: RunningServer) -> None:
    """sources/lysvik-kommune-2019.txt against -2023.txt, in kg diff's words."""
    html = page(examples, "/doc/id/lysvik-kommune-2023.html")
    assert f'data-earlier="{ID}lysvik-kommune-2019"' in html
    changes = _changes(html)
    for sentence in (
        # role 3 (2019 l. 17, 2023 l. 18)
        "rolle 3: norsk tittel endret: «gi innbyggerne kunnskap om klimatiltak» → "
        "«følge opp klimabudsjettet hvert år»",
        # the bus service, now with Fjordmark Kollektivtrafikk (2023 l. 23–24)
        "aktivitet 1.2 «Samarbeide med Fjordmark fylkeskommune og Fjordmark Kollekt…»: involverer lagt til: "
        f"<{ORGNR}107000003> «Fjordmark Kollektivtrafikk»",
        "aktivitet 1.4 lagt til «Bygge ut ladepunkter for elbil ved kommunale bygg»",  # 2023 l. 26
        "aktivitet 2.3 fjernet «Innføre energiledelse i alle kommunale bygg»",  # 2019 l. 29
        "innsatsområde 4 lagt til «Forbruk og avfall»",  # 2023 l. 37
        "aktivitet 4.2 lagt til «Etablere en ombruksbod ved gjenvinningsstasjonen»",  # 2023 l. 39
    ):
        assert sentence in changes, sentence
    # the focus areas 1 and 2, whose activities changed, head them
    assert "innsatsområde 2 «Bygg og energi»" in changes
    # and nothing that only differs because it is another document: lines, source text, IRIs
    assert not [line for line in changes if "kildetekst" in line or "linje" in line]
    english = _changes(page(examples, "/doc/id/lysvik-kommune-2023.html?lang=en"))
    assert "activity 2.3 removed «Introduce energy management in all municipal buildings»" in english


def test_the_earlier_plan_shows_what_replaces_it(examples: RunningServer) -> None:
    html = page(examples, "/doc/id/lysvik-kommune-2019.html")
    assert 'class="changes"' not in html
    incoming = html.split('class="incoming"', 1)[1]
    replaced = incoming.split("erstatter</a> ←", 1)[1].split("</ol>", 1)[0]
    assert f'href="{examples.url}/id/lysvik-kommune-2023"' in replaced


def test_a_document_followed_up_and_the_plan_it_is_link_each_other(examples: RunningServer) -> None:
    document = page(examples, "/doc/id/dokument/regional-planstrategi-for-fjordmark-2020.html")
    is_plan = document.split("er planen</a>", 1)[1].split("</tr>", 1)[0]
    assert f'href="{examples.url}/id/fjordmark-fylkeskommune-2020"' in is_plan
    plan = page(examples, "/doc/id/fjordmark-fylkeskommune-2020.html")
    referred = plan.split("er omtalt som</a>", 1)[1].split("</tr>", 1)[0]
    assert f'href="{examples.url}/id/dokument/regional-planstrategi-for-fjordmark-2020"' in referred


def test_an_organisation_by_number_has_its_page_here(examples: RunningServer) -> None:
    """Fjordmark fylkeskommune publishes the county plan and is named by Lysvik 2019 activity 1.2,
    Lysvik 2023 activity 1.2, Bergtun's role 3 and the regional council's role 2."""
    html = page(examples, "/doc/organisasjon/101000001.html")
    assert "<h1>Fjordmark fylkeskommune</h1>" in html
    involved = html.split("er involvert i</a>", 1)[1].split("</ol>", 1)[0]
    assert sorted(re.findall(r'href="[^"]*/id/([^"?]+)"', involved)) == [
        "bergtun-kommune-2021/rolle-3",
        "indre-fjordmark-regionrad-2021/rolle-2",
        "lysvik-kommune-2019/aktivitet-1.2",
        "lysvik-kommune-2023/aktivitet-1.2",
    ]
    turtle = requests.get(examples.url + "/doc/organisasjon/101000001.ttl", timeout=60)
    assert turtle.status_code == 200
    assert turtle.headers["Link"] == f'<{ORGNR}101000001>; rel="describes"'
    # the front page and the plans link to this page, not away to the organisation catalogue
    assert f'href="{examples.url}/doc/organisasjon/101000001.html"' in page(examples, "/")
    # a number with a wrong check digit names no organisation
    assert requests.get(examples.url + "/doc/organisasjon/101000002.html", timeout=60).status_code == 404


def test_a_graph_of_more_plans_than_the_front_page_shows_the_first_and_draws_none() -> None:
    """With room for two plans (as a graph of thousands has for its first fifty): the first two of
    the five, themes × plans for those two (the numbers above, read from the texts), the two
    organisations in most plans, no plan drawn, and the queries that list every one."""
    cut = start_server("--project-dir", str(PROJECT_DIR / "examples"), "--front-page-plans", "2")
    try:
        html = page(cut, "/")
        english = page(cut, "/?lang=en")
    finally:
        cut.stop()
    found = tables(html, "portfolio")
    assert [row[0] for row in found["plans"]] == [
        "Klimaplan for Lysvik kommune 2019–2022",
        "Regional planstrategi for Fjordmark 2020–2024",
    ]
    # the themes of both plans first (by name), then those of one
    assert re.findall(r'<th data-theme="https://psi.norge.no/los/tema/([^"]+)"', html) == [
        "natur-klima-og-miljo",
        "trafikk-og-transport",
        "bygg-og-eiendom",
        "naring",
        "skole-og-utdanning",
    ]
    assert found["themes"] == [
        ["Klimaplan for Lysvik kommune 2019–2022", "6", "4", "", "", ""],
        ["Regional planstrategi for Fjordmark 2020–2024", "4", "7", "3", "3", "2"],
    ]
    assert [row[0] for row in found["organisations"]] == [
        "Fjordmark fylkeskommune",
        "Statsforvalteren i Fjordmark",
    ]
    assert 'class="plan"' not in html
    said = re.search(r'<p class="note portfolio-cut">(.*?)</p>', html, re.S)
    assert said is not None
    note = unescape(" ".join(said.group(1).split()))
    assert "Grafen har 5 planer og 8 organisasjoner: her vises de 2 første planene" in note
    assert "/api/queries/plans-in-effect" in note and "/api/queries/organisations-across-plans" in note
    assert "The graph holds 5 plans and 8 organisations" in english


def test_the_whole_front_page_draws_every_plan(examples: RunningServer) -> None:
    html = page(examples, "/")
    assert html.count('<section class="plan"') == 5 and "portfolio-cut" not in html
