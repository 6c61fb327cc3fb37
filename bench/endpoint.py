"""Throughput and latency of `kg serve`'s /sparql beside Virtuoso, Oxigraph's server and a minimal endpoint.

    .venv/bin/python -m bench.endpoint [--graphs repository,100k] [--duration 5] [--rounds 3] [--out FILE]

For each graph (this repository's, and a synthetic one of about 100k triples
from `kg synth`), the same dataset (ontology, data and inferred graphs) is
served by:

* kg: `kg serve` (2 gunicorn workers of its gevent-based class
  `server.gunicorn_worker.KgWorker`, all its negotiation, limits and logging);
* minimal: bench/minimal_endpoint.py, the least a Flask + pyoxigraph endpoint
  can be, under the same gunicorn settings and worker class (the baseline the
  issue asks for);
* virtuoso: Debian's virtuoso-opensource, private database, bulk-loaded;
* oxigraph: Oxigraph's own server (PyPI `oxigraph`), loaded before it starts.

All four run at once (idle but for the one under load). Each of five queries
is sent by wrk (Debian package `wrk`) with 8 connections for --duration
seconds after a short warm-up, to each server in turn, for --rounds rounds;
requests per second and p50/p99 latency come from wrk, and the tables give
the median of the rounds. Taking turns spreads a busy moment of a shared
machine over every server instead of the one that happened to run then.
Before timing, every server's answer to every query is compared by row
count. Results go to FILE (JSON, default bench/results/endpoint.json) and, as
tables, to stdout. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import requests

from bench.scale import make_graph
from kg.foundation.project_settings import project_settings
from kg.load.repository import load_repository
from kg.query.named import load_queries
from kg.store import open_store
from tests.support.external_stores import ExternalStore, start_oxigraph_server, start_virtuoso
from tests.support.server import free_port, kg_command
from tests.support.shared import PROJECT_DIR

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
PREFIXES = (
    "PREFIX sgo: <https://w3id.org/strategigraf/ontology#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
)
#: Five representative queries: name -> text. The IRIs are the repository's, which the
#: synthetic graph holds too (bench.scale.make_graph adds the repository's data).
QUERIES = {
    "lookup": f"SELECT ?p ?o WHERE {{ <{PLAN}/aktivitet-2.2> ?p ?o }}",
    "join": PREFIXES
    + "SELECT ?area ?activity ?text WHERE { ?activity sgo:activityOf ?area . "
    + '?activity skos:prefLabel ?text . FILTER(LANG(?text) = "nb") } LIMIT 200',
    "aggregate": PREFIXES
    + "SELECT ?plan (COUNT(?area) AS ?areas) WHERE { ?area sgo:focusAreaOf ?plan } "
    + "GROUP BY ?plan ORDER BY DESC(?areas) ?plan LIMIT 20",
    "text search": PREFIXES
    + "SELECT ?s ?text WHERE { ?s skos:prefLabel ?text . "
    + 'FILTER(CONTAINS(LCASE(STR(?text)), "samarbeid")) } LIMIT 50',
    "path": PREFIXES
    + "SELECT (COUNT(DISTINCT ?part) AS ?parts) WHERE { ?part (sgo:visionOf|sgo:underpins|"
    + f"sgo:workingMethodOf|sgo:focusAreaOf|sgo:activityOf|sgo:themeOf|sgo:meansOf)+ <{PLAN}> }}",
}
#: The questions across strategies by subject (issue 21): named queries, bound as the API binds
#: them, with parameters the synthetic graphs answer (kg synth gives elements subjects).
SUBJECT_QUERIES = {
    "strategies-by-subject": {"subject": "http://metadata.un.org/sdg/11"},
    "sdg-coverage": {},
    "themes-per-plan": {"strategy": PLAN},
}
SERVERS = ("kg", "minimal", "virtuoso", "oxigraph")
JSON = "application/sparql-results+json"


@dataclass
class Served:
    name: str
    url: str
    stop: object


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--graphs", default="repository,100k")
    parser.add_argument(
        "--queries",
        choices=["standard", "subjects"],
        default="standard",
        help="standard: the five of QUERIES; subjects: the named queries across strategies by subject",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per server, query and round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--sequential",
        type=int,
        default=0,
        metavar="N",
        help="instead of wrk's load, N requests one after another (one client): the latency of a "
        "query that takes longer than wrk's 2 s timeout on a busy machine",
    )
    parser.add_argument("--rounds", type=int, default=3, help="turns of every server on every query")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "endpoint.json")
    args = parser.parse_args()
    if args.queries == "subjects":
        QUERIES.clear()
        QUERIES.update(subject_queries())
    if not shutil.which("wrk"):
        sys.exit("wrk not found: install the Debian package wrk")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-endpoint-"))
    results = []
    try:
        for graph in args.graphs.split(","):
            project = (
                PROJECT_DIR
                if graph == "repository"
                else make_graph(graph, work / graph, PROJECT_DIR).settings.project_dir
            )
            results.append(bench_graph(graph, project, work / f"{graph}-servers", args))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(tables(results))


def subject_queries() -> dict[str, str]:
    """The named queries of SUBJECT_QUERIES, bound to their parameters."""
    found, errors = load_queries(PROJECT_DIR / "queries")
    assert not errors, errors
    return {name: found[name].bind(values) for name, values in SUBJECT_QUERIES.items()}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_graph(graph: str, project: Path, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Serve one dataset from every server, check they agree, then load each with wrk."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = project_settings(project)
    store = open_store("memory")
    load_repository(store, settings)
    graphs = {iri: list(store.graph_triples(iri)) for iri in store.graph_names()}
    triples = sum(len(t) for t in graphs.values())
    say(f"== {graph}: {triples} triples in {len(graphs)} graphs")
    nquads = folder / "all.nq"
    ox.serialize(
        (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for g, ts in graphs.items() for t in ts),
        str(nquads),
        ox.RdfFormat.N_QUADS,
    )
    rows: dict[str, dict[str, int]] = {}
    samples: dict[str, dict[str, list[dict[str, float]]]] = {n: {q: [] for q in QUERIES} for n in SERVERS}
    with ExitStack() as servers:
        urls = {
            name: servers.enter_context(serving(name, project, folder / name, nquads, graphs))
            for name in SERVERS
        }
        for name, url in urls.items():
            rows[name] = {query: count_rows(url, text) for query, text in QUERIES.items()}
        # Servers take turns, query by query, round after round: a busy moment of the machine
        # then touches every server alike instead of whichever happened to run then.
        for round_number in range(1, args.rounds + 1):
            for query, text in QUERIES.items():
                for name, url in urls.items():
                    sample = (
                        one_at_a_time(url, text, args.sequential)
                        if args.sequential
                        else load_with_wrk(url, text, args.duration, args.connections)
                    )
                    samples[name][query].append(sample)
                    say(f"   round {round_number} {name:9} {query:12} {sample['rps']:8.0f} req/s")
    measured = {
        name: {query: _median(runs) for query, runs in by_query.items()} for name, by_query in samples.items()
    }
    for query in QUERIES:
        counts = {name: rows[name][query] for name in SERVERS}
        if len(set(counts.values())) > 1:
            say(f"   note: the servers' answers to {query!r} differ in rows: {counts}")
    return {"graph": graph, "triples": triples, "results": measured, "rows": rows}


@contextmanager
def serving(
    name: str, project: Path, folder: Path, nquads: Path, graphs: dict[str, list[ox.Triple]]
) -> Iterator[str]:
    """Start one server on the dataset; yields its SPARQL query URL."""
    folder.mkdir(parents=True, exist_ok=True)
    if name in ("kg", "minimal"):
        port = free_port()
        if name == "kg":
            command = [*kg_command(), "serve", "--project-dir", str(project), "--port", str(port)]
            command += ["--workers", "2", "--no-validate"]
            env = dict(os.environ)
        else:
            command = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--preload"]
            command += ["--worker-class", "server.gunicorn_worker.KgWorker"]  # kg serve's own worker
            command += ["--no-control-socket", "--bind", f"127.0.0.1:{port}", "bench.minimal_endpoint:app"]
            env = {**os.environ, "KG_BENCH_NQUADS": str(nquads)}
        log = (folder / "log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_DIR)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            wait_for(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)
        return
    external: ExternalStore
    if name == "virtuoso":
        external = start_virtuoso(folder, buffers=200_000, max_query_seconds=60)
        for number, (graph, triples) in enumerate(graphs.items()):
            path = external.load_dir / f"graph{number}.nt"
            ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
            external.bulk_load(path, graph)
    else:
        # Oxigraph's server answers from its default graph: load the union of the graphs into it.
        union = folder / "union.nt"
        ox.serialize((t for ts in graphs.values() for t in ts), str(union), ox.RdfFormat.N_TRIPLES)
        program = str(Path(sys.executable).parent / "oxigraph")
        subprocess.run([program, "load", "--location", str(folder / "db"), "--file", str(union)], check=True)
        external = start_oxigraph_server(folder)
    try:
        yield external.query_url
    finally:
        external.stop()


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, headers={"Accept": JSON}, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def count_rows(url: str, query: str) -> int:
    answer = requests.get(url, params={"query": query}, headers={"Accept": JSON}, timeout=120)
    answer.raise_for_status()
    return len(answer.json()["results"]["bindings"])


def one_at_a_time(url: str, query: str, count: int) -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) of `count` requests sent one after another."""
    times = []
    with requests.Session() as session:
        for _ in range(count + 1):  # the first warms up
            started = time.perf_counter()
            answer = session.get(url, params={"query": query}, headers={"Accept": JSON}, timeout=300)
            answer.raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    kept = sorted(times[1:])
    return {
        "rps": 1000 * len(kept) / sum(kept),
        "p50_ms": statistics.median(kept),
        "p99_ms": kept[min(len(kept) - 1, round(0.99 * (len(kept) - 1)))],
        "errors": 0.0,
    }


def load_with_wrk(url: str, query: str, duration: int, connections: int) -> dict[str, float]:
    """wrk's requests per second and p50/p99 latency (ms), after a 2 s warm-up."""
    target = f"{url}?query={quote(query, safe='')}"
    common = ["wrk", "-t2", f"-c{connections}", "-H", f"Accept: {JSON}", "--latency"]
    subprocess.run([*common, "-d2s", target], capture_output=True, check=True)
    output = subprocess.run([*common, f"-d{duration}s", target], capture_output=True, text=True, check=True)
    text = output.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(_found(r"Requests/sec:\s+([\d.]+)", text)),
        "p50_ms": _ms(_found(r"\s50%\s+([\d.]+\w+)", text)),
        "p99_ms": _ms(_found(r"\s99%\s+([\d.]+\w+)", text)),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def _found(pattern: str, text: str) -> str:
    """The first group of `pattern` in wrk's output."""
    match = re.search(pattern, text)
    assert match, f"wrk printed no {pattern!r}"
    return match.group(1)


def _ms(value: str) -> float:
    match = re.match(r"([\d.]+)(\w+)", value)
    assert match, value
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def tables(results: list[dict[str, Any]]) -> str:
    lines = []
    for entry in results:
        measured = entry["results"]
        lines += [
            f"\n### {entry['graph']} ({entry['triples']:,} triples), 8 connections, 2 workers\n",
            "| query | kg req/s | minimal | virtuoso | oxigraph | kg / virtuoso | kg / minimal "
            "| kg p50 / p99 ms | virtuoso p50 / p99 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for query in QUERIES:
            kg, minimal, virtuoso, oxigraph = (measured[name][query] for name in SERVERS)
            cells = [
                query,
                *(f"{server['rps']:.0f}" for server in (kg, minimal, virtuoso, oxigraph)),
                f"{kg['rps'] / virtuoso['rps']:.2f}",
                f"{kg['rps'] / minimal['rps']:.2f}",
                *(f"{server['p50_ms']:.1f} / {server['p99_ms']:.1f}" for server in (kg, virtuoso)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        p50_ratios = [measured["kg"][q]["p50_ms"] / measured["virtuoso"][q]["p50_ms"] for q in QUERIES]
        lines.append(
            f"\nmedian over the queries of kg p50 / virtuoso p50: {statistics.median(p50_ratios):.2f}; "
            f"worst: {max(p50_ratios):.2f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
