"""A Word file (.docx) read into lines, each paragraph's role taken from its style and numbering.

Headings are the paragraphs styled «Heading N» (or given an outline level);
list items are those with numbering, from the paragraph or its style, a
bullet or a number as the numbering's definition says, counted as Word
counts them. Nothing is guessed from the text. The zip is checked before it
is opened: a file that is no zip, no Word document, or that expands past the
limit is refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.documents.model import Document, DocumentError, Limits, Line, Role

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING = re.compile(r"(?:heading|overskrift)\s*(\d)", re.IGNORECASE)
_CHUNK = 1 << 16
_LIST_LEVEL = re.compile(r"^List (?:Bullet|Number|Continue|Paragraph) ([2-9])$", re.IGNORECASE)


def read_docx(path: Path, limits: Limits) -> Document:
    """The paragraphs of the document's body as lines. Raises DocumentError for a bad file."""
    _check_zip(path, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DocumentError(f"{path}: not a Word document ({error}) / ikke et Word-dokument") from None
    except Exception as error:  # lxml's XMLSyntaxError and kin for a damaged part
        raise DocumentError(
            f"{path}: a damaged Word document ({type(error).__name__}) / et skadet Word-dokument"
        ) from None
    numbering = _Numbering(document)
    lines: list[Line] = []
    previous: Role | None = None
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            previous = None
            continue
        role, level, ordinal, marker = numbering.classify(paragraph)
        listed = role in (Role.BULLET, Role.NUMBERED)
        if lines and not (listed and previous in (Role.BULLET, Role.NUMBERED)):
            lines.append(Line(""))
        lines.append(Line(marker + text, 1, role, level, ordinal, marker))
        previous = role
    if not lines:
        raise DocumentError(
            f"{path}: the Word document holds no text / Word-dokumentet inneholder ingen tekst"
        )
    return Document(tuple(lines), "docx")


def _check_zip(path: Path, limits: Limits) -> None:
    """A zip holding word/document.xml that expands to at most the limit (counted, not as declared)."""
    limit = limits.max_expanded_bytes
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(
                    f"{path}: a zip, but not a Word document / en zip, men ikke et Word-dokument"
                )
            expanded = 0
            for member in archive.infolist():
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > limit:
                            raise DocumentError(
                                f"{path}: expands past the limit of {limit // 2**20} MB "
                                f"(--max-expanded-mb) / pakkes ut til mer enn grensen på {limit // 2**20} MB"
                            )
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise DocumentError(f"{path}: not a Word document ({error}) / ikke et Word-dokument") from None


class _Numbering:
    """Word's list numbering: which lists are bullets, and the running count of each level."""

    def __init__(self, document: Any) -> None:
        self.counters: dict[str, list[int]] = {}
        self.formats: dict[tuple[str, int], str] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {
            node.get(f"{_W}abstractNumId"): {
                int(level.get(f"{_W}ilvl", "0")): _value(level.find(f"{_W}numFmt")) or "decimal"
                for level in node.iter(f"{_W}lvl")
            }
            for node in root.iter(f"{_W}abstractNum")
        }
        for num in root.iter(f"{_W}num"):
            levels = abstract.get(_value(num.find(f"{_W}abstractNumId")), {})
            for level, kind in levels.items():
                self.formats[(num.get(f"{_W}numId") or "", level)] = kind

    def classify(self, paragraph: Any) -> tuple[Role, int, int | None, str]:
        """Role, level, number and the marker shown before the text («• », «2. »)."""
        style = paragraph.style
        heading = _heading_level(style)
        if heading:
            return Role.HEADING, heading, None, ""
        numbered = _number_properties(paragraph)
        if numbered is None:
            return Role.PARAGRAPH, 0, None, ""
        num_id, level = numbered
        # Word's «List Bullet 2» is a list of its own at level 0, indented: its name gives the level
        named = _LIST_LEVEL.search(style.name or "")
        level = int(named.group(1)) - 1 if level == 0 and named else level
        kind = self.formats.get((num_id, level), "bullet" if "bullet" in style.name.lower() else "decimal")
        if kind == "bullet":
            return Role.BULLET, level + 1, None, "• "
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)
        return Role.NUMBERED, level + 1, counts[level], f"{counts[level]}. "


def _value(node: Any) -> str | None:
    return None if node is None else node.get(f"{_W}val")


def _styles(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _heading_level(style: Any) -> int:
    """1 for «Heading 1» (or a style with outline level 0), ...; 0 for no heading."""
    for one in _styles(style):
        found = _HEADING.fullmatch(one.name or "")
        if found:
            return int(found.group(1))
        properties = one.element.pPr
        outline = None if properties is None else properties.find(f"{_W}outlineLvl")
        if outline is not None:
            return int(_value(outline) or "0") + 1
    return 0


def _number_properties(paragraph: Any) -> tuple[str, int] | None:
    """The list (numId) and level of a numbered paragraph, from itself or its styles."""
    candidates = [paragraph._p.pPr, *(one.element.pPr for one in _styles(paragraph.style))]
    for properties in candidates:
        numbered = None if properties is None else properties.find(f"{_W}numPr")
        if numbered is None:
            continue
        num_id = _value(numbered.find(f"{_W}numId"))
        if num_id in (None, "0"):
            return None
        return num_id, int(_value(numbered.find(f"{_W}ilvl")) or "0")
    return None
