"""Whether a local server is still busy with connections whose clients have gone (Linux's /proc/net/tcp).

When a client is killed, the kernel closes its sockets; the server's end of
each then waits in CLOSE_WAIT until the server closes it, which it does once
it has finished the request it was running (and failed to answer). No such
socket left on the server's port means: nothing a dead client sent is still
running there. The crash tests wait for that instead of for a guessed time.
"""

from __future__ import annotations

from pathlib import Path

_CLOSE_WAIT = "08"
_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))


def abandoned_connections(port: int) -> int:
    """Sockets of the server listening on `port` whose client has closed, that the server has not."""
    count = 0
    for table in _TABLES:
        if not table.exists():
            continue
        for line in table.read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            count += local_port == port and fields[3] == _CLOSE_WAIT
    return count
