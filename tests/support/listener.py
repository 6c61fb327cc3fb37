"""A loopback listener that records every connection it gets: proof that nothing connected."""

from __future__ import annotations

import socket
import threading


class Listener:
    """A TCP listener on a free local port that records every connection."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(2048))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self.socket.close()
