"""The structure of a Norwegian strategy text: plan, vision, roles, focus areas, activities.

The genre: a title and an opening sentence; sections under headings in
capitals (VISJON, ROLLER OG ARBEIDSFORMER, INNSATSOMRÅDER ... 2017 - 2020);
numbered focus areas whose activities are bullets, or a sentence ending in
a colon whose bullets are its themes («innenfor temaene:») or means
(«gjennom å:»). Bullets may run over several lines. Nothing is guessed: a
section that is not there gives no elements, and every line left out is
reported.

One recogniser for every format: its input is the document's lines
(kg.documents.model.Line). Where a line's role is known (a Word file's
styles: heading, bullet, numbered item, paragraph) it is taken as it is;
where it is not (a plain text, a PDF, OCR) it is read from the text: capitals
or a section's name make a heading, «*», «•», «-» and the like a bullet,
«1.» a numbered item, and lines run on until a blank line or the next mark.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.documents.model import Line, Role
from kg.textimport.repair import Change

BULLET = re.compile(r"\s*[«»*+•·▪–\-]\s+(?=\S)")
NUMBERED = re.compile(r"\s*(\d{1,2})[.)]\s+(\S.*)")
PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")
IN_EFFECT = re.compile(r"\bfra\s+((?:19|20)\d\d)\b")
REFERENCE = re.compile(r"«([^«»]+)»\s*\(((?:19|20)\d\d)\)")
UNCLOSED_REFERENCE = re.compile(r"«([^«»]+?)(\s*)\(((?:19|20)\d\d)\)")
DIRECTIONS = re.compile(r"\b(?:underbygges|underbygget|støttes)\s+(?:med|av|gjennom)\s+|\bbygger\s+på\s+")


@dataclass
class Span:
    """Text joined from consecutive lines, which knows the line of each character."""

    text: str
    starts: list[int]  # offset in text where each joined line starts
    numbers: list[int]  # the line numbers of those lines
    bulleted: bool = False
    lost_bullet: bool = False
    #: The list level a Word file gives (2 for an item under an item); 0 when not known.
    level: int = 0

    @property
    def first(self) -> int:
        return self.numbers[0]

    @property
    def last(self) -> int:
        return self.numbers[-1]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line of the characters text[start:end]."""
        first = self.numbers[bisect.bisect_right(self.starts, start) - 1]
        last = self.numbers[bisect.bisect_right(self.starts, max(start, end - 1)) - 1]
        return first, last

    def part(self, start: int, end: int) -> Text:
        first, last = self.lines_of(start, end)
        return Text(self.text[start:end].strip(), first, last)

    def whole(self) -> Text:
        return Text(self.text, self.first, self.last)

    def append(self, line: str, number: int) -> None:
        self.starts.append(len(self.text) + 1)
        self.numbers.append(number)
        self.text += " " + line


@dataclass(frozen=True)
class Text:
    """A text and the lines it comes from."""

    text: str
    first: int
    last: int


@dataclass(frozen=True)
class Reference:
    """A document an activity follows up: «title» (year)."""

    title: str
    year: str
    revised: bool
    first: int
    last: int


@dataclass
class Activity:
    text: Text
    span: Span
    references: list[Reference] = field(default_factory=list)
    #: "theme", "means" or "part" (a sub-activity), as the lead sentence frames its bullets.
    children_kind: str | None = None
    children: list[Activity] = field(default_factory=list)


@dataclass
class FocusArea:
    number: int
    title: Text
    first: int
    last: int
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Vision:
    statement: Text
    elaboration: Text | None
    directions: list[Text]
    first: int
    last: int


@dataclass
class Section:
    heading: Text
    key: str  # "vision", "roles", "focus-areas" or "" when not recognised
    spans: list[Span]
    numbered: list[tuple[int, Text, list[Span]]]


@dataclass
class Structure:
    title: Text
    description: Text | None
    #: The title's and opening sentence's lines, to find where the publisher is named.
    front: list[Span] = field(default_factory=list)
    vision: Vision | None = None
    roles: list[Span] = field(default_factory=list)
    roles_heading: Text | None = None
    focus_heading: Text | None = None
    focus_areas: list[FocusArea] = field(default_factory=list)
    period: tuple[str, str, int] | None = None
    in_effect_from: str | None = None
    #: What a steward must look at: sections missing, lines left out, bullets the scan lost.
    remarks: list[str] = field(default_factory=list)
    #: Repairs of punctuation made while reading the structure (a lost closing »).
    changes: list[Change] = field(default_factory=list)


def fold(text: str) -> str:
    """Upper-case ASCII, for recognising headings whatever the OCR did to æ, ø and å."""
    return text.upper().replace("Æ", "AE").replace("Ø", "O").replace("Å", "A")


#: The sections' names, as headings in ordinary case too («Innsatsområder 2024–2027»), folded.
_NAMED_HEADING = re.compile(
    r"(?:VISJON|ROLLER(?: OG ARBEIDSFORMER)?|ARBEIDSFORMER"
    r"|(?:INNSATSOMRADER|SATSINGSOMRADER)(?: OG [A-Z ]+?)?(?:\s*(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)?)\s*:?"
)


def _is_heading(line: Line, top: int) -> bool:
    """A heading of the top level `top` where the role is known; else a line in capitals,
    or a section's name on a line of its own."""
    if line.role is not None:
        return line.role is Role.HEADING and line.level <= top
    return _looks_like_heading(line.text.strip())


def _looks_like_heading(line: str) -> bool:
    if not line or BULLET.match(line):
        return False
    letters = [c for c in line if c.isalpha()]
    capitals = len(letters) >= 4 and all(c.isupper() for c in letters)
    return capitals or (line[:1].isupper() and _NAMED_HEADING.fullmatch(fold(line.strip())) is not None)


def _section_key(heading: str) -> str:
    folded = fold(heading)
    if folded.startswith("VISJON"):
        return "vision"
    if "ROLLE" in folded or "ARBEIDSFORM" in folded:
        return "roles"
    if "INNSATSOMR" in folded or "SATSINGSOMR" in folded:
        return "focus-areas"
    return ""


def _numbered(line: Line, top: int, by_heading: bool) -> tuple[int | None, str] | None:
    """The number and title of a focus area: «1. Title» in a text; in a Word file a heading under
    the top level (numbered by its place), or where there is none an outer numbered list item."""
    if line.role is None:
        match = NUMBERED.fullmatch(line.text)
        return (int(match.group(1)), match.group(2)) if match else None
    if by_heading:
        return (None, line.body) if line.role is Role.HEADING and line.level > top else None
    return (line.ordinal, line.body) if line.role is Role.NUMBERED and line.level <= 1 else None


def _spans(lines: Sequence[tuple[int, Line]]) -> list[Span]:
    """Bullets (with the lines they run over) and paragraphs, in order.

    A line that starts with a capital right after a bullet is taken as the
    next bullet, which the scan lost (reported by the caller). A line whose
    role is known is a list item or a paragraph of its own.
    """
    spans: list[Span] = []
    current: Span | None = None
    for number, known in lines:
        raw = known.text
        line = raw.strip()
        if not line:
            current = None
            continue
        if known.role is not None:
            listed = known.role in (Role.BULLET, Role.NUMBERED)
            current = Span(known.body.strip(), [0], [number], bulleted=listed, level=known.level)
            spans.append(current)
            continue
        bullet = BULLET.match(raw)
        if bullet:
            current = Span(raw[bullet.end() :].strip(), [0], [number], bulleted=True)
            spans.append(current)
        elif current is not None and current.bulleted and line[:1].isupper():
            current = Span(line, [0], [number], bulleted=True, lost_bullet=True)
            spans.append(current)
        elif current is not None:
            current.append(line, number)
        else:
            current = Span(line, [0], [number])
            spans.append(current)
    return spans


def parse(lines: Sequence[Line]) -> Structure:
    """The structure of a (repaired) document; lines[0] is line 1.

    Raises ValueError when there is no title or no section the importer knows.
    """
    numbered_lines = list(enumerate(lines, start=1))
    top = min((line.level for line in lines if line.role is Role.HEADING), default=1)
    headings = [n for n, line in numbered_lines if _is_heading(line, top)]
    front = numbered_lines[: headings[0] - 1] if headings else numbered_lines
    sections = []
    for index, start in enumerate(headings):
        end = headings[index + 1] - 1 if index + 1 < len(headings) else len(lines)
        sections.append(_section(numbered_lines[start - 1], numbered_lines[start:end], top))
    if not any(section.key for section in sections):
        raise ValueError(
            "no recognisable sections (VISJON, ROLLER OG ARBEIDSFORMER, INNSATSOMRÅDER) / "
            "ingen kjente avsnitt (VISJON, ROLLER OG ARBEIDSFORMER, INNSATSOMRÅDER)"
        )
    front_spans = _spans(front)
    if not front_spans:
        raise ValueError("no title before the first heading / ingen tittel før første overskrift")
    structure = Structure(
        title=front_spans[0].whole(),
        description=front_spans[1].whole() if len(front_spans) > 1 else None,
        front=front_spans[:2],
    )
    _left_out(structure, front_spans[2:], "after the opening sentence")
    if structure.description is not None:
        found = IN_EFFECT.search(structure.description.text)
        structure.in_effect_from = found.group(1) if found else None
    for section in sections:
        _read_section(structure, section)
    for key, name in (
        ("vision", "VISJON"),
        ("roles", "ROLLER OG ARBEIDSFORMER"),
        ("focus-areas", "INNSATSOMRÅDER"),
    ):
        if not any(section.key == key for section in sections):
            structure.remarks.append(f"no {name} section: nothing imported for it / intet {name}-avsnitt")
    return structure


def _section(heading: tuple[int, Line], body: Sequence[tuple[int, Line]], top: int) -> Section:
    number, line = heading
    text = line.body
    key = _section_key(text)
    if key != "focus-areas":
        return Section(Text(text.strip(), number, number), key, _spans(body), [])
    numbered: list[tuple[int, Text, list[Span]]] = []
    by_heading = any(line.role is Role.HEADING for _, line in body)
    found_in = ((i, _numbered(line, top, by_heading)) for i, (_, line) in enumerate(body))
    headings = [(i, found) for i, found in found_in if found is not None]
    starts = [i for i, _ in headings]
    before = list(body[: starts[0]]) if starts else list(body)
    for index, (start, (ordinal, title)) in enumerate(headings):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        line_number, _ = body[start]
        numbered.append(
            (
                ordinal or index + 1,
                Text(title.strip(), line_number, line_number),
                _spans(body[start + 1 : end]),
            )
        )
    return Section(Text(text.strip(), number, number), key, _spans(before), numbered)


def _left_out(structure: Structure, spans: Sequence[Span], where: str) -> None:
    for span in spans:
        structure.remarks.append(
            f"lines {span.first}–{span.last} {where}: not imported, check by hand / "
            f"linje {span.first}–{span.last}: ikke importert, sjekk for hånd"
        )


def _read_section(structure: Structure, section: Section) -> None:
    if section.key == "vision":
        if structure.vision is not None or not section.spans:
            _left_out(structure, section.spans, "(a second or empty VISJON)")
            return
        structure.vision = _vision(section.spans)
        _left_out(structure, section.spans[2:], "in VISJON")
    elif section.key == "roles":
        structure.roles_heading = section.heading
        bullets = [span for span in section.spans if span.bulleted]
        structure.roles.extend(bullets)
        _left_out(
            structure, [span for span in section.spans if not span.bulleted], "in ROLLER OG ARBEIDSFORMER"
        )
        _lost_bullets(structure, bullets)
    elif section.key == "focus-areas":
        structure.focus_heading = section.heading
        period = PERIOD.search(section.heading.text)
        if period:
            structure.period = (period.group(1), period.group(2), section.heading.first)
        _left_out(structure, section.spans, "before the first numbered focus area")
        for number, title, spans in section.numbered:
            structure.focus_areas.append(_focus_area(structure, number, title, spans))
    else:
        structure.remarks.append(
            f"line {section.heading.first}: heading «{section.heading.text}» not recognised, "
            f"its lines are not imported / overskriften er ukjent, linjene er ikke importert"
        )


def _vision(spans: Sequence[Span]) -> Vision:
    statement = spans[0].whole()
    elaboration = spans[1] if len(spans) > 1 else None
    directions: list[Text] = []
    if elaboration is not None:
        directions = _directions(elaboration)
    last = (elaboration or spans[0]).last
    return Vision(statement, elaboration.whole() if elaboration else None, directions, statement.first, last)


def _directions(span: Span) -> list[Text]:
    """The list after «underbygges med»: «A, B og C, D, og E» gives A, B og C / D / E.

    A piece holding «og» closes a list inside the previous item (B og C);
    the outer list's last item is introduced by «, og».
    """
    marker = DIRECTIONS.search(span.text)
    if marker is None:
        return []
    end = span.text.rfind(".")
    end = end if end > marker.end() else len(span.text)
    pieces: list[tuple[int, int]] = []
    start = marker.end()
    for comma in [*(m.start() for m in re.finditer(", ", span.text[:end])), end]:
        if comma < start:
            continue
        piece = span.text[start:comma]
        if piece.startswith("og "):
            pieces.append((start + 3, comma))
        elif pieces and " og " in piece:
            pieces[-1] = (pieces[-1][0], comma)
        else:
            pieces.append((start, comma))
        start = comma + 2
    return [span.part(a, b) for a, b in pieces if span.text[a:b].strip()]


def _lost_bullets(structure: Structure, spans: Sequence[Span]) -> None:
    for span in spans:
        if span.lost_bullet:
            structure.remarks.append(
                f"line {span.first}: no bullet, but starts with a capital after a bullet: taken as "
                f"the next item / linje {span.first}: mangler punkttegn, tatt som neste punkt"
            )


def _focus_area(structure: Structure, number: int, title: Text, spans: Sequence[Span]) -> FocusArea:
    area = FocusArea(number, title, title.first, max([title.last, *(span.last for span in spans)]))
    lead: Activity | None = None
    outer = min((span.level for span in spans if span.bulleted), default=0)
    for span in spans:
        activity = _activity(structure, span)
        if span.level > outer and area.activities:  # an item of a list inside the list (Word)
            owner = area.activities[-1]
            for _ in range(span.level - outer - 1):
                owner = owner.children[-1] if owner.children else owner
            owner.children_kind = owner.children_kind or _children_kind(owner.text.text)
            owner.children.append(activity)
        elif not span.bulleted:
            area.activities.append(activity)
            lead = activity if span.text.rstrip().endswith(":") else None
            if lead is not None:
                lead.children_kind = _children_kind(span.text)
        elif lead is not None:
            lead.children.append(activity)
        else:
            area.activities.append(activity)
    _lost_bullets(structure, spans)
    return area


def _children_kind(lead: str) -> str:
    folded = fold(lead)
    if re.search(r"\bTEMA(ENE|ER)?\s*:\s*$", folded):
        return "theme"
    if re.search(r"\b(GJENNOM|VED)\s+A\s*:\s*$", folded):
        return "means"
    return "part"


def _activity(structure: Structure, span: Span) -> Activity:
    _close_references(structure, span)
    activity = Activity(span.whole(), span)
    for match in REFERENCE.finditer(span.text):
        first, last = span.lines_of(match.start(), match.end())
        revised = bool(re.search(r"\brevidert(?:e)?\s+(?:versjon\s+av\s+)?$", span.text[: match.start()]))
        activity.references.append(Reference(match.group(1).strip(), match.group(2), revised, first, last))
    return activity


def _close_references(structure: Structure, span: Span) -> None:
    """Put back the closing » a scan lost before «(YYYY)», and record the change."""
    while (match := UNCLOSED_REFERENCE.search(span.text)) is not None:
        word = match.group(1).split()[-1]
        line, _ = span.lines_of(
            match.start(1) + len(match.group(1)) - 1, match.start(1) + len(match.group(1))
        )
        year = f"({match.group(3)})"
        structure.changes.append(Change(line, f"{word} {year}", f"{word}» {year}"))
        cut = match.start(1) + len(match.group(1))
        span.text = span.text[:cut] + "»" + span.text[cut:]
        span.starts = [start + 1 if start > cut else start for start in span.starts]
