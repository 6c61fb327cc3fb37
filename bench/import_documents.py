"""`kg import-text` on PDF files: the choice of PDF library, the speed, and OCR's resolution.

    .venv/bin/python -m bench.import_documents [libraries] [twenty] [ocr]   # baselines: poppler-utils

1. Three PDF libraries on PDFs built here (tests/support/documents.py):
   pypdf, pdfminer.six and PDFium (pypdfium2): reading order of two columns
   drawn last line first, a running header first on the page, blocks kept
   apart, the bullet glyph, and seconds for a 20-page PDF.
2. A 20-page strategy with a text layer imported whole (`kg import-text`,
   a process, as a steward runs it; target 5 s), beside the same text
   imported as .txt and beside `pdftotext` alone.
3. OCR of a scan (pictures at 200 dpi) rendered for Tesseract at 150–400
   dpi: seconds a page and the share of the words read right (target 10 s
   a page), beside `pdftoppm | tesseract` by hand at 300 dpi.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.documents.furniture import remove_furniture
from kg.documents.ocr import read_picture
from tests.support.documents import Page, scanned_pdf, text_pdf
from tests.support.shared import PROJECT_DIR

FIXTURE = json.loads((PROJECT_DIR / "tests/fixtures/import/nordkysten.json").read_text(encoding="utf-8"))
KG = str(PROJECT_DIR / ".venv" / "bin" / "kg")
console = Console(width=130)


def _pypdf(path: Path) -> list[list[str]]:
    from pypdf import PdfReader

    return [(page.extract_text() or "").split("\n") for page in PdfReader(path).pages]


def _pdfminer(path: Path) -> list[list[str]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    pages = []
    for layout in extract_pages(path, laparams=LAParams()):
        lines: list[str] = []
        for box in layout:
            if isinstance(box, LTTextContainer):
                lines += [
                    *([""] if lines else []),
                    *(line.get_text().strip() for line in box if isinstance(line, LTTextLine)),
                ]
        pages.append(lines)
    return pages


def _pdfium(path: Path) -> list[list[str]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n").split("\n") for page in document]
    finally:
        document.close()


LIBRARIES: dict[str, Callable[[Path], list[list[str]]]] = {
    "pypdf": _pypdf,
    "pdfminer.six": _pdfminer,
    "PDFium (pypdfium2)": _pdfium,
}


def _long_strategy(pages: int) -> list[Page]:
    """A strategy of `pages` pages: its sections on page 1, then focus areas of six activities."""
    first = [*FIXTURE["pages"][0]]
    body = ["INNSATSOMRÅDER 2025 - 2028", ""]
    activities = [
        "• Arbeide for bedre kollektivtilbud mellom kystbyene og omlandet, særlig på kveldstid",
        "  og i helgene, og for felles billetter i hele regionen",
        "• Følge opp «Regional transportplan for Nordkysten» (2023)",
        "• Styrke samarbeidet med universiteter og høgskoler om etter- og videreutdanning",
        "• Kartlegge friluftsområder i hele regionen og samarbeide med frivillige organisasjoner",
        "• Utvikle møteplasser for unge i alle kommunene",
    ]
    result = [Page(first)]
    area = 0
    while len(result) < pages:
        lines = list(body) if len(result) == 1 else []
        while len(lines) < 40:
            area += 1
            lines += [f"{area}. Innsatsområde nummer {area}", *activities, ""]
        result.append(Page(lines))
    return result


def libraries(folder: Path) -> None:
    left = ["Venstre spalte begynner", "og fortsetter her", "til den slutter."]
    right = ["Høyre spalte kommer", "etterpå og slutter", "til slutt."]
    columns = text_pdf(folder / "spalter.pdf", [Page([*left, *right], split=3, reverse=True)])
    header = text_pdf(folder / "header.pdf", [Page(FIXTURE["pages"][0], reverse=True)], header="Topptekst")
    twenty = text_pdf(folder / "tjue.pdf", _long_strategy(20), header=FIXTURE["header"])
    table = Table(title="PDF text libraries on PDFs built here (the file draws its lines last first)")
    for column in (
        "library",
        "two columns in order",
        "header first",
        "blocks apart",
        "bullet «•»",
        "20 pages, s",
    ):
        table.add_column(column)
    for name, read in LIBRARIES.items():
        text = [line for line in read(columns)[0] if line.strip()]
        in_order = text[:6] == [*left, *right]
        page = read(header)[0]
        filled = [line for line in page if line.strip()]
        blocks = "" in [
            line.strip() for line in page[: page.index(next(x for x in page if "VISJON" in x)) + 1]
        ]
        bullet = any(line.strip().startswith("•") for line in page)
        started = time.perf_counter()
        read(twenty)
        seconds = time.perf_counter() - started
        table.add_row(
            name,
            _yes(in_order),
            _yes(bool(filled) and filled[0].strip() == "Topptekst"),
            _yes(blocks),
            _yes(bullet),
            f"{seconds:.2f}",
        )
    console.print(table)


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def _run(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def twenty_pages(folder: Path) -> None:
    pdf = text_pdf(folder / "nordkysten-20.pdf", _long_strategy(20), header=FIXTURE["header"])
    project = folder / "project"
    (project / "data").mkdir(parents=True)
    (project / "strategigraf.toml").write_text('[project]\nsources = "kilder"\n', encoding="utf-8")
    common = ["--project-dir", str(project), "--force"]
    pdf_seconds = min(
        _run(KG, "import-text", str(pdf), "--out", str(project / "data/a.ttl"), *common) for _ in range(3)
    )
    text = project / "kilder" / "nordkysten-20.txt"
    plain = folder / "nordkysten-20-tekst.txt"
    plain.write_bytes(text.read_bytes().replace(b"\f", b""))
    text_seconds = min(
        _run(KG, "import-text", str(plain), "--out", str(project / "data/b.ttl"), *common) for _ in range(3)
    )
    pdftotext = shutil.which("pdftotext")
    baseline = min(_run(pdftotext, str(pdf), str(folder / "p.txt")) for _ in range(3)) if pdftotext else None
    lines = len(text.read_text(encoding="utf-8").split("\n")) - 1
    table = Table(title=f"A 20-page strategy, {lines} lines (best of 3, a process each, load {_load()})")
    for column in ("run", "seconds", "target"):
        table.add_column(column)
    table.add_row("kg import-text nordkysten-20.pdf", f"{pdf_seconds:.2f}", "≤ 5")
    table.add_row("kg import-text on the same text as .txt", f"{text_seconds:.2f}", "")
    table.add_row("pdftotext alone (poppler)", f"{baseline:.2f}" if baseline else "not installed", "")
    console.print(table)


def _words(lines: list[str]) -> list[str]:
    """The words (with a letter or digit; bullets are no words), a divided word joined."""
    text = " ".join(line for line in lines if line.strip()).replace("- ", "")
    return [word for word in text.split() if any(c.isalnum() for c in word)]


#: Scans: (name, scanner dpi, type size, specks on a page).
SCANS = [("clean, 200 dpi, 11 pt", 200, 11.0, 400), ("poor, 150 dpi, 9 pt, specks", 150, 9.0, 6000)]


def ocr(folder: Path) -> None:
    import pypdfium2

    from kg.documents.pdf import _png, ocr_dpi

    truth = _words([line for page in FIXTURE["pages"] for line in page])
    table = Table(title=f"OCR of a 3-page scan, rendered for Tesseract at DPI (load {_load()})")
    for column in ("scan", "dpi", "s a page", "words read right", "target"):
        table.add_column(column)
    for name, scan_dpi, size, specks in SCANS:
        pdf = text_pdf(
            folder / f"n{scan_dpi}.pdf",
            [Page(page) for page in FIXTURE["pages"]],
            header=FIXTURE["header"],
            font_size=size,
        )
        scan = scanned_pdf(pdf, folder / f"s{scan_dpi}.pdf", dpi=scan_dpi, specks=specks)
        document = pypdfium2.PdfDocument(str(scan))
        chosen = ocr_dpi(document[0])
        document.close()
        for dpi in (150, 200, 300, 400):
            document = pypdfium2.PdfDocument(str(scan))
            started = time.perf_counter()
            pages = [
                read_picture(_png(page.render(scale=dpi / 72, grayscale=True).to_pil()), dpi).lines
                for page in document
            ]
            seconds = (time.perf_counter() - started) / len(pages)
            document.close()
            read = _words([line for page in remove_furniture(pages) for line in page])
            matcher = difflib.SequenceMatcher(a=truth, b=read, autojunk=False)
            right = sum(block.size for block in matcher.get_matching_blocks())
            share = f"{right}/{len(truth)} ({right / len(truth):.1%})"
            table.add_row(name, f"{dpi}{' (kg)' if dpi == chosen else ''}", f"{seconds:.2f}", share, "≤ 10 s")
        if shutil.which("pdftoppm"):
            started = time.perf_counter()
            prefix = str(folder / f"side{scan_dpi}")
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(scan), prefix], check=True)
            for picture in sorted(folder.glob(f"side{scan_dpi}-*.png")):
                subprocess.run(
                    ["tesseract", str(picture), "stdout", "-l", "nor"], check=True, capture_output=True
                )
            seconds = (time.perf_counter() - started) / 3
            table.add_row(name, "pdftoppm -r 300 | tesseract", f"{seconds:.2f}", "", "")
    console.print(table)


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        parts = sys.argv[1:] or ["libraries", "twenty", "ocr"]
        for name, part in (("libraries", libraries), ("twenty", twenty_pages), ("ocr", ocr)):
            if name in parts:
                part(folder)


if __name__ == "__main__":
    main()
