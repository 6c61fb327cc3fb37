"""Throughput and latency of `kg serve`'s /sparql beside Virtuoso, Oxigraph's server and a minimal endpoint.

    .venv/bin/python -m bench.endpoint [--graphs repository,100k] [--connections 8,64] [--duration 5]
        [--rounds 3] [--queries standard|subjects|portfolio|across] [--start-timeout 300] [--out FILE]

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
is sent by wrk (Debian package `wrk`, with bench/wrk_report.lua) with each
number of --connections for --duration seconds after a short warm-up, to each
server in turn, for --rounds rounds; requests per second, p50, p99 and p99.9
latency and errors come from wrk, the CPU time per request from the kernel's
count for the server's processes, and the tables give the median of the
rounds. kg is measured twice: with the query repeated as wrk sends it (kg
keeps written answers, `server.answer_cache`) and with every request's query
made different by a comment of its own ("kg varying": every answer written
afresh). Taking turns spreads a busy moment of a shared machine over every
server instead of the one that happened to run then; CPU time per request
is what a busy machine disturbs least.
Before timing, every server's answer to every query is compared by row
count. `--queries subjects` times the named queries across strategies by
subject instead, `--queries portfolio` the named queries across plans
(organisations across plans, plans in effect, the document network, the
changes from a replaced plan), bound as the API binds them to values the graph
answers (`--graphs examples` is the examples/ project); `--queries across` times both sets
in one run (one start of every server: at a million triples kg's first start, with its
dumps, takes minutes, so give it `--start-timeout`). Results go to FILE
(JSON, default bench/results/endpoint.json) and, as tables, to stdout. Not run
by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
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
from kg.store import SelectResult, Store, open_store
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
SUBJECT_QUERIES: dict[str, dict[str, str | tuple[str, str]]] = {
    "strategies-by-subject": {"subject": "http://metadata.un.org/sdg/11"},
    "sdg-coverage": {},
    "themes-per-plan": {"strategy": PLAN},
}
#: The named queries across plans (issue 21) and how each is bound: fixed values, or ("first", Q):
#: the first answer of the SELECT Q on the graph (a plan that replaces another).
PORTFOLIO_QUERIES: dict[str, dict[str, str | tuple[str, str]]] = {
    "organisations-across-plans": {},
    "plans-in-effect": {"year": "2010"},
    "document-network": {},
    "plan-changes": {
        "strategy": (
            "first",
            "SELECT ?p WHERE { ?p <http://purl.org/dc/terms/replaces> ?e } ORDER BY ?p LIMIT 1",
        )
    },
}
SERVERS = ("kg", "minimal", "virtuoso", "oxigraph")
#: What is measured: each server, and kg again with no two queries alike.
SERIES = ("kg", "kg varying", "minimal", "virtuoso", "oxigraph")
REPORT = Path(__file__).with_name("wrk_report.lua")
JSON = "application/sparql-results+json"
#: A table's cell for a server that did not answer a query when its rows were counted.
NO_ANSWER = "no answer in 120 s"


@dataclass
class Served:
    """A running server: its SPARQL URL and the process whose tree does its work."""

    url: str
    pid: int
    #: Query-string parameters that name the dataset (`default-graph-uri=…&`), if any.
    dataset: str = ""

    def target(self, query: str) -> str:
        """The URL of a GET of `query` (ending in the query, which wrk's "vary" extends)."""
        return f"{self.url}?{self.dataset}query={quote(query, safe='')}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--graphs", default="repository,100k")
    parser.add_argument(
        "--queries",
        choices=["standard", "subjects", "portfolio", "across"],
        default="standard",
        help="standard: the five of QUERIES; subjects: the named queries across strategies by subject; "
        "portfolio: the named queries across plans (PORTFOLIO_QUERIES); across: both",
    )
    parser.add_argument(
        "--start-timeout", type=float, default=300, help="seconds a server may take to start answering"
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per server, query and round")
    parser.add_argument("--connections", default="8,64", help="numbers of concurrent connections")
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
    if not shutil.which("wrk"):
        sys.exit("wrk not found: install the Debian package wrk")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-endpoint-"))
    results = []
    try:
        for graph in args.graphs.split(","):
            if graph in ("repository", "examples"):
                project = PROJECT_DIR if graph == "repository" else PROJECT_DIR / "examples"
            else:
                project = make_graph(graph, work / graph, PROJECT_DIR).settings.project_dir
            results.append(bench_graph(graph, project, work / f"{graph}-servers", args))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(tables(results))


def named_queries(
    which: dict[str, dict[str, str | tuple[str, str]]], store: Store, graphs: list[str]
) -> dict[str, str]:
    """The named queries of SUBJECT_QUERIES or PORTFOLIO_QUERIES, bound as the API binds them."""
    found, errors = load_queries(PROJECT_DIR / "queries")
    assert not errors, errors
    bound = {}
    for name, values in which.items():
        params = {}
        for parameter, value in values.items():
            if isinstance(value, tuple):
                result = store.query(value[1], default_graphs=graphs)
                assert isinstance(result, SelectResult)
                first = next(iter(result.rows))[0]
                assert isinstance(first, ox.NamedNode), value
                value = first.value
            params[parameter] = value
        bound[name] = found[name].bind(params)
    return bound


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
    if args.queries != "standard":
        QUERIES.clear()
        which = {
            "subjects": SUBJECT_QUERIES,
            "portfolio": PORTFOLIO_QUERIES,
            "across": {**SUBJECT_QUERIES, **PORTFOLIO_QUERIES},
        }[args.queries]
        QUERIES.update(named_queries(which, store, settings.default_graphs()))
    nquads = folder / "all.nq"
    ox.serialize(
        (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)) for g, ts in graphs.items() for t in ts),
        str(nquads),
        ox.RdfFormat.N_QUADS,
    )
    rows: dict[str, dict[str, int | None]] = {}
    connections = [int(number) for number in args.connections.split(",")]
    samples: dict[int, dict[str, dict[str, list[dict[str, float]]]]] = {
        c: {n: {q: [] for q in QUERIES} for n in SERIES} for c in connections
    }
    with ExitStack() as servers:
        served = {
            name: servers.enter_context(
                serving(name, project, folder / name, nquads, graphs, args.start_timeout)
            )
            for name in SERVERS
        }
        if args.queries in ("portfolio", "across"):
            # kg names its graphs as the dataset of every query; Virtuoso is given them too for the
            # questions across plans (without them it reads its system graphs as well, and gives
            # plan-changes a plan that does not finish). Oxigraph's server and the minimal endpoint
            # hold just the graphs.
            served["virtuoso"].dataset = "".join(
                f"default-graph-uri={quote(g, safe='')}&" for g in settings.default_graphs()
            )
        for name, server in served.items():
            rows[name] = {}
            for query, text in QUERIES.items():
                say(f"   {name:9} {query}: counting the rows of its answer")
                rows[name][query] = count_rows(server, text)
        # Servers take turns, query by query, round after round: a busy moment of the machine
        # then touches every server alike instead of whichever happened to run then.
        for round_number in range(1, args.rounds + 1):
            for count in connections:
                for query, text in QUERIES.items():
                    for series in SERIES:
                        if rows[series.split()[0]][query] is None:
                            continue  # no answer: nothing to time
                        server = served[series.split()[0]]
                        sample = (
                            one_at_a_time(server, text, args.sequential, vary=series == "kg varying")
                            if args.sequential
                            else load_with_wrk(
                                server, text, args.duration, count, vary=series == "kg varying"
                            )
                        )
                        if sample is None:
                            continue  # no answer this round: not timed
                        samples[count][series][query].append(sample)
                        say(
                            f"   round {round_number} c{count:<3} {series:10} {query:12} "
                            f"{sample['rps']:8.0f} req/s p99 {sample['p99_ms']:6.1f} ms "
                            f"{sample['cpu_us']:5.0f} µs CPU/req"
                        )
    measured = {
        str(count): {
            series: {query: _median(runs) for query, runs in by_query.items() if runs}
            for series, by_query in by_series.items()
        }
        for count, by_series in samples.items()
    }
    for query in QUERIES:
        counts = {name: rows[name][query] for name in SERVERS}
        if len(set(counts.values())) > 1:
            say(f"   note: the servers' answers to {query!r} differ in rows: {counts}")
    return {"graph": graph, "triples": triples, "results": measured, "rows": rows, "load": os.getloadavg()}


@contextmanager
def serving(
    name: str,
    project: Path,
    folder: Path,
    nquads: Path,
    graphs: dict[str, list[ox.Triple]],
    start_timeout: float = 300,
) -> Iterator[Served]:
    """Start one server on the dataset."""
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
            wait_for(url, process, start_timeout)
            yield Served(url, process.pid)
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
        yield Served(external.query_url, external.process.pid)
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


def count_rows(server: Served, query: str) -> int | None:
    """The rows of the answer; None when the server does not answer within 120 s (it is then not
    timed on the query, and the tables say so)."""
    try:
        answer = requests.get(server.target(query), headers={"Accept": JSON}, timeout=120)
    except requests.Timeout:
        say(f"   no answer within 120 s from {server.url}")
        return None
    answer.raise_for_status()
    return len(answer.json()["results"]["bindings"])


def one_at_a_time(server: Served, query: str, count: int, vary: bool) -> dict[str, float] | None:
    """Requests per second, p50/p99/p99.9 latency (ms) and the server's CPU time per request (µs) of
    `count` requests sent one after another; `vary`: each query ends in a comment of its own, as
    wrk_report.lua makes them (no answer kept from an earlier request can serve it). None when the
    server gives no answer to one of them within 120 s (Virtuoso 7.2 at times stalls, idle)."""
    times = []
    token = uuid.uuid4().hex  # no two runs' queries alike either
    with requests.Session() as session:
        try:
            session.get(server.target(query), headers={"Accept": JSON}, timeout=120)  # warm-up
            cpu = cpu_seconds(server.pid)
            for number in range(count):
                text = f"{query}\n#{token}-{number}" if vary else query
                started = time.perf_counter()
                answer = session.get(server.target(text), headers={"Accept": JSON}, timeout=120)
                answer.raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
        except requests.RequestException as error:
            say(f"   no answer from {server.url}: {error}")
            return None
        cpu = cpu_seconds(server.pid) - cpu
    kept = sorted(times)

    def percentile(share: float) -> float:
        return kept[min(len(kept) - 1, round(share * (len(kept) - 1)))]

    return {
        "rps": 1000 * len(kept) / sum(kept),
        "p50_ms": statistics.median(kept),
        "p99_ms": percentile(0.99),
        "p999_ms": percentile(0.999),
        "errors": 0.0,
        "cpu_us": 1e6 * cpu / len(kept),
    }


def load_with_wrk(
    server: Served, query: str, duration: int, connections: int, vary: bool
) -> dict[str, float]:
    """wrk's requests per second, p50/p99/p99.9 latency (ms) and errors, after a 2 s warm-up, and
    the server's CPU time per request (µs)."""
    target = server.target(query)
    common = ["wrk", "-t2", f"-c{connections}", "-H", f"Accept: {JSON}", "-s", str(REPORT)]
    tail = ["--", "vary", uuid.uuid4().hex] if vary else []  # a token of its own: no answer repeats
    subprocess.run([*common, "-d2s", target, *tail], capture_output=True, check=True)
    cpu = cpu_seconds(server.pid)
    output = subprocess.run(
        [*common, f"-d{duration}s", target, *tail], capture_output=True, text=True, check=True
    )
    cpu = cpu_seconds(server.pid) - cpu
    line = next(line for line in output.stdout.splitlines() if line.startswith("KG "))
    requests_done, microseconds, errors, p50, p99, p999 = (float(part) for part in line.split()[1:])
    return {
        "rps": requests_done / microseconds * 1e6,
        "p50_ms": p50,
        "p99_ms": p99,
        "p999_ms": p999,
        "errors": errors,
        "cpu_us": cpu / max(requests_done, 1) * 1e6,
    }


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and its children so far (gunicorn: master and workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    ticks = 0
    for member in [pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def tables(results: list[dict[str, Any]]) -> str:
    lines = []
    for entry in results:
        load = ", ".join(f"{value:.1f}" for value in entry.get("load", ()))
        for connections, measured in entry["results"].items():
            lines += [
                f"\n### {entry['graph']} ({entry['triples']:,} triples), {connections} connections, "
                f"2 workers (load average after: {load})\n",
                "| query | "
                + " | ".join(f"{series} req/s" for series in SERIES)
                + " | kg / oxigraph | kg varying / oxigraph | kg / minimal |",
                "|---|" + "---|" * (len(SERIES) + 3),
            ]
            for query in QUERIES:
                rps = {series: measured[series].get(query, {}).get("rps") for series in SERIES}

                def ratio(top: str, bottom: str, rps: dict[str, float | None] = rps) -> str:
                    above, below = rps[top], rps[bottom]
                    return f"{above / below:.2f}" if above is not None and below else "–"

                cells = [
                    query,
                    *(f"{value:.0f}" if value is not None else NO_ANSWER for value in rps.values()),
                ]
                cells += [ratio("kg", "oxigraph"), ratio("kg varying", "oxigraph"), ratio("kg", "minimal")]
                lines.append("| " + " | ".join(cells) + " |")
            lines += [
                "\nLatency p50 / p99 / p99.9 in ms (errors), and CPU µs per request:\n",
                "| query | " + " | ".join(SERIES) + " |",
                "|---|" + "---|" * len(SERIES),
            ]
            for query in QUERIES:
                cells = [query]
                for series in SERIES:
                    run = measured[series].get(query)
                    if run is None:
                        cells.append(NO_ANSWER)
                        continue
                    errors = f" ({run['errors']:.0f})" if run["errors"] else ""
                    latency = f"{run['p50_ms']:.1f} / {run['p99_ms']:.1f} / {run['p999_ms']:.1f}"
                    cells.append(f"{latency}{errors}; {run['cpu_us']:.0f} µs")
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
