"""The named queries across strategies, in process, on a store `kg push` filled: the default graph as
kg names it beside the union of every graph.

    .venv/bin/python -m bench.named_queries --store DIR [--project DIR] [--repeat 3] [--limit 300]

DIR is an `oxigraph:DIR` store (e.g. `kg synth --organisations 870`, then
`kg push --store oxigraph:DIR`: a million triples, 2.9 million with the
inferred graph). Each query of QUERIES is bound as the API binds it, and
runs on pyoxigraph directly (no HTTP, no kg process) in a child process of
its own that is stopped after --limit seconds, --repeat times each way:

* kg: the default graph as kg names it in every query: its graphs, listed
  (`default_graph=[…]`; the store also holds kg's version graph, which is
  not part of the default graph);
* union: the default graph as the union of every graph the store holds
  (`use_default_graph_as_union`), as Oxigraph's server with
  `--union-default-graph` answers. Not what kg may ask (the version graph
  would join the answers), but what the store costs without the list.

The table gives the median time and the rows of each. Not run by the tests.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from pathlib import Path
from queue import Empty

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg.foundation.project_settings import project_settings
from kg.query.named import load_queries
from tests.support.shared import PROJECT_DIR

PLAN = "https://w3id.org/strategigraf/id/osloregionen-2017"
#: The named queries across strategies (issue 21) and their parameters, as bench/endpoint.py binds them.
QUERIES: dict[str, dict[str, str]] = {
    "strategies-by-subject": {"subject": "http://metadata.un.org/sdg/11"},
    "sdg-coverage": {},
    "themes-per-plan": {"strategy": PLAN},
    "themes-per-plan (every plan)": {},
    "organisations-across-plans": {},
    "plans-in-effect": {"year": "2010"},
    "document-network": {},
}


def _run(database: str, text: str, graphs: list[str] | None, answer: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = ox.Store.read_only(database)
    options: dict[str, object] = (
        {"use_default_graph_as_union": True}
        if graphs is None
        else {"default_graph": [ox.NamedNode(g) for g in graphs]}
    )
    start = time.perf_counter()
    result = store.query(text, **options)  # type: ignore[arg-type]
    rows = len(list(result))  # type: ignore[arg-type]
    answer.put((time.perf_counter() - start, rows))


def timed(database: str, text: str, graphs: list[str] | None, limit: float) -> tuple[float, int] | None:
    """(seconds, rows) of one evaluation in a fresh process, None past `limit` seconds."""
    answer: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_run, args=(database, text, graphs, answer))
    child.start()
    try:
        return answer.get(timeout=limit)  # type: ignore[no-any-return]
    except Empty:
        return None
    finally:
        child.kill()
        child.join()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, required=True, help="an oxigraph:DIR store's folder")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="the project whose graphs kg names")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300, help="seconds before one evaluation is stopped")
    args = parser.parse_args()
    database = str(args.store / "live")
    graphs = project_settings(args.project).default_graphs()
    found, errors = load_queries(PROJECT_DIR / "queries")
    if errors:
        raise SystemExit(f"queries/: {errors}")
    table = Table(title=f"named queries on {args.store} (median of {args.repeat}, limit {args.limit:g} s)")
    for column in ("query", "rows", "kg: graphs listed", "union of every graph", "listed / union"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for label, values in QUERIES.items():
        text = found[label.split(" ")[0]].bind(values)
        medians: list[float | None] = []
        rows = 0
        for way in (graphs, None):
            runs = [timed(database, text, way, args.limit) for _ in range(args.repeat)]
            done = [run for run in runs if run is not None]
            medians.append(statistics.median(t for t, _ in done) if len(done) == len(runs) else None)
            rows = done[0][1] if done else rows
            Console(stderr=True).print(f"{label}: {'listed' if way else 'union'} {runs}")
        cells = [f"{m:.2f} s" if m is not None else f"> {args.limit:g} s" for m in medians]
        listed, union = medians
        ratio = f"{listed / union:.1f}" if listed is not None and union else "-"
        table.add_row(label, str(rows), *cells, ratio)
    Console().print(table)


if __name__ == "__main__":
    main()
