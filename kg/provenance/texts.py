"""Where the source texts are, and which one a resource of the graph stands for.

A source text is described in the data as a `sgo:SourceText` whose
`dcterms:identifier` is its file name, in the project's sources folder
(`Settings.sources_dir`, `sources` in strategigraf.toml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.iris import named_node
from kg.foundation.namespaces import DCTERMS, SGO
from kg.foundation.settings import Settings
from kg.store import SelectResult, Store
from kg.store.base import expect

_LINE_END = re.compile(r"\r\n|\r|\n")
#: A line that begins a page begins with a form feed (kg import-text writes it so for a PDF's text).
PAGE_BREAK = "\f"


def text_lines(text: str) -> list[str]:
    """The text's lines as RFC 5147 counts them (ends: CRLF, CR, LF), line 1 at index 0.

    What follows the last line end counts as a line only when it holds more
    than blanks (an OCR file often ends in a stray space, as `wc -l` agrees).
    """
    lines = _LINE_END.split(text)
    if lines and not lines[-1].strip():
        lines.pop()
    return lines


def line_pages(lines: Sequence[str]) -> list[int]:
    """The page of each line (from 1): a line beginning with a form feed begins the next page."""
    pages, page = [], 1
    for number, line in enumerate(lines):
        page += number > 0 and line.startswith(PAGE_BREAK)
        pages.append(page)
    return pages


def source_file(settings: Settings, file_name: str) -> Path | None:
    """The path of a source text by its file name; None for a name that leaves the folder."""
    if not file_name or Path(file_name).name != file_name or file_name in (".", ".."):
        return None
    return settings.sources_dir / file_name


def source_text_file(store: Store, graphs: list[str], iri: str, settings: Settings) -> Path | None:
    """The file of the source text `iri` names, when the graph describes one and the file is there."""
    node = named_node(iri)
    if node is None:
        return None
    query = (
        f"SELECT ?name WHERE {{ {node} a <{SGO}SourceText> ; <{DCTERMS}identifier> ?name }} ORDER BY ?name"
    )
    result = store.query(query, default_graphs=graphs)
    result = expect(result, SelectResult)
    for (name,) in result.rows:
        path = source_file(settings, name.value) if isinstance(name, ox.Literal) else None
        if path is not None and path.is_file():
            return path
    return None
