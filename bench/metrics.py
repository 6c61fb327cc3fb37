"""What /metrics costs a request: the app with and without `server.metrics`, in the same run.

Calls the WSGI app in process (no sockets, so the figure is the metrics' own cost, not the
network's) for three requests: a /sparql ASK (the fast path, the cheapest answer), a /catalog and a
Linked Data document; and a trivial WSGI app that answers a constant, where all that differs is
the metrics' bookkeeping (the route lookup, a counter and a histogram). Each round times N calls
of each app in turn; the table gives the median of the rounds' microseconds per request, the
difference, and the share of the request it is. The counts go to a temporary multiprocess folder,
as under `kg serve`. Run:

    .venv/bin/python -m bench.metrics [--requests 2000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import Any

# prometheus_client reads this at import, as under kg serve (kg/cli/serve.py).
FOLDER = tempfile.mkdtemp(prefix="kg-bench-metrics-")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = FOLDER

from werkzeug.test import EnvironBuilder  # noqa: E402

from kg.foundation.project_settings import project_settings  # noqa: E402
from kg.load.repository import load_repository  # noqa: E402
from kg.store import open_store  # noqa: E402
from server import create_app  # noqa: E402
from server.metrics import Metrics, Routes  # noqa: E402
from tests.support.shared import PROJECT_DIR  # noqa: E402

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
REQUESTS = {
    "/sparql ASK": ("/sparql", {"query": "ASK { ?s ?p ?o }"}),
    "/doc/id/osloregionen-2017.ttl": ("/doc/id/osloregionen-2017.ttl", {}),
    "/catalog": ("/catalog", {}),
}


def per_request(app: App, path: str, query: dict[str, str], count: int) -> float:
    """Microseconds per call, the body read whole."""
    environ = EnvironBuilder(path=path, query_string=query).get_environ()

    def start(_status: str, _headers: list[tuple[str, str]], _exc: Any = None) -> None:
        return None

    started = time.perf_counter()
    for _ in range(count):
        for _chunk in app(dict(environ), start):
            pass
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    settings = project_settings(PROJECT_DIR)
    store = open_store()
    load_repository(store, settings)
    app = create_app(store, settings)
    plain: App = app.wsgi_app
    counted: App = Metrics().middleware(plain, Routes(app.url_map))
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print("| request | without metrics µs | with metrics µs | cost µs | share |")
    print("|---|---|---|---|---|")

    def trivial(_environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]

    cases: dict[str, tuple[App, App, str, dict[str, str], int]] = {
        "trivial app: the bookkeeping alone": (
            trivial,
            Metrics().middleware(trivial, Routes(app.url_map)),
            "/healthz",
            {},
            args.requests * 10,
        )
    }
    for name, (path, query) in REQUESTS.items():
        count = args.requests if "sparql" in path else max(args.requests // 20, 50)
        cases[name] = (plain, counted, path, query, count)
    try:
        for name, (without_app, with_app, path, query, count) in cases.items():
            without, with_ = [], []
            for _ in range(args.rounds):
                without.append(per_request(without_app, path, query, count))
                with_.append(per_request(with_app, path, query, count))
            base, metered = statistics.median(without), statistics.median(with_)
            share = (metered - base) / base
            print(f"| {name} | {base:.1f} | {metered:.1f} | {metered - base:.1f} | {share:.1%} |")
    finally:
        shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
