"""`kg serve`: the SPARQL endpoint and site, under gunicorn, on the repository's graph."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kg.cli.common import env_option, err, fail, graph_option, make_settings, settings_options, warn_not_ready
from kg.cli.limits import query_limit_options
from kg.cli.loading import load as load_repository
from kg.cli.loading import require_valid
from kg.cli.store_options import StoreChoice, dataset_version, store_options
from kg.foundation.memory import resident_bytes
from kg.foundation.settings import available_processes
from kg.foundation.vocabulary import built_documentation
from kg.store import Store, StoreError
from kg.store.oxigraph import OxigraphStore
from kg.store.version import read_version


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
    help="The server's URL as clients see it, e.g. https://example.org: every URL the server writes "
    "(catalogue, VoID, dumps, redirects) starts with it. Default: the address it listens on.",
)
@env_option(
    "--trusted-proxy",
    "trusted_proxies",
    env="KG_TRUSTED_PROXY",
    multiple=True,
    show_default=False,
    help="Address or network (CIDR) of a proxy whose X-Forwarded-For/-Proto headers are believed; "
    "from anyone else they are ignored. Repeatable; in KG_TRUSTED_PROXY, separate them by spaces.",
)
@env_option(
    "--worker-memory",
    env="KG_WORKER_MEMORY",
    default=1024,
    type=click.IntRange(min=0),
    help="Megabytes a worker may hold while it answers a query; a query that takes it over is "
    "stopped, answered 503, and the worker replaced (0: no ceiling).",
)
@env_option(
    "--answer-cache",
    env="KG_ANSWER_CACHE",
    default=64,
    type=click.IntRange(min=0),
    help="Megabytes of written /sparql answers each worker keeps to send again while the data cannot "
    "change (a store loaded by kg serve or opened read-only); 0: none kept (ETags and 304 stay).",
)
@env_option(
    "--front-page-plans",
    env="KG_FRONT_PAGE_PLANS",
    default=50,
    type=click.IntRange(min=1),
    help="Plans the front page shows at most. With more, it shows the first of them and the "
    "organisations in most plans, draws no plan, and links the named queries that list every one "
    "(each answers within the time limit where the whole page of thousands of plans would not).",
)
@env_option(
    "--header-timeout",
    env="KG_HEADER_TIMEOUT",
    default=5.0,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a client has to send a request's line and headers (and an idle connection stays "
    "open); a slower one is closed.",
)
@env_option(
    "--body-timeout",
    env="KG_BODY_TIMEOUT",
    default=10.0,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a client has to send a request's body; a slower one is answered 408.",
)
@env_option(
    "--max-header-size",
    env="KG_MAX_HEADER_SIZE",
    default=8190,
    type=click.IntRange(1, 65534),
    help="Bytes of the request line and of each header; a longer one is refused (414, 431).",
)
@env_option(
    "--max-headers",
    env="KG_MAX_HEADERS",
    default=100,
    type=click.IntRange(1, 32768),
    help="Headers a request may have; more are refused with 431.",
)
@env_option(
    "--max-connections",
    env="KG_MAX_CONNECTIONS",
    default=1000,
    type=click.IntRange(min=1),
    help="Open connections per worker; further ones wait to be accepted.",
)
@env_option(
    "--docs-site",
    env="KG_DOCS_SITE",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default=False,
    help="The built documentation site to serve under /docs/ (make docs builds it). Default: site/ of "
    "kg's source folder, when kg runs from one; /docs/ answers 404 while the folder holds no site.",
)
@env_option(
    "--metrics-address",
    env="KG_METRICS_ADDRESS",
    default=None,
    show_default=False,
    metavar="HOST:PORT",
    help="Serve /metrics (Prometheus text format) on this address, e.g. 127.0.0.1:9464, beside the public "
    "one; the public address never answers /metrics. Default: no metrics.",
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
    trusted_proxies: tuple[str, ...],
    max_nesting: int,
    worker_memory: int,
    answer_cache: int,
    front_page_plans: int,
    header_timeout: float,
    body_timeout: float,
    max_header_size: int,
    max_headers: int,
    max_connections: int,
    docs_site: Path | None,
    metrics_address: str | None,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint, named queries, Linked Data and downloads.

    Loads the repository's files into the store, validating them first: it
    refuses to start when they are invalid (exit code 1; --no-validate to
    override), then prints the start-up time. A sparql: store is served as it
    is, unless --load (which needs write access; see kg push). The SPARQL
    endpoint is /sparql (see docs/integrator/sparql.md). Every option can also
    be set by the environment variable shown beside it.
    """
    started = time.perf_counter()
    metrics_at = _address(metrics_address) if metrics_address else None
    if metrics_at:
        # Before anything imports prometheus_client, which reads it at import (server.metrics).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kg-metrics-")
    from server.proxies import TrustedProxies, networks

    try:
        proxies = networks([address for value in trusted_proxies for address in value.split()])
    except ValueError as problem:
        fail(f"--trusted-proxy: {problem}")
    settings = make_settings(
        project_dir,
        base_iri,
        extra_graphs=graphs,
        query_timeout=query_timeout,
        max_rows=max_rows,
        max_body_bytes=max_body,
        public_url=public_url,
        max_nesting=max_nesting,
        worker_memory_bytes=worker_memory * 2**20,
        answer_cache_bytes=answer_cache * 2**20,
        front_page_plans=front_page_plans,
        dump_processes=available_processes(),
        docs_site=docs_site or built_documentation(),
    )
    listening = settings.public_url is None
    if listening:  # neither --public-url nor the project file names one
        settings = settings.with_(public_url=listen_url(host, port))
    load = not store.spec.startswith("sparql:") if load is None else load
    if load and validate:
        require_valid(settings, "not serving invalid data")
    opened = store.open(settings, read_only=not load)
    dataset: str | None = None
    if load:
        report = load_repository(opened, settings)
        summary, dataset = report.summary(), report.identifier
    else:
        try:
            opened.query("ASK {}", timeout=query_timeout)
        except StoreError as problem:
            fail(str(problem))
        summary = f"serving {opened.label} as it is ({dataset_version(opened, settings)})"
        err.print(summary)
        recorded = read_version(opened, settings.version_graph)
        dataset = recorded.identifier if recorded else None
    if not isinstance(opened, OxigraphStore):
        # The answers of a store others write to may change under the server: none kept, no ETags.
        # An embedded store is the dataset named here until the server restarts (workers read it
        # read-only; a later push makes a new database beside it).
        dataset = None

    from server import create_app
    from server.access_log import AccessLog, WsgiApp
    from server.context import app_state
    from server.preparation import Preparer
    from server.time_limit import RETIRE_ON_TIMEOUT

    preparing = time.perf_counter()
    preparer = Preparer.needed(dataset, settings)
    if preparer is None:
        err.print("preparing the download files and the catalogue (kept for the next start)")
        app = create_app(opened, settings, dataset)
        err.print(f"prepared {_downloads(app)} and the catalogue in {time.perf_counter() - preparing:.1f} s")
    else:  # made by a process of their own once the workers are about to start (below)
        app = create_app(opened, settings, dataset, preparer)
    # A worker whose query runs over the time limit answers and retires (see server/time_limit.py).
    app.config[RETIRE_ON_TIMEOUT] = True
    site: WsgiApp = app.wsgi_app
    if metrics_at:
        from server.metrics import ByListener, Metrics, Routes, metrics_app
        from server.time_limit import METRICS_KEY

        metrics = Metrics()
        app.config[METRICS_KEY] = metrics
        site = metrics.middleware(site, Routes(app.url_map))
        site = ByListener(AccessLog(TrustedProxies(site, proxies)), metrics_app(app), metrics_at)
    else:
        site = AccessLog(TrustedProxies(site, proxies))
    app.wsgi_app = site  # type: ignore[method-assign]
    if preparer is not None:  # forked before the workers, the store let go of as for them
        state = app_state(app)
        preparer.start(state.reads, state.void_figures, opened, report=err.print)
        err.print(
            f"preparing the download files and the catalogue in the background (process {preparer.pid}; "
            "kept for the next start): until then /download/ and VoID answer 503 with Retry-After"
        )
    err.print(f"{summary}; ready in {time.perf_counter() - started:.2f} s: http://{host}:{port}/")
    loaded = resident_bytes()
    if worker_memory and loaded > settings.worker_memory_bytes * 0.75:
        err.print(
            f"warning: the loaded graph already takes {loaded // 2**20} MB, close to the worker memory "
            f"ceiling of {worker_memory} MB: raise --worker-memory (KG_WORKER_MEMORY) or queries will be "
            "answered 503"
        )
    warn_not_ready(settings)
    if metrics_at:
        err.print(
            f"metrics: http://{metrics_address}/metrics (Prometheus text format; not on the public port)"
        )
    if listening:
        err.print(
            f"public URL: {settings.public_url} (the listen address); behind a proxy or a domain name, "
            "set --public-url (KG_PUBLIC_URL): catalogue, VoID, dumps and redirects name it"
        )
    limits = Limits(
        workers=workers,
        timeout=query_timeout,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
        max_body=max_body,
        max_header_size=max_header_size,
        max_headers=max_headers,
        max_connections=max_connections,
        trusted_proxies=tuple(str(network) for network in proxies),
    )
    master = os.getpid()
    try:
        run_gunicorn(app, opened, host=host, port=port, limits=limits, metrics_address=metrics_address)
    finally:
        if os.getpid() == master:  # workers leave through here too
            if preparer is not None:
                preparer.stop()
            folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") if metrics_at else None
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


def _address(value: str) -> tuple[str, int]:
    """HOST:PORT of --metrics-address, checked."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        fail(f"--metrics-address {value!r}: expected HOST:PORT, e.g. 127.0.0.1:9464")
    return host.strip("[]"), int(port)


def _downloads(app: Any) -> str:
    """What the app made of the dumps at start-up, for the progress line (read as `warm_up` does:
    no client waits yet)."""
    from server.context import app_state

    state = app_state(app)
    try:
        dumps = state.dumps.get(state.reads.read_watched, state.settings)
    except StoreError:
        return "no downloads (the store did not answer; made on first use)"
    return f"{len(dumps.files)} download files of {dumps.quads} statements"


def listen_url(host: str, port: int) -> str:
    """The URL of the address the server listens on (IPv6 addresses in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass(frozen=True)
class Limits:
    """How the workers serve: how many, and what they allow a client (see server/gunicorn_worker.py)."""

    workers: int
    timeout: float
    header_timeout: float
    body_timeout: float
    max_body: int
    max_header_size: int
    max_headers: int
    max_connections: int
    trusted_proxies: tuple[str, ...]


def run_gunicorn(
    app: Any, store: Store, *, host: str, port: int, limits: Limits, metrics_address: str | None = None
) -> None:
    """Serve a loaded app from forked workers that share its memory.

    The app and an in-memory store are built once, before forking, and shared
    copy-on-write; a store on disk is closed before the fork and reopened,
    read-only, in each worker (RocksDB's threads and locks do not survive it).
    """
    from gunicorn.app.base import BaseApplication

    from server.gunicorn_worker import configured

    def reopen_store(_server: Any, _worker: Any) -> None:
        store.after_fork()

    def end_worker(_server: Any, _worker: Any) -> None:
        """End a worker without the interpreter's teardown, as a retiring worker does.

        A worker on an `oxigraph:DIR` store left its database to the teardown and then died of
        SIGSEGV, or hung until the master's graceful timeout (30 s) while still holding its reader
        lock, so a push could not remove the database it had served. Nothing is left to write but
        the log; the exit code gunicorn's master reads is kept.
        """
        ending = sys.exc_info()[1]
        code = ending.code if isinstance(ending, SystemExit) and isinstance(ending.code, int) else 0
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", [f"{host}:{port}", *([metrics_address] if metrics_address else [])])
            self.cfg.set("workers", limits.workers)
            worker = configured(
                header_timeout=limits.header_timeout,
                body_timeout=limits.body_timeout,
                max_body=limits.max_body,
            )
            self.cfg.set("worker_class", worker)
            self.cfg.set("worker_connections", limits.max_connections)
            self.cfg.set("keepalive", 1)  # on: the worker's header_timeout bounds it
            self.cfg.set("limit_request_line", limits.max_header_size)
            self.cfg.set("limit_request_field_size", limits.max_header_size)
            self.cfg.set("limit_request_fields", limits.max_headers)
            self.cfg.set("forwarded_allow_ips", ",".join(limits.trusted_proxies))
            self.cfg.set("preload_app", True)
            self.cfg.set("timeout", int(limits.timeout) + 30)
            self.cfg.set("control_socket_disable", True)
            self.cfg.set("post_fork", reopen_store)
            self.cfg.set("worker_exit", end_worker)

        def load(self) -> Any:
            return app

    store.before_fork()
    # Everything loaded so far lives as long as the workers: keep it out of the cyclic garbage
    # collector's reach (its full passes over rdflib, pySHACL and the rest cost every request)
    # and out of copy-on-write faults after the fork.
    gc.freeze()
    Server().run()
