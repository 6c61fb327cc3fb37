"""Browsers on any origin may query: CORS on answers, errors and preflights."""

from __future__ import annotations

import requests

from tests.support.server import RunningServer

ORIGIN = {"Origin": "https://portal.example"}


def test_preflight_for_a_direct_post(server: RunningServer) -> None:
    response = requests.options(
        server.url + "/sparql",
        headers={
            **ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


def test_answers_and_errors_are_readable_cross_origin(server: RunningServer) -> None:
    answer = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, headers=ORIGIN, timeout=10)
    error = requests.get(server.url + "/sparql", params={"query": "ASK {"}, headers=ORIGIN, timeout=10)
    for response in (answer, error):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "KG-Truncated" in answer.headers["Access-Control-Expose-Headers"]
