"""The query time limit and memory ceiling at the web layer: 503, and the work really stops.

Under `kg serve` (gunicorn workers, each running one query at a time: see
`server.gunicorn_worker`) a query runs on the request's own thread, watched
by a `Watchdog`. When it overruns its time, or the worker's resident memory
passes `--worker-memory`, the watchdog's thread writes the 503 straight to the client's
socket, logs the request, and ends the process: the runaway evaluation dies
with it, and gunicorn's master forks a fresh worker from the preloaded app.
Elsewhere (the Flask test client, another WSGI server) the query runs on a
deadline thread (`QueryRunner.run`) and a time-out is answered as any error
is (`server.errors`); the abandoned thread then runs on until it ends.
"""

from __future__ import annotations

import _socket
import logging
import os
import socket
import time

from flask import Flask, Response

from kg.foundation.memory import resident_bytes
from kg.query.deadline import Watchdog
from kg.query.runner import Answer, QueryRequest, QueryTimeout
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


def run_query(app: Flask, query: QueryRequest, environ: Environ) -> Answer:
    """The app's query runner's answer within its time limit; QueryTimeout only outside `kg serve`.

    Takes the app and the request's WSGI environ rather than Flask's context
    objects: `server.fast_path` calls it outside any context.
    """
    runner = app_state(app).runner
    client = environ.get("gunicorn.socket")
    if client is None or not app.config.get(RETIRE_ON_TIMEOUT):
        return runner.run(query)
    ceiling = app_state(app).settings.worker_memory_bytes

    metrics = app.config.get(METRICS_KEY)

    def over_time() -> None:
        if metrics is not None:
            metrics.retired("timeout")
        _answer_and_retire(client, environ, _message(runner.timeout), "query over the time limit")

    def over_memory(resident: int) -> None:
        if metrics is not None:
            metrics.retired("memory")
        note = f"query over the memory ceiling ({resident // 2**20} MB of {ceiling // 2**20} MB)"
        _answer_and_retire(client, environ, _memory_message(ceiling), note)

    with WATCHDOG.watch(runner.timeout, over_time, memory_limit=ceiling or None, on_memory=over_memory):
        return runner.answer(query)


def timed_out(timeout: QueryTimeout) -> Response:
    return Response(_message(timeout.seconds), status=503, mimetype="text/plain")


def _message(seconds: float) -> str:
    return (
        f"503 Service Unavailable: the query did not finish within the time limit of {seconds:g} s; "
        "the query was stopped. Narrow it (LIMIT, more specific patterns) or ask the operator "
        "for a longer --query-timeout.\n"
    )


def _memory_message(ceiling: int) -> str:
    return (
        f"503 Service Unavailable: the query needed more memory than the ceiling of {ceiling // 2**20} MB "
        "a worker may use; the query was stopped. Narrow it (LIMIT, fewer solutions to sort or make "
        "DISTINCT) or ask the operator for a higher --worker-memory.\n"
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
