"""Reading a strategy's text: bytes to numbered lines, and where source texts are kept."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: Lines that are page furniture, not text: page numbers («3», «- 3 -», «Side 3 av 8»).
_FURNITURE = re.compile(r"\s*(?:-\s*)?(?:side\s+)?\d{1,3}(?:\s+av\s+\d{1,3})?(?:\s*-)?\s*", re.IGNORECASE)


class TextImportError(Exception):
    """The text cannot be imported; the message says why, in English and Norwegian."""


@dataclass(frozen=True)
class SourceText:
    """A text read for import: its file name and its lines (line 1 is lines[0])."""

    path: Path
    lines: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.stem


def read_source(path: Path) -> SourceText:
    """The file's lines, CRLF or LF; page furniture blanked so that line numbers stay.

    Raises TextImportError for a file that is empty, binary or not UTF-8.
    """
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
    return SourceText(
        path, tuple("" if _FURNITURE.fullmatch(line) else line.replace("\f", "") for line in lines)
    )
