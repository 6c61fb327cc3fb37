"""Optical character recognition of a page picture: Tesseract with its Norwegian model.

Tesseract runs as a program (`tesseract`, Debian's tesseract-ocr and
tesseract-ocr-nor), one process a page: the picture goes in on stdin as PNG,
the words come back as TSV with their block, paragraph, line and confidence,
so paragraphs stay apart and a page of noise can be told from a page of text.
A wrapper library would add temporary files and nothing this needs.
"""

from __future__ import annotations

import csv
import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from kg.documents.model import DocumentError

LANGUAGE = "nor"
#: The resolutions a scanned page is rendered at for OCR: its picture's own, within these
#: (kg.documents.pdf.ocr_dpi; measured in bench/import_documents.py, docs/design/importing.md).
MIN_DPI, DPI = 150, 300
#: A word Tesseract is at least this sure of (0–100) counts as recognised text.
CONFIDENT = 60
#: Seconds one page may take before the import is given up.
PAGE_TIMEOUT = 120


@dataclass(frozen=True)
class PageText:
    """What OCR read on one page: lines (blank between paragraphs) and how many words it was sure of."""

    lines: list[str]
    confident_words: int


@functools.cache
def tesseract() -> str:
    """The tesseract program, checked to have the Norwegian model; DocumentError when not."""
    program = shutil.which("tesseract")
    if program is None:
        raise DocumentError(
            "a scanned PDF needs Tesseract: install tesseract-ocr and tesseract-ocr-nor "
            "(make install does) / en skannet PDF trenger Tesseract: "
            "installer tesseract-ocr og tesseract-ocr-nor"
        )
    listed = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    ).stdout.split()
    if LANGUAGE not in listed:
        raise DocumentError(
            "Tesseract has no Norwegian model: install tesseract-ocr-nor / "
            "Tesseract mangler norsk modell: installer tesseract-ocr-nor"
        )
    return program


def read_picture(png: bytes, dpi: int = DPI) -> PageText:
    """The text Tesseract reads in one page picture (PNG bytes rendered at `dpi`)."""
    # One thread: the machines are small and shared, and a page at a time keeps memory flat.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [tesseract(), "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"],
            input=png,
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            check=False,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(
            f"OCR of a page took over {PAGE_TIMEOUT} s / OCR av en side tok over {PAGE_TIMEOUT} s"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise DocumentError(f"Tesseract failed: {message[0]} / Tesseract feilet")
    return _lines(done.stdout.decode("utf-8", "replace"))


def _lines(tsv: str) -> PageText:
    """Words grouped into lines, a blank line where a paragraph or block ends."""
    lines: list[str] = []
    current: tuple[str, str, str] | None = None
    paragraph: tuple[str, str] | None = None
    confident = 0
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        confident += float(row["conf"]) >= CONFIDENT
        key = (row["block_num"], row["par_num"], row["line_num"])
        if key != current:
            if paragraph is not None and key[:2] != paragraph:
                lines.append("")
            lines.append(word)
            current, paragraph = key, key[:2]
        else:
            lines[-1] += " " + word
    return PageText(lines, confident)
