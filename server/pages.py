"""The front page: the strategies drawn from the graph, with the ways into it."""

from __future__ import annotations

from flask import Blueprint

from kg.publishing.overview import plan_overviews
from kg.publishing.state import dataset_graphs
from server.context import settings
from server.rendering import render_page
from server.time_limit import read

pages = Blueprint("pages", __name__)


@pages.get("/")
def front_page() -> str:
    conf = settings()
    overviews = read(lambda store: plan_overviews(store, dataset_graphs(store, conf)))
    return render_page("index.html", overviews=overviews)
