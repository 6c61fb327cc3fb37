"""/metrics in the Prometheus text format, on an address of its own (`kg serve --metrics-address`).

What an operator watches: requests by route and status, their latency, query time-outs and
workers retired over the memory ceiling, the dataset's version and the triples of each graph.
None of it is for the public: the public port never answers /metrics (404); the metrics are
served only to connections that arrived on the metrics address, which `kg serve` binds beside
the public one (gunicorn listens on both; every worker answers on both). Loopback by default in
the documentation (docs/operator/metrics.md); nothing in them comes from a request but its route
template and status, so no client can make labels (or memory) grow.

gunicorn runs several worker processes; prometheus_client's multiprocess mode keeps each
process's counts in a memory-mapped file of a folder `kg serve` makes (PROMETHEUS_MULTIPROC_DIR,
set before prometheus_client is imported, removed when the server stops), and a scrape sums
them. A worker that exits (retired, or replaced) keeps its counts. The dataset's figures are read
at scrape time from the VoID figures the server keeps per state of the dataset.

Cost per request (bench/metrics.py, measured beside the same app without metrics): a counter and
a histogram update, each a locked write into the process's mapped file, plus the route lookup;
see docs/design/metrics.md for the figures. Requests are timed until the app returns its answer,
not until the last byte of a streamed body is sent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from flask import Flask
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from werkzeug.routing import Map

from kg import __version__
from kg.query.reads import Read
from kg.store.version import MixedDataset, check_version
from server.access_log import Environ, StartResponse, WsgiApp
from server.context import ServerState, app_state
from server.time_limit import read_store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Where `kg serve` keeps the worker processes' counts (prometheus_client reads it at import).
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: Seconds; the time limit defaults to 10 s.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Routes:
    """The route template of a path, from the app's URL rules: a bounded set of labels."""

    def __init__(self, url_map: Map) -> None:
        exact: set[str] = set()
        prefixes: set[str] = set()
        for rule in url_map.iter_rules():
            static = rule.rule.split("<", 1)[0]
            (prefixes if "<" in rule.rule else exact).add(static if "<" in rule.rule else rule.rule)
        self._exact = exact
        self._prefixes = sorted(prefixes, key=len, reverse=True)

    def of(self, path: str) -> str:
        if path in self._exact:
            return path
        return next((prefix + "*" for prefix in self._prefixes if path.startswith(prefix)), "other")


class Metrics:
    """The counters every worker updates; made once, after PROMETHEUS_MULTIPROC_DIR is set."""

    def __init__(self) -> None:
        registry = CollectorRegistry()  # not the global one: scrapes read the processes' files
        self.requests = Counter(
            "kg_http_requests",
            "HTTP requests answered, by route and status.",
            ["route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "kg_http_request_duration_seconds",
            "Time from a request's arrival at the app to its answer, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.retirements = Counter(
            "kg_worker_retirements",
            "Workers that answered 503 and ended their process: a query over the time limit "
            "(reason timeout) or over the memory ceiling (reason memory).",
            ["reason"],
            registry=registry,
        )
        self._counters: dict[tuple[str, str], Any] = {}
        self._timers: dict[str, Any] = {}

    def middleware(self, app: WsgiApp, routes: Routes) -> WsgiApp:
        clock, counters, timers = time.perf_counter, self._counter, self._timer

        def counted(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
            started = clock()
            status = ["000"]

            def start(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
                status[0] = code[:3]
                return start_response(code, headers, exc_info)

            body = app(environ, start)
            elapsed = clock() - started
            route = routes.of(environ.get("PATH_INFO", ""))
            timers(route).observe(elapsed)
            counters(route, status[0]).inc()
            return body

        return counted

    def _counter(self, route: str, status: str) -> Any:
        """The labelled child, kept: prometheus_client's labels() checks and locks on every call."""
        key = (route, status)
        child = self._counters.get(key)
        if child is None:
            child = self._counters[key] = self.requests.labels(route, status)
        return child

    def _timer(self, route: str) -> Any:
        child = self._timers.get(route)
        if child is None:
            child = self._timers[route] = self.latency.labels(route)
        return child

    def retired(self, reason: str) -> None:
        """Counted before the worker ends itself (server.time_limit); the mapped file keeps it."""
        self.retirements.labels(reason).inc()


class DatasetCollector:
    """Collected at scrape time: the dataset's version and the triples of each graph, read from
    the store under the time limit (`read`), as any request reads it (the triples only once
    counted, when a preparer counts them in the background: `server.preparation`)."""

    def __init__(self, read: Read, state: ServerState) -> None:
        self._read, self._state = read, state

    def collect(self) -> Iterator[Metric]:
        settings = self._state.settings
        preparer = self._state.preparer
        if preparer is None or not preparer.making(preparer.figures):
            figures = self._state.void_figures.get(self._read, settings)
            triples = GaugeMetricFamily(
                "kg_graph_triples", "Triples in each named graph of the dataset.", labels=["graph"]
            )
            for graph, counted in sorted(figures.graphs.items()):
                triples.add_metric([graph], counted.triples)
            yield triples
        try:
            version = self._read(lambda store: check_version(store, settings.version_graph))
            mixed = 0
        except MixedDataset:
            version, mixed = None, 1
        info = InfoMetricFamily("kg_dataset", "The dataset served: the push that filled the store, and kg.")
        info.add_metric(
            [],
            {
                "version": version.identifier if version else "loaded at start-up",
                "pushed": version.created if version else "",
                "kg": __version__,
                "store": self._state.reads.label,
            },
        )
        yield info
        yield GaugeMetricFamily(
            "kg_dataset_mixed",
            "1 when the store's graphs come from different pushes (/healthz answers 503).",
            value=mixed,
        )


def metrics_app(app: Flask) -> WsgiApp:
    """The WSGI app of the metrics address: GET /metrics, everything else 404."""

    def serve(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        collector = DatasetCollector(partial(read_store, app, environ), app_state(app))
        if environ.get("PATH_INFO") != "/metrics" or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"404 Not Found: this address serves /metrics only\n"]
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=os.environ[MULTIPROC_VARIABLE])
        registry.register(collector)
        body = generate_latest(registry)
        start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))])
        return [body]

    return serve


class ByListener:
    """Sends connections that arrived on the metrics address to the metrics app, the rest to the site.

    gunicorn sets SERVER_NAME and SERVER_PORT of a TCP connection from the socket it was accepted
    on, never from the Host header: a client of the public port cannot reach the metrics.
    """

    def __init__(self, site: WsgiApp, metrics: WsgiApp, address: tuple[str, int]) -> None:
        self.site, self.metrics = site, metrics
        self.address = (address[0], str(address[1]))

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if (environ.get("SERVER_NAME"), environ.get("SERVER_PORT")) == self.address:
            return self.metrics(environ, start_response)
        return self.site(environ, start_response)
