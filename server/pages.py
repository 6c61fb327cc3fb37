"""The front page: the portfolio of plans (when there are several), each plan drawn, the ways in."""

from __future__ import annotations

from flask import Blueprint

from kg.publishing.overview import plan_overviews
from kg.publishing.portfolio import portfolio
from server.context import app_state, settings, store
from server.rendering import page_language, render_page

pages = Blueprint("pages", __name__)


@pages.get("/")
def front_page() -> str:
    conf = settings()
    overviews = plan_overviews(store(), [g for g in conf.asserted_graphs() if g in store().graph_names()])
    across = portfolio(store(), conf, app_state().named_queries, page_language())
    return render_page("index.html", overviews=overviews, portfolio=across)
