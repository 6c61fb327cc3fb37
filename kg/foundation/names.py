"""Names compared as people read them: «Lysvik Kommune» and «lysvik kommune» name one organisation.

One normal form for the places that ask whether two names are the same: `kg validate` (two
organisations with one name), `kg import-text` (an organisation the project knows already) and
loading (a referenced document whose title is a plan's).
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+|_")
#: A year or a period in a title («Klimaplan 2019–2022»): the year is compared on its own.
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–—/]\s*(?:19|20)?\d\d)?\b")


def name_key(name: str) -> str:
    """Lower case, letters and digits, one space between words: what two spellings of a name share."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def title_key(title: str) -> str:
    """A title's `name_key` without the years or periods it names (the year is compared apart)."""
    return name_key(_YEARS.sub(" ", title))
