"""The named queries as a REST API: /api/queries, /api/queries/<name>, /api/openapi.json, /api/.

Queries are read from queries/ once, when the app is made (`server.context`);
a file with a broken header is logged and left out, the others are served.
Parameters arrive as query-string values, are checked against the header's
types (400 naming the parameter) and bound as values, never spliced in; an
IRI may be given as a prefixed name with a known prefix (`osr:visjon`).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotFound

from kg.query.named import NamedQuery, ParameterError
from kg.query.runner import QueryRequest, parse_infer
from server import context
from server.answers import GRAPH_ANSWER, write_answer
from server.negotiation import RDF_GRAPH, RESULTS, negotiate
from server.openapi import openapi_document
from server.time_limit import run_query

log = logging.getLogger("server.api")
api = Blueprint("api", __name__, url_prefix="/api", template_folder="templates")

#: Query-string names the API reads itself; everything else is a query parameter.
CONTROL_PARAMETERS = ("format", "infer")


def named_queries() -> dict[str, NamedQuery]:
    return context.app_state().named_queries


@api.get("/queries")
def list_queries() -> Response:
    return jsonify({"queries": [_with_links(query) for query in named_queries().values()]})


@api.get("/queries/<name>")
def answer(name: str) -> Response:
    query = named_queries().get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}; the list is at {url_for('api.list_queries')}")
    values: dict[str, str] = {}
    for key in request.args:
        given = request.args.getlist(key)
        if len(given) > 1:
            raise BadRequest(f"parameter {key!r}: given {len(given)} times, expected once")
        if key not in CONTROL_PARAMETERS:
            values[key] = given[0]
    try:
        sparql = query.bind(values, context.app_state().prefixes)
    except ParameterError as error:
        raise BadRequest(str(error)) from None
    accept, formats = request.headers.get("Accept"), request.args.getlist("format")
    # Negotiate before running, so that a client gets its 406 without waiting for the answer.
    negotiate(GRAPH_ANSWER if query.form in ("construct", "describe") else RESULTS, accept, formats)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    answer = run_query(app, QueryRequest(text=sparql, infer=_infer_flag()), request.environ)
    return write_answer(answer, lambda table: negotiate(table, accept, formats), context.settings().max_rows)


@api.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(list(named_queries().values()), _site_root()))


@api.get("/")
def docs() -> str:
    return render_template(
        "api_docs.html",
        queries=[_with_links(query) for query in named_queries().values()],
        results=RESULTS,
        graph=RDF_GRAPH,
    )


def _infer_flag() -> bool:
    raw = request.args.get("infer")
    if raw is None:
        return context.settings().infer
    try:
        return parse_infer(raw)
    except ValueError as error:
        raise BadRequest(str(error)) from None


def _with_links(query: NamedQuery) -> dict[str, Any]:
    described = query.describe()
    url = url_for("api.answer", name=query.name)
    described["url"] = url
    described["example"] = f"{url}?{urlencode(query.example_values())}" if query.parameters else url
    return described


def _site_root() -> str:
    return context.settings().public_url or ""
