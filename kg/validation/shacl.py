"""Validating the graph: syntax, ontology terms, then SHACL.

The report speaks to a data steward: every problem names the file and line
where the resource in question is described, the property, and a message in
English and Norwegian taken from the shape.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import warnings
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.extras.shacl import SHACLPathError, parse_shacl_path
from rdflib.namespace import OWL, SH, SKOS, NamespaceManager
from rdflib.term import Node

from kg.foundation.namespaces import SGO
from kg.foundation.rdf_files import (
    ParsedFile,
    QuadSource,
    RdfSyntaxError,
    SyntaxErrors,
    display_path,
    parse_files,
    stream_files,
    triples,
)
from kg.foundation.settings import Settings
from kg.foundation.sources import SourceFiles, discover
from kg.validation.batches import batches
from kg.validation.locate import SourceIndex, anchor
from kg.validation.problems import (
    TERM_CHECK_SHAPE,
    Problem,
    PropertyPath,
    ValidationReport,
    Where,
    path_from_rdflib,
    problem_order,
    report_graph,
    shorten,
)
from kg.validation.rdflib_bridge import from_rdflib, rdflib_graph, to_rdflib
from kg.validation.shared import ORGANISATION_NUMBER_CHECK, check_organisation_numbers

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
_TEMPLATE_VARIABLE = re.compile(r"\{[?$](\w+)\}")
_IRI = re.compile(r"[a-z][a-z0-9+.\-]*://\S+")


class ShapesError(Exception):
    """The shapes cannot be applied (a shapes file that is not valid SHACL)."""


def classify(paths: Iterable[Path], settings: Settings) -> tuple[SourceFiles, frozenset[Path] | None]:
    """The files to validate for PATHS, and the files whose problems to report.

    Files under the ontology or shapes folder take the place of the
    repository's ontology or shapes. Every other file is data: it is validated
    together with the rest of data/, because documents link to resources
    described in other files (actors, referenced documents), but only its own
    problems are reported. A data file named like one in data/ is taken to be
    an edited copy of it and replaces it. Returns None as the files to report
    on when no data file was given: then every problem counts.
    """
    repository = discover(settings)
    ontology, shapes, data = [], [], []
    for path in _expand_dirs(paths):
        resolved = path.resolve()
        if resolved.is_relative_to(settings.ontology_dir.resolve()):
            ontology.append(path)
        elif any(resolved.is_relative_to(folder.resolve()) for folder in settings.shapes_dirs):
            shapes.append(path)
        else:
            data.append(path)
    names = {path.name for path in data}
    context = tuple(path for path in repository.data if path.name not in names)
    files = SourceFiles(
        ontology=tuple(ontology) or repository.ontology,
        shapes=tuple(shapes) or repository.shapes,
        data=tuple(data) + context,
    )
    return files, (frozenset(path.resolve() for path in data) if data else None)


def _expand_dirs(paths: Iterable[Path]) -> list[Path]:
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(sorted(path.rglob("*.ttl")) if path.is_dir() else [path])
    return expanded


#: Data of this many bytes and more are validated in batches (see kg.validation.batches).
BATCHED_FROM = 16_000_000
#: Statements per batch: a batch's rdflib graph and pySHACL's work on it stay near 100 MB.
BATCH_SIZE = 50_000


def validate(
    files: SourceFiles, report_on: Collection[Path] | None = None, *, batch_size: int | None = None
) -> ValidationReport:
    """Check syntax (raises `SyntaxErrors`), ontology terms and SHACL shapes.

    `report_on` limits the report to problems found in those files (resolved
    paths); None reports every problem. Raises `ShapesError` when pySHACL
    cannot use the shapes. Data of `BATCHED_FROM` bytes and more are validated
    in batches of `BATCH_SIZE` statements (`batch_size`: always, of that many).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    # owlrl (which pySHACL runs for RDFS inference, e.g. when a catalogue is
    # checked in the same process) swaps rdflib's literal parsers for stricter
    # ones for good. Use the strict ones always, so that a report never depends
    # on what ran before and an ill-formed year (e.g. "20l5"^^xsd:gYear) fails
    # its datatype, not only its pattern.
    owlrl.DatatypeHandling.use_Alt_lexical_conversions()
    if batch_size is None and _size(files.data) >= BATCHED_FROM:
        batch_size = BATCH_SIZE
    schema, schema_errors = parse_files([*files.ontology, *files.shapes])
    data: Sequence[QuadSource]
    data, data_errors = stream_files(files.data) if batch_size else parse_files(files.data)
    if schema_errors or data_errors:
        raise SyntaxErrors([*schema_errors, *data_errors])
    ontology, shapes = schema[: len(files.ontology)], schema[len(files.ontology) :]
    timings["parse"] = time.perf_counter() - started

    try:
        return _validate(files, report_on, batch_size, ontology, shapes, data, timings)
    except RdfSyntaxError as error:  # a streamed file changed since it parsed
        raise SyntaxErrors([error]) from None


def _validate(
    files: SourceFiles,
    report_on: Collection[Path] | None,
    batch_size: int | None,
    ontology: Sequence[ParsedFile],
    shapes: Sequence[ParsedFile],
    data: Sequence[QuadSource],
    timings: dict[str, float],
) -> ValidationReport:
    started = time.perf_counter()
    with _quiet_libraries():
        shapes_graph = rdflib_graph(triples(shapes))
        groups = batches(data, ontology, shapes_graph, batch_size) if batch_size else None
    timings["index"] = time.perf_counter() - started

    started = time.perf_counter()
    found = check_terms(ontology, [*data, *shapes])
    found += check_organisation_numbers(ontology, data)
    timings["terms"] = time.perf_counter() - started

    started = time.perf_counter()
    prefixes = [one.prefixes for one in [*ontology, *shapes, *data]]
    seen: set[tuple[object, ...]] = set()
    if groups is None:
        with _quiet_libraries():
            data_graph = rdflib_graph(triples([*data, *ontology]))
        results = _shacl(data_graph, shapes_graph, prefixes, files)
        found.extend(_problems_from_results(results, data_graph))
    else:
        with _quiet_libraries():  # building each batch's graph, as above
            for batch in groups:
                batch_results = _shacl(batch.graph, shapes_graph, prefixes, files)
                for problem, where in _problems_from_results(batch_results, batch.graph):
                    holder = batch.holder(problem.focus)
                    if holder == "here" or (holder == "nowhere" and _identity(problem) not in seen):
                        seen.add(_identity(problem))
                        found.append((problem, where))
                del batch, batch_results
    timings["shacl"] = time.perf_counter() - started

    started = time.perf_counter()
    index = SourceIndex.build([*data, *ontology, *shapes], {iri for _, where in found for iri, _ in where})
    problems = [_placed(problem, where, index) for problem, where in found]
    timings["locate"] = time.perf_counter() - started
    if report_on is not None:
        problems = [p for p in problems if p.location is None or p.location.path.resolve() in report_on]
    problems.sort(key=problem_order)
    if groups is not None:
        return ValidationReport(problems, list(files.all()), report_graph(problems), timings)
    _record_term_results(
        results, [p for p in problems if p.shape in (TERM_CHECK_SHAPE, ORGANISATION_NUMBER_CHECK)]
    )
    _keep_reported_results(results, problems)
    return ValidationReport(problems, list(files.all()), results, timings)


def _size(paths: Iterable[Path]) -> int:
    """The files' bytes (what cannot be read counts nothing: parsing says why)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def _shacl(
    data: rdflib.Graph, shapes: rdflib.Graph, prefixes: Iterable[dict[str, str]], files: SourceFiles
) -> rdflib.Graph:
    """pySHACL's results graph, speaking with the prefixes of the files."""
    for one in prefixes:
        for prefix, namespace in one.items():
            data.bind(prefix, namespace, override=False)
    try:
        with _quiet_libraries():
            _, results, _ = pyshacl.validate(
                data,
                shacl_graph=shapes,
                inference="none",
                advanced=True,
                inplace=True,
                allow_warnings=True,
            )
    except ReportableRuntimeError as error:
        where = ", ".join(display_path(path) for path in files.shapes)
        raise ShapesError(f"{where}: the shapes cannot be applied: {error.message}") from None
    report: rdflib.Graph = results
    report.namespace_manager = data.namespace_manager
    return report


def _identity(problem: Problem) -> tuple[object, ...]:
    """What makes two findings the same one (a batch repeats those on nodes no batch holds)."""
    return (
        problem.severity,
        problem.focus,
        str(problem.path),
        problem.value,
        problem.shape,
        problem.component,
        tuple(sorted(problem.messages.items())),
    )


def _placed(problem: Problem, where: Where, index: SourceIndex) -> Problem:
    for iri, mentioned_only in where:
        location = index.first_mention(iri) if mentioned_only else index.find(iri)
        if location is not None:
            problem.location = location
            break
    return problem


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Silence what rdflib and pySHACL print to stderr themselves.

    rdflib logs a full traceback when a literal's lexical form does not fit
    its datatype ("4x"^^xsd:integer), and pySHACL logs the errors it also
    raises; the report says all of that properly, the noise would hide it.
    """
    term_logger = logging.getLogger("rdflib.term")
    shacl_logger = logging.getLogger("pyshacl-validate")
    level, disabled = term_logger.level, shacl_logger.disabled
    term_logger.setLevel(logging.ERROR)
    shacl_logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        term_logger.setLevel(level)
        shacl_logger.disabled = disabled


def check_terms(ontology: Sequence[QuadSource], users: Sequence[QuadSource]) -> list[tuple[Problem, Where]]:
    """Typos in ontology terms, and ontology terms without labels and definitions (to be placed).

    `users` are the files that use the terms: data, and shapes too, where a
    misspelt term would silently switch a rule off.
    """
    ontology_graph = rdflib_graph(triples(ontology))
    defined = {
        subject
        for kind in _DEFINING_TYPES
        for subject in ontology_graph.subjects(RDF.type, kind)
        if isinstance(subject, URIRef)
    }
    problems: list[tuple[Problem, Where]] = []
    reported: set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = set()
    for one in users:
        for quad in one.quads:
            triple = quad.triple
            for position, term in (("predicate", triple.predicate), ("object", triple.object)):
                if not isinstance(term, ox.NamedNode):  # literals (e.g. sh:namespace) are no terms
                    continue
                iri = term.value
                if not iri.startswith(SGO) or URIRef(iri) in defined:
                    continue
                subject = triple.subject
                if isinstance(subject, ox.Triple):  # an RDF 1.2 triple term: pySHACL reads none
                    continue
                key = (subject, term)
                if key in reported:
                    continue
                reported.add(key)
                problems.append(
                    (
                        Problem(
                            severity="Violation",
                            focus=subject,
                            path=triple.predicate if position == "object" else None,
                            value=term,
                            messages={
                                "en": f"{iri.removeprefix(SGO)!r} is not defined in the ontology "
                                "(a typo? see ontology/ for the terms that exist)",
                                "nb": f"{iri.removeprefix(SGO)!r} er ikke definert i ontologien "
                                "(en skrivefeil? se ontology/ for begrepene som finnes)",
                            },
                            shape=TERM_CHECK_SHAPE,
                            component=None,
                            location=None,
                        ),
                        ((iri, True), (subject.value, False)),
                    )
                )
    for defined_term in sorted(defined):
        if not str(defined_term).startswith(SGO):
            continue
        for prop, what_en, what_nb in (
            (RDFS.label, "label", "navn (rdfs:label)"),
            (SKOS.definition, "definition", "definisjon (skos:definition)"),
        ):
            languages = {
                o.language for o in ontology_graph.objects(defined_term, prop) if isinstance(o, Literal)
            }
            missing = [lang for lang in ("nb", "en") if lang not in languages]
            if missing:
                problems.append(
                    (
                        Problem(
                            severity="Violation",
                            focus=ox.NamedNode(str(defined_term)),
                            path=ox.NamedNode(str(prop)),
                            value=None,
                            messages={
                                "en": f"ontology term has no {what_en} in {' and '.join(missing)}",
                                "nb": f"begrepet i ontologien mangler {what_nb} på {' og '.join(missing)}",
                            },
                            shape=TERM_CHECK_SHAPE,
                            component=None,
                            location=None,
                        ),
                        ((str(defined_term), False),),
                    )
                )
    return problems


def _problems_from_results(results: rdflib.Graph, data: rdflib.Graph) -> list[tuple[Problem, Where]]:
    holders: dict[Node, Node] = {o: s for s, _, o in data if isinstance(o, BNode)}
    problems: list[tuple[Problem, Where]] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus is None:  # every SHACL validation result has one: pySHACL's report is broken
            raise ValueError(f"pySHACL reported a validation result without a focus node: {result}")
        severity = results.value(result, SH.resultSeverity)
        messages = _messages(results, result)
        # the standard report (--format turtle) gets the language-tagged messages too
        results.remove((result, SH.resultMessage, None))
        for lang, text in messages.items():
            results.add((result, SH.resultMessage, Literal(text, lang=lang or None)))
        iri = anchor(focus, holders)
        problem = Problem(
            severity=_SEVERITIES.get(severity, "Violation") if isinstance(severity, URIRef) else "Violation",
            focus=from_rdflib(focus),
            path=_path(results, results.value(result, SH.resultPath)),
            value=_term(results.value(result, SH.value)),
            messages=messages,
            shape=_shape(results.value(result, SH.sourceShape)),
            component=_component(results.value(result, SH.sourceConstraintComponent)),
            location=None,
        )
        problems.append((problem, ((iri, False),) if iri is not None else ()))
    return problems


def _path(results: rdflib.Graph, node: Node | None) -> ox.NamedNode | PropertyPath | None:
    """The result path as an IRI or a property path (pySHACL copies complex paths as blank nodes)."""
    if node is None:
        return None
    try:
        return path_from_rdflib(node if isinstance(node, URIRef) else parse_shacl_path(results, node))
    except SHACLPathError:
        return None


def _term(node: Node | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return from_rdflib(node) if node is not None else None


def _shape(node: Node | None) -> ox.NamedNode | ox.BlankNode | None:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return ox.BlankNode(str(node)) if isinstance(node, BNode) else None


def _component(node: Node | None) -> ox.NamedNode | None:
    return ox.NamedNode(str(node)) if isinstance(node, URIRef) else None


def _messages(results: rdflib.Graph, result: Node) -> dict[str, str]:
    """The result's messages by language tag.

    pySHACL fills in the {?variables} of a SPARQL constraint's message but
    drops the language tag on the way; the tag is recovered by matching the
    filled-in text against the constraint's templates, which also writes the
    IRIs filled in as prefixed names.
    """
    constraint = results.value(result, SH.sourceConstraint)
    templates = [
        template
        for template in (results.objects(constraint, SH.message) if constraint is not None else ())
        if isinstance(template, Literal)
    ]
    messages: dict[str, str] = {}
    for message in results.objects(result, SH.resultMessage):
        if not isinstance(message, Literal):
            continue
        lang, text = message.language or "", str(message)
        for template in templates:
            filled = _fill_template(str(template), text, results.namespace_manager)
            if filled is not None:
                lang, text = template.language or lang, filled
                break
        messages[lang] = text
    return messages


def _fill_template(template: str, text: str, namespaces: NamespaceManager) -> str | None:
    """`text` rewritten with prefixed names if it is `template` filled in, else None."""
    parts = _TEMPLATE_VARIABLE.split(template)
    pattern = "".join(re.escape(part) if i % 2 == 0 else "(.*?)" for i, part in enumerate(parts))
    match = re.fullmatch(pattern, text, flags=re.DOTALL)
    if match is None:
        return None
    values = iter(match.groups())
    return "".join(
        part if i % 2 == 0 else _short_value(next(values), namespaces) for i, part in enumerate(parts)
    )


def _short_value(value: str, namespaces: NamespaceManager) -> str:
    return shorten(URIRef(value), namespaces) if _IRI.fullmatch(value) else value


def _record_term_results(results: rdflib.Graph, problems: Sequence[Problem]) -> None:
    """Record the term check's findings in the standard report too."""
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        return
    for problem in problems:
        node = BNode()
        results.add((report, SH.result, node))
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.resultSeverity, SH.Violation))
        results.add((node, SH.focusNode, to_rdflib(problem.focus)))
        results.add((node, SH.sourceShape, to_rdflib(TERM_CHECK_SHAPE)))
        if isinstance(problem.path, ox.NamedNode):
            results.add((node, SH.resultPath, to_rdflib(problem.path)))
        if problem.value is not None:
            results.add((node, SH.value, to_rdflib(problem.value)))
        for lang, text in problem.messages.items():
            results.add((node, SH.resultMessage, Literal(text, lang=lang or None)))


def _keep_reported_results(results: rdflib.Graph, problems: Sequence[Problem]) -> None:
    """Drop from the standard report what the steward did not ask about; set sh:conforms to match."""
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        return
    reported = {to_rdflib(problem.focus) for problem in problems}
    for result in list(results.objects(report, SH.result)):
        if results.value(result, SH.focusNode) not in reported:
            results.remove((report, SH.result, result))
            results.remove((result, None, None))
    conforms = not any(problem.severity == "Violation" for problem in problems)
    results.set((report, SH.conforms, Literal(conforms)))
