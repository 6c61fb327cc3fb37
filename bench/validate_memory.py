"""Memory and time of `kg validate` on one large file, beside plain pySHACL and parsing alone.

    .venv/bin/python bench/validate_memory.py [--megabytes 50] [--plans]

Writes one Turtle file of about --megabytes (notes on untyped resources, or
with --plans many `kg synth` plans in one file), then runs each of these in a
fresh process and reads its peak resident memory from the kernel (wait4):

* parsing it with pyoxigraph (what kg parses with) and with rdflib (what pySHACL reads);
* plain pySHACL: the file and the ontology in one rdflib graph, the shapes, no inference;
* `kg validate --no-cache` on a project whose data/ is that file: from 16 MB of
  data, in batches of resources that the shapes see together (kg.validation.batches).

The ratio is peak memory over file size: what "grows with the largest file" means.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.support.shared import PROJECT_DIR

PYTHON = sys.executable
KG = str(Path(PYTHON).parent / "kg")

PARSE_OXIGRAPH = "import pyoxigraph as ox, sys; print(sum(1 for _ in ox.parse(path=sys.argv[1])))"
PARSE_RDFLIB = "import rdflib, sys; print(len(rdflib.Graph().parse(sys.argv[1], format='turtle')))"
PYSHACL = """
import sys, pyshacl, rdflib
data = rdflib.Graph().parse(sys.argv[1], format="turtle")
ontology = rdflib.Graph().parse(sys.argv[2], format="turtle")
data += ontology
shapes = rdflib.Graph().parse(sys.argv[3], format="turtle")
conforms, _, _ = pyshacl.validate(
    data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
)
print(conforms)
"""


def write_big_file(project: Path, megabytes: float, plans: bool) -> Path:
    """One data file about `megabytes` large: synthetic plans, or notes on untyped resources.

    Plans are what the shapes check, and cost SHACL far more per byte (3.4 MB of them take a
    minute); the notes cost parsing and graph memory alone, which is what grows with the file.
    """
    for folder in ("ontology", "shapes"):
        shutil.copytree(PROJECT_DIR / folder, project / folder)
    # its own vocabulary (else kg adds the packaged shapes to these, the same shapes twice)
    (project / "strategigraf.toml").write_text('[project]\nvocabulary = "."\n', encoding="utf-8")
    (project / "data").mkdir()
    big = project / "data" / "big.ttl"
    if not plans:
        note = "<http://www.w3.org/2004/02/skos/core#note>"
        line = "<https://test.example/id/n{n}> " + note + ' "note {n} {pad}"@nb .\n'
        with big.open("w", encoding="utf-8") as output:
            n = 0
            while output.tell() < megabytes * 1e6:
                output.write(line.format(n=n, pad="x" * 40))
                n += 1
        return big
    synth = project / "synth"
    probe = subprocess.run([KG, "synth", "--organisations", "5", "-o", str(synth)], capture_output=True)
    assert probe.returncode == 0, probe.stderr
    per_organisation = sum(p.stat().st_size for p in synth.glob("*.ttl")) / 5
    shutil.rmtree(synth)
    organisations = max(1, round(megabytes * 1e6 / per_organisation))
    done = subprocess.run(
        [KG, "synth", "--organisations", str(organisations), "-o", str(synth)], capture_output=True
    )
    assert done.returncode == 0, done.stderr
    big = project / "data" / "big.ttl"
    with big.open("wb") as output:
        for part in sorted(synth.glob("*.ttl")):
            output.write(part.read_bytes() + b"\n")
    shutil.rmtree(synth)
    return big


def measure(command: list[str]) -> tuple[float, float, str]:
    """Seconds and peak resident megabytes of one process, and the last line it printed."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        lines = output.read().decode(errors="replace").strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, (lines[-1] if lines else "")[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--plans", action="store_true", help="synthetic plans instead of notes (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        project = Path(folder)
        big = write_big_file(project, args.megabytes, args.plans)
        size = big.stat().st_size / 1e6
        ontology = project / "ontology" / "strategigraf.ttl"
        shapes = project / "shapes" / "strategigraf-shapes.ttl"
        runs = {
            "pyoxigraph: parse": [PYTHON, "-c", PARSE_OXIGRAPH, str(big)],
            "rdflib: parse": [PYTHON, "-c", PARSE_RDFLIB, str(big)],
            "pySHACL: rdflib graph + validate": [PYTHON, "-c", PYSHACL, str(big), str(ontology), str(shapes)],
            "kg validate --no-cache (batches)": [
                KG, "validate", "--no-cache", "--max-file-size", "0", "--project-dir", str(project),
            ],
        }  # fmt: skip
        table = Table(title=f"one file of {size:.1f} MB ({big.name}), {os.cpu_count()} CPUs")
        for column in ("run", "seconds", "peak MB", "peak / file size", "said"):
            table.add_column(column, justify="left" if column in ("run", "said") else "right")
        for name, command in runs.items():
            seconds, peak, said = measure(command)
            table.add_row(name, f"{seconds:.1f}", f"{peak:.0f}", f"{peak / size:.1f}x", said)
        Console().print(table)


if __name__ == "__main__":
    main()
