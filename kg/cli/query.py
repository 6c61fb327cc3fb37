"""`kg query`: run a named query, a query file or a query text on the repository's graph."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click
import pyoxigraph as ox
from rich.markup import escape
from rich.table import Table

from kg.cli.common import err, fail, make_settings, out, settings_options
from kg.cli.loading import load
from kg.cli.store_options import StoreChoice, dataset_version, store_options
from kg.graph.namespaces import PREFIXES
from kg.graph.rdf_output import serialize_triples
from kg.query.named import (
    HeaderError,
    NamedQuery,
    ParameterError,
    load_queries,
    load_query,
    split_header,
    uses_service,
)
from kg.query.results import CSV, JSON, write_boolean, write_select
from kg.settings import Settings
from kg.store import AskResult, GraphResult, QueryResult, QuerySyntaxError, StoreError
from kg.store.base import Term


@click.command()
@click.argument("query", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query (repeatable).",
)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run the query in this file (with or without a named-query header).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "turtle"]),
    default="table",
    show_default=True,
    help="table for people; csv and json (SPARQL results) for programs; turtle for CONSTRUCT answers.",
)
@click.option(
    "--lang", type=click.Choice(["nb", "en"]), default=None, help="Language of labels (the lang parameter)."
)
@click.option(
    "--asserted-only", is_flag=True, help="Leave out what inference adds: only the asserted triples."
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@store_options
@settings_options
def query(
    query: str | None,
    params: tuple[str, ...],
    query_file: Path | None,
    output_format: str,
    lang: str | None,
    asserted_only: bool,
    list_queries: bool,
    store: StoreChoice,
    project_dir: Path,
    base_iri: str,
) -> None:
    """Answer a query on the repository's graph (with inference).

    QUERY is the name of a query in queries/ (see --list) or a SPARQL query
    text. Named queries take parameters as --param NAME=VALUE; --lang sets the
    language of labels where a query has a lang parameter. The graph is the
    asserted triples plus what the ontology entails; --asserted-only leaves
    the entailments out. With the default memory store the repository's files
    are loaded first; another store (--store oxigraph:DIR or sparql:URL) is
    queried as it is, as kg push left it. Exit code 0: answered; 2: an error
    (unknown query, bad parameter, syntax error, store unreachable).
    """
    settings = make_settings(project_dir, base_iri, infer=not asserted_only)
    queries, header_errors = load_queries(settings.queries_dir)
    if list_queries:
        _print_list(queries, header_errors, output_format)
        return
    named, sparql = _pick(query, query_file, queries, header_errors)
    if named is not None:
        values = _parameter_values(params)
        if lang and named.parameter("lang") is not None:
            values.setdefault("lang", lang)
        try:
            sparql = named.bind(values)
        except ParameterError as error:
            fail(escape(str(error)))
    elif params:
        fail("--param needs a named query (one with a header declaring its parameters)")
    if uses_service(sparql):
        fail("SERVICE is not allowed: kg makes no outbound requests")
    result = _answer(settings, sparql, store)
    _print_result(result, output_format, settings)


def _pick(
    query: str | None, query_file: Path | None, queries: dict[str, NamedQuery], errors: list[HeaderError]
) -> tuple[NamedQuery | None, str]:
    """The named query, or the plain query text, that the arguments ask for."""
    if query_file is not None:
        if query:
            fail("give either QUERY or --file, not both")
        text = query_file.read_text(encoding="utf-8")
        if not split_header(text)[0]:
            return None, text
        try:
            return load_query(query_file, check_name=False), ""
        except HeaderError as error:
            fail(escape(str(error)))
    if not query:
        fail("no query: give a query name (kg query --list), a SPARQL text, or --file FILE")
    assert query is not None
    if query in queries:
        return queries[query], ""
    broken = next((e for e in errors if e.path.stem == query), None)
    if broken is not None:
        fail(escape(str(broken)))
    if any(c.isspace() or c == "{" for c in query):
        return None, query
    close = difflib.get_close_matches(query, list(queries), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    fail(escape(f"unknown query {query!r}{hint}: see kg query --list"))


def _parameter_values(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name.strip():
            fail(escape(f"--param {param!r}: expected NAME=VALUE"))
        values[name.strip()] = value
    return values


def _answer(settings: Settings, sparql: str, choice: StoreChoice) -> QueryResult:
    in_memory = choice.spec == "memory"
    store = choice.open(settings, read_only=not in_memory)
    if in_memory:
        with err.status("loading the graph…"):
            load(store, settings)
    else:
        err.print(f"[dim]{escape(dataset_version(store, settings))}[/]")
    try:
        return store.query(sparql, default_graphs=settings.default_graphs())
    except QuerySyntaxError as error:
        fail(escape(f"SPARQL syntax error: {error}"))
    except StoreError as problem:
        fail(escape(str(problem)))


def _print_result(result: QueryResult, output_format: str, settings: Settings) -> None:
    if isinstance(result, GraphResult):
        if output_format in ("csv", "json"):
            fail("a CONSTRUCT or DESCRIBE answer is RDF: use --format turtle")
        sys.stdout.buffer.write(serialize_triples(result.triples, "text/turtle"))
        return
    if output_format == "turtle":
        fail("turtle is for CONSTRUCT and DESCRIBE answers: use --format table, csv or json")
    if isinstance(result, AskResult):
        if output_format == "table":
            out.print("true" if result.value else "false")
        else:
            sys.stdout.buffer.write(write_boolean(result.value, JSON if output_format == "json" else CSV))
        return
    rows = list(result.rows)
    if output_format == "table":
        _print_table(result.variables, rows, settings)
    elif output_format == "json":
        sys.stdout.buffer.write(write_select(result.variables, rows, JSON) + b"\n")
    else:
        sys.stdout.buffer.write(write_select(result.variables, rows, CSV))


def _print_table(variables: list[str], rows: list[tuple[Term | None, ...]], settings: Settings) -> None:
    """Rows as a table that wraps to the terminal's width; IRIs shortened by prefix."""
    prefixes = {**PREFIXES, "id": settings.resource_base}
    table = Table(show_lines=False, header_style="bold", expand=False)
    for name in variables:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(term, prefixes)) for term in row))
    out.print(table)
    out.print(f"[dim]{len(rows)} row{'s' if len(rows) != 1 else ''}[/]")


def _cell(term: Term | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = term.value  # type: ignore[union-attr]
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in prefixes.items():
            if value.startswith(namespace) and len(value) > len(namespace):
                return f"{prefix}:{value[len(namespace) :]}"
    return value


def _print_list(queries: dict[str, NamedQuery], errors: list[HeaderError], output_format: str) -> None:
    for error in errors:
        err.print(f"[yellow]warning:[/] {escape(str(error))}")
    if output_format == "json":
        sys.stdout.write(
            json.dumps([q.describe() for q in queries.values()], ensure_ascii=False, indent=2) + "\n"
        )
        return
    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    for named in queries.values():
        parameters = ", ".join(
            f"{p.name} ({p.type}{', required' if p.required else ''})" for p in named.parameters
        )
        table.add_row(escape(named.name), escape(named.title), escape(parameters))
    out.print(table)
