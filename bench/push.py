"""Pushing to Virtuoso: the whole push, dropping a replaced version, and the per-request pointer lookup.

    .venv/bin/python -m bench.push [--triples 1000000] [--lookups 300]

A private Virtuoso (started as the tests start it) receives N triples in
three graphs (half in a data graph, half in an inferred graph, a small
ontology graph), twice, with:

* kg's push (`SparqlStore.replace_graphs`: a new version under fresh graph
  names, made live by one small insert), against a Virtuoso that stops
  transactions after 300 s and one that stops them after 5 s (the tests'
  configuration);
* beside it, in the same run, the push as kg made it before versions
  (baseline): each graph PUT into a staging graph, then one SPARQL Update
  that drops the live graphs and MOVEs the staging graphs in; on the 300 s
  Virtuoso only (on the 5 s one its switch fails, as issue 22 reported: the
  bench tries once and says so).

Each of the four runs (baseline and kg on each Virtuoso) gets a fresh
Virtuoso of its own, so that one cannot slow or hang the other.

Then the cost that follows a push later: dropping a replaced version of N
triples (`remove_unused` with no grace). And the lookup of the version
pointer that every request makes (`SparqlStore.snapshot`), on Virtuoso and
on Oxigraph's server, beside the floor: `ASK {}` over the same kept-open
connection, and an `ASK {}` sent the way every kg query is (SPARQLWrapper).

Prints a table; the machine's load average is printed beside it. Not run by
the tests: about a quarter of an hour at a million triples on two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import requests
from requests.auth import HTTPDigestAuth

from kg.store import open_store
from kg.store.base import Store
from kg.store.sparql import SparqlStore
from kg.store.sparql_http import KeepAlive
from tests.support.external_stores import ExternalStore, Virtuoso, start_oxigraph_server, start_virtuoso

BASE = "https://bench.example/push/"
GRAPHS = {"ontology": 0.001, "data": 0.5, "inferred": 0.499}
#: Virtuoso's NumberOfBuffers (8 KB pages, 1.3 GB) for a million triples: with the tests' 10 000,
#: the baseline's PUT of a 500 000-triple graph in one transaction left Virtuoso idle and hanging
#: ("Locks are held for a long time") with the transaction's pages unflushable.
BUFFERS = 170_000
#: Seconds the baseline waits for an answer: at a million triples its second PUT was seen to leave
#: Virtuoso idle without answering (twice); the row then says it failed.
BASELINE_TIMEOUT = 300


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def staged_dataset(triples: int, seed: str) -> tuple[Store, dict[str, int]]:
    """N triples over the three graphs, in a memory store; literals differ by `seed` (two datasets)."""
    staged = open_store("memory")
    counts = {}
    for name, share in GRAPHS.items():
        graph = BASE + "graph/" + name
        size = max(1, int(triples * share))
        counts[graph] = staged.replace_graph(
            graph,
            (
                ox.Triple(
                    ox.NamedNode(f"{BASE}id/{name}/{n // 7}"),
                    ox.NamedNode(f"{BASE}p{n % 7}"),
                    ox.Literal(f"{seed} {name} {n}", language="nb"),
                )
                for n in range(size)
            ),
        )
    return staged, counts


def versioned(server: ExternalStore, grace: float = 600.0) -> SparqlStore:
    graphs = [BASE + "graph/" + name for name in GRAPHS]
    return SparqlStore(
        server.query_url,
        replace(server.connection(), grace=grace, write_timeout=3600),
        graphs=graphs,
        version_graph=BASE + "graph/version",
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def old_push(server: Virtuoso, staged: Store, counts: dict[str, int]) -> None:
    """The push before versions (kg up to c75bb48): staging graphs, then DROP and MOVE in one update.

    Signed in once, as kg's push now is (kg then sent the first body twice, once to be refused by
    digest auth, and a big body so sent was seen to leave Virtuoso hanging): what differs is the
    protocol.
    """
    session = requests.Session()
    session.auth = HTTPDigestAuth(str(server.user), str(server.password))
    session.get(server.update_url, timeout=60)
    with tempfile.TemporaryDirectory() as folder:
        for graph in counts:
            path = Path(folder) / "graph.nt"
            staged.dump_graph(graph, path)
            with path.open("rb") as body:
                response = session.put(
                    server.graph_store_url,
                    params={"graph": graph + "-kg-staging"},
                    data=body,
                    headers={"Content-Type": "application/n-triples"},
                    timeout=BASELINE_TIMEOUT,
                )
            response.raise_for_status()
    operations = []
    for graph in counts:
        operations += [f"DROP SILENT GRAPH <{graph}>", f"MOVE GRAPH <{graph}-kg-staging> TO GRAPH <{graph}>"]
    switch = {"update": " ;\n".join(operations)}
    response = session.post(server.update_url, data=switch, timeout=BASELINE_TIMEOUT)
    if not response.ok:
        raise RuntimeError(f"the switch failed (HTTP {response.status_code}): {response.text[:200]}")


def pushes(
    server: Virtuoso, datasets: list[tuple[Store, dict[str, int]]], label: str, old: bool
) -> list[str]:
    """Push each dataset in turn, the old way or kg's; a row of the table for each."""
    rows = []
    for n, (staged, counts) in enumerate(datasets, start=1):
        say(f"  {label}: push {n}")
        started = time.perf_counter()
        try:
            if old:
                old_push(server, staged, counts)
            else:
                versioned(server).replace_graphs(staged, counts)
            rows.append(f"| {label} | push {n} | {time.perf_counter() - started:.1f} s |")
        except Exception as error:  # the baseline's switch on the 5 s Virtuoso: what issue 22 saw
            rows.append(f"| {label} | push {n} | failed: {str(error)[:90]} |")
    return rows


def lookups(server: ExternalStore, runs: int) -> dict[str, list[float]]:
    """Seconds per pointer lookup, per ASK {} over the same client, per ASK {} through SPARQLWrapper."""
    store = versioned(server)
    floor = KeepAlive(server.name, server.query_url, 60)
    plain = SparqlStore(server.query_url)
    found: dict[str, list[float]] = {
        "pointer lookup (snapshot)": [],
        "ASK {} kept-open": [],
        "ASK {} SPARQLWrapper": [],
    }
    for _ in range(runs):
        found["pointer lookup (snapshot)"].append(timed(store.snapshot))
        found["ASK {} kept-open"].append(timed(lambda: floor.select("ASK {}", [])))
        found["ASK {} SPARQLWrapper"].append(timed(lambda: plain.query("ASK {}")))
    return found


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-push-"))
    say(f"making two datasets of {args.triples} triples")
    datasets = [staged_dataset(args.triples, seed) for seed in ("first", "second")]
    rows = ["| store | step | time |", "|---|---|---|"]
    servers: list[ExternalStore] = []
    kept: list[Virtuoso] = []  # kg's, for what follows a push
    try:
        # Each on a Virtuoso of its own, started afresh: a baseline that hangs one leaves kg's alone.
        for n, (limit, label, old, pushed) in enumerate(
            (
                (300, "Virtuoso 300 s, before versions (baseline)", True, datasets),
                (300, "Virtuoso 300 s, kg", False, datasets),
                (5, "Virtuoso 5 s, before versions (baseline)", True, datasets[:1]),
                (5, "Virtuoso 5 s, kg", False, [*datasets, datasets[0]]),
            )
        ):
            virtuoso = start_virtuoso(folder / f"virtuoso-{n}", buffers=BUFFERS, max_query_seconds=limit)
            servers.append(virtuoso)
            rows += pushes(virtuoso, pushed, label, old)
            if old:
                virtuoso.stop()
            else:
                kept.append(virtuoso)
        patient, hasty = kept
        say("  Virtuoso 5 s: dropping the replaced version")
        seconds = timed(versioned(hasty, grace=0).remove_unused)
        rows.append(
            f"| Virtuoso 5 s, kg | drop a replaced version of {args.triples} triples | {seconds:.1f} s |"
        )
        oxigraph = start_oxigraph_server(folder / "oxigraph-server")
        servers.append(oxigraph)
        versioned(oxigraph).replace_graphs(*staged_dataset(1000, "small"))
        table = ["| store | request | p50 | p99 |", "|---|---|---|---|"]
        for server in (patient, oxigraph):
            say(f"  {server.name}: {args.lookups} pointer lookups")
            for request, seconds_each in lookups(server, args.lookups).items():
                p50, p99 = quantile(seconds_each, 0.5) * 1000, quantile(seconds_each, 0.99) * 1000
                table.append(f"| {server.name} | {request} | {p50:.2f} ms | {p99:.2f} ms |")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average (1, 5, 15 min) at the end: {load}; {os.cpu_count()} CPUs\n")
    print("\n".join(rows))
    print()
    print("\n".join(table))


if __name__ == "__main__":
    main()
