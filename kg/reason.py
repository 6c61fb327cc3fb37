"""Consistency of ontology and data with an OWL 2 DL reasoner (owlready2 + HermiT).

Two facts of this machine shape what happens here:

* HermiT refuses literals whose datatype is outside the OWL 2 datatype map,
  such as xsd:gYear (years of strategy periods and documents). It runs with
  ``--ignoreUnsupportedDatatypes``: those values are left to the SHACL shapes,
  which check them. The result says so.
* owlready2's bundled Pellet needs a newer Java than many machines have
  (class file version of Java 25); it is used only when asked for and the
  installed Java is new enough, otherwise the error says which Java is needed.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

PELLET_MIN_JAVA = 25
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GYEAR_NOTE = (
    "xsd:gYear values are outside the OWL 2 datatype map; HermiT ignored them (the SHACL shapes check them)"
)


class ReasonerUnavailable(Exception):
    """The reasoner cannot run here (no Java, or a Java too old for it)."""


@dataclass
class ReasonerResult:
    reasoner: str
    consistent: bool
    unsatisfiable_classes: list[str] = field(default_factory=list)
    culprits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def java_version(java: str = "java") -> int | None:
    """Major version of the Java on PATH, or None when there is none."""
    executable = shutil.which(java)
    if executable is None:
        return None
    output = subprocess.run([executable, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', output)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def check_consistency(
    ontology: Sequence[ox.Triple],
    data: Sequence[ox.Triple],
    *,
    reasoner: str = "hermit",
    progress: Callable[[str], None] | None = None,
) -> ReasonerResult:
    """Run the reasoner on ontology + data; on inconsistency, narrow down the culprits."""
    version = java_version()
    if version is None:
        raise ReasonerUnavailable(
            "kg reason needs Java (HermiT and Pellet run on the JVM) and none is on PATH: "
            "install a Java runtime, e.g. 'apt-get install default-jre-headless'"
        )
    if reasoner == "pellet" and version < PELLET_MIN_JAVA:
        raise ReasonerUnavailable(
            f"Pellet as bundled with owlready2 needs Java {PELLET_MIN_JAVA} or newer; "
            f"this machine has Java {version}. Use the default reasoner, HermiT."
        )
    started = time.perf_counter()
    consistent, unsatisfiable = _run(list(ontology) + list(data), reasoner)
    result = ReasonerResult(
        reasoner="HermiT" if reasoner == "hermit" else "Pellet",
        consistent=consistent,
        unsatisfiable_classes=unsatisfiable,
    )
    if reasoner == "hermit":
        result.notes.append(GYEAR_NOTE)
    if not consistent:
        if progress:
            progress("inconsistent: narrowing down which resources cause it")
        result.culprits = _narrow_down(list(ontology), list(data), reasoner)
    result.seconds = time.perf_counter() - started
    return result


def _run(triples: Sequence[ox.Triple], reasoner: str) -> tuple[bool, list[str]]:
    """One reasoner run in a fresh owlready2 world: (consistent, unsatisfiable classes)."""
    import owlready2

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        quiet = io.StringIO()
        try:
            with contextlib.redirect_stderr(quiet), contextlib.redirect_stdout(quiet), ontology:
                if reasoner == "hermit":
                    owlready2.sync_reasoner_hermit(
                        world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
                    )
                else:
                    owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, []
        except owlready2.OwlReadyJavaError as error:
            raise ReasonerUnavailable(f"the reasoner failed: {_first_line(str(error))}") from None
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        world.close()
    return not unsatisfiable, unsatisfiable


def _narrow_down(ontology: list[ox.Triple], data: list[ox.Triple], reasoner: str) -> list[str]:
    """The resources whose descriptions, with the ontology, are inconsistent.

    Bisects over the described resources; each description also carries the
    types of the resources it links to, so that range clashes are found.
    """
    by_subject: dict[str, list[ox.Triple]] = {}
    types: dict[str, list[ox.Triple]] = {}
    for triple in data:
        by_subject.setdefault(str(triple.subject), []).append(triple)
        if triple.predicate.value == RDF_TYPE:
            types.setdefault(str(triple.subject), []).append(triple)

    def consistent(subjects: Sequence[str]) -> bool:
        chosen = [t for s in subjects for t in by_subject[s]]
        linked = {str(t.object) for t in chosen} - set(subjects)
        return _run(ontology + chosen + [t for o in linked for t in types.get(o, [])], reasoner)[0]

    if not consistent([]):
        return ["(the ontology alone)"]
    culprits: list[str] = []

    def search(subjects: list[str]) -> None:
        if len(subjects) == 1:
            culprits.append(subjects[0])
            return
        half = len(subjects) // 2
        left, right = subjects[:half], subjects[half:]
        left_ok, right_ok = consistent(left), consistent(right)
        if not left_ok:
            search(left)
        if not right_ok:
            search(right)
        if left_ok and right_ok:
            culprits.extend(subjects)

    search(sorted(by_subject))
    return [c.strip("<>") for c in culprits]


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and "Java error message" not in line]
    return lines[0] if lines else text
