"""`kg serve`: the SPARQL endpoint and site, under gunicorn, on the repository's graph."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from kg.cli.common import err, fail, make_settings, settings_options
from kg.cli.loading import load as load_repository
from kg.cli.loading import require_valid
from kg.cli.store_options import StoreChoice, store_options
from kg.store import Store, StoreError


def _graph_option(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple:
    graphs = []
    for value in values:
        iri, sep, path = value.partition("=")
        if not sep or not iri or not path:
            raise click.BadParameter(f"{value!r}: expected IRI=FILE")
        if not Path(path).is_file():
            raise click.BadParameter(f"{path}: no such file")
        graphs.append((iri, Path(path)))
    return tuple(graphs)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@store_options
@click.option(
    "--load/--no-load",
    default=None,
    help="Load the repository's files into the store first. Default: load into memory and "
    "oxigraph:DIR stores; serve a sparql: store as it is (see kg push).",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    callback=_graph_option,
    metavar="IRI=FILE",
    help="Load an RDF file as a further named graph (repeatable).",
)
@click.option("--validate/--no-validate", default=True, show_default=True, help="Validate before serving.")
@click.option("--query-timeout", default=10.0, show_default=True, type=float, help="Seconds per query.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="Result rows per query.")
@click.option("--max-body", default=1_000_000, show_default=True, type=int, help="Request body bytes.")
@click.option("--public-url", default=None, help="The server's URL as clients see it (behind a proxy).")
@settings_options
def serve(
    host: str,
    port: int,
    workers: int,
    store: StoreChoice,
    load: bool | None,
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

    Loads the repository's files into the store, validating them first: it
    refuses to start when they are invalid (exit code 1; --no-validate to
    override). A sparql: store is served as it is, unless --load (which
    needs write access; see kg push). Options can also be set by environment
    variables: KG_SERVE_<OPTION> (e.g. KG_SERVE_PORT), and the store options
    by the KG_STORE... variables shown with them.
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
    load = not store.spec.startswith("sparql:") if load is None else load
    if load and validate:
        require_valid(settings, "not serving invalid data")
    opened = store.open(settings, read_only=not load)
    if load:
        loaded = load_repository(opened, settings)
        summary = f"loaded {loaded.triples} triples in {len(loaded.graphs)} graphs"
    else:
        try:
            opened.query("ASK {}", timeout=query_timeout)
        except StoreError as problem:
            fail(str(problem))
        summary = f"serving {opened.label} as it is"

    from server import create_app

    app = create_app(opened, settings)
    err.print(f"{summary}; ready in {time.perf_counter() - started:.2f} s: http://{host}:{port}/")
    run_gunicorn(app, opened, host=host, port=port, workers=workers, timeout=query_timeout)


def run_gunicorn(app: Any, store: Store, *, host: str, port: int, workers: int, timeout: float) -> None:
    """Serve a loaded app from forked workers that share its memory.

    The app and an in-memory store are built once, before forking, and shared
    copy-on-write; a store on disk is closed before the fork and reopened,
    read-only, in each worker (RocksDB's threads and locks do not survive it).
    """
    from gunicorn.app.base import BaseApplication

    def reopen_store(_server: Any, _worker: Any) -> None:
        store.after_fork()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("preload_app", True)
            self.cfg.set("timeout", int(timeout) + 30)
            self.cfg.set("control_socket_disable", True)
            self.cfg.set("accesslog", "-")
            self.cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s %(B)s %(M)sms')
            self.cfg.set("post_fork", reopen_store)

        def load(self) -> Any:
            return app

    store.before_fork()
    Server().run()
