"""A runaway query is stopped at the time limit, really stops, and does not hold up anyone else.

The limited server has KG_QUERY_TIMEOUT=2 and two workers.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from kg.foundation.project_settings import project_settings
from tests.support.server import RunningServer
from tests.support.shared import PROJECT_DIR
from tests.support.sparql import COUNT_FOCUS_AREAS, PATHOLOGICAL
from tests.support.waiting import process_exists, wait_until

LIMIT = 2.0


def ask_count(server: RunningServer) -> tuple[int, str, float]:
    """Status, body, and the moment (time.monotonic) the answer had come."""
    response = requests.get(
        server.url + "/sparql", params={"query": COUNT_FOCUS_AREAS, "format": "csv"}, timeout=10
    )
    return response.status_code, response.text, time.monotonic()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (Linux /proc), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def live_workers(server: RunningServer) -> list[int]:
    pids = [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", server.log())]
    return [pid for pid in pids if process_exists(pid)]


def test_runaway_query_is_stopped_while_others_are_served(limited_server: RunningServer) -> None:
    """Others are served while the runaway query runs: asked once a worker is busy with it.

    A request sent in the same instant as the runaway one may be accepted by the same worker before
    its query begins, and then waits with it (docs/operator/security.md, "Serving safely"); that is
    not what this tests.
    """
    runaway: dict[str, Any] = {}
    workers = live_workers(limited_server)
    before = {pid: cpu_seconds(pid) for pid in workers}

    def run_away() -> None:
        started = time.monotonic()
        response = requests.get(limited_server.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=30)
        runaway.update(
            status=response.status_code,
            text=response.text,
            seconds=time.monotonic() - started,
            answered=time.monotonic(),
            cors=response.headers.get("Access-Control-Allow-Origin"),
        )

    thread = threading.Thread(target=run_away)
    thread.start()
    assert wait_until(lambda: any(cpu_seconds(pid) - before[pid] > 0.1 for pid in workers), timeout=LIMIT)
    meanwhile = []
    while thread.is_alive():  # until the runaway query is answered, while it holds one of two workers
        meanwhile.append(ask_count(limited_server))
        thread.join(timeout=0.1)

    # Answered at the limit: not refused before it, and not after the hours the query would take
    # (the client gives up after 30 s).
    assert runaway["status"] == 503
    assert runaway["cors"] == "*"
    assert f"time limit of {LIMIT:g} s" in str(runaway["text"])
    assert float(runaway["seconds"]) >= LIMIT
    for status, text, _answered in meanwhile:
        assert (status, text.splitlines()) == (200, ["n", "3"])
    # Not held up behind the runaway query: each was answered before it, but the last, which may
    # have been sent as it ended (however many the machine's speed allowed).
    served = [answered for _, _, answered in meanwhile if answered < float(runaway["answered"])]
    assert served and len(served) >= len(meanwhile) - 1, (len(served), len(meanwhile))

    # The worker that ran it retires, so the work stops with the process.
    retired = re.findall(r"worker (\d+) retires", limited_server.log())
    assert retired
    pid = int(retired[-1])
    assert wait_until(lambda: not process_exists(pid), timeout=10)

    # And the server goes on serving with a fresh worker.
    for _ in range(6):
        status, text, _answered = ask_count(limited_server)
        assert (status, text.splitlines()) == (200, ["n", "3"])


def test_elsewhere_than_kg_serve_the_time_limit_is_answered_through_flask() -> None:
    # Under another WSGI host (here Flask's test client) the query runs on a deadline thread.
    from kg.store.oxigraph import OxigraphStore
    from server import create_app

    settings = project_settings(PROJECT_DIR, query_timeout=0.3)
    store = OxigraphStore()
    triples = [
        ox.Triple(
            ox.NamedNode(f"http://example.org/s{n}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(n))
        )
        for n in range(50)
    ]
    store.replace_graph(settings.data_graph, triples)
    client = create_app(store, settings).test_client()
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": PATHOLOGICAL})  # 50**4 rows: about a second
    assert response.status_code == 503
    assert "time limit of 0.3 s" in response.get_data(as_text=True)
    assert time.monotonic() - started >= 0.3  # ran until the limit; a 503 before it would be wrong
