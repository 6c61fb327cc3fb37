"""Rust SHACL engines against pySHACL on the project's shapes: the same findings, and how fast.

    .venv/bin/pip install pyrudof maplib   # not dependencies of kg: only for this comparison
    .venv/bin/python -m bench.shacl_engines [--engines pyrudof,maplib]

The cases are the repository's data as it is and each broken copy of
`tests/test_shapes.py` (a steward's mistake each, with the results it must
cause). Each is validated with the ontology by pySHACL as `kg validate` runs
it (advanced, no inference) and by each engine; the findings are compared as
sets of (focus node, source shape, constraint component, severity), the source
shape left out where it is a blank node. Prints one line per case and engine,
then the totals. Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Callable
from typing import Any

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH

from tests.support.shared import PROJECT_DIR
from tests.test_shapes import CASES

SHAPES = (PROJECT_DIR / "shapes" / "strategigraf-shapes.ttl").read_text(encoding="utf-8")
ONTOLOGY = (PROJECT_DIR / "ontology" / "strategigraf.ttl").read_text(encoding="utf-8")
DATA = (PROJECT_DIR / "data" / "osloregionen-2017.ttl").read_text(encoding="utf-8")
Finding = tuple[str, str, str, str]
Outcome = tuple[bool, set[Finding], float]


def findings(report: rdflib.Graph) -> set[Finding]:
    """The results of a SHACL validation report graph, comparable across engines."""
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        found.add(
            (
                str(report.value(result, SH.focusNode)),
                str(shape) if isinstance(shape, rdflib.URIRef) else "(blank node)",
                str(report.value(result, SH.sourceConstraintComponent)),
                str(report.value(result, SH.resultSeverity)),
            )
        )
    return found


def with_pyshacl(data: str) -> Outcome:
    graph = rdflib.Graph()
    graph.parse(data=ONTOLOGY, format="turtle")
    graph.parse(data=data, format="turtle")
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    started = time.perf_counter()
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, inference="none")
    return bool(conforms), findings(report), time.perf_counter() - started


def with_pyrudof(data: str) -> Outcome:
    pyrudof: Any = importlib.import_module("pyrudof")
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    rudof.read_data(ONTOLOGY, reader_mode=strict)
    rudof.read_data(data, reader_mode=strict, merge=True)
    rudof.read_shacl(SHAPES, reader_mode=strict)
    started = time.perf_counter()
    report = rudof.validate_shacl()
    seconds = time.perf_counter() - started
    text = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.Turtle)
    return bool(report.conforms), findings(rdflib.Graph().parse(data=text, format="turtle")), seconds


def with_maplib(data: str) -> Outcome:
    maplib: Any = importlib.import_module("maplib")
    model = maplib.Model()
    model.reads(ONTOLOGY, format="turtle")
    model.reads(data, format="turtle")
    model.reads(SHAPES, format="turtle", graph="urn:shapes")
    started = time.perf_counter()
    report = model.validate(shape_graph="urn:shapes")
    seconds = time.perf_counter() - started
    text = report.report_graph().writes(format="turtle")
    return bool(report.conforms), findings(rdflib.Graph().parse(data=text, format="turtle")), seconds


ENGINES: dict[str, Callable[[str], Outcome]] = {"pyrudof": with_pyrudof, "maplib": with_maplib}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="pyrudof,maplib")
    engines = parser.parse_args().engines.split(",")
    cases = [("the repository as it is", DATA)]
    for case in CASES:
        data = DATA
        for old, new in case.edits:
            data = data.replace(old, new)
        cases.append((case.id, data))
    same = dict.fromkeys(engines, 0)
    seconds = dict.fromkeys(["pyshacl", *engines], 0.0)
    for name, data in cases:
        conforms, expected, took = with_pyshacl(data)
        seconds["pyshacl"] += took
        for engine in engines:
            try:
                outcome = ENGINES[engine](data)
            except BaseException as error:  # a panic in Rust arrives as pyo3's PanicException
                if isinstance(error, KeyboardInterrupt):
                    raise
                print(f"{name}: {engine} failed: {type(error).__name__}: {str(error)[:160]}")
                continue
            seconds[engine] += outcome[2]
            agrees = outcome[:2] == (conforms, expected)
            same[engine] += agrees
            missing, extra = expected - outcome[1], outcome[1] - expected
            verdict = "same" if agrees else f"differs: {len(missing)} missing, {len(extra)} extra"
            print(f"{name}: pySHACL {len(expected)} results; {engine} {len(outcome[1])}: {verdict}")
    for engine in engines:
        print(
            f"{engine}: the same findings on {same[engine]} of {len(cases)} cases; "
            f"{seconds[engine]:.1f} s against pySHACL's {seconds['pyshacl']:.1f} s"
        )


if __name__ == "__main__":
    main()
