"""The front page: the portfolio of plans (when there are several), each plan drawn, the ways in."""

from __future__ import annotations

from flask import Blueprint

from kg.publishing.overview import PlanOverview, plan_overviews
from kg.publishing.portfolio import Portfolio, portfolio
from kg.publishing.state import dataset_graphs
from kg.store import Store
from server.context import app_state, settings
from server.rendering import page_language, render_page
from server.time_limit import read

pages = Blueprint("pages", __name__)


@pages.get("/")
def front_page() -> str:
    conf = settings()
    queries, language = app_state().named_queries, page_language()

    def front(store: Store) -> tuple[list[PlanOverview], Portfolio | None]:
        across = portfolio(store, conf, queries, language)
        if across is not None and across.total_plans > conf.front_page_plans:
            return [], across  # too many plans to draw: each has its own page
        return plan_overviews(store, dataset_graphs(store, conf)), across

    overviews, across = read(front)
    return render_page("index.html", overviews=overviews, portfolio=across)
