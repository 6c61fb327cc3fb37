"""From a strategy's text to a draft data file: read, repair, find the structure, write Turtle."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.documents.model import DEFAULT_LIMITS, Limits, Progress, no_progress
from kg.steward import format_turtle
from kg.textimport.draft import Draft, attach_notes, prefixes, turtle
from kg.textimport.realword import repair_real_words
from kg.textimport.repair import Change, Flag, repair_line
from kg.textimport.source import SourceText, TextImportError, read_source
from kg.textimport.structure import Structure, parse

_KINDS = {
    "plan": ("sgo:StrategicPlan",),
    "vision": ("sgo:Vision",),
    "directions": ("sgo:VisionDirection",),
    "roles": ("sgo:WorkingMethod",),
    "focus areas": ("sgo:FocusArea",),
    "activities": ("sgo:Activity",),
    "themes": ("sgo:Theme",),
    "means": ("sgo:Means",),
    "documents": ("sgo:StrategyDocument",),
    "actors": ("sgo:CooperationAlliance", "org:Organization", "sgo:ActorGroup"),
    "period": ("sgo:StrategyPeriod",),
}


@dataclass(frozen=True)
class ImportResult:
    """The draft and what the steward should check: every change, every flag, every remark."""

    source: SourceText
    plan_id: str
    turtle: str
    structure: Structure
    changes: tuple[Change, ...]
    flags: tuple[Flag, ...]
    remarks: tuple[str, ...]
    #: The class of each resource written, in order.
    types: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        """How many of each kind of element the draft has, named for people."""
        return {name: sum(self.types.count(kind) for kind in kinds) for name, kinds in _KINDS.items()}


def import_text(
    path: Path,
    base_iri: str,
    *,
    publisher: str | None = None,
    year: str | None = None,
    predicate_order: Sequence[str] = (),
    known: Mapping[str, str] | None = None,
    known_documents: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress = no_progress,
) -> ImportResult:
    """The draft data file for the strategy at `path` (a text, PDF or Word file), formatted as
    `kg fmt` does with `predicate_order` (`kg.steward.house_order`). `known` maps names of
    organisations the project describes already to their IRIs: a mention of one (or the
    publisher) links to it instead of a new actor; a followed-up document whose IRI is in
    `known_documents` is linked, not described again. Raises TextImportError on bad input."""
    source = read_source(path, limits, progress)
    repaired, changes, flags = repair_text(source.lines)
    lines = [replace(line, text=text) for line, text in zip(source.document.lines, repaired, strict=True)]
    try:
        structure = parse(lines)
    except ValueError as error:
        raise TextImportError(f"{path}: {error}") from None
    changes = sorted([*changes, *structure.changes], key=lambda change: change.line)
    publisher = publisher or _publisher_in(structure)
    if not publisher:
        raise TextImportError(
            f"{path}: the opening names no publisher: give --publisher / innledningen nevner ingen utgiver"
        )
    year = year or structure.in_effect_from or (structure.period[0] if structure.period else None)
    if not year:
        raise TextImportError(f"{path}: the text gives no year: give --year / teksten oppgir ikke år")
    draft = Draft(structure, publisher, year, source.name, len(source.lines), base_iri)
    draft.known, draft.known_documents = dict(known or {}), known_documents
    groups = draft.build()
    attach_notes(groups, changes, flags)
    header = [
        f"{publisher}: «{structure.title.text}» — a DRAFT written by `kg import-text`.",
        "",
        *_read_from(source),
        "text (sgo:sourceText) and the lines it comes from (sgo:firstLine / sgo:lastLine, from 1).",
        "",
        "Norwegian (@nb) is the text with OCR damage repaired: each repair, and each word that",
        "may be damaged but was left as it is, is in a skos:editorialNote on the resource it",
        "touches. Check them against the source. English (@en) is still to be written: the plan",
        "has adms:status UnderDevelopment until then (see docs/steward/importing.md).",
    ]
    if structure.remarks:
        header += ["", "To check:", *(f"* {remark}" for remark in structure.remarks)]
    text = format_turtle(
        turtle(header, prefixes(base_iri, draft.plan_id), groups, source.name), path, predicate_order
    )
    types = tuple(resource.type for group in groups for resource in group.resources)
    return ImportResult(
        source, draft.plan_id, text, structure, tuple(changes), tuple(flags), tuple(structure.remarks), types
    )


def _read_from(source: SourceText) -> list[str]:
    """The header's first sentence: where the text is and how it was read."""
    document, count = source.document, len(source.lines)
    if document.kind == "text":
        return [f"Source: {source.path.name} ({count} lines). Every resource below names that"]
    how = {"docx": "a Word file", "pdf": "its text layer", "scanned pdf": "OCR (Tesseract, nor)"}.get(
        document.kind, f"its text layer, pages {', '.join(map(str, document.scanned))} by OCR"
    )
    pages = f", {document.pages} pages" if document.kind != "docx" else ""
    return [
        f"Source: {source.path.name}{pages}, read from {how} into {source.kept_name}",
        f"({count} lines; a form feed begins each page). Every resource below names that",
    ]


def repair_text(lines: Sequence[str]) -> tuple[list[str], list[Change], list[Flag]]:
    """The lines with OCR damage repaired: damaged words first, then real words the text's own
    damage and the context show to be damaged (kg.textimport.realword). Changes and flags by line."""
    repaired: list[str] = []
    changes: list[Change] = []
    flags: list[Flag] = []
    for number, line in enumerate(lines, start=1):
        text, changed, flagged = repair_line(line, number)
        repaired.append(text)
        changes += changed
        flags += flagged
    return repair_real_words(repaired, changes, flags)


def _publisher_in(structure: Structure) -> str | None:
    """The organisation the opening sentence names: its first capitalised word inside a sentence.

    A genitive («Osloregionens virksomhet») gives the name («Osloregionen»).
    """
    if structure.description is None:
        return None
    text = structure.description.text
    for match in re.finditer(r"(?<=[\w,] )[A-ZÆØÅ][\wæøå]+", text):
        name = match.group()
        return name[:-1] if name.endswith("s") and len(name) > 3 else name
    return None
