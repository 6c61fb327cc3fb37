"""What a laid-out page has besides the text: running headers and footers, page numbers, hyphens.

Both PDF readers (text layer and OCR) give pages of lines in reading order;
this takes off what repeats on the pages' edges and joins the words a line
end divided, so the text kept in sources/ is the document's running text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

#: A page number alone: «3», «- 3 -», «Side 3 av 8», «3 / 8», «Page 3 of 8».
PAGE_NUMBER = re.compile(
    r"\s*(?:-\s*)?(?:(?:side|s\.|page)\s*)?\d{1,4}(?:\s*(?:av|/|of)\s*\d{1,4})?(?:\s*-)?\s*", re.IGNORECASE
)
#: How many lines at the top and at the bottom of a page may be a running header or footer.
EDGE = 3
#: Words after a line-end hyphen that show it belongs to the word («areal- og transportplan»).
_SUSPENDED = {"og", "eller", "samt", "til", "enn", "and", "or"}
_HYPHENATED = re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿ])-$")
_FIRST_WORD = re.compile(r"\s*([a-zà-öø-ÿ][\wÀ-ÖØ-öø-ÿ]*)([.,;:!?»)]*)(?:\s+|$)")


def _shape(line: str) -> str:
    """A line with its digits hidden and only its letters kept: «Plan 2024–2027, side 3» repeats as
    «plan##side#», whatever dash or spacing a scan reads."""
    return re.sub(r"\d+", "#", re.sub(r"[^\w]|_", "", line.lower()))


def _edges(page: Sequence[str]) -> dict[int, str]:
    """The page's first and last EDGE lines that hold text, by index, each with its place:
    «top 1» is the first, «bottom 1» the last."""
    filled = [index for index, line in enumerate(page) if line.strip()]
    places = {index: f"bottom {rank}" for rank, index in enumerate(reversed(filled[-EDGE:]), start=1)}
    places.update({index: f"top {rank}" for rank, index in enumerate(filled[:EDGE], start=1)})
    return places


def remove_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """The pages without page numbers and without the lines that run along their edges.

    A line is a running header or footer when, digits aside, it stands in the
    same place (second from the top, last, ...) on at least half of the pages,
    and on two at least.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        counts.update({(place, _shape(page[index])) for index, place in _edges(page).items()})
    needed = max(2, (len(pages) + 1) // 2)
    cleaned = []
    for page in pages:
        edges = _edges(page)
        kept = [
            line
            for index, line in enumerate(page)
            if index not in edges
            or not (counts[(edges[index], _shape(line))] >= needed or PAGE_NUMBER.fullmatch(line))
        ]
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        cleaned.append(kept)
    return cleaned


def join_hyphenated(lines: list[str]) -> list[str]:
    """Words divided at a line end («utvik-» / «ling») joined on the first line, in place.

    The hyphen stays after a capital or a digit («EU-» / «midler») and before
    «og», «eller» and the like, where it is part of the text («areal- og»).
    """
    for index in range(len(lines) - 1):
        line, following = lines[index].rstrip(), lines[index + 1]
        if not _HYPHENATED.search(line):
            continue
        word = _FIRST_WORD.match(following)
        if word is None or word.group(1) in _SUSPENDED:
            continue
        keep_hyphen = not line[-2].islower()
        rest = following[word.end() :]
        if rest.strip():
            lines[index] = (line if keep_hyphen else line[:-1]) + word.group(1) + word.group(2)
            lines[index + 1] = rest
        elif " " in line:  # the next line is that word alone: the divided word moves down to it
            head, _, part = line.rpartition(" ")
            lines[index] = head
            lines[index + 1] = (part if keep_hyphen else part[:-1]) + following.strip()
    return lines
