"""How long `kg diff` takes: between two revisions of this repository, and at 100k triples.

    .venv/bin/python bench/diff.py [--runs 3] [--organisations 87]

1. `kg diff REV HEAD` on this repository as a steward runs it (a new process
   each time, Python start-up and git included), REV being the oldest commit
   that touched data/: median, min and max of --runs.
2. Two folders of synthetic strategies (`kg synth`, about 1 150 triples per
   organisation): the second with every 20th English title changed and every
   50th activity removed. `kg diff OLD NEW` as a command; beside it, the
   baseline (in process, so without Python's start-up): rdflib's `graph_diff` (rdflib.compare: canonical
   blank-node labels, then set difference of triples), which says which
   triples changed but nothing about the strategy.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import rdflib
from rdflib.compare import graph_diff, to_isomorphic
from rich.console import Console
from rich.table import Table

from kg.foundation.sources import turtle_files
from kg.steward.revisions import read_paths
from kg.steward.semantic_diff import Diff, compare, parse_side, read_vocabulary
from tests.support.shared import PROJECT_DIR

KG = Path(sys.executable).parent / "kg"


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def command(*args: str, cwd: Path = PROJECT_DIR) -> Callable[[], object]:
    def run() -> object:
        done = subprocess.run([str(KG), "diff", *args], cwd=cwd, capture_output=True, check=False)
        assert done.returncode in (0, 1), done.stderr
        return done

    return run


def synthetic_pair(root: Path, organisations: int) -> tuple[Path, Path, int]:
    """OLD and NEW folders of synthetic data, and the triples in OLD."""
    old, new = root / "old", root / "new"
    subprocess.run(
        [str(KG), "synth", "--organisations", str(organisations), "--output", str(old)],
        check=True,
        capture_output=True,
    )
    shutil.copytree(old, new)
    for path in sorted(new.rglob("*.ttl")):
        titles, activities = iter(range(10**9)), iter(range(10**9))

        def revise(match: re.Match[str], titles: Iterator[int] = titles) -> str:
            return f'"{match[1]} (revised)"@en' if next(titles) % 20 == 0 else match[0]

        blocks = re.sub(r'"([^"\n]*)"@en', revise, path.read_text(encoding="utf-8")).split("\n\n")
        kept = [b for b in blocks if " a sgo:Activity" not in b or next(activities) % 50 != 1]
        path.write_text("\n\n".join(kept), encoding="utf-8")
    return old, new, len(parse_side(read_paths([old], "old"), "o").quads)


def rdflib_baseline(old: Path, new: Path) -> Callable[[], object]:
    def run() -> object:
        graphs = []
        for folder in (old, new):
            graph = rdflib.Graph()
            for path in turtle_files(folder):
                graph.parse(path, format="turtle")
            graphs.append(to_isomorphic(graph))
        return graph_diff(*graphs)

    return run


def in_process(old: Path, new: Path) -> Callable[[], Diff]:
    vocabulary = read_vocabulary(turtle_files(PROJECT_DIR / "ontology"))

    def run() -> Diff:
        before, after = parse_side(read_paths([old], "old"), "o"), parse_side(read_paths([new], "new"), "n")
        return compare(before, after, vocabulary, lang="en", names=("old", "new"))

    return run


def row(table: Table, what: str, times: list[float]) -> None:
    table.add_row(what, f"{statistics.median(times):.2f}", f"{min(times):.2f}", f"{max(times):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--organisations", type=int, default=87)
    options = parser.parse_args()
    console = Console()

    oldest = subprocess.run(
        ["git", "log", "--format=%h", "--", "data/"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    table = Table(title=f"kg diff on this repository, seconds over {options.runs} runs")
    for column in ("what", "median", "min", "max"):
        table.add_column(column, justify="left" if column == "what" else "right")
    row(table, f"kg diff {oldest} HEAD (command)", timed(command(oldest, "HEAD"), options.runs))
    row(table, "kg diff (work tree against HEAD, command)", timed(command(), options.runs))
    console.print(table)

    with tempfile.TemporaryDirectory(prefix="kg-bench-diff-") as folder:
        old, new, triples = synthetic_pair(Path(folder), options.organisations)
        table = Table(
            title=f"kg diff at {triples:,} triples ({options.organisations} organisations), seconds"
        )
        for column in ("what", "median", "min", "max"):
            table.add_column(column, justify="left" if column == "what" else "right")
        row(table, "kg diff OLD NEW (command)", timed(command(str(old), str(new)), options.runs))
        row(table, "baseline: rdflib parse + to_isomorphic + graph_diff", timed(rdflib_baseline(old, new), 1))
        console.print(table)
        console.print(f"changes found: {in_process(old, new)().count()}")


if __name__ == "__main__":
    main()
