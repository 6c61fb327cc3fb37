"""The named queries across strategies, in process, on a store `kg push` filled: the default graph as
a list of graphs beside the union of every graph.

    .venv/bin/python -m bench.named_queries --store DIR [--project DIR] [--repeat 3] [--limit 300]

DIR is an `oxigraph:DIR` store (e.g. `kg synth --organisations 870`, then
`kg push --store oxigraph:DIR`: a million triples, 2.9 million with the
inferred graph). Each query of QUERIES is bound as the API binds it, and
runs on pyoxigraph directly (no HTTP, no kg process) in a child process of
its own that is stopped after --limit seconds, --repeat times each way:

* listed: the default graph as a list of kg's graphs (`default_graph=[…]`),
  as kg asked while the store also held its version graph (before the
  record of a push moved beside the database, `kg.store.oxigraph`), and
  still asks where the store holds other graphs as well (`--asserted-only`);
* union: the default graph as the union of every graph the database holds
  (`use_default_graph_as_union`), as kg asks now that the database holds
  exactly the graphs of its default graph (and as Oxigraph's server with
  `--union-default-graph` answers);
* kg: `Store.query` as kg's readers call it (`open_store`), with kg's
  default graph: the union where the database holds just those graphs.

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
from kg.foundation.settings import Settings
from kg.query.named import load_queries
from kg.store import SelectResult, open_store
from kg.store.base import expect
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


#: How each evaluation names the default graph (see the module's docstring).
WAYS = ("listed", "union", "kg")


def _run(folder: Path, text: str, way: str, settings: Settings, answer: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    graphs = settings.default_graphs()
    if way == "kg":
        store = open_store(f"oxigraph:{folder}", read_only=True, version_graph=settings.version_graph)
        start = time.perf_counter()
        result = expect(store.query(text, default_graphs=graphs), SelectResult)
        rows = sum(1 for _ in result.rows)
    else:
        database = ox.Store.read_only(str(folder / "live"))
        options: dict[str, object] = (
            {"use_default_graph_as_union": True}
            if way == "union"
            else {"default_graph": [ox.NamedNode(g) for g in graphs]}
        )
        start = time.perf_counter()
        solutions = database.query(text, **options)  # type: ignore[arg-type]
        rows = len(list(solutions))  # type: ignore[arg-type]
    answer.put((time.perf_counter() - start, rows))


def timed(folder: Path, text: str, way: str, settings: Settings, limit: float) -> tuple[float, int] | None:
    """(seconds, rows) of one evaluation in a fresh process, None past `limit` seconds."""
    answer: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_run, args=(folder, text, way, settings, answer))
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
    settings = project_settings(args.project)
    found, errors = load_queries(PROJECT_DIR / "queries")
    if errors:
        raise SystemExit(f"queries/: {errors}")
    table = Table(title=f"named queries on {args.store} (median of {args.repeat}, limit {args.limit:g} s)")
    for column in ("query", "rows", *WAYS, "listed / union"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for label, values in QUERIES.items():
        text = found[label.split(" ")[0]].bind(values)
        medians: dict[str, float | None] = {}
        rows = 0
        for way in WAYS:
            runs = [timed(args.store, text, way, settings, args.limit) for _ in range(args.repeat)]
            done = [run for run in runs if run is not None]
            medians[way] = statistics.median(t for t, _ in done) if len(done) == len(runs) else None
            rows = done[0][1] if done else rows
            Console(stderr=True).print(f"{label}: {way} {runs}")
        cells = [f"{m:.2f} s" if m is not None else f"> {args.limit:g} s" for m in medians.values()]
        listed, union = medians["listed"], medians["union"]
        ratio = f"{listed / union:.1f}" if listed is not None and union else "-"
        table.add_row(label, str(rows), *cells, ratio)
    Console().print(table)


if __name__ == "__main__":
    main()
