"""Provenance checked against the source texts: the file, the lines, and the wording.

Each described resource names a source text (`sgo:sourceText`) and the lines
it comes from (`sgo:firstLine`, `sgo:lastLine`). The shapes check what the data
says of itself; this reads the text: the file must be where the sources are,
the lines must be in it, and each Norwegian text of the resource must be found
in those lines. The data repairs the scan (æ ø å restored, bullets dropped,
quotation marks put back), so both sides are compared as skeletons: lower
case, letters and digits only (spacing, punctuation, bullets and hyphenation
at line ends drop out), and each æ, ø, å of the data may stand for any of the
renderings the OCR gave it (g, a, e, ee, ae, @, é, ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, RDF, SGO, SGOSH, SKOS
from kg.foundation.rdf_files import QuadSource, display_path
from kg.foundation.settings import Settings
from kg.provenance.texts import line_pages, source_file, text_lines
from kg.store.base import Term
from kg.validation.locate import SourceIndex
from kg.validation.problems import Problem

PROVENANCE_CHECK = ox.NamedNode(SGOSH + "ProvenanceCheck")
#: The texts that are transcribed from the source (not editorial notes, not translations).
TEXT_PROPERTIES = (SKOS + "prefLabel", DCTERMS + "title", DCTERMS + "description")
_SOURCE_TEXT = SGO + "SourceText"

#: What OCR made of each Norwegian letter in the scans (the damage the data repairs),
#: and the letters it confuses with l and i.
OCR_READINGS = {
    "æ": ("æ", "ae", "ee", "e", "a", "@", "é", "g"),
    "ø": ("ø", "oe", "o", "g", "e", "a", "@", "é", "6"),
    "å": ("å", "aa", "éa", "a", "é", "e", "@"),
    "l": ("l", "i", "1", "|"),
    "i": ("i", "l", "1", "|"),
}
_SKELETON_DROP = re.compile(r"[^\w@|]|_", re.UNICODE)


def skeleton(text: str) -> str:
    """Lower case, letters, digits and the characters OCR puts for letters; nothing else."""
    return _SKELETON_DROP.sub("", unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=4096)
def ocr_pattern(text: str) -> re.Pattern[str]:
    """A pattern that finds `text` in the skeleton of a scan, whatever OCR made of its letters."""
    parts = []
    for char in skeleton(text):
        readings = OCR_READINGS.get(char)
        parts.append(f"(?:{'|'.join(map(re.escape, readings))})" if readings else re.escape(char))
    return re.compile("".join(parts))


def found_in(text: str, lines: Iterable[str]) -> bool:
    """Whether `text` is in the lines once both are normalised (see the module's docstring)."""
    return ocr_pattern(text).search(skeleton("\n".join(lines))) is not None


@dataclass(frozen=True)
class _Text:
    path: Path
    lines: list[str]


#: A resource's statements: property IRI -> objects.
Statements = dict[str, list[Term]]


#: What the check reads of each resource (the rest of a large file is not held).
_READ = frozenset(
    [RDF + "type", DCTERMS + "identifier", *TEXT_PROPERTIES]
    + [SGO + name for name in ("lineCount", "sourceText", "firstLine", "lastLine")]
)


def check_provenance(data: Sequence[QuadSource], settings: Settings) -> list[Problem]:
    """What the source texts contradict in the data's provenance, at the file and line to fix."""
    by_subject: dict[ox.NamedNode, Statements] = {}
    for parsed in data:
        for quad in parsed.quads:
            if isinstance(quad.subject, ox.NamedNode) and quad.predicate.value in _READ:
                statements = by_subject.setdefault(quad.subject, {})
                statements.setdefault(quad.predicate.value, []).append(quad.object)
    check = _Check(settings)
    texts = {
        subject.value: check.source_text(subject, statements)
        for subject, statements in by_subject.items()
        if ox.NamedNode(_SOURCE_TEXT) in statements.get(RDF + "type", [])
    }
    for subject, statements in sorted(by_subject.items(), key=lambda item: item[0].value):
        sources = [o for o in statements.get(SGO + "sourceText", []) if isinstance(o, ox.NamedNode)]
        first, last = _number(statements, "firstLine"), _number(statements, "lastLine")
        text = texts.get(sources[0].value) if len(sources) == 1 else None
        # Missing or repeated provenance, or a source not described as one, the shapes report;
        # a missing file is reported with its source text.
        if text is not None and first is not None and last is not None:
            check.lines(subject, statements, first, last, text)
    index = SourceIndex.build(data, {problem.focus.value for problem in check.problems})
    for problem in check.problems:
        problem.location = index.find(problem.focus.value)
    return check.problems


class _Check:
    """Collects the problems of one run, each at the line where its resource is described."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.problems: list[Problem] = []

    def source_text(self, subject: ox.NamedNode, statements: Statements) -> _Text | None:
        """The text of a `sgo:SourceText`, read from the sources folder; None when it is not there."""
        names = [o.value for o in statements.get(DCTERMS + "identifier", []) if isinstance(o, ox.Literal)]
        path = source_file(self.settings, names[0]) if names else None
        if path is None or not path.is_file():
            where = display_path(path) if path is not None else repr(names[0]) if names else "(no name)"
            self.add(
                "Warning",
                subject,
                DCTERMS + "identifier",
                en=f"the source text {where} is not there, so its lines and wording cannot be checked "
                "(dcterms:identifier is the file name in the sources folder)",
                nb=f"kildeteksten {where} finnes ikke, så linjene og ordlyden kan ikke kontrolleres "
                "(dcterms:identifier er filnavnet i kildemappen)",
            )
            return None
        text = _Text(path, text_lines(path.read_text(encoding="utf-8", errors="replace")))
        declared = _number(statements, "lineCount")
        if declared is not None and declared != len(text.lines):
            self.add(
                "Violation",
                subject,
                SGO + "lineCount",
                en=f"{path.name} has {len(text.lines)} lines, not {declared}",
                nb=f"{path.name} har {len(text.lines)} linjer, ikke {declared}",
            )
        return text

    def lines(
        self, subject: ox.NamedNode, statements: Statements, first: int, last: int, text: _Text
    ) -> None:
        """The lines are in the text, and each Norwegian text of the resource is in them."""
        name, count = text.path.name, len(text.lines)
        if not 1 <= first <= last <= count:
            self.add(
                "Violation",
                subject,
                SGO + "lastLine" if last > count else SGO + "firstLine",
                en=f"lines {first}–{last} are not lines of {name}, which has {count} "
                f"(sgo:firstLine ≤ sgo:lastLine ≤ {count})",
                nb=f"linje {first}–{last} finnes ikke i {name}, som har {count} "
                f"(sgo:firstLine ≤ sgo:lastLine ≤ {count})",
            )
            return
        lines = text.lines[first - 1 : last]
        where = f"{name}:{first}" if first == last else f"{name}:{first}–{last}"
        where_en, where_nb = (
            where + _pages(text, first, last, "page"),
            where + _pages(text, first, last, "side"),
        )
        for prop in TEXT_PROPERTIES:
            for value in statements.get(prop, []):
                if not isinstance(value, ox.Literal) or value.language != "nb":
                    continue
                if not found_in(value.value, lines):
                    self.add(
                        "Warning",
                        subject,
                        prop,
                        en=f"«{value.value}» is not in {where_en} (compared ignoring case, "
                        "spacing, punctuation, bullets, hyphenation and OCR damage to æ ø å): "
                        "is the text or are the lines wrong?",
                        nb=f"«{value.value}» står ikke i {where_nb} (sammenlignet uten hensyn "
                        "til store og små bokstaver, mellomrom, tegnsetting, punkttegn, orddeling og "
                        "OCR-feil i æ ø å): er teksten eller linjene feil?",
                    )

    def add(self, severity: str, subject: ox.NamedNode, prop: str, *, en: str, nb: str) -> None:
        self.problems.append(
            Problem(
                severity=severity,
                focus=subject,
                path=ox.NamedNode(prop),
                value=None,
                messages={"en": en, "nb": nb},
                shape=PROVENANCE_CHECK,
                component=None,
                location=None,  # placed once all are found
            )
        )


def _pages(text: _Text, first: int, last: int, word: str) -> str:
    """« (page 2)» or « (page 2–3)» when the text has pages (a PDF's), else nothing."""
    pages = line_pages(text.lines)
    if pages[-1] == 1:
        return ""
    start, end = pages[first - 1], pages[last - 1]
    return f" ({word} {start})" if start == end else f" ({word} {start}–{end})"


def _number(statements: Statements, local: str) -> int | None:
    values = [o for o in statements.get(SGO + local, []) if isinstance(o, ox.Literal)]
    try:
        return int(values[0].value) if len(values) == 1 else None
    except ValueError:
        return None
