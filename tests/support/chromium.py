"""Rendering a page in headless Chromium (Debian's `chromium`), as a person's browser would."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import requests
import websocket

from tests.support.server import free_port
from tests.support.waiting import wait_until

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str:
    """The chromium command; a test that needs it fails (never skips) without it."""
    found = shutil.which("chromium")
    if found is None:
        raise AssertionError("chromium is not installed: run .ci/system-deps (Debian package 'chromium')")
    return found


def _run(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}"
    return done


def dump_dom(url: str, virtual_time_ms: int | None = None) -> str:
    """The DOM after the page has loaded, as HTML.

    `virtual_time_ms`: let the page's scripts, timers and requests run that much
    virtual time first (Chromium waits for them, not the wall clock).
    """
    return dom_and_console(url, virtual_time_ms)[0]


def dom_and_console(url: str, virtual_time_ms: int | None = None) -> tuple[str, list[str]]:
    """The DOM after loading (as `dump_dom`) and what the page wrote to its console: script
    errors, and every resource or inline script the page's Content-Security-Policy refused."""
    budget = (f"--virtual-time-budget={virtual_time_ms}",) if virtual_time_ms else ()
    done = _run(*budget, "--enable-logging=stderr", "--v=0", "--dump-dom", url)
    return done.stdout, re.findall(r":CONSOLE:\d+\] (.*)", done.stderr)


def evaluate_when(url: str, expression: str, timeout: float = 60) -> str:
    """Load `url` and evaluate `expression` in the page, over Chromium's DevTools protocol, until it
    gives a non-empty text: for what a page's scripts do after loading (a web worker's answer),
    which --dump-dom does not wait for."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        browser = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            found = ""
            with _devtools(_page_target(port)) as page:

                def evaluated() -> bool:
                    nonlocal found
                    page.send(
                        json.dumps(
                            {"id": 1, "method": "Runtime.evaluate", "params": {"expression": expression}}
                        )
                    )
                    while (reply := json.loads(page.recv())).get("id") != 1:
                        pass  # an event, not the answer
                    found = str(reply["result"]["result"].get("value") or "")
                    return bool(found)

                assert wait_until(evaluated, timeout, interval=0.1), f"{expression} stayed empty on {url}"
            return found
        finally:
            _close(browser, port)


def _devtools(target: str) -> contextlib.closing[websocket.WebSocket]:
    return contextlib.closing(websocket.create_connection(target, timeout=10, suppress_origin=True))


def _page_target(port: int) -> str:
    """The DevTools WebSocket URL of the browser's page, once it listens."""
    targets: list[dict[str, str]] = []

    def listed() -> bool:
        nonlocal targets
        try:
            targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=5).json()
        except requests.RequestException:
            return False
        return any(target.get("type") == "page" for target in targets)

    assert wait_until(listed, 30, interval=0.1), "chromium's DevTools did not answer"
    return next(target["webSocketDebuggerUrl"] for target in targets if target.get("type") == "page")


def _close(browser: subprocess.Popen[bytes], port: int) -> None:
    """Ask the browser to close, as it does after --dump-dom: it ends its helper processes before it
    exits (a killed browser leaves them writing into the profile folder that is being removed)."""
    try:
        version = requests.get(f"http://127.0.0.1:{port}/json/version", timeout=5).json()
        with _devtools(version["webSocketDebuggerUrl"]) as connection:
            connection.send(json.dumps({"id": 1, "method": "Browser.close"}))
    except (requests.RequestException, OSError, websocket.WebSocketException):
        browser.terminate()
    browser.wait(timeout=30)


def screenshot(url: str, path: Path, width: int = 1400, height: int = 2400) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(f"--window-size={width},{height}", f"--screenshot={path}", url)
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot written to {path}"
    return path


@dataclass
class Anchor:
    attrs: dict[str, str]
    text: str = ""


class _Anchors(HTMLParser):
    """Collects every <a> of a document, with its attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Anchor] = []
        self._open: list[Anchor] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append(Anchor({k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        for anchor in self._open:
            anchor.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            anchor = self._open.pop()
            anchor.text = " ".join(anchor.text.split())
            self.found.append(anchor)


def anchors(html: str) -> list[Anchor]:
    parser = _Anchors()
    parser.feed(html)
    return parser.found
