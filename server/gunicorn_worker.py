"""The gunicorn worker `kg serve` runs: slow or idle clients cannot starve the others.

gunicorn's sync workers read each request on the worker's only thread: two
idle connections stopped a two-worker server, four that trickled headers
did too. This worker is gunicorn's gevent worker, where each connection
waits in a greenlet of its own (a few kB) until its request is complete:

* request line and headers must arrive within `header_timeout` (in place of
  gunicorn's keep-alive time, which also bounds the first request); a
  connection that takes longer, or stays idle that long, is closed;
* the body must arrive within `body_timeout` and is read whole (at most
  `max_body` + 1 bytes) before the app sees the request; a slower one is
  answered 408 and closed;
* header size and count are gunicorn's limits (431), connections per worker
  its `worker_connections`.

Two things keep the tail of the latency short under keep-alive load
(bench/README.md, issue 23):

* after each answer the connection's greenlet waits until the event loop
  is idle (`gevent.idle`) before it reads its next request. Without it a
  client that sends its next request as soon as it has an answer (every
  load generator, every pipelining client) is never made to wait: its
  request is already in the socket, `recv` returns at once, and the other
  connections of that worker starve for as long as it keeps going: p99
  100-250 ms at 8 connections where p50 was 0.6 ms. The cost is one pass
  of the event loop per request;
* the head of an answer goes out in the same `send` as its body
  (`_OneWrite`): one system call and one segment fewer a request.

A query itself still holds its worker: pyoxigraph evaluates in C, and the
other connections of that worker wait until it ends (or the time limit
retires the worker, see `server.time_limit`), while the other workers
answer. Threads are left unpatched: the watchdog of `kg.query.deadline` must be a
real thread to see the clock while a query runs.
"""

from __future__ import annotations

import contextlib
import io
import socket
from typing import Any

import gevent
from gevent import monkey
from gunicorn.workers.ggevent import GeventWorker

from server.security_headers import NOSNIFF

#: The answer to a request whose body did not arrive in time.
REQUEST_TIMEOUT = b"408 Request Timeout: the request body did not arrive in time\n"


class KgWorker(GeventWorker):
    """gevent worker with a deadline on reading bodies; configured by `configured()`."""

    header_timeout: float = 5.0
    body_timeout: float = 10.0
    max_body: int = 1_000_000

    def patch(self) -> None:
        monkey.patch_all(thread=False, time=False)
        self.sockets: list[Any] = [
            gevent.socket.socket(s.FAMILY, socket.SOCK_STREAM, fileno=s.sock.detach()) for s in self.sockets
        ]

    def timeout_ctx(self) -> gevent.Timeout:
        """The time a request's line and headers may take (gunicorn's keep-alive only takes seconds)."""
        return gevent.Timeout(self.header_timeout, False)

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        """Read the whole body (up to one byte over the limit, for the app's 413) before the app runs.

        A body declared longer than the limit is not read at all: the app answers 413 from the
        declared length, and the connection closes.
        """
        declared = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "")
        if declared.isdigit() and int(declared) > self.max_body:
            req.must_close = True
            req.body = io.BytesIO()
            return self._answer(listener_name, req, sock, addr)
        try:
            with gevent.Timeout(self.body_timeout):
                body = req.body.read(self.max_body + 1)
        except gevent.Timeout:
            _send_plain(sock, "408 Request Timeout", REQUEST_TIMEOUT)
            raise StopIteration from None
        if len(body) > self.max_body:
            req.must_close = True  # the rest of the body is never read: no next request on it
        req.body = io.BytesIO(body)
        return self._answer(listener_name, req, sock, addr)

    def _answer(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        """gunicorn answers through `_OneWrite`; then the other connections get their turn."""
        out = _OneWrite(sock)
        try:
            return super().handle_request(listener_name, req, out, addr)
        finally:
            out.flush()
            gevent.idle()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """gunicorn's own error answers (400, 414, 431, ...) with `X-Content-Type-Options` too."""
        super().handle_error(req, _WithNosniff(client), addr, exc)


def configured(*, header_timeout: float, body_timeout: float, max_body: int) -> type[KgWorker]:
    """The worker class with these limits (gunicorn builds its workers from a class)."""
    limits = {"header_timeout": header_timeout, "body_timeout": body_timeout, "max_body": max_body}
    return type("KgWorker", (KgWorker,), limits)


def _send_plain(sock: Any, status: str, body: bytes) -> None:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n{NOSNIFF[0]}: {NOSNIFF[1]}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):  # the client left
        sock.sendall(head.encode() + body)


class _WithNosniff:
    """A client socket that adds the nosniff header to the head of what gunicorn writes."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        line_end = data.find(b"\r\n")
        if data.startswith(b"HTTP/") and line_end > 0:
            data = data[: line_end + 2] + f"{NOSNIFF[0]}: {NOSNIFF[1]}\r\n".encode() + data[line_end + 2 :]
        self._sock.sendall(data)


class _OneWrite:
    """A client socket that holds an answer's head and sends it with the first part of the body.

    gunicorn writes the head (status line and headers) and the body with two
    `sendall` calls; `flush` sends a head that no body followed (304, HEAD), and
    any other use of the socket (sendfile, its descriptor) has the head sent first.
    """

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._head = b""

    def __getattr__(self, name: str) -> Any:
        self.flush()  # whatever else is done with the socket (sendfile, fileno) comes after the head
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        if not self._head and data.startswith(b"HTTP/") and data.endswith(b"\r\n\r\n"):
            self._head = data
            return
        head, self._head = self._head, b""
        self._sock.sendall(head + data if head else data)

    def flush(self) -> None:
        if self._head:
            head, self._head = self._head, b""
            self._sock.sendall(head)
