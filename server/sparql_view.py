"""`/sparql`: the SPARQL 1.1 Protocol's query operation, read-only.

This module reads the protocol's parameters, negotiates the answer's format
and writes it; what a query may do and how it runs is decided in kg
(`kg.query.guard`, `kg.query.runner`). GET without a query answers the
Service Description (RDF) or the query page (HTML), by Accept.

`respond` is the protocol without Flask's request context: queries reach
it through `server.fast_path` (GET and POST) or the Flask view (HEAD).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Request, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from kg.foundation.formats import HTML, serialize_triples
from kg.query.guard import UPDATE_REFUSED
from kg.query.runner import QueryRequest, parse_infer
from server import context
from server.answers import write_answer
from server.negotiation import RDF_GRAPH, RESULTS, Format, Table, best, negotiate
from server.query_page import render_query_page
from server.service_description import PREFIXES as SD_PREFIXES
from server.service_description import service_description
from server.time_limit import read, run_query

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: GET /sparql without a query: the Service Description (Turtle first, for clients that ask for
#: anything) or the query page for browsers.
DESCRIPTION = Table((*RDF_GRAPH.formats, HTML))


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Requests that reach Flask: HEAD, and GET without a query (the rest take `server.fast_path`)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    req: Request = request._get_current_object()  # type: ignore[attr-defined]
    answer = respond(req, app)
    if answer is None:
        return _describe(req, _endpoint_url(context.settings().public_url))
    return answer


def respond(req: Request, app: Flask) -> Response | None:
    """The answer to the query a request carries; None when a GET carries none (describe the service).

    Reads what it needs from `app` but not from Flask's request context, so
    that the fast path can call it too. Raises what `server.errors` answers.
    """
    conf = context.app_state(app).settings
    url = _endpoint_url(conf.public_url)
    query = _query_request(req, url)
    if query is None:
        return None
    answer = run_query(app, query, req.environ)
    return write_answer(answer, lambda table: _choose(req, table), conf.max_rows, [url + "#limits"])


def _query_request(req: Request, url: str) -> QueryRequest | None:
    """The query and its dataset, from any of the protocol's three forms; None: no query (GET)."""
    if req.method != "POST":  # GET, and HEAD (as Flask routes it to GET views)
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
        base_iri=url,
        results_format=_preferred_results(req),
    )


def _posted_queries(req: Request) -> tuple[list[str], list[MultiDict[str, str]]]:
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


def _infer(params: list[MultiDict[str, str]]) -> bool | None:
    values = [v for p in params for v in p.getlist("infer")]
    if not values:
        return None
    try:
        return parse_infer(values[-1])
    except ValueError as error:
        raise BadRequest(str(error)) from None


def _format_params(req: Request) -> list[str]:
    """Values of `format`, for clients that cannot set Accept (SPARQLWrapper sends several)."""
    values = req.args.getlist("format")
    if req.method == "POST" and req.mimetype == FORM:
        values += req.form.getlist("format")
    return values


def _preferred_results(req: Request) -> str | None:
    """The results format a SELECT answer will be written in, if the client takes one."""
    chosen = best(RESULTS, req.headers.get("Accept"), _format_params(req))
    return chosen.media_type if chosen else None


def _choose(req: Request, table: Table) -> Format:
    return negotiate(table, req.headers.get("Accept"), _format_params(req))


def _describe(req: Request, url: str) -> Response:
    chosen = _choose(req, DESCRIPTION)
    if chosen == HTML:
        return Response(render_query_page(url), content_type=HTML.content_type)
    conf = context.settings()
    triples = read(lambda store: service_description(url, store, conf))
    response = Response(
        serialize_triples(triples, chosen.media_type, SD_PREFIXES), content_type=chosen.content_type
    )
    response.headers["Vary"] = "Accept"
    return response


def _endpoint_url(public: str | None) -> str:
    """The endpoint's URL from the configured public URL (never the Host header): its queries' base IRI."""
    return f"{(public or '').rstrip('/')}/sparql"
