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
from kg.cli.limits import query_limit_options
from kg.cli.loading import load
from kg.cli.store_options import StoreChoice, dataset_version, store_options
from kg.foundation.formats import RDF_SYNTAXES, RESULTS_SYNTAXES, find_syntax, serialize_triples
from kg.foundation.namespaces import PREFIXES
from kg.foundation.prefixes import known_prefixes
from kg.foundation.settings import LANGUAGES, Settings
from kg.query.guard import QueryRefused, analyse
from kg.query.named import (
    HeaderError,
    NamedQuery,
    ParameterError,
    load_queries,
    load_query,
    split_header,
)
from kg.query.reads import QueryTimeout, StoreReads
from kg.query.results import write_boolean, write_select
from kg.query.runner import Answer, Boolean, QueryRequest, QueryRunner, Triples
from kg.store import QuerySyntaxError, StoreError
from kg.store.base import Term

#: Every --format: a table, a SPARQL results format, or an RDF syntax (xml is both SPARQL XML
#: results and RDF/XML, as the answer's kind decides).
FORMAT_NAMES = list(
    dict.fromkeys(["table", *(n for s in (*RESULTS_SYNTAXES, *RDF_SYNTAXES) for n in s.names)])
)


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
    type=click.Choice(FORMAT_NAMES, case_sensitive=False),
    default="table",
    show_default=True,
    help="table for people; json, xml, csv or tsv (SPARQL results) for programs; an RDF format "
    "(turtle or ttl, nt, jsonld, rdf, trig, nq: the names kg export takes) for CONSTRUCT answers.",
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default=None, help="Language of labels (the lang parameter)."
)
@click.option(
    "--asserted-only", is_flag=True, help="Leave out what inference adds: only the asserted triples."
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@store_options
@query_limit_options(on_timeout="the command exits with 2")
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
    query_timeout: float,
    max_rows: int,
    max_nesting: int,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Answer a query on the repository's graph (with inference).

    QUERY is the name of a query in queries/ (see --list) or a SPARQL query
    text. Named queries take parameters as --param NAME=VALUE; --lang sets the
    language of labels where a query has a lang parameter. The graph is the
    asserted triples plus what the ontology entails; --asserted-only leaves
    the entailments out. With the default memory store the repository's files
    are loaded first; another store (--store oxigraph:DIR or sparql:URL) is
    queried as it is, as kg push left it. Queries take the endpoint's path:
    SERVICE and updates are refused, --query-timeout, --max-rows and
    --max-nesting apply.
    Exit code 0: answered (an answer cut at --max-rows too, which says so on
    standard error); 2: an error (unknown query, bad parameter, syntax error,
    refused query, time limit reached, store unreachable).
    """
    settings = make_settings(
        project_dir,
        base_iri,
        infer=not asserted_only,
        query_timeout=query_timeout,
        max_rows=max_rows,
        max_nesting=max_nesting,
    )
    queries, header_errors = load_queries(*settings.query_dirs)
    if list_queries:
        _print_list(queries, header_errors, output_format, settings)
        return
    named, sparql = _pick(query, query_file, queries, header_errors)
    if named is not None:
        values = _parameter_values(params)
        if lang and named.parameter("lang") is not None:
            values.setdefault("lang", lang)
        try:
            sparql = named.bind(values, known_prefixes(settings))
        except ParameterError as error:
            fail(escape(str(error)))
    elif params:
        fail("--param needs a named query (one with a header declaring its parameters)")
    answer = _answer(settings, sparql, store)
    _print_answer(answer, output_format, settings)
    if not isinstance(answer, Boolean) and answer.truncated:
        err.print(
            f"[yellow]warning:[/] the answer was cut at {settings.max_rows} "
            f"{'triples' if isinstance(answer, Triples) else 'rows'} (--max-rows; 0 for no limit)"
        )


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


def _answer(settings: Settings, sparql: str, choice: StoreChoice) -> Answer:
    """The answer by the endpoint's path: the guard, the time limit and the row cap.

    The guard's verdict is asked before the store is opened or the graph loaded, so that a
    refused query (SERVICE, too deep) costs nothing; the runner asks it again (cached).
    """
    try:
        analyse(sparql, max_nesting=settings.max_nesting).raise_if_refused()
        in_memory = choice.spec == "memory"
        store = choice.open(settings, read_only=not in_memory)
        if in_memory:
            with err.status("loading the graph…"):
                load(store, settings)
        else:
            store = store.snapshot()  # the version reported is the version asked
            err.print(f"[dim]{escape(dataset_version(store, settings))}[/]")
        return QueryRunner(StoreReads(store, settings.query_timeout), settings).run(QueryRequest(sparql))
    except QuerySyntaxError as error:
        fail(escape(f"SPARQL syntax error: {error}"))
    except QueryTimeout as timeout:
        fail(escape(f"{timeout} (--query-timeout)"))
    except (QueryRefused, StoreError) as problem:
        fail(escape(str(problem)))


def _print_answer(answer: Answer, output_format: str, settings: Settings) -> None:
    if isinstance(answer, Triples):
        syntax = find_syntax(output_format, RDF_SYNTAXES)
        if syntax is None:
            fail("a CONSTRUCT or DESCRIBE answer is RDF: use --format turtle (or another RDF format)")
        sys.stdout.buffer.write(serialize_triples(answer.triples, syntax))
        return
    results = find_syntax(output_format, RESULTS_SYNTAXES)
    if output_format != "table" and results is None:
        fail(f"{output_format} is for CONSTRUCT and DESCRIBE answers: use --format table, json, csv, ...")
    if isinstance(answer, Boolean):
        if results is None:
            out.print("true" if answer.value else "false")
        else:
            sys.stdout.buffer.write(write_boolean(answer.value, results.media_type))
        return
    rows = answer.decoded_rows()
    if results is None:
        _print_table(answer.variables, rows, settings)
        return
    written = write_select(answer.variables, rows, results.media_type)
    sys.stdout.buffer.write(written if written.endswith(b"\n") else written + b"\n")


#: A column of a table narrower than this (or than its widest cell) is unreadable: show records then.
MIN_COLUMN = 16


def _print_table(variables: list[str], rows: list[tuple[Term | None, ...]], settings: Settings) -> None:
    """Rows as a table that wraps to the terminal's width, or as one record per block when the
    columns cannot each get MIN_COLUMN characters; IRIs shortened by prefix."""
    prefixes = {**PREFIXES, "id": settings.resource_base}
    cells = [[escape(_cell(term, prefixes)) for term in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(variables)]
    # a table's frame and padding: 3 characters a column and 1
    if sum(min(width, MIN_COLUMN) for width in widths) + 3 * len(widths) + 1 > out.width:
        for number, row in enumerate(cells):
            record = Table.grid(padding=(0, 2))
            record.add_column(style="bold", no_wrap=True)
            record.add_column(overflow="fold")
            for name, cell in zip(variables, row, strict=True):
                record.add_row(escape(name), cell)
            if number:
                out.print()
            out.print(record)
    else:
        table = Table(show_lines=False, header_style="bold", expand=False)
        for name in variables:
            table.add_column(name, overflow="fold")
        for row in cells:
            table.add_row(*row)
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


def _print_list(
    queries: dict[str, NamedQuery], errors: list[HeaderError], output_format: str, settings: Settings
) -> None:
    """The named queries with where each comes from: kg's own, or the project's (which replace kg's)."""
    for error in errors:
        err.print(f"[yellow]warning:[/] {escape(str(error))}")
    if output_format == "json":
        sys.stdout.write(
            json.dumps(
                [{**q.describe(), "source": _source(q, settings)} for q in queries.values()],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    table.add_column("source")
    for one in queries.values():
        parameters = ", ".join(
            f"{p.name} ({p.type}{', required' if p.required else ''})" for p in one.parameters
        )
        table.add_row(escape(one.name), escape(one.title), escape(parameters), _source(one, settings))
    out.print(table)


def _source(query: NamedQuery, settings: Settings) -> str:
    packaged = settings.query_dirs[0].resolve()
    return "kg" if query.path.resolve().is_relative_to(packaged) else "project"
