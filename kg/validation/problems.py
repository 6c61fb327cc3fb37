"""What validation found, in pyoxigraph's terms: problems, their paths, and the report.

Every check (SHACL, the term check, the provenance check) reports `Problem`s;
the command line, SARIF and the cache read them. Their terms are pyoxigraph's,
as everywhere outside this package: rdflib (pySHACL's term model) stays inside
kg.validation, which turns pySHACL's results into these (`kg.validation.shacl`)
and writes the standard sh:ValidationReport from them (`report_graph`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.extras.shacl import build_shacl_path
from rdflib.namespace import SH, NamespaceManager
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as RdflibPath

from kg.foundation.namespaces import PREFIXES, SGOSH
from kg.foundation.rdf_files import stream_file
from kg.validation.locate import Location
from kg.validation.rdflib_bridge import to_rdflib

#: A term a finding is about: a focus node, a value, a shape.
Node = ox.NamedNode | ox.BlankNode | ox.Literal
TERM_CHECK_SHAPE = ox.NamedNode(SGOSH + "TermCheck")
#: The shapes that find texts of a draft plan still without their English translation.
AWAITING_TRANSLATION_SHAPES = frozenset(
    ox.NamedNode(f"{SGOSH}Draft{name}Shape")
    for name in ("PrefLabel", "Title", "Description", "EditorialNote")
)

#: How to find where a finding is, once the source index is built: IRIs to look up in order,
#: each as the place it is described (else first mentioned), or only first mentioned.
Where = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class PropertyPath:
    """A SHACL property path other than one property, written in SPARQL 1.1 path syntax.

    `operator`: ^ (inverse), / (sequence), | (alternative), *, + or ? (repetition).
    """

    operator: Literal["^", "/", "|", "*", "+", "?"]
    steps: tuple[ox.NamedNode | PropertyPath, ...]

    def sparql(self, name: Callable[[ox.NamedNode], str] = str) -> str:
        """The path in SPARQL syntax, each IRI written by `name` (default: `<iri>`)."""
        steps = [_step(step, name) for step in self.steps]
        if self.operator == "^":
            return "^" + steps[0]
        if self.operator in "/|":
            return self.operator.join(steps)
        return steps[0] + self.operator


def path_from_rdflib(path: URIRef | RdflibPath) -> ox.NamedNode | PropertyPath:
    """rdflib's reading of a SHACL path (`rdflib.extras.shacl.parse_shacl_path`) in our terms."""
    if isinstance(path, URIRef):
        return ox.NamedNode(str(path))
    if isinstance(path, InvPath):
        return PropertyPath("^", (path_from_rdflib(path.arg),))
    if isinstance(path, SequencePath | AlternativePath):
        operator: Literal["/", "|"] = "/" if isinstance(path, SequencePath) else "|"
        return PropertyPath(operator, tuple(path_from_rdflib(step) for step in path.args))
    if isinstance(path, MulPath) and path.mod in ("*", "+", "?"):
        return PropertyPath(path.mod, (path_from_rdflib(path.path),))
    raise TypeError(f"not a SHACL property path: {path!r}")


def rdflib_path(path: ox.NamedNode | PropertyPath) -> URIRef | RdflibPath:
    """The path as rdflib's, for `build_shacl_path`."""
    if isinstance(path, ox.NamedNode):
        return URIRef(path.value)
    steps = [rdflib_path(step) for step in path.steps]
    if path.operator == "^":
        return InvPath(steps[0])
    if path.operator == "/":
        return SequencePath(*steps)
    if path.operator == "|":
        return AlternativePath(*steps)
    return MulPath(steps[0], path.operator)


def _step(step: ox.NamedNode | PropertyPath, name: Callable[[ox.NamedNode], str]) -> str:
    """One step of a path; a sequence or alternative of several in brackets (as rdflib writes it)."""
    if isinstance(step, ox.NamedNode):
        return name(step)
    text = step.sparql(name)
    return f"({text})" if step.operator in "/|" and len(step.steps) != 1 else text


@dataclass
class Problem:
    """One thing wrong with the data, in the terms a steward edits."""

    severity: str
    focus: Node
    path: ox.NamedNode | PropertyPath | None
    value: Node | None
    messages: dict[str, str]
    shape: ox.NamedNode | ox.BlankNode | None
    component: ox.NamedNode | None
    location: Location | None

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")

    def path_text(self) -> str | None:
        """The path as the JSON report gives it: the IRI of a property, else SPARQL path syntax."""
        if self.path is None:
            return None
        return self.path.value if isinstance(self.path, ox.NamedNode) else self.path.sparql()


@dataclass
class ValidationReport:
    problems: list[Problem]
    files: list[Path]
    #: The standard sh:ValidationReport, whose prefixes `shorten` writes names with.
    _graph: rdflib.Graph = field(repr=False)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not any(problem.severity == "Violation" for problem in self.problems)

    def count(self, severity: str) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)

    @property
    def awaiting_translation(self) -> int:
        """Texts of draft plans (adms:status UnderDevelopment) that have no English yet."""
        return sum(1 for problem in self.problems if problem.shape in AWAITING_TRANSLATION_SHAPES)

    def shorten(self, node: Node | PropertyPath | None) -> str:
        """A prefixed name where the report knows a prefix, else the N-Triples form.

        Property paths are written in SPARQL syntax (``^sgo:visionOf``).
        """
        if node is None:
            return ""
        if isinstance(node, PropertyPath):
            return node.sparql(self.shorten)
        return shorten(to_rdflib(node), self._graph.namespace_manager)

    def turtle(self) -> str:
        """The standard SHACL validation report, in Turtle."""
        return self._graph.serialize(format="turtle")


def shorten(node: rdflib.term.Node, namespaces: NamespaceManager) -> str:
    """An rdflib term as a prefixed name where `namespaces` has a prefix, else in N-Triples form."""
    if isinstance(node, URIRef):
        try:
            return namespaces.normalizeUri(node)
        except ValueError:
            return f"<{node}>"
    if isinstance(node, RdflibLiteral):
        return node.n3(namespaces)
    return f"_:{node}"


def problem_order(problem: Problem) -> tuple[str, int, str, str]:
    """The order problems are reported in: by file and line, then resource and property."""
    location = problem.location
    return (
        str(location.path) if location else "~",
        location.line if location else 0,
        problem.focus.value,
        problem.path_text() or "",
    )


def report_graph(problems: Sequence[Problem]) -> rdflib.Graph:
    """The standard sh:ValidationReport of the problems, for --format turtle.

    Prefixes are the usual ones and those of the files with problems, for
    the report to write names as the steward does.
    """
    graph = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for path in sorted({p.location.path for p in problems if p.location is not None}):
        for prefix, namespace in stream_file(path).prefixes.items():
            graph.bind(prefix, namespace, override=False)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, RdflibLiteral(not any(p.severity == "Violation" for p in problems))))
    for problem in problems:
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, SH[problem.severity]))
        graph.add((result, SH.focusNode, to_rdflib(problem.focus)))
        if isinstance(problem.path, PropertyPath):  # a complex path goes in as SHACL's path nodes
            path_node, _ = build_shacl_path(rdflib_path(problem.path), graph)
            graph.add((result, SH.resultPath, path_node))
        for predicate, value in (
            (SH.resultPath, problem.path),
            (SH.value, problem.value),
            (SH.sourceShape, problem.shape),
            (SH.sourceConstraintComponent, problem.component),
        ):
            if value is not None and not isinstance(value, PropertyPath):
                graph.add((result, predicate, to_rdflib(value)))
        for lang, text in problem.messages.items():
            graph.add((result, SH.resultMessage, RdflibLiteral(text, lang=lang or None)))
    return graph
