"""`kg serve`: the SPARQL endpoint and site, under gunicorn, on the repository's graph."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox
from rich.markup import escape

from kg.cli.common import EXIT_ERROR, EXIT_INVALID, env_option, err, fail, make_settings, settings_options
from kg.repository import load_repository
from kg.sources import RDF_SUFFIXES, SyntaxErrors, discover
from kg.store import open_store
from kg.validate import validate


def _graph_option(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple:
    graphs = []
    for value in values:
        iri, sep, path = value.partition("=")
        if not sep or not iri or not path:
            raise click.BadParameter(f"{value!r}: expected IRI=FILE")
        if not Path(path).is_file():
            raise click.BadParameter(f"{path}: no such file")
        if Path(path).suffix.lower() not in RDF_SUFFIXES:
            raise click.BadParameter(f"{path}: unknown RDF file type (known: {', '.join(RDF_SUFFIXES)})")
        try:
            ox.NamedNode(iri)
        except ValueError as problem:
            raise click.BadParameter(f"{iri!r} is not an absolute IRI: {problem}") from None
        graphs.append((iri, Path(path)))
    return tuple(graphs)


@click.command()
@env_option("--host", env="KG_HOST", default="127.0.0.1", help="Interface to listen on.")
@env_option("--port", env="KG_PORT", default=8000, type=click.IntRange(1, 65535), help="Port.")
@env_option(
    "--workers",
    env="KG_WORKERS",
    default=2,
    type=click.IntRange(min=1),
    help="Worker processes (each answers one request at a time; a query over the time limit retires one).",
)
@env_option("--store", "store_spec", env="KG_STORE", default="memory", help="Store: memory.")
@env_option(
    "--graph",
    "graphs",
    env="KG_GRAPH",
    multiple=True,
    callback=_graph_option,
    metavar="IRI=FILE",
    help="Load an RDF file (.ttl .nt .nq .trig .rdf .owl .xml .jsonld) as a further named graph "
    "(repeatable; in KG_GRAPH, separate them by spaces).",
)
@env_option(
    "--validate/--no-validate",
    env="KG_VALIDATE",
    default=True,
    help="Validate the graph first; refuse to serve invalid data.",
)
@env_option(
    "--query-timeout",
    env="KG_QUERY_TIMEOUT",
    default=10.0,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a SPARQL query may run; a longer one is stopped and answered with 503.",
)
@env_option(
    "--max-rows",
    env="KG_MAX_ROWS",
    default=10_000,
    type=click.IntRange(min=0),
    help="Result rows (or triples) per query; longer answers are cut and say so (0: no limit).",
)
@env_option(
    "--max-body",
    env="KG_MAX_BODY",
    default=1_000_000,
    type=click.IntRange(min=1),
    help="Bytes of a request body; a larger one is refused with 413.",
)
@env_option(
    "--public-url",
    env="KG_PUBLIC_URL",
    default=None,
    help="The server's URL as clients see it (behind a proxy), e.g. https://example.org.",
)
@settings_options
def serve(
    host: str,
    port: int,
    workers: int,
    store_spec: str,
    graphs: tuple[tuple[str, Path], ...],
    validate: bool,
    query_timeout: float,
    max_rows: int,
    max_body: int,
    public_url: str | None,
    project_dir: Path,
    base_iri: str,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint, named queries, Linked Data and downloads.

    Validates the graph first and refuses to start when it is invalid (exit
    code 1; --no-validate to override), then prints the start-up time. The
    SPARQL endpoint is /sparql (see README, "SPARQL endpoint"). Every option
    can also be set by the environment variable shown beside it.
    """
    started = time.perf_counter()
    settings = make_settings(
        project_dir,
        base_iri,
        extra_graphs=graphs,
        query_timeout=query_timeout,
        max_rows=max_rows,
        max_body_bytes=max_body,
        public_url=public_url,
    )
    if validate:
        try:
            report = validate_graph(settings)
        except SyntaxErrors as errors:
            for error in errors.errors:
                err.print(f"{escape(error.location())}: [bold red]syntax error:[/] {escape(error.message)}")
            raise SystemExit(EXIT_ERROR) from None
        if not report.conforms:
            from kg.cli.validate import _print_text

            _print_text(report, "en")
            err.print("[bold red]not serving invalid data[/] (fix it, or use --no-validate)")
            raise SystemExit(EXIT_INVALID)
    try:
        store = open_store(store_spec)
    except ValueError as problem:
        fail(str(problem))
    try:
        loaded = load_repository(store, settings, progress=lambda m: err.print(f"[dim]{escape(m)}[/]"))
    except SyntaxErrors as errors:
        for error in errors.errors:
            err.print(f"{escape(error.location())}: [bold red]syntax error:[/] {escape(error.message)}")
        raise SystemExit(EXIT_ERROR) from None

    from server import create_app
    from server.access_log import AccessLog
    from server.time_limit import RETIRE_ON_TIMEOUT

    app = create_app(store, settings)
    # A worker whose query runs over the time limit answers and retires (see server/time_limit.py).
    app.config[RETIRE_ON_TIMEOUT] = True
    app.wsgi_app = AccessLog(app.wsgi_app)  # type: ignore[method-assign]
    err.print(f"{loaded.summary()}; ready in {time.perf_counter() - started:.2f} s: http://{host}:{port}/")
    # Everything loaded so far lives as long as the workers: keep it out of the cyclic garbage
    # collector's reach (its full passes over rdflib, pySHACL and the rest cost every request)
    # and out of copy-on-write faults after the fork.
    gc.freeze()
    run_gunicorn(app, host=host, port=port, workers=workers, timeout=query_timeout)


def validate_graph(settings: Any) -> Any:
    return validate(discover(settings))


def run_gunicorn(app: Any, *, host: str, port: int, workers: int, timeout: float) -> None:
    """Serve a loaded app from forked workers that share its memory."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("preload_app", True)
            self.cfg.set("timeout", int(timeout) + 30)
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return app

    Server().run()
