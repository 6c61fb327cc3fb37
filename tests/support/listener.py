"""A loopback listener that records every connection it gets: proof that nothing connected."""

from __future__ import annotations

import socket
import threading

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
