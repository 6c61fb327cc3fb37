"""Reading RDF files, with positions on errors.

Parsing uses pyoxigraph: it is an order of magnitude faster than rdflib and its
syntax errors carry line and column, which is what a data steward needs.

Before a file is parsed, `check_file` refuses in one line what is not an RDF
text kg should read: a symbolic link loop, a folder, an unreadable or
oversized file (--max-file-size, KG_MAX_FILE_SIZE), NUL bytes, and XML entity
declarations, which pyoxigraph would expand (a few hundred bytes can become
gigabytes). A file without statements is read, with a warning.
"""

from __future__ import annotations

import errno
import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar
from xml.sax import SAXException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.sax import parse as parse_xml_safely

from kg.foundation.formats import RDF_SUFFIXES

#: The largest RDF file kg reads, in megabytes (what --max-file-size sets; inherited by worker processes).
MAX_FILE_SIZE_VARIABLE = "KG_MAX_FILE_SIZE"
DEFAULT_MAX_FILE_SIZE = 100


class RdfSyntaxError(Exception):
    """A file that does not parse, with the place the parser stopped."""

    #: What the one-line report calls it.
    kind = "syntax error"

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


class UnreadableFile(RdfSyntaxError):
    """A file refused before parsing: not a readable file, too large, binary, or an XML bomb."""

    kind = "error"


class NoStatements(UserWarning):
    """A file that parses but says nothing (an empty file, or only prefixes and comments)."""


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    # Not resolved: the name the steward gave (a link's own name, also when it loops or is broken).
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return RDF_SUFFIXES[path.suffix.lower()].oxigraph
    except KeyError:
        known = ", ".join(sorted(RDF_SUFFIXES))
        raise RdfSyntaxError(path, None, None, f"unknown RDF file type (known: {known})") from None


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    quads: list[ox.Quad]
    prefixes: dict[str, str]


_File = TypeVar("_File")


class QuadSource(Protocol):
    """A file's quads, held (`ParsedFile`) or read again each time (`StreamedFile`)."""

    @property
    def path(self) -> Path: ...
    @property
    def quads(self) -> Iterable[ox.Quad]: ...
    @property
    def prefixes(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class StreamedFile:
    """A file that parsed once, whose quads are parsed again at each use instead of held.

    For files too large to hold as Python objects (a quad costs about 600
    bytes, twelve times its Turtle): reading 50 MB again takes a second.
    """

    path: Path
    prefixes: dict[str, str]
    #: size and modification time when it parsed: a file changed since then is not read as the same
    stamp: tuple[int, int]

    @property
    def quads(self) -> Iterator[ox.Quad]:
        if _stamp(self.path) != self.stamp:
            raise UnreadableFile(
                self.path, None, None, "changed while kg was reading it: run the command again"
            )
        return ox.parse(path=str(self.path), format=rdf_format(self.path))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None
    return info.st_size, info.st_mtime_ns


def max_file_size() -> int:
    """The largest file kg reads, in bytes (KG_MAX_FILE_SIZE megabytes; 0 means no limit)."""
    try:
        megabytes = float(os.environ.get(MAX_FILE_SIZE_VARIABLE) or DEFAULT_MAX_FILE_SIZE)
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_SIZE
    return int(megabytes * 1_000_000)


def check_file(path: Path) -> ox.RdfFormat:
    """The file's RDF format, once it is a readable, not oversized UTF-8 text file; else `UnreadableFile`."""
    try:
        info = path.stat()
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None
    if stat.S_ISDIR(info.st_mode):
        target = path.resolve()
        if target in {folder.resolve() for folder in Path(os.path.abspath(path)).parents}:
            loop = f"a symbolic link loop: the folder {display_path(target)} again"
            raise UnreadableFile(path, None, None, loop)
        raise UnreadableFile(path, None, None, "a folder, not a file (rename it)")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(path, None, None, "not a regular file")
    limit = max_file_size()
    if limit and info.st_size > limit:
        raise UnreadableFile(
            path,
            None,
            None,
            f"{info.st_size / 1e6:.1f} MB, over the limit of {limit / 1e6:g} MB "
            f"(raise it with --max-file-size or {MAX_FILE_SIZE_VARIABLE}, or split the file)",
        )
    rdf = rdf_format(path)
    try:
        _refuse_nul_bytes(path)
        if rdf == ox.RdfFormat.RDF_XML:
            _refuse_xml_entities(path)
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None
    return rdf


def _os_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link loop"
    if error.errno == errno.ENOENT:
        return (
            f"no such file (a symbolic link to {os.readlink(path)}, which is missing)"
            if path.is_symlink()
            else "no such file"
        )
    return f"cannot read: {(error.strerror or str(error)).lower()}"


def _refuse_nul_bytes(path: Path) -> None:
    """NUL bytes: a binary file or UTF-16 text, which the parsers would misread or take into literals."""
    line = 1
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            at = chunk.find(b"\0")
            if at >= 0:
                raise UnreadableFile(
                    path,
                    line + chunk.count(b"\n", 0, at),
                    None,
                    "a NUL byte: not a text file (binary, or UTF-16?); RDF files are UTF-8 text",
                )
            line += chunk.count(b"\n")


class _Lines(ContentHandler):
    """Keeps the XML reader's locator, to say on which line a refused declaration stands."""

    locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator


def _refuse_xml_entities(path: Path) -> None:
    """Read the XML once with entity declarations forbidden (defusedxml), streaming, before pyoxigraph."""
    lines = _Lines()
    try:
        parse_xml_safely(str(path), lines)
    except DefusedXmlException as refused:
        line = lines.locator.getLineNumber() if lines.locator is not None else None
        raise UnreadableFile(
            path,
            line,
            None,
            f"XML entity declaration <!ENTITY {getattr(refused, 'name', '')} ...> refused: "
            "entities can expand a small file into gigabytes; write the values out",
        ) from None
    except SAXException:
        pass  # not well-formed: pyoxigraph says where, in its own words


def parse_file(path: Path, base_iri: str | None = None) -> ParsedFile:
    """All quads of one file; raises `RdfSyntaxError` naming file, line and column."""
    check_file(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None
    return parse_bytes(path, data, base_iri)


def parse_bytes(path: Path, data: bytes, base_iri: str | None = None) -> ParsedFile:
    """Like `parse_file` for content read elsewhere (a git revision); `path` names it and its format."""
    try:
        parser = ox.parse(data, rdf_format(path), base_iri=base_iri)
        quads = list(parser)
    except SyntaxError as error:
        raise RdfSyntaxError(path, error.lineno, error.offset, _plain_message(error)) from None
    if not quads:
        _warn_no_statements(path)
    return ParsedFile(path, quads, dict(parser.prefixes))


def stream_file(path: Path) -> StreamedFile:
    """Like `parse_file`, holding only the prefixes: the quads are parsed again when read."""
    rdf = check_file(path)
    stamp = _stamp(path)
    count = 0
    try:
        parser = ox.parse(path=str(path), format=rdf)
        for _ in parser:
            count += 1
    except SyntaxError as error:
        raise RdfSyntaxError(path, error.lineno, error.offset, _plain_message(error)) from None
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None
    if not count:
        _warn_no_statements(path)
    return StreamedFile(path, dict(parser.prefixes), stamp)


def has_statements(path: Path) -> bool:
    """Whether the file states anything (parsed up to its first statement); warns `NoStatements` if not."""
    if next(ox.parse(path=str(path), format=rdf_format(path)), None) is not None:
        return True
    _warn_no_statements(path)
    return False


def _warn_no_statements(path: Path) -> None:
    # Shown once per file by the command line (kg.cli.common.show_warnings_as_lines).
    warnings.warn(
        NoStatements(f"{display_path(path)}: warning: no statements (an empty file?)"), stacklevel=1
    )


def parse_files(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[RdfSyntaxError]]:
    """Parse every file, collecting all syntax errors instead of stopping at the first."""
    return _read_each(paths, parse_file)


def stream_files(paths: Iterable[Path]) -> tuple[list[StreamedFile], list[RdfSyntaxError]]:
    """Like `parse_files`, holding only each file's prefixes (see `StreamedFile`)."""
    return _read_each(paths, stream_file)


def _read_each(
    paths: Iterable[Path], read: Callable[[Path], _File]
) -> tuple[list[_File], list[RdfSyntaxError]]:
    done: list[_File] = []
    errors: list[RdfSyntaxError] = []
    for path in paths:
        try:
            done.append(read(path))
        except RdfSyntaxError as error:
            errors.append(error)
    return done, errors


def bulk_load(store: ox.Store, path: Path, graph: str) -> None:
    """Load one file into a graph of a pyoxigraph store, parsed in Rust (no Python objects).

    The fast path for large graphs; raises `RdfSyntaxError` like `parse_file`,
    after the part of the file before the error may have been loaded.
    """
    rdf = check_file(path)
    try:
        if not has_statements(path):
            return
        store.bulk_load(path=str(path), format=rdf, to_graph=ox.NamedNode(graph))
    except SyntaxError as error:
        raise RdfSyntaxError(path, error.lineno, error.offset, _plain_message(error)) from None
    except OSError as error:
        raise UnreadableFile(path, None, None, _os_reason(path, error)) from None


def _plain_message(error: SyntaxError) -> str:
    """pyoxigraph's message without the position, which the caller prints itself."""
    message = error.msg
    if "Invalid UTF-8" in message:
        return "not valid UTF-8 (save the file as UTF-8)"
    if "LoadDocumentCallback" in message:  # pyoxigraph's JSON-LD parser has no document loader
        return "a remote JSON-LD @context is never fetched: put the context in the file itself"
    if message.startswith("Parser error") and ": " in message:
        return message.split(": ", 1)[1]
    return message


def triples(parsed: Iterable[QuadSource]) -> Iterator[ox.Triple]:
    """The triples of several parsed files, graph names dropped."""
    for one in parsed:
        for quad in one.quads:
            yield quad.triple
