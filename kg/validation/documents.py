"""Validating one data file at a time, and only the files that changed since the last run.

Why: pySHACL's cost grows faster than the graph (a SPARQL target that joins
siblings is quadratic in rdflib), and a steward edits one file at a time.
Each data file is validated with the ontology, the shapes, and the
descriptions of the resources it links to that other files describe (an actor
or a referenced document described once elsewhere), so a rule about a linked
resource sees it. What a run found is cached per file, keyed by the file's
hash, the hashes of the ontology and shapes, and kg's own version; a file is
validated again when it changed or when a resource it links to changed.

What this does not see: a rule over resources of several files that do not
link to each other (two files numbering children of one parent). The whole
graph is still what kg serve and kg push load.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
import pyshacl

from kg import __version__
from kg.foundation.rdf_files import (
    NoStatements,
    ParsedFile,
    QuadSource,
    RdfSyntaxError,
    SyntaxErrors,
    check_file,
    has_statements,
    parse_file,
    parse_files,
    stream_file,
)
from kg.foundation.settings import Settings, available_processes
from kg.foundation.sources import SourceFiles
from kg.validation.problems import Problem, ValidationReport, problem_order, report_graph
from kg.validation.shacl import validate

#: Bump when what the cache holds changes shape.
CACHE_FORMAT = 3
#: Below this many files to validate, starting worker processes costs more than it saves.
_PARALLEL_FROM = 8

Progress = Callable[[int, int], None]


@dataclass
class _Document:
    """What the cache keeps of one data file."""

    digest: str
    described: frozenset[str]
    linked: frozenset[str]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Cache:
    schema_key: str
    schema_problems: list[Problem] | None = None
    documents: dict[str, _Document] = field(default_factory=dict)


def cache_dir(settings: Settings) -> Path:
    """Where kg keeps what it can compute again: the project's .cache/ (not in git)."""
    return settings.cache_dir


def validate_documents(
    files: SourceFiles,
    cache_dir: Path | None,
    *,
    report_on: Collection[Path] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[ValidationReport, int]:
    """Validate each data file against the ontology and shapes; reuse what did not change.

    Returns the report and how many files' findings came from the cache.
    Raises `SyntaxErrors` (every file that does not parse) before validating.
    `cache_dir` None validates every file afresh and keeps nothing.
    `report_on` (resolved paths) limits the report to problems in those files.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    _, schema_errors = parse_files([*files.ontology, *files.shapes])
    # A schema file that cannot be read has no digest: the data files are still parsed, to name theirs.
    schema_key = (
        ""
        if schema_errors
        else _digest(
            [*files.ontology, *files.shapes], salt=f"{CACHE_FORMAT} {__version__} {pyshacl.__version__}"
        )
    )
    old = _load(cache_dir, schema_key)
    cache = _Cache(schema_key, old.schema_problems)
    errors = []
    for path in files.data:
        try:
            check_file(path)
            key = str(path.resolve())
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            known = old.documents.get(key)
            if known is not None and known.digest == digest:
                cache.documents[key] = known  # parsed fine last time, and unchanged: not parsed again
                if not known.described and not known.linked:
                    has_statements(path)  # warns again about an empty file
                continue
            cache.documents[key] = _facts(stream_file(path), digest)
        except RdfSyntaxError as error:
            errors.append(error)
    if errors or schema_errors:
        raise SyntaxErrors([*schema_errors, *errors])
    dirty = _to_validate(old, cache)
    timings["parse"] = time.perf_counter() - started

    started = time.perf_counter()
    if cache.schema_problems is None:
        cache.schema_problems = validate(SourceFiles(files.ontology, files.shapes, ())).problems
    # Files other files link into (an organisation's first plan) are read once for all of them.
    read = functools.lru_cache(maxsize=64)(lambda path: parse_file(Path(path)))
    jobs = [(path, _context(path, cache, read)) for path in sorted(dirty)]
    for done, (key, problems) in enumerate(_run(jobs, files.ontology, files.shapes, workers), start=1):
        cache.documents[key] = replace(cache.documents[key], problems=problems)
        if progress is not None:
            progress(done, len(jobs))
    timings["shacl"] = time.perf_counter() - started
    _save(cache_dir, cache)

    problems = [*cache.schema_problems, *(p for d in cache.documents.values() for p in d.problems)]
    if report_on is not None:
        problems = [p for p in problems if p.location is None or p.location.path.resolve() in report_on]
    problems.sort(key=problem_order)
    report = ValidationReport(problems, list(files.all()), report_graph(problems), timings)
    return report, len(cache.documents) - len(dirty)


def with_problems(report: ValidationReport, problems: Sequence[Problem]) -> ValidationReport:
    """The report with further problems (found by checks beside the shapes) in order and in its graph."""
    merged = sorted([*report.problems, *problems], key=problem_order)
    return ValidationReport(merged, report.files, report_graph(merged), report.timings)


def _facts(parsed: QuadSource, digest: str) -> _Document:
    described: set[str] = set()
    objects: set[str] = set()
    for quad in parsed.quads:
        if isinstance(quad.subject, ox.NamedNode):
            described.add(quad.subject.value)
        if isinstance(quad.object, ox.NamedNode):
            objects.add(quad.object.value)
    return _Document(digest, frozenset(described), frozenset(objects - described))


def _to_validate(old: _Cache, new: _Cache) -> set[str]:
    """Files that changed, and files that link to a resource a changed file describes (or did)."""
    changed = {
        path
        for path in new.documents.keys() | old.documents.keys()
        if path not in new.documents
        or path not in old.documents
        or new.documents[path].digest != old.documents[path].digest
    }
    touched: set[str] = set()
    for path in changed:
        for side in (old, new):
            if path in side.documents:
                touched |= side.documents[path].described
    dependants = {path for path, document in new.documents.items() if document.linked & touched}
    return (changed | dependants) & new.documents.keys()


def _context(path: str, cache: _Cache, read: Callable[[str], ParsedFile]) -> str:
    """N-Triples describing the resources PATH links to that other files describe."""
    wanted = cache.documents[path].linked
    lines: list[str] = []
    for other, document in cache.documents.items():
        if other != path and document.described & wanted:
            lines.extend(
                str(q.triple) + " .\n"
                for q in read(other).quads
                if isinstance(q.subject, ox.NamedNode) and q.subject.value in wanted
            )
    return "".join(lines)


def _run(
    jobs: list[tuple[str, str]], ontology: Sequence[Path], shapes: Sequence[Path], workers: int | None
) -> Iterable[tuple[str, list[Problem]]]:
    count = workers or available_processes()
    if count <= 1 or len(jobs) < _PARALLEL_FROM:
        for path, context in jobs:
            yield path, _validate_one(path, context, ontology, shapes)
        return
    with ProcessPoolExecutor(count) as pool:
        futures = [pool.submit(_validate_one, path, context, ontology, shapes) for path, context in jobs]
        for (path, _), future in zip(jobs, futures, strict=True):
            yield path, future.result()


def _validate_one(path: str, context: str, ontology: Sequence[Path], shapes: Sequence[Path]) -> list[Problem]:
    """The problems of one data file, validated with the descriptions it links to."""
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as folder, warnings.catch_warnings():
        # The files were parsed, and an empty one reported, in the main process already.
        warnings.simplefilter("ignore", NoStatements)
        linked = Path(folder) / "linked.ttl"
        linked.write_text(context, encoding="utf-8")
        report = validate(SourceFiles(tuple(ontology), tuple(shapes), (Path(path), linked)))
    here = Path(path)
    # Problems of the ontology come from the run without data; those of linked resources from their own file.
    return [p for p in report.problems if p.location is not None and p.location.path.resolve() == here]


def _digest(paths: Iterable[Path], salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / f"validate-py{sys.version_info.major}{sys.version_info.minor}.pickle"


def _load(cache_dir: Path | None, schema_key: str) -> _Cache:
    """The last run's findings, when they were made with the same ontology, shapes and kg."""
    if cache_dir is None:
        return _Cache(schema_key)
    try:
        with _cache_file(cache_dir).open("rb") as file:
            cache = pickle.load(file)  # our own file, in the project's .cache folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return _Cache(schema_key)
    if not isinstance(cache, _Cache) or cache.schema_key != schema_key:
        return _Cache(schema_key)
    return cache


def _save(cache_dir: Path | None, cache: _Cache) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = _cache_file(cache_dir)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as file:
        pickle.dump(cache, file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(target)  # atomic: a concurrent run reads the old file or the new one
