"""How long `kg validate` and `kg reason` take: on every save, and as the graph grows.

    .venv/bin/python bench/validate_and_reason.py [--runs 5] [--copies 1,10,50]

1. The commands as a steward runs them on the repository (a new process each
   time, so Python start-up and imports count): median, min, max of --runs.
2. Validation in-process on graphs of N copies of data/osloregionen-2017.ttl
   (each with all its IRIs under id/copy-N/, so every copy is valid), with the shapes as they
   are (the four SPARQL rules find their resources with one SPARQL target
   query) and, as the baseline, the same rules targeting every resource they
   could apply to (pySHACL then parses and runs their query once per resource).
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
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.foundation.project_settings import project_settings
from kg.foundation.rdf_files import parse_files
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.validation.shacl import validate
from tests.support.shared import PROJECT_DIR, write_project_file

DATA = PROJECT_DIR / "data" / "osloregionen-2017.ttl"
SHAPES = PROJECT_DIR / "shapes" / "strategigraf-shapes.ttl"
# What each SPARQL-targeted rule would target without its SPARQL target.
PLAIN_TARGETS = {
    "UniquePositionShape": "sh:targetSubjectsOf sgo:position",
    "PeriodOrderShape": "sh:targetClass sgo:StrategyPeriod",
    "LineOrderShape": "sh:targetSubjectsOf sgo:firstLine",
    "WithinSourceShape": "sh:targetSubjectsOf sgo:lastLine",
}


def command_times(args: list[str], runs: int) -> list[float]:
    kg = Path(sys.executable).parent / "kg"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(kg), *args], cwd=PROJECT_DIR, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def project_with_copies(root: Path, copies: int, shapes_text: str) -> Settings:
    shutil.copytree(PROJECT_DIR / "ontology", root / "ontology")
    (root / "shapes").mkdir()
    (root / "shapes" / "shapes.ttl").write_text(shapes_text, encoding="utf-8")
    (root / "data").mkdir()
    text = DATA.read_text(encoding="utf-8")
    for number in range(copies):
        copy = text.replace(
            "https://w3id.org/strategigraf/id/", f"https://w3id.org/strategigraf/id/copy-{number}/"
        )
        (root / "data" / f"copy-{number}.ttl").write_text(copy, encoding="utf-8")
    return project_settings(write_project_file(root))


def plain_shapes() -> str:
    """The shapes with each SPARQL target replaced by the plain target of its rule."""
    text = SHAPES.read_text(encoding="utf-8")
    for shape, target in PLAIN_TARGETS.items():
        pattern = rf"(sgosh:{shape} a sh:NodeShape ;\n)    sh:target \[.*?\n    \] ;"
        text, found = re.subn(pattern, rf"\1    {target} ;", text, flags=re.DOTALL)
        assert found == 1, shape
    return text


def validation_seconds(settings: Settings) -> tuple[float, float, int]:
    """(total, of which SHACL, triples) of one in-process validation."""
    started = time.perf_counter()
    report = validate(discover(settings))
    total = time.perf_counter() - started
    assert report.conforms, [p.message() for p in report.problems][:3]
    parsed, _ = parse_files(discover(settings).data)
    return total, report.timings["shacl"], sum(len(one.quads) for one in parsed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", default="1,10,50")
    options = parser.parse_args()
    console = Console()

    table = Table(title=f"kg commands on the repository, {options.runs} runs (seconds, wall clock)")
    for column in ("command", "median", "min", "max"):
        table.add_column(column, justify="right" if column != "command" else "left")
    for args in (["validate"], ["reason"]):
        times = command_times(args, options.runs)
        table.add_row(
            f"kg {' '.join(args)}", *(f"{t:.2f}" for t in (statistics.median(times), min(times), max(times)))
        )
    console.print(table)

    table = Table(title="validation in-process, N copies of the plan (seconds)")
    for column in ("copies", "data triples", "total", "SHACL", "baseline total", "baseline SHACL"):
        table.add_column(column, justify="right")
    shapes = SHAPES.read_text(encoding="utf-8")
    baseline = plain_shapes()
    for copies in (int(n) for n in options.copies.split(",")):
        with tempfile.TemporaryDirectory() as ours_dir, tempfile.TemporaryDirectory() as base_dir:
            total, shacl, size = validation_seconds(project_with_copies(Path(ours_dir), copies, shapes))
            base_total, base_shacl, _ = validation_seconds(
                project_with_copies(Path(base_dir), copies, baseline)
            )
        table.add_row(
            str(copies), str(size), f"{total:.2f}", f"{shacl:.2f}", f"{base_total:.2f}", f"{base_shacl:.2f}"
        )
    console.print(table)


if __name__ == "__main__":
    main()
