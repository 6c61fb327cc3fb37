"""Attacks on a running `kg serve`, as issue 15 lists them: real HTTP on loopback, bounded in count and time.

* slow and idle clients together (headers and bodies trickled, idle keep-alive connections) while
  a client keeps querying, on the default worker count;
* deep nesting of every form, at 1 000, 3 000 and 10 000 levels: 400 or an answer, never a dead worker;
* queries that need more memory than the worker ceiling: 503, the worker replaced near the ceiling;
* Host and X-Forwarded-* poisoning: every answer the same whatever they say;
* path traversal in every route that takes a name.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import requests

from kg.foundation.project_settings import project_settings
from tests.support.server import TRAVERSALS, RunningServer, kg_command, raw_get, start_server
from tests.support.waiting import wait_until

CEILING_MB = 300
#: Seconds the guarded server gives a client to send its headers, and its body.
READ_TIMEOUT = 3
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/strategigraf/id/osloregionen-2017> ?p ?o }"


@pytest.fixture(scope="module")
def guarded() -> Iterator[RunningServer]:
    """A server with short read limits (so that the test is short), a low memory ceiling and time
    enough to reach it on a busy machine."""
    limits = {
        "--header-timeout": READ_TIMEOUT,
        "--body-timeout": READ_TIMEOUT,
        "--worker-memory": CEILING_MB,
        "--query-timeout": 30,
    }
    running = start_server("--no-validate", *(str(part) for item in limits.items() for part in item))
    yield running
    running.stop()


def _resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _server_memory(server: RunningServer) -> float:
    """Resident megabytes of the server and its workers."""
    pids = [server.process.pid]
    with open(f"/proc/{server.process.pid}/task/{server.process.pid}/children") as children:
        pids += [int(pid) for pid in children.read().split()]
    return sum(_resident_mb(pid) for pid in pids)


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _attack(
    server: RunningServer, idle: int, trickling: int, bodies: int, seconds: float
) -> tuple[int, list[int], list[float]]:
    """Idle, header-trickling and body-trickling connections while a client queries for `seconds`.

    Returns how many attacking connections were opened, and the querying client's statuses and
    latencies.
    """
    stop = threading.Event()
    opened: list[socket.socket] = []
    path = f"/sparql?query={quote(LOOKUP)}"

    def open_all() -> None:
        for _ in range(idle):  # idle keep-alive connections: not a byte sent
            opened.append(_connect(server.url))
        for index in range(trickling):  # headers trickled
            client = _connect(server.url)
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nX-{index}: ".encode())
            opened.append(client)
        for _ in range(bodies):  # bodies trickled
            client = _connect(server.url)
            client.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 100000\r\n\r\nSELECT"
            )
            opened.append(client)

    def trickle() -> None:
        while not stop.wait(0.5):
            for client in list(opened[idle:]):
                with contextlib.suppress(OSError):  # closed by the server: its limits at work
                    client.sendall(b"a")

    opener = threading.Thread(target=open_all)
    opener.start()
    trickler = threading.Thread(target=trickle)
    trickler.start()
    latencies: list[float] = []
    statuses: list[int] = []
    try:
        with requests.Session() as session:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                started = time.perf_counter()
                statuses.append(session.get(server.url + path, timeout=10).status_code)
                latencies.append(time.perf_counter() - started)
    finally:
        stop.set()
        opener.join()
        trickler.join()
        for client in opened:
            client.close()
    return len(opened), statuses, latencies


def _settled_memory(server: RunningServer, at_most: float) -> float:
    """The server's memory once it has noticed closed connections (as it reads them), up to 10 s."""
    wait_until(lambda: _server_memory(server) <= at_most, timeout=10, interval=0.2)
    return _server_memory(server)


def _steady_memory(server: RunningServer) -> float:
    """The server's memory once two readings 0.5 s apart differ by under 1 % (at most 10 s)."""
    readings: list[float] = []

    def steady() -> bool:
        readings.append(_server_memory(server))
        return len(readings) > 1 and abs(readings[-1] - readings[-2]) < readings[-2] / 100

    wait_until(steady, timeout=10, interval=0.5)
    return readings[-1]


def test_slow_and_idle_clients_do_not_starve_a_querying_client(guarded: RunningServer) -> None:
    # A smaller round first, so that "before" is the memory of workers that have answered queries
    # and held connections (their caches and allocator pools built), not of fresh ones.
    _attack(guarded, idle=40, trickling=40, bodies=10, seconds=2)
    before = _steady_memory(guarded)
    opened, statuses, latencies = _attack(guarded, idle=200, trickling=200, bodies=50, seconds=8)
    assert opened == 450
    assert set(statuses) == {200}, statuses
    # A starved client waits for a worker a slow client holds, until that one's read timeout: no
    # query may take that long (a bound set by the server's limits, not by the machine's speed).
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) > 1 else latencies[0]
    assert p99 < READ_TIMEOUT, f"p99 {p99 * 1000:.0f} ms over {len(latencies)} queries"
    after = _settled_memory(guarded, at_most=before * 1.2)
    assert after <= before * 1.2, f"{before:.0f} MB before, {after:.0f} MB after"


def _read_answer(client: socket.socket) -> bytes:
    """One whole answer with a Content-Length, head and body."""
    raw = b""
    while b"\r\n\r\n" not in raw:
        raw += client.recv(65536)
    head = raw.split(b"\r\n\r\n", 1)[0]
    length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
    while len(raw) < len(head) + 4 + length:
        raw += client.recv(65536)
    return raw


def test_a_client_that_never_waits_does_not_keep_the_others_of_its_worker_waiting() -> None:
    """One worker, two keep-alive connections: A pipelines a long run of queries, B sends one.

    B's answer must come while A's run is still being answered, not after all of it (the worker
    used to serve a connection for as long as its next request was already there).
    """
    running = start_server("--no-validate", "--workers", "1")
    ask = f"GET /sparql?query={quote('ASK {}')} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    run = 2000
    try:
        with _connect(running.url) as a, _connect(running.url) as b:
            for client in (a, b):  # both connections accepted and served once by the one worker
                client.sendall(ask)
                answer = _read_answer(client)
            received = [0]  # bytes of A's answers, each as long as the first (the same ASK)

            def read_a() -> None:
                while received[0] < run * len(answer) and (chunk := a.recv(65536)):
                    received[0] += len(chunk)

            reader = threading.Thread(target=read_a)
            reader.start()
            a.sendall(ask * run)
            b.sendall(ask)
            assert _read_answer(b).startswith(b"HTTP/1.1 200")
            a_before_b = received[0] // len(answer)
            reader.join(120)
            assert received[0] == run * len(answer), f"A's run was not answered whole: {received[0]} bytes"
        assert a_before_b < run // 2, f"B was answered after {a_before_b} of A's {run} queries"
    finally:
        running.stop()


def test_a_slow_body_is_answered_408_and_slow_headers_are_closed(guarded: RunningServer) -> None:
    body = _connect(guarded.url)
    body.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 50\r\n\r\nASK"
    )
    assert body.recv(4096).startswith(b"HTTP/1.1 408")
    header = _connect(guarded.url)
    header.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    assert header.recv(4096) == b""  # closed without an answer once the header time is up


def test_a_body_declared_over_the_limit_is_refused_before_it_is_sent(guarded: RunningServer) -> None:
    with _connect(guarded.url) as client:
        client.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 50000000\r\n\r\n"
        )
        assert client.recv(4096).startswith(b"HTTP/1.1 413")  # not 408: nothing was waited for


def test_header_size_and_count_are_limited_with_431(guarded: RunningServer) -> None:
    many = {f"X-{i}": "1" for i in range(150)}
    assert requests.get(guarded.url + "/healthz", headers=many, timeout=10).status_code == 431
    huge = {"X-Huge": "a" * 10_000}
    answer = requests.get(guarded.url + "/healthz", headers=huge, timeout=10)
    assert answer.status_code == 431
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


P = "<http://example.org/p>"
#: Each nesting form the issue names, as a query of n levels.
NESTING = {
    "groups": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "optional": lambda n: "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n + "}" * n + "}",
    "union": lambda n: "SELECT * WHERE " + "{ { ?s ?p ?o } UNION " * n + "{ ?s ?p ?o }" + " }" * n,
    "union chain": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "sub-select": lambda n: "SELECT * WHERE { " + "{ SELECT * WHERE { " * n + "?s ?p ?o" + " } }" * n + " }",
    "expression": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "function calls": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "STR(" * n + "?o" + ")" * n + ") }",
    "operator chain": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * n) + ") }",
    "path": lambda n: "SELECT * WHERE { ?s " + "(" * n + P + ")" * n + " ?o }",
    "path chain": lambda n: "SELECT * WHERE { ?s " + "/".join([P] * n) + " ?o }",
}


@pytest.mark.parametrize("form", sorted(NESTING))
def test_deep_nesting_is_refused_and_never_kills_a_worker(server: RunningServer, form: str) -> None:
    for levels in (1_000, 3_000, 10_000):
        answer = requests.post(
            server.url + "/sparql",
            data=NESTING[form](levels).encode(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        )
        assert answer.status_code == 400, (levels, answer.status_code, answer.text[:200])
        assert "limit of 256 levels" in answer.text
    assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
    assert not re.search(r"signal|SIGSEGV|Worker \(pid:\d+\) was sent", server.log(), re.IGNORECASE)


def test_the_nesting_limit_is_configurable_and_named_in_kg_query() -> None:
    deep = NESTING["groups"](300)
    refused = subprocess.run([*kg_command(), "query", deep], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert "limit of 256 levels" in refused.stderr
    allowed = subprocess.run(
        [*kg_command(), "query", "--format", "csv", deep.replace("SELECT *", "SELECT (COUNT(*) AS ?n)")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KG_MAX_NESTING": "400"},
    )
    assert allowed.returncode == 0, allowed.stderr


CARTESIAN = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c"
DISTINCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?b ?c ?x ?y ?z "
    "WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } }"
)


@pytest.mark.parametrize("query", [CARTESIAN, DISTINCT], ids=["order-by", "distinct"])
def test_a_query_over_the_memory_ceiling_is_answered_503_and_its_worker_replaced(
    guarded: RunningServer, query: str
) -> None:
    answer = requests.get(guarded.url + "/sparql", params={"query": query}, timeout=60)
    assert answer.status_code == 503
    assert "memory" in answer.text and f"{CEILING_MB} MB" in answer.text
    resident = [int(mb) for mb in re.findall(r"worker \d+ retires \((\d+) MB resident\)", guarded.log())]
    assert resident and max(resident) <= CEILING_MB * 1.1, resident  # stopped within 10 % of the ceiling
    assert requests.get(guarded.url + "/sparql", params={"query": LOOKUP}, timeout=10).status_code == 200


HOSTS = ["evil.example", "localhost", "127.0.0.1", "[::1]:1", "a" * 200]
FORWARDED = [
    {},
    {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-For": "6.6.6.6"},
]


@pytest.mark.parametrize(
    "path",
    [
        "/catalog",
        "/.well-known/void",
        "/sparql",
        "/download/strategigraf.ttl",
        "/doc/id/osloregionen-2017.html",
        "/id/osloregionen-2017",
        "/api/openapi.json",
    ],
)
def test_answers_do_not_depend_on_host_or_forwarded_headers(server: RunningServer, path: str) -> None:
    seen = set()
    for host in HOSTS:
        for forwarded in FORWARDED:
            answer = requests.get(
                server.url + path, headers={"Host": host, **forwarded}, allow_redirects=False, timeout=10
            )
            assert answer.status_code in (200, 303), (host, forwarded, answer.status_code)
            # Blank nodes (the Service Description has some) are labelled and ordered afresh each time.
            lines = tuple(sorted(re.sub(rb"_:\w+", b"_:b", answer.content).splitlines()))
            seen.add((lines, answer.headers.get("Location")))
    assert len(seen) == 1
    lines, location = seen.pop()
    assert not any(b"evil" in line for line in lines) and "evil" not in (location or "")


@pytest.mark.parametrize("route", ["/download/", "/doc/", "/graph/", "/static/", "/id/", "/api/queries/"])
@pytest.mark.parametrize("probe", TRAVERSALS)
def test_path_traversal_reaches_no_file_outside_what_is_served(
    server: RunningServer, route: str, probe: str
) -> None:
    raw = raw_get(server.url, route + probe)
    status = int(raw.split(b" ", 2)[1])
    assert status in (400, 404), (route, probe, raw[:300])
    assert b"root:" not in raw and b"[project]" not in raw and b"PROJECT_DIR" not in raw


def _logged_client(server: RunningServer, probe: str) -> str:
    """The client address the access log gives for the request carrying `probe`."""
    found: list[str] = []

    def logged() -> bool:
        found.extend(line.split(" ", 1)[0] for line in server.log().splitlines() if probe in line)
        return bool(found)

    assert wait_until(logged, timeout=10), f"no access-log line for {probe}"
    return found[0]


#: X-Forwarded-For from the trusted proxy at 127.0.0.1 -> the client the log must name. Hops are
#: read from the nearest; one that is no IP address ends the walk (who is behind it is unknown).
FORWARDED_FOR = {
    "203.0.113.7": "203.0.113.7",
    "198.51.100.1, 203.0.113.7": "203.0.113.7",
    "203.0.113.7, 127.0.0.9": "203.0.113.7",  # a trusted proxy in front of the one that connected
    "203.0.113.7, <script>": "127.0.0.1",
    "unknown": "127.0.0.1",
    "203.0.113.7:8080": "127.0.0.1",
    "2001:db8::7": "2001:db8::7",
    "2001:DB8:0::7": "2001:db8::7",  # written as the address it is
    ", 203.0.113.7": "203.0.113.7",
    "203.0.113.7,,": "127.0.0.1",
}


def test_forwarded_for_is_believed_only_from_a_trusted_proxy_and_only_as_addresses(
    server: RunningServer,
) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    requests.get(server.url + "/healthz?probe=untrusted", headers=forwarded, timeout=10)
    assert _logged_client(server, "probe=untrusted") == "127.0.0.1"
    behind = start_server("--no-validate", "--trusted-proxy", "127.0.0.0/8")
    try:
        for n, (header, client) in enumerate(FORWARDED_FOR.items()):
            headers = {"X-Forwarded-For": header}
            requests.get(behind.url + f"/healthz?probe=trusted-{n}", headers=headers, timeout=10)
            assert _logged_client(behind, f"probe=trusted-{n} ") == client, header
    finally:
        behind.stop()


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("localhost", "does not appear to be an IPv4 or IPv6 network"),
        ("10.0.0.0/33", "does not appear to be an IPv4 or IPv6 network"),
        ("*", "does not appear to be an IPv4 or IPv6 network"),
        ("0.0.0.0/0", "is every address"),
        ("::/0", "is every address"),
        ("fe80::1%eth0", "has a zone"),
    ],
)
def test_a_trusted_proxy_must_be_an_address_or_a_network(value: str, said: str) -> None:
    done = subprocess.run(
        [*kg_command(), "serve", "--no-validate", "--port", "1", "--trusted-proxy", value],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: --trusted-proxy: ") and said in line, line


#: A lone byte, a broken two-byte sequence, an encoded surrogate: none of them UTF-8.
NOT_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xbf\xbf"]
ROUTES = ["/sparql", "/id/osloregionen-2017", "/api/search", "/catalog", "/download/strategigraf.ttl", "/"]


@pytest.fixture(scope="module")
def reference_site() -> Iterator[str]:
    """The app factory's app under Python's reference WSGI server, which (unlike gunicorn, which refuses
    them itself) hands raw bytes of the request line on, as PEP 3333 says: latin-1 characters."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from kg.load.repository import load_repository
    from kg.store import open_store
    from server import create_app
    from tests.support.shared import PROJECT_DIR

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    settings = project_settings(PROJECT_DIR)
    store = open_store("memory")
    load_repository(store, settings)
    http = make_server("127.0.0.1", 0, create_app(store, settings), handler_class=Quiet)
    serving = threading.Thread(target=http.serve_forever, daemon=True)
    serving.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    serving.join()


@pytest.mark.parametrize("where", ["path", "query"])
@pytest.mark.parametrize("route", ROUTES)
def test_a_byte_that_is_not_utf8_in_the_path_or_query_is_a_400(
    server: RunningServer, reference_site: str, route: str, where: str
) -> None:
    for site in (server.url, reference_site):
        for raw in NOT_UTF8:
            target = route.encode() + (raw if where == "path" else b"?query=ASK%7B%7D&text=" + raw)
            answer = raw_get(site, target)
            assert answer.split(b" ", 2)[1] == b"400", (site, target, answer[:300])
            if site == reference_site:  # gunicorn answers it before the app, with a page of its own
                part = "path" if where == "path" else "query string"
                assert f"400 Bad Request: the request's {part} is not UTF-8".encode() in answer
