"""The server never makes an outbound request: SERVICE, FROM, LOAD and remote JSON-LD contexts.

Every query names a listener on a local port that records each connection
it gets; none may arrive. (pyoxigraph would otherwise follow SERVICE with an
HTTP request, and a remote store might load what FROM names.)
"""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.server import RunningServer, free_port, kg_command

MARKER = b"kg-test-marker"


class Listener:
    """A TCP listener on a free local port that records every connection."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections: list[bytes] = []
        self._recorded = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:
                return
            with connection:  # recorded before it is closed: a client sees the close after that
                connection.settimeout(1)
                try:
                    received = connection.recv(2048)
                except OSError:
                    received = b""
                with self._recorded:
                    self.connections.append(received)
                    self._recorded.notify_all()

    def arrived_so_far(self) -> list[bytes]:
        """Every connection that reached the port before this call.

        One thread accepts connections in the order they arrived, so once a
        marker connection of our own is recorded, everything before it is too.
        """
        with socket.create_connection(self.socket.getsockname(), timeout=5) as marker:
            marker.sendall(MARKER)
        with self._recorded:
            assert self._recorded.wait_for(lambda: MARKER in self.connections, timeout=10)
            earlier = self.connections[: self.connections.index(MARKER)]
            self.connections.clear()
        return earlier

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    # The listener really records: a request to it is seen (so the test below could fail).
    with pytest.raises(requests.RequestException):
        requests.get(listening.url + "/probe", timeout=1)
    arrived = listening.arrived_so_far()
    assert len(arrived) == 1 and b"/probe" in arrived[0]
    yield listening
    listening.close()


def refused_queries(at: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?x ?y ?z . service <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SELECT ?s {{ SERVICE <{at}/> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{at}/> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ VALUES ?service {{ <{at}/> }} SERVICE ?service {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"ASK FROM <{at}/data.ttl> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{at}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"PREFIX remote: <{at}/> SELECT * FROM remote:data.ttl WHERE {{ ?s ?p ?o }}",
        f"LOAD <{at}/data.ttl>",
        f"LOAD SILENT <{at}/data.ttl> INTO GRAPH <http://example.org/g>",
    ]


def test_service_from_and_load_are_refused_without_a_connection(
    server: RunningServer, listener: Listener
) -> None:
    for query in refused_queries(listener.url):
        for response in (
            requests.get(server.url + "/sparql", params={"query": query}, timeout=10),
            requests.post(
                server.url + "/sparql",
                data=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
                timeout=10,
            ),
        ):
            assert response.status_code == 400, (query, response.text)
            assert any(word in response.text for word in ("never", "SPARQL Update is not accepted")), (
                response.text
            )
    assert listener.arrived_so_far() == []


def test_protocol_dataset_naming_a_remote_graph_is_an_empty_graph(
    server: RunningServer, listener: Listener
) -> None:
    for params in (
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": listener.url + "/data.ttl"},
        {"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": listener.url + "/data.ttl"},
    ):
        response = requests.get(server.url + "/sparql", params=params, timeout=10)
        assert response.status_code == 200
        assert response.json()["results"]["bindings"] == []
    assert listener.arrived_so_far() == []


def test_graph_file_with_a_remote_json_ld_context_is_refused(tmp_path: Path, listener: Listener) -> None:
    document = tmp_path / "remote-context.jsonld"
    document.write_text(
        f'{{"@context": "{listener.url}/context.jsonld", "@id": "http://example.org/a", "name": "a"}}'
    )
    result = subprocess.run(
        [
            *kg_command(),
            "serve",
            "--no-validate",
            "--port",
            str(free_port()),
            "--graph",
            f"http://example.org/g={document}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "remote JSON-LD @context is never fetched" in result.stderr
    assert listener.arrived_so_far() == []
