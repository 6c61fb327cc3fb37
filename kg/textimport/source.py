"""Reading a strategy for import: a plain text, a PDF or a Word file, to numbered lines.

A plain text is kept in the sources folder as it is; the text read from a
PDF or a Word file is kept there as `{name}.txt` (kg.documents.model), and
its line numbers are those the draft's provenance names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.documents.model import DEFAULT_LIMITS, Document, DocumentError, Limits, Line, Progress, no_progress
from kg.documents.pdf import read_pdf
from kg.documents.word import read_docx

#: Lines that are page furniture, not text: page numbers («3», «- 3 -», «Side 3 av 8»).
_FURNITURE = re.compile(r"\s*(?:-\s*)?(?:side\s+)?\d{1,3}(?:\s+av\s+\d{1,3})?(?:\s*-)?\s*", re.IGNORECASE)
#: What each kind of file is read as, by its suffix.
FORMATS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc"}


class TextImportError(Exception):
    """The text cannot be imported; the message says why, in English and Norwegian."""


@dataclass(frozen=True)
class SourceText:
    """A strategy read for import: its file, its lines (line 1 is lines[0]) and how it was read."""

    path: Path
    document: Document

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line.text for line in self.document.lines)

    @property
    def kept_name(self) -> str:
        """The file name of the text in the sources folder."""
        return self.path.name if self.document.kind == "text" else f"{self.name}.txt"

    def kept_bytes(self) -> bytes:
        """What the sources folder keeps: a plain text as it came, else the text read from the file."""
        if self.document.kind == "text":
            return self.path.read_bytes()
        return self.document.text().encode("utf-8")


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS, progress: Progress = no_progress) -> SourceText:
    """The file's lines: a PDF or a Word file by its suffix, anything else as a UTF-8 text.

    Raises TextImportError for a file that cannot be read, with one line saying why.
    """
    kind = FORMATS.get(path.suffix.lower())
    try:
        if kind == "pdf":
            return SourceText(path, read_pdf(path, limits, progress))
        if kind == "docx":
            return SourceText(path, read_docx(path, limits))
    except DocumentError as error:
        raise TextImportError(str(error)) from None
    if kind == "doc":
        raise TextImportError(
            f"{path}: an old Word file (.doc): save it as .docx / "
            "en gammel Word-fil (.doc): lagre den som .docx"
        )
    return SourceText(path, _read_text(path))


def _read_text(path: Path) -> Document:
    """A plain text's lines, CRLF or LF; page furniture blanked so that line numbers stay."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TextImportError(f"{path}: cannot be read ({error.strerror}) / kan ikke leses") from None
    if not data.strip():
        raise TextImportError(f"{path}: the file is empty / filen er tom")
    if b"\0" in data:
        raise TextImportError(f"{path}: a binary file, not a text / en binærfil, ikke en tekst")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TextImportError(
            f"{path}: not UTF-8 text (byte {error.start}) / ikke UTF-8-tekst (byte {error.start})"
        ) from None
    # composed letters (NFC): a pasted «å» may be «a» and a combining ring
    text = unicodedata.normalize("NFC", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    read: list[Line] = []
    page = 1
    for line in lines:
        page += line.startswith("\f")
        read.append(Line("" if _FURNITURE.fullmatch(line) else line.replace("\f", ""), page))
    return Document(tuple(read), "text", page)
