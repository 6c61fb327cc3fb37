"""`kg serve`: the SPARQL endpoint and site, under gunicorn, on the repository's graph."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import click

from kg.cli.common import env_option, err, fail, graph_option, make_settings, settings_options
from kg.cli.limits import query_limit_options
from kg.cli.loading import load as load_repository
from kg.cli.loading import require_valid
from kg.cli.store_options import StoreChoice, dataset_version, store_options
from kg.settings import available_processes
from kg.store import Store, StoreError


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
@store_options
@env_option(
    "--load/--no-load",
    env="KG_LOAD",
    default=None,
    show_default=False,
    help="Load the repository's files into the store first. Default: load into memory and "
    "oxigraph:DIR stores; serve a sparql: store as it is (see kg push).",
)
@graph_option("Load an RDF file (.ttl .nt .nq .trig .rdf .owl .xml .jsonld) as a further named graph.")
@env_option(
    "--validate/--no-validate",
    env="KG_VALIDATE",
    default=True,
    help="Validate the graph first; refuse to serve invalid data.",
)
@query_limit_options(on_timeout="answered with 503")
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
    store: StoreChoice,
    load: bool | None,
    graphs: tuple[tuple[str, Path], ...],
    validate: bool,
    query_timeout: float,
    max_rows: int,
    max_body: int,
    public_url: str | None,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint, named queries, Linked Data and downloads.

    Loads the repository's files into the store, validating them first: it
    refuses to start when they are invalid (exit code 1; --no-validate to
    override), then prints the start-up time. A sparql: store is served as it
    is, unless --load (which needs write access; see kg push). The SPARQL
    endpoint is /sparql (see README, "SPARQL endpoint"). Every option can also
    be set by the environment variable shown beside it.
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
        dump_processes=available_processes(),
    )
    load = not store.spec.startswith("sparql:") if load is None else load
    if load and validate:
        require_valid(settings, "not serving invalid data")
    opened = store.open(settings, read_only=not load)
    if load:
        summary = load_repository(opened, settings).summary()
    else:
        try:
            opened.query("ASK {}", timeout=query_timeout)
        except StoreError as problem:
            fail(str(problem))
        summary = f"serving {opened.label} as it is ({dataset_version(opened, settings)})"

    from server import create_app
    from server.access_log import AccessLog
    from server.time_limit import RETIRE_ON_TIMEOUT

    app = create_app(opened, settings)
    # A worker whose query runs over the time limit answers and retires (see server/time_limit.py).
    app.config[RETIRE_ON_TIMEOUT] = True
    app.wsgi_app = AccessLog(app.wsgi_app)  # type: ignore[method-assign]
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

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("preload_app", True)
            self.cfg.set("timeout", int(timeout) + 30)
            self.cfg.set("control_socket_disable", True)
            self.cfg.set("post_fork", reopen_store)

        def load(self) -> Any:
            return app

    store.before_fork()
    # Everything loaded so far lives as long as the workers: keep it out of the cyclic garbage
    # collector's reach (its full passes over rdflib, pySHACL and the rest cost every request)
    # and out of copy-on-write faults after the fork.
    gc.freeze()
    Server().run()
