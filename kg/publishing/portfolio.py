"""The front page's portfolio: the plans of the graph, their themes, and the organisations across them.

Shown when the graph holds more than one plan. Of a graph of more plans than the settings'
`front_page_plans`, the first of them (in the order of `plans-in-effect`) and as many of the
organisations in most plans are shown, themes × plans asked plan by plan: the whole portfolio of
thousands of plans takes longer than a page may (bench/README.md, named_queries.py), and the
named queries list all of it. The answers are those of the named queries
`plans-in-effect` (each plan, the years it is in effect, the plan that replaces it),
`themes-per-plan` (themes × plans: how many elements of each plan are about each Los theme) and
`organisations-across-plans`, run as the API runs them, so the page and the API never
disagree; a project that replaces one of them with a query of its own columns is shown what
its query answers for the columns the page reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.foundation.settings import Settings
from kg.publishing.describe import Ref, labels_of
from kg.query.named import NamedQuery
from kg.store import SelectResult, Store
from kg.store.base import expect

PLANS_QUERY = "plans-in-effect"
ORGANISATIONS_QUERY = "organisations-across-plans"
THEMES_QUERY = "themes-per-plan"


@dataclass(frozen=True)
class PortfolioPlan:
    plan: Ref
    publisher: Ref | None
    start: int | None
    until: int | None
    replaced_by: Ref | None


@dataclass(frozen=True)
class PortfolioOrganisation:
    organisation: Ref
    number: str | None
    plans: int
    publishes: int
    activities: int


@dataclass
class Portfolio:
    plans: list[PortfolioPlan] = field(default_factory=list)
    organisations: list[PortfolioOrganisation] = field(default_factory=list)
    #: The Los themes of any plan, those of most plans first: the columns of themes × plans.
    themes: list[Ref] = field(default_factory=list)
    #: (plan IRI, theme IRI) → how many of the plan's elements are about the theme.
    theme_elements: dict[tuple[str, str], int] = field(default_factory=dict)
    #: How many plans the graph holds (more than `plans` when they are too many to show).
    total_plans: int = 0
    #: How many organisations the graph's plans name (more than `organisations` when too many).
    total_organisations: int = 0

    @property
    def cut(self) -> bool:
        """Whether the graph holds more plans or organisations than are shown."""
        return self.total_plans > len(self.plans) or self.total_organisations > len(self.organisations)


def portfolio(
    store: Store, settings: Settings, queries: Mapping[str, NamedQuery], lang: str
) -> Portfolio | None:
    """The portfolio of a graph of two plans or more; None for one plan (or without the queries)."""
    plans_query, organisations_query = queries.get(PLANS_QUERY), queries.get(ORGANISATIONS_QUERY)
    themes_query = queries.get(THEMES_QUERY)
    if plans_query is None or organisations_query is None:
        return None
    graphs = settings.default_graphs(infer=True)
    plan_rows = _rows(store, plans_query.bind({"lang": lang}), graphs)
    if len(plan_rows) < 2:
        return None
    limit = settings.front_page_plans
    found = Portfolio(total_plans=len(plan_rows))
    plan_rows = plan_rows[:limit]
    organisation_rows = _rows(store, organisations_query.bind({"lang": lang}), graphs)
    found.total_organisations = len(organisation_rows)
    organisation_rows = organisation_rows[:limit]
    mentioned = {
        term.value
        for row in plan_rows
        for name in ("strategy", "publisher", "replacedBy")
        if isinstance(term := row.get(name), ox.NamedNode)
    }
    theme_rows = _theme_rows(store, themes_query, plan_rows, lang, graphs, cut=found.total_plans > limit)
    labels = labels_of(store, settings.asserted_graphs(), mentioned)

    def ref(term: Any) -> Ref | None:
        return Ref(term.value, labels.get(term.value, {})) if isinstance(term, ox.NamedNode) else None

    for row in plan_rows:
        plan = ref(row.get("strategy"))
        if plan is not None:
            found.plans.append(
                PortfolioPlan(
                    plan,
                    ref(row.get("publisher")),
                    _int(row.get("from")),
                    _int(row.get("until")),
                    ref(row.get("replacedBy")),
                )
            )
    for row in organisation_rows:
        organisation, name = row.get("organisation"), row.get("name")
        if isinstance(organisation, ox.NamedNode) and isinstance(name, ox.Literal):
            number = row.get("number")
            found.organisations.append(
                PortfolioOrganisation(
                    Ref(organisation.value, {lang: name.value}),
                    number.value if isinstance(number, ox.Literal) else None,
                    _int(row.get("plans")) or 0,
                    _int(row.get("publishes")) or 0,
                    _int(row.get("activities")) or 0,
                )
            )
    _themes(found, theme_rows, lang)
    return found


def _theme_rows(
    store: Store,
    query: NamedQuery | None,
    plan_rows: list[dict[str, Any]],
    lang: str,
    graphs: list[str],
    *,
    cut: bool,
) -> list[dict[str, Any]]:
    """themes-per-plan's rows: for every plan at once, or plan by plan for the plans shown of a
    graph of too many (each then a lookup, where every plan at once is seconds at a million triples)."""
    if query is None:
        return []
    if not cut:
        return _rows(store, query.bind({"lang": lang}), graphs)
    plans = [row["strategy"].value for row in plan_rows if isinstance(row.get("strategy"), ox.NamedNode)]
    return [
        row for plan in plans for row in _rows(store, query.bind({"strategy": plan, "lang": lang}), graphs)
    ]


def _themes(found: Portfolio, rows: list[dict[str, Any]], lang: str) -> None:
    """Themes × plans from themes-per-plan's rows: the columns, the themes of most plans first."""
    names: dict[str, str] = {}
    for row in rows:
        plan, theme, name = row.get("strategy"), row.get("theme"), row.get("name")
        if isinstance(plan, ox.NamedNode) and isinstance(theme, ox.NamedNode):
            found.theme_elements[(plan.value, theme.value)] = _int(row.get("elements")) or 0
            if isinstance(name, ox.Literal):
                names[theme.value] = name.value
    plans_of = Counter(theme for _, theme in found.theme_elements)
    found.themes = [
        Ref(theme, {lang: names.get(theme, theme)})
        for theme in sorted(plans_of, key=lambda theme: (-plans_of[theme], names.get(theme, theme)))
    ]


def _rows(store: Store, query: str, graphs: list[str]) -> list[dict[str, Any]]:
    result = expect(store.query(query, default_graphs=graphs), SelectResult)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _int(term: Any) -> int | None:
    try:
        return int(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None
