"""Inference time: kg.load.inference against plain owlrl (OWL-RL closure), same graphs, same run.

    .venv/bin/python bench/inference.py [--sizes 10000,100000] [--no-owlrl-above N]

Graphs: the repository's own (ontology + data), and synthetic graphs of about
the sizes asked for, made of plans shaped like the Osloregionen one (vision,
directions, roles, focus areas, activities with themes and means, referenced
documents, actors, provenance). Prints one table; the target of issue 6 is
ours <= owlrl / 2 at 100k triples.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator

import owlrl
import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg.foundation.namespaces import DCTERMS, RDF, SGO, SKOS, XSD
from kg.foundation.project_settings import project_settings
from kg.foundation.rdf_files import parse_files, triples
from kg.foundation.sources import discover
from kg.load.inference import infer
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.shared import PROJECT_DIR

ID = "https://w3id.org/strategigraf/id/"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _texts(node: ox.NamedNode, prop: str, text: str) -> Iterator[ox.Triple]:
    yield ox.Triple(node, _n(prop), ox.Literal(f"{text} (nb)", language="nb"))
    yield ox.Triple(node, _n(prop), ox.Literal(f"{text} (en)", language="en"))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def _element(
    node: ox.NamedNode, cls: str, link: str, parent: ox.NamedNode, pos: int, source: ox.NamedNode
) -> Iterator[ox.Triple]:
    yield ox.Triple(node, _n(RDF + "type"), _n(SGO + cls))
    yield ox.Triple(node, _n(SGO + link), parent)
    yield ox.Triple(node, _n(SGO + "position"), _int(pos))
    yield from _texts(node, SKOS + "prefLabel", f"{cls} {pos} of {parent.value}")
    yield ox.Triple(node, _n(SGO + "sourceText"), source)
    yield ox.Triple(node, _n(SGO + "firstLine"), _int(pos))
    yield ox.Triple(node, _n(SGO + "lastLine"), _int(pos + 1))


def synthetic_plan(number: int) -> Iterator[ox.Triple]:
    """One plan of about 450 triples, shaped like data/osloregionen-2017.ttl."""
    plan = _n(f"{ID}org-{number}-2017")
    source = _n(f"{ID}kilde/org-{number}")
    actor = _n(f"{ID}aktor/org-{number}")
    yield ox.Triple(plan, _n(RDF + "type"), _n(SGO + "StrategicPlan"))
    yield from _texts(plan, DCTERMS + "title", f"Strategy {number}")
    yield ox.Triple(plan, _n(DCTERMS + "publisher"), actor)
    yield ox.Triple(actor, _n(RDF + "type"), _n(SGO + "CooperationAlliance"))
    yield from _texts(actor, SKOS + "prefLabel", f"Organisation {number}")
    yield ox.Triple(source, _n(RDF + "type"), _n(SGO + "SourceText"))
    vision = _n(f"{plan.value}/visjon")
    yield from _element(vision, "Vision", "visionOf", plan, 1, source)
    for d in range(1, 4):
        yield from _element(_n(f"{plan.value}/foring-{d}"), "VisionDirection", "underpins", vision, d, source)
    for r in range(1, 7):
        role = _n(f"{plan.value}/rolle-{r}")
        yield from _element(role, "WorkingMethod", "workingMethodOf", plan, r, source)
        yield ox.Triple(role, _n(SGO + "involves"), _n(f"{ID}aktor/group-{r}"))
    for a in range(1, 4):
        area = _n(f"{plan.value}/innsatsomrade-{a}")
        yield from _element(area, "FocusArea", "focusAreaOf", plan, a, source)
        for b in range(1, 3):
            activity = _n(f"{plan.value}/aktivitet-{a}.{b}")
            yield from _element(activity, "Activity", "activityOf", area, b, source)
            document = _n(f"{ID}dokument/doc-{number}-{a}-{b}")
            yield ox.Triple(activity, _n(SGO + "followsUp"), document)
            yield ox.Triple(document, _n(RDF + "type"), _n(SGO + "StrategyDocument"))
            yield from _texts(document, DCTERMS + "title", f"Document {number}.{a}.{b}")
            kind, link = ("Theme", "themeOf") if b == 1 else ("Means", "meansOf")
            for c in range(1, 3):
                part = _n(f"{plan.value}/del-{a}.{b}.{c}")
                yield from _element(part, kind, link, activity, c, source)
                yield ox.Triple(part, _n(SGO + "involves"), actor)


def synthetic_graph(ontology: list[ox.Triple], size: int) -> list[ox.Triple]:
    graph = list(ontology)
    number = 0
    while len(graph) < size:
        number += 1
        graph.extend(synthetic_plan(number))
    return graph


def time_ours(graph: list[ox.Triple]) -> tuple[float, int]:
    started = time.perf_counter()
    entailed = list(infer(graph).triples())  # made into pyoxigraph triples, as a store takes them
    return time.perf_counter() - started, len(entailed)


def time_owlrl(graph: list[ox.Triple]) -> tuple[float, int]:
    rdf = rdflib_graph(graph)
    before = len(rdf)
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(rdf)
    return time.perf_counter() - started, len(rdf) - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic graph sizes, comma-separated")
    parser.add_argument("--no-owlrl-above", type=int, default=200_000, help="skip owlrl on larger graphs")
    args = parser.parse_args()
    console = Console()
    settings = project_settings(PROJECT_DIR)
    files = discover(settings)
    ontology, _ = parse_files(files.ontology)
    data, _ = parse_files(files.data)
    ontology_triples = list(triples(ontology))
    graphs = {"repository": ontology_triples + list(triples(data))}
    for size in (int(s) for s in args.sizes.split(",") if s):
        graphs[f"synth {size // 1000}k"] = synthetic_graph(ontology_triples, size)

    table = Table(title="Inference: kg.load.inference vs owlrl OWL-RL (seconds; new triples)")
    for column in ("graph", "triples", "ours s", "ours new", "owlrl s", "owlrl new", "ours / owlrl"):
        table.add_column(column, justify="right")
    for name, graph in graphs.items():
        console.print(f"[dim]{name}: {len(graph)} triples ...[/]")
        ours, ours_new = time_ours(graph)
        if len(graph) <= args.no_owlrl_above:
            theirs, theirs_new = time_owlrl(graph)
            cells = [f"{theirs:.2f}", str(theirs_new), f"{ours / theirs:.3f}"]
        else:
            cells = ["-", "-", "-"]
        table.add_row(name, str(len(graph)), f"{ours:.3f}", str(ours_new), *cells)
    console.print(table)
    console.print(
        "owlrl's count includes what ours leaves out on purpose: axiomatic and schema triples, "
        "owl:Thing, reflexive owl:sameAs, literal subjects (see kg/load/inference.py)."
    )


if __name__ == "__main__":
    main()
