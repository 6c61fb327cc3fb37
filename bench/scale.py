"""How kg grows with the graph: load, validate, infer and query at about 10k, 100k and 1M triples.

    .venv/bin/python -m bench.scale [--sizes 10k,100k,1M] [--project-dir DIR] [--out FILE]

For each size, a graph from `kg synth` (plus the repository's own data, so
that the named queries' example IRIs exist) is loaded into every store kg
has (memory, oxigraph:DIR) and, in the same run, into Virtuoso and Oxigraph's
server (started privately, as the tests start them). Then each query runs on
each store and its latency is measured; kg validate is timed cold, warm and
after one edit, beside plain pySHACL on the same data and shapes; and the
peak memory of `kg serve` is read from /proc. Ontology and shapes come from
--project-dir (default: this repository).

Results go to FILE (JSON, default bench/results/scale.json) and, as the
tables of bench/README.md, to stdout. Not run by the tests: it takes a while
(about an hour for all three sizes on two cores).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.load.inference import infer
from kg.store import Store, open_store
from kg.synth.generate import synthesise
from kg.validation.documents import validate_documents
from tests.support.external_stores import ExternalStore, start_oxigraph_server, start_virtuoso
from tests.support.sample_queries import all_queries
from tests.support.server import free_port, kg_command
from tests.support.shared import PROJECT_DIR

#: Organisations for each size (kg synth writes about 1 150 triples per organisation).
SIZES = {"10k": 8, "100k": 86, "1M": 870}
#: Per query and store: stop after this many runs or this many seconds, whichever comes first.
RUNS, QUERY_SECONDS = 100, 5.0
PLAIN_SHACL_SCRIPT = """
import sys, time, pyshacl
from pathlib import Path
from kg.validation.rdflib_bridge import rdflib_graph
from kg.foundation.rdf_files import parse_files, triples
data, shapes = [Path(p) for p in sys.argv[2:] if p != "--"], Path(sys.argv[1])
started = time.perf_counter()
parsed, _ = parse_files(data)
graph = rdflib_graph(triples(parsed))
shape_files, _ = parse_files(sorted(shapes.glob("*.ttl")))
conforms, _, _ = pyshacl.validate(graph, shacl_graph=rdflib_graph(triples(shape_files)), inference="none",
                                  advanced=True, inplace=True, allow_warnings=True)
print(time.perf_counter() - started)
"""


@dataclass
class Size:
    name: str
    settings: Settings
    triples: int = 0
    results: dict[str, Any] = field(default_factory=dict)
    #: What kg.load.inference entails; written into every store beside the asserted graphs.
    inferred: list[ox.Triple] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument(
        "--project-dir", type=Path, default=PROJECT_DIR, help="where ontology/ and shapes/ are"
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "scale.json")
    parser.add_argument(
        "--plain-shacl-limit",
        type=float,
        default=1800,
        help="seconds before plain pySHACL is stopped (0: do not run it)",
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a new temporary one)"
    )
    parser.add_argument(
        "--parts",
        default="validate,inference,stores,serve",
        help="what to measure; 'validate-warm' times kg validate again on the graphs and cache a "
        "previous run left in --work; results of other parts already in --out are kept",
    )
    parser.add_argument("--tables", action="store_true", help="only print the tables of the results in --out")
    args = parser.parse_args()
    if args.tables:
        entries = json.loads(args.out.read_text())
        sizes = [Size(e["size"], project_settings(PROJECT_DIR), e["triples"], e) for e in entries]
        print(tables(sorted(sizes, key=lambda size: size.triples)))
        return
    # Stopped from outside: unwind, so that the stores it started are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    parts = set(args.parts.split(","))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    earlier = (
        {entry["size"]: entry for entry in json.loads(args.out.read_text())} if args.out.exists() else {}
    )
    done: list[Size] = []
    plain_limit: float | None = args.plain_shacl_limit if args.plain_shacl_limit > 0 else None
    for name in args.sizes.split(","):
        size = make_graph(name, work / name, args.project_dir)
        size.results = {k: v for k, v in earlier.get(name, {}).items() if k not in ("size", "triples")}
        say(f"== {name}: {size.triples} triples in {len(list(size.settings.data_dir.glob('*.ttl')))} files")
        if parts & {"validate", "validate-warm"}:
            size.results["validate"] = bench_validate(size, plain_limit, cold="validate" in parts)
            if isinstance(size.results["validate"]["plain_pyshacl"], str):
                plain_limit = None  # it ran out of time here: larger graphs would too
        if "inference" in parts:
            size.results["inference"] = bench_inference(size)
        if "stores" in parts:
            size.results["stores"] = bench_stores(size, work / name)
        if "serve" in parts:
            size.results["serve"] = bench_serve(size)
        done.append(size)
        finished = {s.name: {"size": s.name, "triples": s.triples, **s.results} for s in done}
        args.out.write_text(json.dumps(list({**earlier, **finished}.values()), indent=2))
        shutil.rmtree(work / name / "stores", ignore_errors=True)
    print(tables(done))


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_graph(name: str, folder: Path, source: Path) -> Size:
    """A project folder: the source's ontology/ and shapes/, and data/ = synth + the repository's data.

    A folder an earlier run left is used as it is (synth is deterministic), with its validation cache.
    """
    if not (folder / "data").is_dir():
        for part in ("ontology", "shapes"):
            if (source / part).is_dir():
                shutil.copytree(source / part, folder / part)
        synthesise(SIZES[name], folder / "data", seed=1, base_iri=project_settings(PROJECT_DIR).base_iri)
        for path in (PROJECT_DIR / "data").glob("*.ttl"):
            shutil.copy(path, folder / "data" / path.name)
    settings = project_settings(folder)
    probe = open_store("memory")
    triples = sum(probe.load_graphs(sources(settings)).values())
    return Size(name, settings, triples)


def sources(settings: Settings) -> dict[str, list[Path]]:
    files = discover(settings)
    return {settings.ontology_graph: list(files.ontology), settings.data_graph: list(files.data)}


# -- validation ----------------------------------------------------------------


def bench_validate(size: Size, plain_limit: float | None, *, cold: bool) -> dict[str, Any]:
    """kg validate from scratch (cold), again (warm), after one edit; plain pySHACL beside it."""
    files = discover(size.settings)
    cache = size.settings.project_dir / ".cache" / "kg"
    result: dict[str, Any] = size.results.get("validate", {}) | {"files": len(files.data)}
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
        say("  kg validate, cold")
        result["cold"], report = timed(lambda: validate_documents(files, cache))
        result["conforms"] = report[0].conforms
    say("  kg validate, warm")
    result["warm"], _ = timed(lambda: validate_documents(files, cache))
    edited = files.data[len(files.data) // 2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('"@nb', ' (endret)"@nb', 1), encoding="utf-8")
    say("  kg validate, one file edited")
    result["one_edit"], (_, reused) = timed(lambda: validate_documents(files, cache))
    result["one_edit_revalidated"] = len(files.data) - reused
    edited.write_text(text, encoding="utf-8")
    validate_documents(files, cache)  # back to the unedited file, for kg serve to find the cache warm
    if not cold:
        return result
    if plain_limit is None:
        result["plain_pyshacl"] = result.get("plain_pyshacl", "not run")
    else:
        say(f"  plain pySHACL (stopped after {plain_limit:g} s)")
        result["plain_pyshacl"] = plain_pyshacl(size.settings, plain_limit)
    return result


def plain_pyshacl(settings: Settings, limit: float) -> float | str:
    """pySHACL on the whole graph (data + ontology) with the same shapes and options as kg validate."""
    files = discover(settings)
    command = [
        sys.executable,
        "-c",
        PLAIN_SHACL_SCRIPT,
        str(settings.shapes_dirs[0]),
        *map(str, files.data),
        *map(str, files.ontology),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=limit, check=True, cwd=PROJECT_DIR
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:g}"
    return float(done.stdout.strip().splitlines()[-1])


# -- inference -----------------------------------------------------------------


def bench_inference(size: Size) -> float:
    """kg.load.inference on the asserted graph.

    The entailed triples are kept for the stores, so that queries that need them find them.
    """
    store = open_store("memory")
    graphs = sources(size.settings)
    store.load_graphs(graphs)
    asserted = [triple for graph in graphs for triple in store.graph_triples(graph)]
    seconds, size.inferred = timed(lambda: list(infer(asserted).triples()))
    return seconds


# -- stores --------------------------------------------------------------------


def bench_stores(size: Size, folder: Path) -> dict[str, Any]:
    folder = folder / "stores"
    shutil.rmtree(folder, ignore_errors=True)
    graphs = size.settings.default_graphs(infer=True)
    big = size.triples > 500_000
    servers: list[ExternalStore] = []
    results: dict[str, Any] = {}
    try:
        virtuoso = start_virtuoso(
            folder / "virtuoso", buffers=170_000 if big else 40_000, max_query_seconds=300
        )
        oxigraph_server = start_oxigraph_server(folder / "oxigraph-server")
        servers += [virtuoso, oxigraph_server]
        stores: dict[str, Callable[[], Store]] = {
            "memory": lambda: open_store("memory"),
            "oxigraph:DIR": lambda: open_store(f"oxigraph:{folder / 'oxigraph-dir'}"),
            "Virtuoso": lambda: virtuoso.open(graphs, size.settings.version_graph),
            "Oxigraph server": lambda: oxigraph_server.open(graphs, size.settings.version_graph),
        }
        for name, make in stores.items():
            say(f"  {name}: load")
            store = make()
            seconds, counts = timed(partial(lambda s: s.load_graphs(sources(size.settings)), store))
            results[name] = {"load": seconds, "load_rate": sum(counts.values()) / seconds}
            if size.inferred:
                store.replace_graph(size.settings.inferred_graph, size.inferred)
            say(f"  {name}: queries")
            results[name]["queries"] = bench_queries(store, size.settings)
            store.close()
            del store
            gc.collect()
        say("  Virtuoso: its own bulk loader")
        results["Virtuoso"]["bulk_loader"] = virtuoso_bulk_load(size, folder / "virtuoso-bulk")
    finally:
        for server in servers:
            server.stop()
    return results


def bench_queries(store: Store, settings: Settings) -> dict[str, dict[str, float]]:
    latencies = {}
    for name, text in all_queries(project_settings(PROJECT_DIR)).items():  # the repository's named queries
        samples: list[float] = []
        rows = len(_rows(store, settings, text))  # warm-up, and a check that the query finds something
        budget = time.perf_counter() + QUERY_SECONDS
        while len(samples) < RUNS and (time.perf_counter() < budget or len(samples) < 5):
            seconds, _ = timed(partial(lambda t: _rows(store, settings, t), text))
            samples.append(seconds)
        samples.sort()
        latencies[name] = {
            "p50": statistics.median(samples),
            "p99": samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))],
            "runs": len(samples),
            "rows": rows,
        }
    return latencies


def _rows(store: Store, settings: Settings, text: str) -> list[object]:
    """The whole answer, read to the end (rows, triples or the boolean)."""
    result = store.query(text, default_graphs=settings.default_graphs(), timeout=300)
    if hasattr(result, "rows"):
        return list(result.rows)
    if hasattr(result, "triples"):
        return list(result.triples)
    return [result.value]


def virtuoso_bulk_load(size: Size, folder: Path) -> dict[str, float]:
    """Virtuoso's own loader (isql ld_dir) on the same triples, in a fresh Virtuoso."""
    virtuoso = start_virtuoso(folder, buffers=170_000 if size.triples > 500_000 else 40_000)
    try:
        staged = open_store("memory")
        counts = staged.load_graphs(sources(size.settings))
        dump = virtuoso.load_dir / "all.nt"
        with dump.open("wb") as out:
            for graph in counts:
                part = virtuoso.load_dir / "part.nt"
                staged.dump_graph(graph, part)
                out.write(part.read_bytes())
                part.unlink()
        seconds, _ = timed(lambda: virtuoso.bulk_load(dump, size.settings.data_graph))
        return {"load": seconds, "load_rate": sum(counts.values()) / seconds}
    finally:
        virtuoso.stop()


# -- kg serve ------------------------------------------------------------------


def bench_serve(size: Size) -> dict[str, float]:
    """Start-up of `kg serve` (2 workers, memory store, with inference): seconds to the first answer
    (/healthz 200) and to the downloads (/download/ 200: made in the background on a first start),
    and the peak memory of all its processes until then (the preparer and its processes too).

    Started with --no-validate: validation is measured on its own above, and its worker
    processes would otherwise count as the server's memory. A first start: what an earlier one
    kept in the project's cache is removed.
    """
    for kept in ("dumps", "void"):  # what an earlier start of the same graph kept
        shutil.rmtree(size.settings.cache_dir / kept, ignore_errors=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = size.settings.project_dir / "serve.log"
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            *kg_command(),
            "serve",
            "--no-validate",
            "--port",
            str(port),
            "--project-dir",
            str(size.settings.project_dir),
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    peak_total = peak_master = 0.0
    ready = downloads = None
    try:
        deadline = time.perf_counter() + 1800
        while time.perf_counter() < deadline and process.poll() is None:
            total, master = memory_mb(process.pid)
            peak_total, peak_master = max(peak_total, total), max(peak_master, master)
            if ready is None:
                ready = _answered(f"{url}/healthz", started)
            elif downloads is None:
                downloads = _answered(f"{url}/download/", started)
                if downloads is not None:
                    deadline = time.perf_counter() + 5  # keep sampling while it answers
            else:
                requests.get(f"{url}/healthz", timeout=5)
            time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {
        "ready": ready or float("nan"),
        "downloads": downloads or float("nan"),
        "peak_pss_mb": peak_total,
        "peak_master_mb": peak_master,
    }


def _answered(url: str, started: float) -> float | None:
    """Seconds since `started` if `url` answers 200 now."""
    try:
        if requests.get(url, timeout=1).status_code == 200:
            return time.perf_counter() - started
    except requests.RequestException:
        pass
    return None


def memory_mb(pid: int) -> tuple[float, float]:
    """Proportional set size of a process and all its descendants (shared pages counted once), and
    of the process itself."""

    def pss(one: int) -> float:
        try:
            for line in Path(f"/proc/{one}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def children(one: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{one}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found += [int(child) for child in task.read_text().split()]
        return found

    descendants, waiting = [], children(pid)
    while waiting:
        child = waiting.pop()
        descendants.append(child)
        waiting += children(child)
    master = pss(pid)
    return master + sum(pss(child) for child in descendants), master


# -- output ----------------------------------------------------------------------


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def tables(sizes: list[Size]) -> str:
    """The Markdown tables of bench/README.md."""
    lines: list[str] = []

    def row(*cells: object) -> None:
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")

    def header(*names: str) -> None:
        lines.extend([""] if lines else [])
        row(*names)
        lines.append("|" + "---|" * len(names))

    def having(part: str) -> list[Size]:
        """The sizes this part was measured at (`--parts` may have left it out)."""
        return [size for size in sizes if part in size.results]

    if measured := having("stores"):
        header("size", "triples", "store", "load (s)", "triples/s")
    for size in measured:
        for store, result in size.results["stores"].items():
            row(size.name, size.triples, store, result["load"], round(result["load_rate"]))
            if "bulk_loader" in result:
                bulk = result["bulk_loader"]
                row(
                    size.name,
                    size.triples,
                    "Virtuoso, own bulk loader",
                    bulk["load"],
                    round(bulk["load_rate"]),
                )
    if having("validate"):
        header("size", "files", "kg validate cold (s)", "warm (s)", "one file edited (s)", "plain pySHACL")
    for size in having("validate"):
        v = size.results["validate"]
        edited = f"{_cell(v['one_edit'])} ({v['one_edit_revalidated']} files)"
        row(size.name, v["files"], v["cold"], v["warm"], edited, v["plain_pyshacl"])
    if having("inference"):
        header("size", "inference (s)")
    for size in having("inference"):
        row(size.name, size.results["inference"])
    for size in measured:
        stores = list(size.results["stores"])
        lines.extend(["", f"Query latency at {size.name} ({_cell(size.triples)} triples), p50 / p99 in ms:"])
        header("query", "rows", *stores)
        for query, answer in size.results["stores"]["memory"]["queries"].items():
            latencies = [size.results["stores"][store]["queries"][query] for store in stores]
            row(query, answer["rows"], *(f"{q['p50'] * 1000:.1f} / {q['p99'] * 1000:.1f}" for q in latencies))
    if having("serve"):
        header(
            "size",
            "kg serve ready (s)",
            "downloads (s)",
            "peak memory, all processes (MB, PSS)",
            "peak of the master (MB)",
        )
    for size in having("serve"):
        s = size.results["serve"]
        downloads = s.get("downloads", "–")  # results written before it was measured
        row(size.name, s["ready"], downloads, round(s["peak_pss_mb"]), round(s["peak_master_mb"]))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


if __name__ == "__main__":
    main()
