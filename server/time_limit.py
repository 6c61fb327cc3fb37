"""The query time limit at the web layer: 503 for a query that runs over, and the work really stops.

Under `kg serve` (gunicorn sync workers: one request at a time per process)
a query runs on the request's own thread, watched by a `Watchdog`. When it
overruns, the watchdog's thread writes the 503 straight to the client's
socket, logs the request, and ends the process: the runaway evaluation dies
with it, and gunicorn's master forks a fresh worker from the preloaded app.
Elsewhere (the Flask test client, another WSGI server) the query runs on a
deadline thread (`QueryRunner.run`) and a time-out is answered as any error
is (`server.errors`); the abandoned thread then runs on until it ends.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from flask import Flask, Response

from kg.query.deadline import Watchdog
from kg.query.runner import Answer, QueryRequest, QueryTimeout
from server.access_log import STARTED, Environ, access_line
from server.context import app_state

log = logging.getLogger("server.time_limit")
#: Set by `kg serve`: the workers are gunicorn's, and one whose query overruns may end itself.
RETIRE_ON_TIMEOUT = "KG_RETIRE_WORKER_ON_TIMEOUT"
WATCHDOG = Watchdog()


def run_query(app: Flask, query: QueryRequest, environ: Environ) -> Answer:
    """The app's query runner's answer within its time limit; QueryTimeout only outside `kg serve`.

    Takes the app and the request's WSGI environ rather than Flask's context
    objects: `server.fast_path` calls it outside any context.
    """
    runner = app_state(app).runner
    client = environ.get("gunicorn.socket")
    if client is None or not app.config.get(RETIRE_ON_TIMEOUT):
        return runner.run(query)
    with WATCHDOG.watch(runner.timeout, lambda: _answer_and_retire(client, environ, runner.timeout)):
        return runner.answer(query)


def timed_out(timeout: QueryTimeout) -> Response:
    return Response(_message(timeout.seconds), status=503, mimetype="text/plain")


def _message(seconds: float) -> str:
    return (
        f"503 Service Unavailable: the query did not finish within the time limit of {seconds:g} s; "
        "the query was stopped. Narrow it (LIMIT, more specific patterns) or ask the operator "
        "for a longer --query-timeout.\n"
    )


def _answer_and_retire(client: socket.socket, environ: Environ, seconds: float) -> None:
    """On the watchdog's thread, while the query still runs: answer 503, log, end the process."""
    body = _message(seconds).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Access-Control-Allow-Origin: *\r\n"
        "Connection: close\r\n\r\n"
    )
    try:
        client.sendall(head.encode() + body)
        client.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the client left; the process retires all the same
    started = environ.get(STARTED, time.perf_counter())
    os.write(1, access_line(environ, "503", str(len(body)), started))
    log.warning("query over the %g s time limit: worker %d retires", seconds, os.getpid())
    os._exit(0)  # the only way to stop pyoxigraph mid-query; gunicorn's master forks a new worker
