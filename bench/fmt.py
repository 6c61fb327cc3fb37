"""How long `kg fmt --check` takes, beside rdflib's `longturtle` serializer on the same files.

    .venv/bin/python -m bench.fmt [--runs 3] [--organisations 87]

Two corpora: the repository's Turtle files (ontology, shapes, data) and the files
`kg synth` writes for --organisations (87 give about 100 000 triples). For each:

* `kg fmt --check` as a steward runs it (a new process: start-up and imports count);
* the same work in-process (`format_files`: read, parse with pyoxigraph and with our
  parser, lay out, parse the result again, canonicalize both graphs and compare);
* the baseline, rdflib reading each file and writing it with `longturtle` (which drops
  comments and checks nothing), in-process.

The three are timed in turn, --runs times (the machine is shared: load that comes and
goes then weighs on all three alike); the table gives each one's median in seconds and
the median of the runs' ratios. About three minutes with the defaults.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import rdflib
from rich.console import Console
from rich.table import Table

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import DEFAULT_BASE_IRI
from kg.foundation.sources import turtle_files
from kg.steward.files import files_to_format, format_files, house_order
from kg.synth.generate import synthesise

PROJECT_DIR = Path(__file__).resolve().parents[1]


def kg_fmt_check(paths: list[Path]) -> None:
    kg = Path(sys.executable).parent / "kg"
    done = subprocess.run([str(kg), "fmt", "--check", *map(str, paths)], cwd=PROJECT_DIR, capture_output=True)
    if done.returncode == 2:
        raise SystemExit(done.stderr.decode())


def longturtle(paths: list[Path]) -> None:
    for path in paths:
        rdflib.Graph().parse(path, format="turtle").serialize(format="longturtle")


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--organisations", type=int, default=87)
    args = parser.parse_args()
    settings = project_settings(PROJECT_DIR)
    order = house_order(settings)
    table = Table(title="kg fmt --check beside rdflib longturtle (median seconds)")
    columns = ("corpus", "files", "triples", "kg fmt --check", "in-process", "rdflib longturtle", "ratio")
    for column in columns:
        table.add_column(column, justify="left" if column == "corpus" else "right")
    with tempfile.TemporaryDirectory() as temporary:
        synth_dir = Path(temporary) / "synth"
        _, triples = synthesise(args.organisations, synth_dir, base_iri=DEFAULT_BASE_IRI)
        repository = files_to_format((), settings)
        repository_triples = sum(len(rdflib.Graph().parse(path, format="turtle")) for path in repository)
        corpora = [
            ("repository", repository, repository_triples),
            (f"kg synth ({args.organisations} organisations)", list(turtle_files(synth_dir)), triples),
        ]
        for name, paths, count in corpora:
            runs = [
                (
                    seconds(partial(kg_fmt_check, paths)),
                    seconds(partial(format_files, paths, order)),
                    seconds(partial(longturtle, paths)),
                )
                for _ in range(args.runs)
            ]
            command, ours, theirs = (statistics.median(run[n] for run in runs) for n in range(3))
            ratio = statistics.median(run[1] / run[2] for run in runs)
            table.add_row(
                name, str(len(paths)), f"{count:,}", f"{command:.2f}", f"{ours:.2f}", f"{theirs:.2f}",
                f"{ratio:.2f}",
            )  # fmt: skip
    Console(width=130).print(table)
    print("ratio: kg fmt in-process / rdflib longturtle (lower is faster)")


if __name__ == "__main__":
    main()
