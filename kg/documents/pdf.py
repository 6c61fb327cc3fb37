"""A PDF read into lines: its text layer where it has one, OCR where a page is a picture.

PDFium (pypdfium2) opens the file, refuses what cannot be read (encrypted,
damaged, no pages, too many), tells the pages with a text layer from the
scanned ones and renders these for Tesseract. pdfminer.six lays out the text
layer: lines in reading order (two columns one after the other), its text
boxes apart, which PDFium and pypdf give in the order the file draws them
(measured: bench/pdf_text.py, docs/design/importing.md). Then the running
headers, footers and page numbers go, and divided words are joined.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.documents.furniture import join_hyphenated, remove_furniture
from kg.documents.model import Document, DocumentError, Limits, Line, Progress, no_progress
from kg.documents.ocr import DPI, MIN_DPI, read_picture

#: A glyph the PDF gives no character for, as pdfminer writes it; at a line's start, a list's bullet
#: (a symbol font's), elsewhere shown as U+FFFD so that the word is flagged.
_UNMAPPED = re.compile(r"\(cid:\d+\)")
#: A page with fewer characters in its text layer than this is read as a picture.
SCANNED_BELOW = 20
#: Fewer confident words than this in a whole scanned PDF: no recognisable text.
RECOGNISABLE = 10


def read_pdf(path: Path, limits: Limits, progress: Progress = no_progress) -> Document:
    """The document's lines with their pages. Raises DocumentError for a PDF that cannot be read."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise DocumentError(_unreadable(path, str(error))) from None
    try:
        count = len(pdf)
        if count == 0:
            raise DocumentError(f"{path}: the PDF has no pages / PDF-en har ingen sider")
        if count > limits.max_pages:
            raise DocumentError(
                f"{path}: {count} pages, more than the limit of {limits.max_pages} (--max-pages) / "
                f"{count} sider, flere enn grensen på {limits.max_pages}"
            )
        scanned = [n for n in range(count) if _is_picture(pdf[n])]
        pages: dict[int, list[str]] = {}
        confident = 0
        for done, index in enumerate(scanned, start=1):
            progress("OCR", done, len(scanned))
            dpi = ocr_dpi(pdf[index])
            bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
            page = read_picture(_png(bitmap.to_pil()), dpi)
            pages[index], confident = page.lines, confident + page.confident_words
    finally:
        pdf.close()
    if scanned and len(scanned) == count and confident < RECOGNISABLE:
        raise DocumentError(
            f"{path}: a scanned PDF with no recognisable text (OCR found {confident} words) / "
            "en skannet PDF uten gjenkjennelig tekst"
        )
    pages.update(_text_layer(path, [n for n in range(count) if n not in scanned]))
    lines = _lines([pages[n] for n in range(count)])
    if not any(line.text.strip() for line in lines):
        raise DocumentError(f"{path}: the PDF holds no text / PDF-en inneholder ingen tekst")
    kind = "pdf" if not scanned else "scanned pdf" if len(scanned) == count else "pdf, partly scanned"
    return Document(tuple(lines), kind, count, tuple(n + 1 for n in scanned))


def _is_picture(page: Any) -> bool:
    """A page with (next to) no text layer, and a picture on it: a scanned page."""
    import pypdfium2.raw

    if page.get_textpage().count_chars() >= SCANNED_BELOW:
        return False
    return any(True for _ in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]))


def ocr_dpi(page: Any) -> int:
    """The resolution a scanned page is rendered at for OCR: its picture's own, within 150–300 dpi.

    Measured (bench/import_documents.py): rendering a scan above its own
    resolution reads no more words and, on a poor scan, fewer (specks grow);
    300 dpi is Tesseract's own advice where the picture does not say.
    """
    import pypdfium2.raw

    own = [
        picture.get_metadata().horizontal_dpi
        for picture in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])
    ]
    best = max((dpi for dpi in own if dpi > 0), default=DPI)
    return int(min(max(round(best), MIN_DPI), DPI))


def _unreadable(path: Path, error: str) -> str:
    if "password" in error.lower():
        return (
            f"{path}: the PDF is encrypted; save it without a password / "
            "PDF-en er kryptert; lagre den uten passord"
        )
    return f"{path}: not a readable PDF ({error}) / ikke en lesbar PDF"


def _png(picture: object) -> bytes:
    import io

    from PIL import Image

    if not isinstance(picture, Image.Image):
        raise TypeError(f"pypdfium2 rendered a {type(picture).__name__}, not a PIL image")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _text_layer(path: Path, indexes: list[int]) -> dict[int, list[str]]:
    """The text layer's lines of the pages `indexes` (from 0), a blank line between text boxes."""
    if not indexes:
        return {}
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    pages: dict[int, list[str]] = {}
    try:
        layouts = extract_pages(path, page_numbers=indexes, laparams=LAParams())
        for index, layout in zip(indexes, layouts, strict=True):
            lines: list[str] = []
            for box in layout:
                if not isinstance(box, LTTextContainer):
                    continue
                if lines:
                    lines.append("")
                lines += [_text(line.get_text()) for line in box if isinstance(line, LTTextLine)]
            pages[index] = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    except Exception as error:  # pdfminer raises bare PSException kinds for damaged files
        raise DocumentError(_unreadable(path, f"{type(error).__name__}: {error}")) from None
    return pages


def _text(line: str) -> str:
    """A line of the text layer: spacing made single, glyphs without characters marked."""
    text = " ".join(line.split())
    text = _UNMAPPED.sub("•", text, count=1) if _UNMAPPED.match(text) else text
    return _UNMAPPED.sub("\ufffd", text)


def _lines(pages: list[list[str]]) -> list[Line]:
    """The pages' lines, furniture off, divided words joined; a page that ends a sentence ends a block."""
    texts: list[str] = []
    numbers: list[int] = []
    for number, page in enumerate(remove_furniture(pages), start=1):
        if texts and page and texts[-1].rstrip().endswith((".", ":", "!", "?")):
            texts.append("")
            numbers.append(number)
        texts += page
        numbers += [number] * len(page)
    return [Line(text, page) for text, page in zip(join_hyphenated(texts), numbers, strict=True)]
