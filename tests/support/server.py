"""Starting `kg serve` as a real process on a free port, as users do."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import requests

from server.app import PREPARING
from tests.support.shared import PROJECT_DIR
from tests.support.waiting import wait_until


def free_port() -> int:
    """A port free now. Another process may take it before the server started on it binds it:
    wait for the server with `listens_on`, not only for an answer on the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def listens_on(pid: int, port: int) -> bool:
    """Whether process `pid` holds the socket listening on TCP `port` (Linux: /proc).

    An answer on the port proves nothing by itself: when two processes on one machine were given
    the same free port (the other a benchmark's or another engineer's suite), the server started
    here failed to bind it and exited, and the other one answered the tests (seen once: a page
    answered 200 from a store the test had stopped, which was not the store on that port).
    """
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                listening.add(f"socket:[{fields[9]}]")
    try:
        held = {os.readlink(descriptor) for descriptor in Path(f"/proc/{pid}/fd").iterdir()}
    except OSError:  # the process is gone, or a descriptor closed while read
        return False
    return bool(listening & held)


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path
    args: list[str] = field(default_factory=list)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                # Its workers too: a gunicorn worker seen hanging at exit (after "Worker exiting")
                # outlived a killed master and kept its store open.
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def kg_command() -> list[str]:
    """The `kg` console script of the interpreter running the tests."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg"]


def start_server(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    cwd: Path = PROJECT_DIR,
    inherit_kg_variables: bool = True,
    prepared: bool = True,
) -> RunningServer:
    """Start `kg serve ARGS` in `cwd` on a free port and wait until /healthz answers, and (unless
    `prepared=False`) no longer says the downloads are being prepared in the background: a test
    that reads /download/ or VoID right after the start reads them made.

    `inherit_kg_variables=False` starts it without the test run's KG_* variables, as a user would.
    """
    running = launch_server(*args, env=env, cwd=cwd, inherit_kg_variables=inherit_kg_variables)
    wait_until_ready(running, timeout, prepared=prepared)
    return running


def launch_server(
    *args: str, env: dict[str, str] | None = None, cwd: Path = PROJECT_DIR, inherit_kg_variables: bool = True
) -> RunningServer:
    """Start `kg serve ARGS` in `cwd` on a free port, without waiting for it (`wait_until_ready`)."""
    port = free_port()
    log_dir = Path(os.environ.get("KG_TEST_LOGS", PROJECT_DIR / "test-artifacts"))
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{port}.log"
    command = [*kg_command(), "serve", "--port", str(port), *args]
    log_file = log_path.open("wb")
    inherited = {k: v for k, v in os.environ.items() if inherit_kg_variables or not k.startswith("KG_")}
    process = subprocess.Popen(
        command,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env={**inherited, **(env or {})},
        cwd=cwd,
        start_new_session=True,  # a process group of its own: `stop` can end its workers with it
    )
    return RunningServer(process, f"http://127.0.0.1:{port}", log_path, list(args))


def wait_until_ready(running: RunningServer, timeout: float = 60, *, prepared: bool = True) -> None:
    """Wait until the server holds its port and /healthz answers 200 (and, when `prepared`, no
    longer says the downloads are being prepared); stop it if it does not within `timeout` s."""
    process, url = running.process, running.url
    port = int(url.rsplit(":", 1)[1])

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited with {process.returncode}:\n{running.log()}")
        if not listens_on(process.pid, port):
            return False  # not bound yet (loading first), or another process holds the port
        try:
            health = requests.get(url + "/healthz", timeout=5)
            return health.status_code == 200 and not (prepared and PREPARING in health.text)
        except (requests.ConnectionError, requests.Timeout):
            # Not listening yet, or listening (gunicorn's master binds first) with no worker yet to answer.
            return False

    try:
        answering = wait_until(ready, timeout, interval=0.1)
    except BaseException:
        running.stop()  # never leave a server behind a test that failed to start it
        raise
    if not answering:
        running.stop()
        raise RuntimeError(f"kg serve did not answer within {timeout} s:\n{running.log()}")


#: Paths that try to reach files outside what a route serves, each in another disguise.
TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "..%252f..%252f..%252fetc%252fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "....//....//etc/passwd",
    "..\\..\\..\\etc\\passwd",
    "%00../../etc/passwd",
    "../pyproject.toml",
    "..%2fpyproject.toml",
    "../../kg/foundation/settings.py",
]


def raw_get(url: str, target: str | bytes) -> bytes:
    """The whole answer to `GET target` sent byte for byte, as no HTTP client library would
    (they resolve `..` and re-encode the path first, and send no byte that is not UTF-8)."""
    host, port = url.removeprefix("http://").split(":")
    line = target.encode() if isinstance(target, str) else target
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(b"GET " + line + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := client.recv(65536):
            raw += chunk
    return raw
