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

from kg.foundation.namespaces import RDF

PELLET_MIN_JAVA = 25
RDF_TYPE = RDF + "type"
GYEAR_NOTE = (
    "xsd:gYear values are outside the OWL 2 datatype map; HermiT ignored them (the SHACL shapes check them)"
)
PELLET_NOTE = (
    "reasoner HermiT: owlready2's bundled Pellet needs Java {need}+ and this machine has Java {have}"
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
        if version < PELLET_MIN_JAVA:
            result.notes.append(PELLET_NOTE.format(need=PELLET_MIN_JAVA, have=version))
    if not consistent:
        result.culprits = _narrow_down(list(ontology), list(data), reasoner, progress or (lambda _: None))
    result.seconds = time.perf_counter() - started
    return result


def _run(triples: Sequence[ox.Triple], reasoner: str) -> tuple[bool, list[str]]:
    """One reasoner run in a fresh owlready2 world: (consistent, unsatisfiable classes)."""
    import owlready2

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load()
            quiet = io.StringIO()
            with contextlib.redirect_stderr(quiet), contextlib.redirect_stdout(quiet), ontology:
                if reasoner == "hermit":
                    owlready2.sync_reasoner_hermit(
                        world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
                    )
                else:
                    owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
            unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, []
        except owlready2.OwlReadyJavaError as error:
            raise ReasonerUnavailable(f"the reasoner failed: {_first_line(str(error))}") from None
        finally:
            world.close()
    return not unsatisfiable, unsatisfiable


def _narrow_down(
    ontology: list[ox.Triple], data: list[ox.Triple], reasoner: str, progress: Callable[[str], None]
) -> list[str]:
    """The resources whose descriptions, with the ontology, are inconsistent.

    First the resources whose own types clash (typed with two disjoint
    classes): if leaving them out makes the rest consistent, they are the
    answer. Otherwise (or then also) it bisects over the descriptions of the
    other resources, each carried with the types of the resources it links
    to, so that a link whose range clashes with its target's type is found
    at the resource that makes the link.
    """
    by_subject: dict[str, list[ox.Triple]] = {}
    types: dict[str, list[ox.Triple]] = {}
    for triple in data:
        by_subject.setdefault(str(triple.subject), []).append(triple)
        if triple.predicate.value == RDF_TYPE:
            types.setdefault(str(triple.subject), []).append(triple)

    runs = 0

    def consistent(chosen: list[ox.Triple]) -> bool:
        nonlocal runs
        runs += 1
        progress(f"inconsistent: narrowing down which resources cause it (reasoner run {runs})")
        return _run(ontology + chosen, reasoner)[0]

    if not consistent([]):
        return ["(the ontology alone)"]

    def types_consistent(subjects: Sequence[str]) -> bool:
        return consistent([t for s in subjects for t in types[s]])

    clashing = [] if types_consistent(list(types)) else _bisect(sorted(types), types_consistent)
    excluded = set(clashing)
    if clashing and consistent(
        [t for t in data if str(t.subject) not in excluded and str(t.object) not in excluded]
    ):
        return [c.strip("<>") for c in clashing]

    def descriptions_consistent(subjects: Sequence[str]) -> bool:
        chosen = [t for s in subjects for t in by_subject[s]]
        linked = {str(t.object) for t in chosen} - set(subjects) - excluded
        return consistent(chosen + [t for o in sorted(linked) for t in types.get(o, [])])

    rest = sorted(set(by_subject) - excluded)
    found = [] if descriptions_consistent(rest) else _bisect(rest, descriptions_consistent)
    return [c.strip("<>") for c in clashing + found]


def _bisect(items: list[str], consistent: Callable[[Sequence[str]], bool]) -> list[str]:
    """The smallest groups of `items` found inconsistent; `items` together are inconsistent.

    Halves until a half is consistent; when both halves are, the clash needs
    both and the whole group is the answer.
    """
    if len(items) == 1:
        return items
    half = len(items) // 2
    left, right = items[:half], items[half:]
    found = []
    if not consistent(left):
        found += _bisect(left, consistent)
    if not consistent(right):
        found += _bisect(right, consistent)
    return found or items


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and "Java error message" not in line]
    return lines[0] if lines else text
