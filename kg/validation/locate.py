"""Where in the Turtle files a resource is described: file and line.

RDF parsers do not keep positions, so this reads the text: in files written
for people, a resource's description starts at column 0 with its IRI or
prefixed name. A resource never written that way is found at its first
mention anywhere. Blank nodes are located through the resource that holds them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.term import Node

from kg.foundation.rdf_files import QuadSource, display_path

_TOKEN = re.compile(r"<[^>\s]*>|[A-Za-z_][\w\-.]*:(?:[\w\-.:%]|\\.)*[\w\-:%]|[A-Za-z_][\w\-.]*:|:[\w\-.:%]*")
_STATEMENT_START = re.compile(r"^(<[^>\s]*>|[A-Za-z_][\w\-.]*:\S*|:\S*)")


@dataclass(frozen=True)
class Location:
    path: Path
    line: int
    #: Where on the line (from 1): the resource's name or the term mentioned; not part of equality,
    #: which is by line (a report groups what is on one line).
    column: int = field(default=1, compare=False)

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}"


class SourceIndex:
    """Maps IRIs to the file and line where they are described."""

    def __init__(self) -> None:
        self._defined: dict[str, Location] = {}
        self._mentioned: dict[str, Location] = {}

    @classmethod
    def build(cls, files: Iterable[QuadSource], wanted: Collection[str] | None = None) -> SourceIndex:
        """The index of the files; of the IRIs in `wanted` only, when given (a large file's index is
        five times the file)."""
        index = cls()
        if wanted is not None and not wanted:
            return index  # nothing to find: the files are not read
        for parsed in files:
            index.add_file(parsed.path, parsed.prefixes, wanted)
        return index

    def add_file(self, path: Path, prefixes: dict[str, str], wanted: Collection[str] | None = None) -> None:
        for number, code in _statement_lines(path):
            start = _STATEMENT_START.match(code)
            if start:
                iri = _expand(start.group(1), prefixes)
                if iri and (wanted is None or iri in wanted):
                    self._defined.setdefault(iri, Location(path, number))
            for token in _TOKEN.finditer(code):
                iri = _expand(token.group(), prefixes)
                if iri and (wanted is None or iri in wanted):
                    self._mentioned.setdefault(iri, Location(path, number, token.start() + 1))

    def find(self, iri: str) -> Location | None:
        """Where the IRI is described, else where it is first mentioned."""
        return self._defined.get(iri) or self._mentioned.get(iri)

    def first_mention(self, iri: str) -> Location | None:
        return self._mentioned.get(iri)


def statement_lines(
    files: Iterable[QuadSource], wanted: Collection[tuple[str, str]]
) -> dict[tuple[str, str], Location]:
    """Where each (subject, object) pair of IRIs is written: the line, in the subject's block, that
    names the object (for a warning about one value among several, e.g. one subject of an element).

    A block starts at column 0 with its subject and runs to the next such start; a pair not found
    so (a nested or unusually laid out statement) is left out, for the caller to place otherwise.
    """
    found: dict[tuple[str, str], Location] = {}
    subjects = {subject for subject, _ in wanted}
    for parsed in files:
        current: str | None = None
        for number, code in _statement_lines(parsed.path):
            start = _STATEMENT_START.match(code)
            if start:
                current = _expand(start.group(1), parsed.prefixes)
            if current not in subjects:
                continue
            for token in _TOKEN.finditer(code, start.end() if start else 0):
                iri = _expand(token.group(), parsed.prefixes)
                if iri is not None and (current, iri) in wanted:
                    found.setdefault((current, iri), Location(parsed.path, number, token.start() + 1))
    return found


def _statement_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines (numbered from 1) that state something, without their comments; none when
    it cannot be read (the parser says why)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    for number, line in enumerate(text.splitlines(), start=1):
        code = _strip_comment(line)
        if code.strip() and not code.lstrip().startswith(("@", "PREFIX", "BASE", "prefix")):
            yield number, code


def anchor(node: Node, holders: Mapping[Node, Node]) -> str | None:
    """The IRI a node is located by: itself, or for a blank node the IRI that holds it."""
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = holders.get(node)
        if parent is None:
            return None
        node = parent
    return str(node) if isinstance(node, URIRef) else None


def _strip_comment(line: str) -> str:
    """The line without a trailing comment (a # outside IRIs and strings)."""
    in_iri = False
    quote: str | None = None
    for position, char in enumerate(line):
        if quote:
            if char == quote and line[position - 1] != "\\":
                quote = None
        elif in_iri:
            in_iri = char != ">"
        elif char in "\"'":
            quote = char
        elif char == "<":
            in_iri = True
        elif char == "#":
            return line[:position]
    return line


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1] if token.endswith(">") else None
    prefix, sep, local = token.partition(":")
    if not sep or prefix not in prefixes:
        return None
    local = re.sub(r"\\(.)", r"\1", local.rstrip(";,."))
    return prefixes[prefix] + local
