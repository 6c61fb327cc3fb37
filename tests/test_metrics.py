"""/metrics: Prometheus text on an address of its own, counts summed over the worker processes.

A real `kg serve` with two workers and --metrics-address; requests are made over HTTP and the
scrape is parsed with prometheus_client's own parser. The expected triple count of the data graph
is counted from data/osloregionen-2017.ttl with pyoxigraph, independently of the server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.server import RunningServer, free_port, kg_command, start_server
from tests.support.shared import PROJECT_DIR
from tests.support.sparql import PATHOLOGICAL
from tests.support.waiting import wait_until

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[RunningServer, str]]:
    port = free_port()
    running = start_server(
        "--no-validate",
        "--workers",
        "2",
        "--query-timeout",
        "2",
        "--metrics-address",
        f"127.0.0.1:{port}",
    )
    yield running, f"http://127.0.0.1:{port}/metrics"
    running.stop()


def scrape(url: str) -> Samples:
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_by_route_and_status_over_all_workers(served: tuple[RunningServer, str]) -> None:
    server, metrics = served
    before = scrape(metrics)
    for _ in range(6):  # two workers: the six land on either
        assert requests.get(server.url + "/catalog", timeout=30).status_code == 200
    for _ in range(3):
        assert requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    assert requests.get(server.url + "/doc/id/no-such-thing.ttl", timeout=30).status_code == 404
    assert requests.get(server.url + "/sparql", params={"query": "SELEC"}, timeout=30).status_code == 400
    after = scrape(metrics)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("kg_http_requests_total", route="/catalog", status="200") == 6
    assert grew("kg_http_requests_total", route="/sparql", status="200") == 3
    assert grew("kg_http_requests_total", route="/sparql", status="400") == 1
    assert grew("kg_http_requests_total", route="/doc/*", status="404") == 1
    assert grew("kg_http_request_duration_seconds_count", route="/catalog") == 6
    assert grew("kg_http_request_duration_seconds_bucket", route="/catalog", le="+Inf") == 6
    assert grew("kg_http_request_duration_seconds_sum", route="/catalog") > 0


def test_dataset_figures(served: tuple[RunningServer, str]) -> None:
    _server, metrics = served
    samples = scrape(metrics)
    data = {quad.triple for quad in ox.parse(path=str(PROJECT_DIR / "data" / "osloregionen-2017.ttl"))}
    assert value(samples, "kg_graph_triples", graph="https://w3id.org/strategigraf/graph/data") == len(data)
    (info,) = [labels for (name, labels) in samples if name == "kg_dataset_info"]
    assert dict(info)["version"] == "loaded at start-up" and dict(info)["store"] == "memory"
    assert value(samples, "kg_dataset_mixed") == 0


def test_the_public_address_never_answers_metrics(served: tuple[RunningServer, str]) -> None:
    server, metrics = served
    public = requests.get(server.url + "/metrics", timeout=30)
    assert public.status_code == 404 and "kg_http" not in public.text
    other = requests.get(metrics.replace("/metrics", "/catalog"), timeout=30)
    assert other.status_code == 404 and "dcat" not in other.text
    # A Host header naming the metrics address changes nothing on the public port.
    spoofed = requests.get(server.url + "/metrics", headers={"Host": metrics.split("/")[2]}, timeout=30)
    assert spoofed.status_code == 404


def test_a_query_over_the_time_limit_is_counted_with_its_retirement(
    served: tuple[RunningServer, str],
) -> None:
    server, metrics = served
    before = value(scrape(metrics), "kg_worker_retirements_total", reason="timeout")
    answer = requests.get(server.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=60)
    assert answer.status_code == 503
    assert wait_until(
        lambda: value(scrape(metrics), "kg_worker_retirements_total", reason="timeout") == before + 1, 30
    )


def test_a_bad_metrics_address_is_one_line(tmp_path: object) -> None:
    import subprocess

    done = subprocess.run(
        [*kg_command(), "serve", "--metrics-address", "9464", "--no-validate"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "HOST:PORT" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
