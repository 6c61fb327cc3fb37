"""/catalog (DCAT-AP / DCAT-AP-NO) and /.well-known/void, with the server's own URLs."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from kg.publishing.catalog import CATALOG_PREFIXES, catalog_graph
from kg.publishing.rdf import from_graph, graph_bytes
from kg.publishing.state import PerState
from kg.publishing.void import dataset_figures, void_graph
from server.context import settings, store
from server.http_cache import cacheable
from server.negotiation import RDF_GRAPH, negotiate
from server.site_root import current_site, has_sparql_endpoint, warm_up

catalog = Blueprint("catalog", __name__)
VOID_PREFIXES = {"void": "http://rdfs.org/ns/void#", "sd": "http://www.w3.org/ns/sparql-service-description#"}


@catalog.record_once
def _set_up(state: BlueprintSetupState) -> None:
    figures = state.app.extensions["kg.void_figures"] = PerState(dataset_figures)
    warm_up(figures, state.app)


@catalog.get("/catalog")
def show_catalog() -> Response:
    graph = catalog_graph(store(), current_site(), sparql_endpoint=has_sparql_endpoint())
    return _negotiated(from_graph(graph), CATALOG_PREFIXES)


@catalog.get("/.well-known/void")
def show_void() -> Response:
    figures = current_app.extensions["kg.void_figures"].get(store(), settings())
    graph = void_graph(figures, current_site(), sparql_endpoint=has_sparql_endpoint())
    return _negotiated(from_graph(graph), VOID_PREFIXES)


def _negotiated(triples: list, prefixes: dict[str, str]) -> Response:
    chosen = negotiate(RDF_GRAPH, request.headers.get("Accept"), request.args.getlist("format"))
    body = graph_bytes(triples, chosen.media_type, prefixes=prefixes)
    return cacheable(body, chosen.content_type, vary_accept=True)
