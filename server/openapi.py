"""The OpenAPI 3 document of the named-query API, generated from the query headers.

Nothing here is written by hand per query: adding a file to queries/ adds its
path, parameters (types, examples, defaults, allowed values), the media types
of its answers and the shape of its rows.
"""

from __future__ import annotations

from typing import Any

from kg import __version__
from kg.foundation.formats import SPARQL_JSON
from kg.query.named import LANGUAGE_TAG, MAX_STRING, NamedQuery, Parameter
from server.negotiation import RDF_GRAPH, RESULTS

OPENAPI_VERSION = "3.0.3"

_TYPE_SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string", "maxLength": MAX_STRING},
    "integer": {"type": "integer"},
    "language": {"type": "string", "pattern": f"^{LANGUAGE_TAG.pattern}$"},
}


def parameter_schema(parameter: Parameter) -> dict[str, Any]:
    schema = dict(_TYPE_SCHEMAS[parameter.type])
    convert = int if parameter.type == "integer" else str
    if parameter.enum:
        schema["enum"] = [convert(value) for value in parameter.enum]
    if parameter.default is not None:
        schema["default"] = convert(parameter.default)
    return schema


def _parameter(parameter: Parameter) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": parameter.name,
        "in": "query",
        "required": parameter.required,
        "description": parameter.description or parameter.name,
        "schema": parameter_schema(parameter),
    }
    if parameter.example is not None:
        described["example"] = int(parameter.example) if parameter.type == "integer" else parameter.example
    return described


def _row_schema(query: NamedQuery) -> dict[str, Any]:
    """SPARQL JSON results whose bindings have the query's columns."""
    columns = {
        name: {"allOf": [{"$ref": "#/components/schemas/Term"}], "description": text}
        for name, text in query.columns.items()
    }
    return {
        "type": "object",
        "properties": {
            "head": {
                "type": "object",
                "properties": {
                    "vars": {"type": "array", "items": {"type": "string", "enum": list(query.columns)}}
                },
            },
            "results": {
                "type": "object",
                "properties": {
                    "bindings": {"type": "array", "items": {"type": "object", "properties": columns}},
                },
            },
        },
    }


def _operation(query: NamedQuery) -> dict[str, Any]:
    graph = query.form in ("construct", "describe")
    table = RDF_GRAPH if graph else RESULTS
    content: dict[str, Any] = {media_type: {} for media_type in table.media_types()}
    if query.form == "select":
        content[SPARQL_JSON.media_type] = {"schema": _row_schema(query)}
    inference = {
        "none": "The answer is the same with and without inference.",
        "more": "With infer=false the answer holds less: only what is asserted.",
        "needed": "The query reads entailed triples: with infer=false it has no answer.",
    }[query.inference]
    return {
        "operationId": "query_" + query.name.replace("-", "_"),
        "summary": query.title,
        "description": f"{query.description}\n\n{inference}",
        "tags": list(query.tags) or ["queries"],
        "parameters": [
            *(_parameter(p) for p in query.parameters),
            {"$ref": "#/components/parameters/infer"},
            {"$ref": "#/components/parameters/format" + ("Graph" if graph else "Results")},
        ],
        "responses": {
            "200": {"description": "The answer." if graph else "The rows of the answer.", "content": content},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "406": {"$ref": "#/components/responses/NotAcceptable"},
        },
    }


def _format_parameter(names: list[str]) -> dict[str, Any]:
    return {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "The answer's format by short name, for clients that cannot set Accept.",
        "schema": {"type": "string", "enum": names},
    }


def openapi_document(queries: list[NamedQuery], server_url: str) -> dict[str, Any]:
    """The whole document; `server_url` is where clients reach the site root."""
    plain_text = {"text/plain": {"schema": {"type": "string"}}}
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "list_queries",
                "summary": "The named queries, with their parameters and columns",
                "tags": ["catalogue"],
                "responses": {
                    "200": {
                        "description": "Every named query's header as JSON.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/QueryList"}}
                        },
                    }
                },
            }
        }
    }
    for query in queries:
        paths[f"/api/queries/{query.name}"] = {"get": _operation(query)}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Strategigraf named queries",
            "version": __version__,
            "description": (
                "Questions a reader asks of public strategy documents, answered by named SPARQL queries "
                "on the graph with what its ontology entails (infer=false for the asserted triples only). "
                "Answers come in the SPARQL 1.1 result formats (SELECT) or RDF (CONSTRUCT), chosen by "
                "Accept or by the format parameter."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server_url.rstrip("/") or "/"}],
        "paths": paths,
        "components": {
            "parameters": {
                "infer": {
                    "name": "infer",
                    "in": "query",
                    "required": False,
                    "description": "false: answer from the asserted triples only, without entailments.",
                    "schema": {"type": "boolean", "default": True},
                },
                "formatResults": _format_parameter([n for f in RESULTS.formats for n in f.names]),
                "formatGraph": _format_parameter([n for f in RDF_GRAPH.formats for n in f.names]),
            },
            "responses": {
                "BadRequest": {
                    "description": "A parameter is missing or does not fit its type.",
                    "content": plain_text,
                },
                "NotAcceptable": {
                    "description": "None of the formats asked for is offered.",
                    "content": plain_text,
                },
            },
            "schemas": {
                "Term": {
                    "type": "object",
                    "description": "An RDF term in SPARQL 1.1 JSON results.",
                    "required": ["type", "value"],
                    "properties": {
                        "type": {"type": "string", "enum": ["uri", "literal", "bnode"]},
                        "value": {"type": "string"},
                        "xml:lang": {"type": "string"},
                        "datatype": {"type": "string", "format": "uri"},
                    },
                },
                "QueryList": {
                    "type": "object",
                    "properties": {"queries": {"type": "array", "items": {"type": "object"}}},
                },
            },
        },
    }
