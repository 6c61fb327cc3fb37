"""The front page: the portfolio of plans (when there are several), each plan drawn, the ways in."""

from __future__ import annotations

from flask import Blueprint

from kg.publishing.overview import plan_overviews
from kg.publishing.portfolio import portfolio
from kg.publishing.state import dataset_graphs
from server.context import app_state, settings
from server.rendering import page_language, render_page
from server.time_limit import read

pages = Blueprint("pages", __name__)


@pages.get("/")
def front_page() -> str:
    conf = settings()
    queries, language = app_state().named_queries, page_language()
    overviews, across = read(
        lambda store: (
            plan_overviews(store, dataset_graphs(store, conf)),
            portfolio(store, conf, queries, language),
        )
    )
    return render_page("index.html", overviews=overviews, portfolio=across)
