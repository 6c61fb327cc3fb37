"""The time limit and memory ceiling at the web layer: 503, and the work really stops.

Every read of the store a request makes goes through `read_store`: a query on
/sparql or in the API (`run_query`), and what a view reads for a page, the
catalogue, VoID, the downloads or the health check (`read`). Each gets the
time limit of /sparql (--query-timeout) and the same answer past it.

Under `kg serve` (gunicorn workers, each running one request at a time: see
`server.gunicorn_worker`) the read runs on the request's own thread, watched
by a `Watchdog`. When it overruns its time, or the worker's resident memory
passes `--worker-memory`, the watchdog's thread writes the 503 straight to the client's
socket, logs the request, and ends the process: the runaway evaluation dies
with it, and gunicorn's master forks a fresh worker from the preloaded app.
Elsewhere (the Flask test client, another WSGI server) the read runs on a
deadline thread (`StoreReads.read`) and a time-out is answered as any error
is (`server.errors`); the abandoned thread then runs on until it ends.
"""

from __future__ import annotations

import _socket
import contextvars
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request

from kg.foundation.memory import resident_bytes
from kg.query.deadline import Watchdog
from kg.query.reads import QueryTimeout
from kg.query.runner import Answer, QueryRequest
from kg.store import Store
from server.access_log import STARTED, Environ, access_line
from server.context import app_state
from server.security_headers import NOSNIFF

log = logging.getLogger("server.time_limit")
#: Set by `kg serve`: the workers are gunicorn's, and one whose query overruns may end itself.
RETIRE_ON_TIMEOUT = "KG_RETIRE_WORKER_ON_TIMEOUT"
#: The app's `server.metrics.Metrics`, when `kg serve` has a metrics address (counts retirements).
METRICS_KEY = "KG_METRICS"
#: Ticks of 10 ms: ORDER BY over a cartesian product grows ~200 MB/s, and a busy machine delays ticks.
WATCHDOG = Watchdog(tick=0.01)
#: What a client's query is called in messages; any other read is "reading the store".
QUERY = "the query"
READING = "reading the store"

T = TypeVar("T")


def read_store(app: Flask, environ: Environ, work: Callable[[Store], T], what: str = READING) -> T:
    """`work(store)` within the app's time limit and memory ceiling; QueryTimeout only outside
    `kg serve`. `what` names the work in the 503's message.

    Takes the app and the request's WSGI environ rather than Flask's context
    objects: `server.fast_path` calls it outside any context. The work may use
    Flask's context all the same: on a deadline thread it runs in a copy of it.
    """
    state = app_state(app)
    client = environ.get("gunicorn.socket")
    if client is None or not app.config.get(RETIRE_ON_TIMEOUT):
        context = contextvars.copy_context()
        return state.reads.read(lambda store: context.run(work, store), what)
    timeout, ceiling = state.reads.timeout, state.settings.worker_memory_bytes
    metrics = app.config.get(METRICS_KEY)

    def over_time() -> None:
        if metrics is not None:
            metrics.retired("timeout")
        _answer_and_retire(client, environ, _message(what, timeout), f"{what} over the time limit")

    def over_memory(resident: int) -> None:
        if metrics is not None:
            metrics.retired("memory")
        note = f"{what} over the memory ceiling ({resident // 2**20} MB of {ceiling // 2**20} MB)"
        _answer_and_retire(client, environ, _memory_message(what, ceiling), note)

    with WATCHDOG.watch(timeout, over_time, memory_limit=ceiling or None, on_memory=over_memory):
        return state.reads.read_watched(work)


def run_query(app: Flask, query: QueryRequest, environ: Environ) -> Answer:
    """The app's query runner's answer within its time limit (`read_store`)."""
    runner = app_state(app).runner
    return read_store(app, environ, lambda store: runner.answer(store, query), QUERY)


def read(work: Callable[[Store], T]) -> T:
    """How a view reads the store: `work(store)` under the time limit, for the request being handled.

    The work must read what it needs whole (see `kg.query.reads`); rendering
    the page from it can come after.
    """
    return read_store(current_app._get_current_object(), request.environ, work)  # type: ignore[attr-defined]


def timed_out(timeout: QueryTimeout) -> Response:
    return Response(_message(timeout.what, timeout.seconds), status=503, mimetype="text/plain")


def _message(what: str, seconds: float) -> str:
    advice = "Narrow it (LIMIT, more specific patterns)" if what == QUERY else "Try again later"
    return (
        f"503 Service Unavailable: {what} did not finish within the time limit of {seconds:g} s; "
        f"it was stopped. {advice} or ask the operator for a longer --query-timeout.\n"
    )


def _memory_message(what: str, ceiling: int) -> str:
    advice = "Narrow it (LIMIT, fewer solutions to sort or make DISTINCT) or ask" if what == QUERY else "Ask"
    return (
        f"503 Service Unavailable: {what} needed more memory than the ceiling of {ceiling // 2**20} MB "
        f"a worker may use; it was stopped. {advice} the operator for a higher --worker-memory.\n"
    )


def _answer_and_retire(client: socket.socket, environ: Environ, message: str, why: str) -> None:
    """On the watchdog's thread, while the query still runs: answer 503, log, end the process.

    The answer goes out through a plain socket on a copy of the client's descriptor: under
    gevent the client's socket object belongs to the other thread's event loop.
    """
    # Logged first: once the client has its answer, the log says why.
    log.warning("%s: worker %d retires (%d MB resident)", why, os.getpid(), resident_bytes() // 2**20)
    body = message.encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Access-Control-Allow-Origin: *\r\n"
        f"{NOSNIFF[0]}: {NOSNIFF[1]}\r\n"
        "Connection: close\r\n\r\n"
    )
    try:
        raw = _socket.socket(fileno=os.dup(client.fileno()))
        raw.settimeout(1.0)
        raw.sendall(head.encode() + body)
        raw.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the client left; the process retires all the same
    started = environ.get(STARTED, time.perf_counter())
    os.write(1, access_line(environ, "503", str(len(body)), started))
    os._exit(0)  # the only way to stop pyoxigraph mid-query; gunicorn's master forks a new worker
