"""Documents built for the tests and benchmarks: PDFs with a text layer, scanned PDFs, Word files.

Each is made from texts written by hand, laid out the way strategies come:
running headers and footers, «Side N av M», words hyphenated at line ends,
two columns. A scanned PDF is the same pages rendered to pictures with
noise (specks and a slight tilt), so it has no text layer.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: An A4 page in points, and the body's margins and line height.
WIDTH, HEIGHT = 595.0, 842.0
LEFT, TOP, LINE = 72.0, 770.0, 16.0


@dataclass
class Page:
    """One page of a PDF: its body lines in reading order, in one column or two."""

    lines: Sequence[str]
    #: Two columns: the first `split` lines on the left, the rest on the right.
    split: int | None = None
    #: Lines drawn in a larger bold type (headings), by index into `lines`.
    bold: set[int] = field(default_factory=set)
    #: Drawn last line first, as some producers order a page's content: the reading order
    #: must come from where the lines are, not from the file's order.
    reverse: bool = False


def text_pdf(
    path: Path,
    pages: Sequence[Page],
    *,
    header: str | None = None,
    footer: str | None = None,
    page_numbers: str | None = "Side {n} av {m}",
    font_size: float = 11,
) -> Path:
    """A PDF with a text layer, each page drawn line by line as a word processor lays it out."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    canvas.setTitle(path.stem)
    for number, page in enumerate(pages, start=1):
        if header:
            canvas.setFont("Helvetica-Oblique", 9)
            canvas.drawString(LEFT, HEIGHT - 40, header)
        if footer:
            canvas.setFont("Helvetica", 9)
            canvas.drawString(LEFT, 40, footer)
        if page_numbers:
            canvas.setFont("Helvetica", 9)
            canvas.drawRightString(WIDTH - LEFT, 40, page_numbers.format(n=number, m=len(pages)))
        split = page.split if page.split is not None else len(page.lines)
        order = list(enumerate(page.lines))
        for index, line in reversed(order) if page.reverse else order:
            column, row = (0, index) if index < split else (1, index - split)
            x = LEFT + column * (WIDTH - 2 * LEFT + 24) / 2
            bold = index in page.bold
            canvas.setFont("Helvetica-Bold" if bold else "Helvetica", font_size + (2 if bold else 0))
            canvas.drawString(x, TOP - row * LINE, line)
        canvas.showPage()
    canvas.save()
    return path


def scanned_pdf(
    source: Path, path: Path, *, dpi: int = 200, seed: int = 7, specks: int = 400, tilt: float = 0.4
) -> Path:
    """The pages of `source` as a scanner would give them: greyscale pictures, specks, a slight tilt."""
    import pypdfium2
    from PIL import ImageDraw

    rng = random.Random(seed)
    pictures = []
    document = pypdfium2.PdfDocument(str(source))
    try:
        for page in document:
            picture = page.render(scale=dpi / 72).to_pil().convert("L")
            draw = ImageDraw.Draw(picture)
            for _ in range(specks):
                x, y = rng.randrange(picture.width), rng.randrange(picture.height)
                draw.point((x, y), fill=rng.randrange(0, 120))
            pictures.append(picture.rotate(tilt, expand=False, fillcolor=255))
    finally:
        document.close()
    first, *rest = pictures
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return path


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a Word file and its style ("Title", "Heading 1", "List Bullet", "Normal", ...)."""

    text: str
    style: str = "Normal"


def word_file(path: Path, paragraphs: Sequence[Paragraph]) -> Path:
    """A .docx whose structure is in its styles, as a steward's word processor writes it."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph.text, style=paragraph.style)
    document.save(str(path))
    return path


def zip_bomb(path: Path, expanded: int) -> Path:
    """A .docx-named zip whose one member expands to `expanded` bytes of zeros."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(expanded // len(block)):
                member.write(block)
    return path


def encrypted_pdf(source: Path, path: Path, password: str = "hemmelig") -> Path:
    """`source` encrypted with a user password: nothing can be read without it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path
