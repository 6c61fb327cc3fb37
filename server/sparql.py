"""`/sparql`: the SPARQL 1.1 Protocol's query operation, read-only.

This module reads the protocol's parameters, negotiates the answer's format
and writes it; what a query may do and how it runs is decided in kg
(`kg.query_guard`, `kg.query_runner`). GET without a query answers the
Service Description (RDF) or the query page (HTML), by Accept.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from flask import Blueprint, Flask, Request, Response, current_app, request
from werkzeug.exceptions import BadRequest, NotAcceptable, RequestEntityTooLarge, UnsupportedMediaType

from kg.query_guard import UPDATE_REFUSED, QueryRefused
from kg.query_runner import Answer, Boolean, QueryRequest, QueryRunner, QueryTimeout, Solutions
from kg.rdf_output import serialize_quads, serialize_triples
from kg.results import write_boolean, write_select
from kg.store import QuerySyntaxError
from server import context
from server.negotiation import HTML, RDF_DATASET, RDF_GRAPH, RESULTS, Format, Table
from server.query_page import render_query_page
from server.service_description import PREFIXES as SD_PREFIXES
from server.service_description import service_description
from server.time_limit import run_query, timed_out

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: A CONSTRUCT or DESCRIBE answer: a graph, or a dataset (its default graph) when a client asks for one.
GRAPH_ANSWER = Table((*RDF_GRAPH.formats, *RDF_DATASET.formats))
#: GET /sparql without a query: the Service Description (Turtle first, for clients that ask for
#: anything) or the query page for browsers.
DESCRIPTION = Table((*RDF_GRAPH.formats, HTML))
#: Header telling that rows were cut at the row limit; its value is the limit.
TRUNCATED_HEADER = "KG-Truncated"


def register(app: Flask) -> None:
    """Add the endpoint to an app made by `create_app`."""
    app.extensions["kg.query_runner"] = QueryRunner(app.extensions["kg.store"], app.extensions["kg.settings"])
    app.register_blueprint(blueprint)


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    req: Request = request._get_current_object()  # type: ignore[attr-defined]  # once, not a proxy per use
    query = _query_request(req)
    if query is None:
        return _describe(req)
    runner: QueryRunner = current_app.extensions["kg.query_runner"]
    try:
        answer = run_query(runner, query)
    except (QueryRefused, QuerySyntaxError) as problem:
        raise BadRequest(str(problem)) from None
    except QueryTimeout as timeout:
        return timed_out(timeout)
    return _write(req, answer)


def _query_request(req: Request) -> QueryRequest | None:
    """The query and its dataset, from any of the protocol's three forms; None: no query (GET)."""
    if req.method == "GET":
        params = [req.args]
        queries = req.args.getlist("query")
        if not queries:
            if "update" in req.args:
                raise BadRequest(UPDATE_REFUSED)
            return None
    else:
        queries, params = _posted_queries(req)
    if len(queries) > 1:
        raise BadRequest("more than one query: send exactly one `query` parameter")
    text = queries[0]
    if not text.strip():
        raise BadRequest("the query is empty")
    return QueryRequest(
        text=text,
        default_graph_uris=tuple(v for p in params for v in p.getlist("default-graph-uri")),
        named_graph_uris=tuple(v for p in params for v in p.getlist("named-graph-uri")),
        infer=_infer(params),
        base_iri=_endpoint_url(req),
    )


def _posted_queries(req: Request) -> tuple[list[str], list]:
    """Queries and parameter sources of a POST, by its media type (415 for any other)."""
    media_type = req.mimetype
    body = _read_body(req)
    if media_type == FORM:
        if "update" in req.form:
            raise BadRequest(UPDATE_REFUSED)
        params = [req.args, req.form]
        queries = req.args.getlist("query") + req.form.getlist("query")
        if not queries:
            raise BadRequest("no query: send it in the `query` form field")
        return queries, params
    if media_type == SPARQL_QUERY:
        charset = req.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"a query must be sent in UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadRequest(f"the query is not valid UTF-8 (byte {error.start})") from None
        return [*req.args.getlist("query"), text], [req.args]
    if media_type == SPARQL_UPDATE:
        raise BadRequest(UPDATE_REFUSED)
    sent = media_type or "no Content-Type"
    raise UnsupportedMediaType(f"{sent}: send a query as {FORM} or {SPARQL_QUERY}")


def _read_body(req: Request) -> bytes:
    """The whole body, kept for form parsing; 413 past --max-body.

    werkzeug refuses a Content-Length over the limit, but cuts a chunked body
    at the limit without a word: one more byte read past it tells the two apart.
    """
    limit = req.max_content_length
    too_large = RequestEntityTooLarge(f"the request body is over the limit of {limit} bytes")
    try:
        body = req.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None
    chunked_at_limit = limit is not None and req.content_length is None and len(body) >= limit
    if chunked_at_limit and req.environ["wsgi.input"].read(1):
        raise too_large
    return body


def _infer(params: list) -> bool | None:
    values = [v for p in params for v in p.getlist("infer")]
    if not values:
        return None
    value = values[-1].strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise BadRequest(f"infer={values[-1]!r}: use infer=true or infer=false")


def _format_params(req: Request) -> list[str]:
    """Values of `format`, for clients that cannot set Accept (SPARQLWrapper sends several)."""
    values = req.args.getlist("format")
    if req.method == "POST" and req.mimetype == FORM:
        values += req.form.getlist("format")
    return values


def _choose(req: Request, table: Table) -> Format:
    """The format from `format` parameters, else from Accept; 406 naming what is offered."""
    format_params = _format_params(req)
    accept = req.headers.get("Accept")
    chosen = _by_name(table, tuple(format_params)) if format_params else _by_accept(table, accept)
    if chosen:
        return chosen
    asked = f"format={format_params[0]}" if format_params else f"Accept: {accept}"
    raise NotAcceptable(f"{asked}: this answer is available as {', '.join(table.media_types())}")


def _by_name(table: Table, names: tuple[str, ...]) -> Format | None:
    return next((chosen for name in names if (chosen := table.by_name(name))), None)


@lru_cache(maxsize=512)
def _by_accept(table: Table, accept: str | None) -> Format | None:
    # Clients send the same few Accept headers again and again; parsing one costs ~10 µs.
    return table.choose(accept)


def _write(req: Request, answer: Answer) -> Response:
    if isinstance(answer, Boolean):
        chosen = _choose(req, RESULTS)
        return _response(write_boolean(answer.value, chosen.media_type), chosen)
    if isinstance(answer, Solutions):
        chosen = _choose(req, RESULTS)
        links = [_endpoint_url(req) + "#limits"] if answer.truncated else []
        body = write_select(answer.variables, answer.rows, chosen.media_type, links)
        return _response(body, chosen, truncated=answer.truncated)
    chosen = _choose(req, GRAPH_ANSWER)
    try:
        if chosen in RDF_DATASET.formats:
            quads = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in answer.triples)
            body = serialize_quads(quads, chosen.media_type)
        else:
            body = serialize_triples(answer.triples, chosen.media_type)
    except (OSError, ValueError) as problem:  # e.g. RDF/XML cannot write every predicate IRI
        raise NotAcceptable(f"the answer cannot be written as {chosen.media_type}: {problem}") from None
    return _response(body, chosen, truncated=answer.truncated)


def _response(body: bytes, chosen: Format, *, truncated: bool = False) -> Response:
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    if truncated:
        response.headers[TRUNCATED_HEADER] = str(context.settings().max_rows)
    return response


def _describe(req: Request) -> Response:
    chosen = _choose(req, DESCRIPTION)
    if chosen == HTML:
        return Response(render_query_page(_endpoint_url(req)), content_type=HTML.content_type)
    triples = service_description(_endpoint_url(req), context.store(), context.settings())
    return _response(serialize_triples(triples, chosen.media_type, SD_PREFIXES), chosen)


def _endpoint_url(req: Request) -> str:
    """The endpoint's URL as the client named it: the base IRI of its queries."""
    public = context.settings().public_url
    if public:
        return public.rstrip("/") + "/sparql"
    url = _url_for_host(req.scheme, req.host, req.root_path)
    if url is None:
        raise BadRequest(f"the Host header {req.host!r} does not make a valid URL")
    return url


@lru_cache(maxsize=256)
def _url_for_host(scheme: str, host: str, root_path: str) -> str | None:
    # Cached: werkzeug's request.base_url costs more than a whole lookup query.
    url = f"{scheme}://{host}{root_path}/sparql"
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return url
