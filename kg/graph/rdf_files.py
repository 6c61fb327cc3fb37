"""Reading RDF files, with positions on errors.

Parsing uses pyoxigraph: it is an order of magnitude faster than rdflib and its
syntax errors carry line and column, which is what a data steward needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

RDF_SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


class RdfSyntaxError(Exception):
    """A file that does not parse, with the place the parser stopped."""

    def __init__(self, path: Path, line: int | None, column: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


class SyntaxErrors(Exception):
    """One or more files do not parse; nothing was loaded or validated."""

    def __init__(self, errors: Sequence[RdfSyntaxError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in errors))


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return RDF_SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_SUFFIXES))
        raise RdfSyntaxError(path, None, None, f"unknown RDF file type (known: {known})") from None


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    quads: list[ox.Quad]
    prefixes: dict[str, str]


def parse_file(path: Path, base_iri: str | None = None) -> ParsedFile:
    """All quads of one file; raises `RdfSyntaxError` naming file, line and column."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RdfSyntaxError(path, None, None, f"cannot read: {error.strerror}") from None
    try:
        parser = ox.parse(data, rdf_format(path), base_iri=base_iri)
        quads = list(parser)
    except SyntaxError as error:
        raise RdfSyntaxError(path, error.lineno, error.offset, _plain_message(error)) from None
    return ParsedFile(path, quads, dict(parser.prefixes))


def parse_files(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[RdfSyntaxError]]:
    """Parse every file, collecting all syntax errors instead of stopping at the first."""
    parsed: list[ParsedFile] = []
    errors: list[RdfSyntaxError] = []
    for path in paths:
        try:
            parsed.append(parse_file(path))
        except RdfSyntaxError as error:
            errors.append(error)
    return parsed, errors


def bulk_load(store: ox.Store, path: Path, graph: str) -> None:
    """Load one file into a graph of a pyoxigraph store, parsed in Rust (no Python objects).

    The fast path for large graphs; raises `RdfSyntaxError` like `parse_file`,
    after the part of the file before the error may have been loaded.
    """
    try:
        store.bulk_load(path=str(path), format=rdf_format(path), to_graph=ox.NamedNode(graph))
    except SyntaxError as error:
        raise RdfSyntaxError(path, error.lineno, error.offset, _plain_message(error)) from None
    except OSError as error:
        raise RdfSyntaxError(path, None, None, f"cannot read: {error.strerror or error}") from None


def _plain_message(error: SyntaxError) -> str:
    """pyoxigraph's message without the position, which the caller prints itself."""
    message = error.msg
    if "LoadDocumentCallback" in message:  # pyoxigraph's JSON-LD parser has no document loader
        return "a remote JSON-LD @context is never fetched: put the context in the file itself"
    if message.startswith("Parser error") and ": " in message:
        return message.split(": ", 1)[1]
    return message


def triples(parsed: Iterable[ParsedFile]) -> Iterator[ox.Triple]:
    """The triples of several parsed files, graph names dropped."""
    for one in parsed:
        for quad in one.quads:
            yield quad.triple
