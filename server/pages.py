"""The front page: the strategies drawn from the graph, with the ways into it."""

from __future__ import annotations

from flask import Blueprint

from kg.publishing.overview import plan_overviews
from server.context import settings, store
from server.rendering import render_page

pages = Blueprint("pages", __name__)


@pages.get("/")
def front_page() -> str:
    conf = settings()
    overviews = plan_overviews(store(), [g for g in conf.asserted_graphs() if g in store().graph_names()])
    return render_page("index.html", overviews=overviews)
