"""What every reader gives: lines with their page and, when the file knows it, their role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

#: A page break in the text written to sources/: a form feed before the page's first line
#: (as pdftotext and Tesseract write it); line numbers are unaffected.
PAGE_BREAK = "\f"


class DocumentError(Exception):
    """The file cannot be read as a document; the message names the problem in English and Norwegian."""


class Role(Enum):
    """What a line is, as the document's structure says (Word styles), not guessed from its text."""

    HEADING = "heading"
    BULLET = "bullet"
    NUMBERED = "numbered"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Line:
    """One line of a document: its text, its page (from 1), and its role when known.

    `text` is the line as written to the source text, beginning with the
    `marker` a list item shows («• », «2. »); `body` is the text after it.
    """

    text: str
    page: int = 1
    role: Role | None = None
    #: Heading level (1 the highest) or list level (1 the outermost); 0 when unknown.
    level: int = 0
    #: The number of a numbered item.
    ordinal: int | None = None
    marker: str = ""

    @property
    def body(self) -> str:
        return self.text[len(self.marker) :]


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before refusing a file (KG_MAX_PAGES, KG_MAX_EXPANDED_MB)."""

    max_pages: int = 300
    max_expanded_bytes: int = 200 * 1024 * 1024


DEFAULT_LIMITS = Limits()

#: Told of long work as it goes: (what, done, of). Page n of N while reading a scanned PDF.
Progress = Callable[[str, int, int], None]


def no_progress(_what: str, _done: int, _of: int) -> None:
    """A Progress that says nothing."""


@dataclass(frozen=True)
class Document:
    """A document read into lines (blank lines separate blocks), and how it was read."""

    lines: tuple[Line, ...]
    #: "text", "pdf", "scanned pdf", "pdf, partly scanned" or "docx"
    kind: str
    pages: int = 1
    #: The pages that were read by OCR.
    scanned: tuple[int, ...] = ()

    def text(self) -> str:
        """The plain text kept in sources/: one line per line, a form feed where a page begins."""
        out: list[str] = []
        page = 1
        for line in self.lines:
            mark = PAGE_BREAK if line.page != page else ""
            page = line.page
            out.append(mark + line.text)
        return "\n".join(out) + "\n"
