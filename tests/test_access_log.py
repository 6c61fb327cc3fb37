"""The access log: one line per request, and no client can forge a line."""

from __future__ import annotations

import calendar
import time

from server.access_log import access_line


def test_line_has_request_status_size_and_duration() -> None:
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/sparql?query=ASK+%7B%7D",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    line = access_line(environ, "200", "29", time.perf_counter() - 0.0125).decode()
    assert line.startswith("127.0.0.1 ")
    stamp = calendar.timegm(time.strptime(line.split(" ")[1], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(stamp - time.time()) < 2  # UTC, to the second
    assert '"GET /sparql?query=ASK+%7B%7D HTTP/1.1" 200 29 ' in line
    assert line.endswith("ms\n")
    assert 12.0 <= float(line.rsplit(" ", 1)[1].removesuffix("ms\n")) < 1000


def test_control_characters_and_quotes_cannot_forge_lines() -> None:
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": '/sparql\n127.0.0.1 "GET /admin HTTP/1.1" 200',
        "QUERY_STRING": "x=\r\x1b[31m",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    line = access_line(environ, "404", "-", time.perf_counter()).decode()
    assert line.count("\n") == 1 and line.endswith("\n")
    assert "\r" not in line and "\x1b" not in line
    assert line.count('"') - line.count('\\"') == 2
