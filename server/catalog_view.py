"""/catalog (DCAT-AP / DCAT-AP-NO), /catalog/information-models (ModellDCAT-AP-NO),
/catalog/concepts (SKOS-AP-NO-Begrep) and /.well-known/void, with the server's own URLs."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request
from flask.blueprints import BlueprintSetupState

from kg.foundation.namespaces import MODELLDCATNO, SD, VOID
from kg.publishing.catalog import CATALOG_PREFIXES, catalog_triples
from kg.publishing.concepts import CONCEPT_PREFIXES, concept_triples
from kg.publishing.information_models import information_model_triples
from kg.publishing.rdf import graph_bytes
from kg.publishing.void import void_triples
from server.context import app_state, settings
from server.http_cache import cacheable
from server.negotiation import RDF_GRAPH, negotiate
from server.site_root import current_site, has_sparql_endpoint, warm_up
from server.time_limit import read

catalog = Blueprint("catalog", __name__)
VOID_PREFIXES = {"void": VOID, "sd": SD}


@catalog.record_once
def _set_up(state: BlueprintSetupState) -> None:
    if app_state(state.app).preparer is None:  # else made in the background (`server.preparation`)
        warm_up(app_state(state.app).void_figures, state.app)


@catalog.get("/catalog")
def show_catalog() -> Response:
    site, endpoint = current_site(), has_sparql_endpoint()
    triples = read(lambda store: catalog_triples(store, site, sparql_endpoint=endpoint))
    return _negotiated(triples, CATALOG_PREFIXES)


@catalog.get("/catalog/information-models")
def show_information_models() -> Response:
    site = current_site()
    triples = read(lambda store: information_model_triples(store, site))
    return _negotiated(triples, {**CATALOG_PREFIXES, "modelldcatno": MODELLDCATNO})


@catalog.get("/catalog/concepts")
def show_concepts() -> Response:
    site = current_site()
    triples = read(lambda store: concept_triples(store, site))
    return _negotiated(triples, {**CATALOG_PREFIXES, **CONCEPT_PREFIXES})


@catalog.get("/.well-known/void")
def show_void() -> Response:
    state = app_state()
    if state.preparer is not None:
        state.preparer.wait_for_figures()  # 503 until counted
    figures = state.void_figures.get(read, settings())
    triples = void_triples(figures, current_site(), sparql_endpoint=has_sparql_endpoint())
    return _negotiated(triples, VOID_PREFIXES)


def _negotiated(triples: list[ox.Triple], prefixes: dict[str, str]) -> Response:
    chosen = negotiate(RDF_GRAPH, request.headers.get("Accept"), request.args.getlist("format"))
    body = graph_bytes(triples, chosen.media_type, prefixes=prefixes)
    return cacheable(body, chosen.content_type, vary_accept=True)
