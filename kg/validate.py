"""Validating the graph: syntax, ontology terms, then SHACL.

The report speaks to a data steward: every problem names the file and line
where the resource in question is described, the property, and a message in
English and Norwegian taken from the shape.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import OWL, SH, SKOS
from rdflib.term import Node

from kg.locate import Location, SourceIndex
from kg.namespaces import SGO
from kg.rdflib_bridge import rdflib_graph, to_rdflib
from kg.settings import Settings
from kg.sources import ParsedFile, RdfSyntaxError, SourceFiles, discover, parse_files, triples

TERM_CHECK_SHAPE = URIRef("https://w3id.org/strategigraf/shapes#TermCheck")
_DEFINING_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Ontology,
    RDF.Property,
    RDFS.Class,
}
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


class SyntaxErrors(Exception):
    """One or more files do not parse; nothing was validated."""

    def __init__(self, errors: Sequence[RdfSyntaxError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class Problem:
    """One thing wrong with the data, in the terms a steward edits."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    messages: dict[str, str]
    shape: Node | None
    component: Node | None
    location: Location | None

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    problems: list[Problem]
    files: list[Path]
    graph: rdflib.Graph
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not any(problem.severity == "Violation" for problem in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)

    def shorten(self, node: Node | None) -> str:
        """A prefixed name where the graph knows a prefix, else the N-Triples form."""
        if node is None:
            return ""
        if isinstance(node, URIRef):
            try:
                return self.graph.namespace_manager.normalizeUri(node)
            except ValueError:
                return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3(self.graph.namespace_manager)
        return f"_:{node}"


def classify(paths: Iterable[Path], settings: Settings) -> SourceFiles:
    """Sort files given on the command line into ontology, shapes and data.

    Files under the ontology or shapes folder play that role; every other file
    is data, validated against the repository's ontology and shapes.
    """
    repository = discover(settings)
    ontology, shapes, data = [], [], []
    for path in _expand_dirs(paths):
        resolved = path.resolve()
        if resolved.is_relative_to(settings.ontology_dir.resolve()):
            ontology.append(path)
        elif resolved.is_relative_to(settings.shapes_dir.resolve()):
            shapes.append(path)
        else:
            data.append(path)
    return SourceFiles(
        ontology=tuple(ontology) or repository.ontology,
        shapes=tuple(shapes) or repository.shapes,
        data=tuple(data),
    )


def _expand_dirs(paths: Iterable[Path]) -> list[Path]:
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(sorted(path.rglob("*.ttl")) if path.is_dir() else [path])
    return expanded


def validate(files: SourceFiles) -> ValidationReport:
    """Check syntax (raises `SyntaxErrors`), ontology terms and SHACL shapes."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    all_files = list(files.all())
    parsed, errors = parse_files(all_files)
    if errors:
        raise SyntaxErrors(errors)
    by_path = {one.path: one for one in parsed}
    ontology = [by_path[path] for path in files.ontology]
    shapes = [by_path[path] for path in files.shapes]
    data = [by_path[path] for path in files.data]
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    data_graph = rdflib_graph(triples([*data, *ontology]))
    shapes_graph = rdflib_graph(triples(shapes))
    for one in parsed:
        for prefix, namespace in one.prefixes.items():
            data_graph.bind(prefix, namespace, override=False)
    index = SourceIndex.build([*data, *ontology])
    timings["index"] = time.perf_counter() - started

    started = time.perf_counter()
    problems = check_terms(ontology, data, index)
    timings["terms"] = time.perf_counter() - started

    started = time.perf_counter()
    _, results, _ = pyshacl.validate(
        data_graph,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
    )
    timings["shacl"] = time.perf_counter() - started
    problems.extend(_problems_from_results(results, data_graph, index))
    _add_term_results(results, [p for p in problems if p.shape == TERM_CHECK_SHAPE])
    problems.sort(key=_sort_key)
    results.namespace_manager = data_graph.namespace_manager
    return ValidationReport(problems, all_files, results, timings)


def check_terms(
    ontology: Sequence[ParsedFile],
    data: Sequence[ParsedFile],
    index: SourceIndex,
) -> list[Problem]:
    """Typos in ontology terms, and ontology terms without labels and definitions."""
    ontology_graph = rdflib_graph(triples(ontology))
    defined = {
        subject
        for kind in _DEFINING_TYPES
        for subject in ontology_graph.subjects(RDF.type, kind)
        if isinstance(subject, URIRef)
    }
    problems: list[Problem] = []
    reported: set[tuple[Node, Node]] = set()
    for one in data:
        for quad in one.quads:
            triple = quad.triple
            for position, term in (("predicate", triple.predicate), ("object", triple.object)):
                iri = getattr(term, "value", None)
                if not isinstance(iri, str) or not iri.startswith(SGO) or URIRef(iri) in defined:
                    continue
                subject = to_rdflib(triple.subject)
                key = (subject, URIRef(iri))
                if key in reported:
                    continue
                reported.add(key)
                problems.append(
                    Problem(
                        severity="Violation",
                        focus=subject,
                        path=URIRef(triple.predicate.value) if position == "object" else None,
                        value=URIRef(iri),
                        messages={
                            "en": f"{iri.removeprefix(SGO)!r} is not defined in the ontology "
                            "(a typo? see ontology/ for the terms that exist)",
                            "nb": f"{iri.removeprefix(SGO)!r} er ikke definert i ontologien "
                            "(en skrivefeil? se ontology/ for begrepene som finnes)",
                        },
                        shape=TERM_CHECK_SHAPE,
                        component=None,
                        location=index.first_mention(iri) or index.find(str(subject)),
                    )
                )
    for term in sorted(defined):
        if not str(term).startswith(SGO):
            continue
        for prop, what_en, what_nb in (
            (RDFS.label, "label", "navn (rdfs:label)"),
            (SKOS.definition, "definition", "definisjon (skos:definition)"),
        ):
            languages = {o.language for o in ontology_graph.objects(term, prop) if isinstance(o, Literal)}
            missing = [lang for lang in ("nb", "en") if lang not in languages]
            if missing:
                problems.append(
                    Problem(
                        severity="Violation",
                        focus=term,
                        path=prop,
                        value=None,
                        messages={
                            "en": f"ontology term has no {what_en} in {' and '.join(missing)}",
                            "nb": f"begrepet i ontologien mangler {what_nb} på {' og '.join(missing)}",
                        },
                        shape=TERM_CHECK_SHAPE,
                        component=None,
                        location=index.find(str(term)),
                    )
                )
    return problems


def _problems_from_results(results: rdflib.Graph, data: rdflib.Graph, index: SourceIndex) -> list[Problem]:
    holders = {o: s for s, _, o in data if isinstance(o, BNode)}
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        messages = {
            (message.language or ""): str(message)
            for message in results.objects(result, SH.resultMessage)
            if isinstance(message, Literal)
        }
        problems.append(
            Problem(
                severity=_SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation"),
                focus=focus,
                path=results.value(result, SH.resultPath),
                value=results.value(result, SH.value),
                messages=messages,
                shape=results.value(result, SH.sourceShape),
                component=results.value(result, SH.sourceConstraintComponent),
                location=index.locate_node(focus, holders) if focus is not None else None,
            )
        )
    return problems


def _add_term_results(results: rdflib.Graph, problems: Sequence[Problem]) -> None:
    """Record the term check's findings in the standard report too."""
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None or not problems:
        return
    results.set((report, SH.conforms, Literal(False)))
    for problem in problems:
        node = BNode()
        results.add((report, SH.result, node))
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.resultSeverity, SH.Violation))
        results.add((node, SH.focusNode, problem.focus))
        results.add((node, SH.sourceShape, TERM_CHECK_SHAPE))
        if problem.path is not None:
            results.add((node, SH.resultPath, problem.path))
        if problem.value is not None:
            results.add((node, SH.value, problem.value))
        for lang, text in problem.messages.items():
            results.add((node, SH.resultMessage, Literal(text, lang=lang or None)))


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    location = problem.location
    return (
        str(location.path) if location else "~",
        location.line if location else 0,
        str(problem.focus),
        str(problem.path or ""),
    )
