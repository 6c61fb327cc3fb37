"""Rendering a page in headless Chromium (Debian's `chromium`), as a person's browser would."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

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
