"""Organisations and actor groups named in an element's text, proposed as actors.

Actor groups are plural nouns for the kinds of actors strategies name
(«nasjonale myndigheter», «universiteter, høgskoler og forskningsinstitusjoner»,
«aktører i regionen»), with at most two adjectives before them («offentlige
og private virksomheter»); after «som» they say what something is («som
regionale aktører»), not who takes part. Organisations are single public
bodies («fylkeskommunen») and names of two or more capitalised words («Oslo
Brand Alliance»). The publisher takes part where the text works within it
(«internt i», «innenfor», «i» the publisher), not where it is the topic
(«profilering av»). Titles in «» are left out. An organisation the project
knows already (its name, in any case) is found first, as one mention of it.
These are proposals: the steward checks them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.textimport.structure import Span

#: Single public bodies, named by what they are: organisations, not groups.
_BODIES = "kommunen|fylkeskommunen|staten|regjeringen|departementet|direktoratet|statsforvalteren"
_NOUNS = (
    "aktører|myndigheter|myndighetene|organisasjoner|organisasjonene|kommuner|kommunene|"
    "fylkeskommuner|fylkeskommunene|universiteter|universitetene|høgskoler|høyskoler|"
    "forskningsinstitusjoner|institusjoner|bedrifter|bedriftene|næringslivet|virksomheter|"
    "etater|partnere|partnerne|innbyggere|innbyggerne|departementer|departementene|havner|havnene|"
    f"{_BODIES}"
)
_ADJECTIVES = (
    "andre|nasjonale|regionale|lokale|eksterne|interne|offentlige|private|frivillige|statlige|"
    "kommunale|relevante|sentrale|berørte|nye|ulike|internasjonale|strategiske|norske|nordiske"
)
GROUP = re.compile(
    rf"(?<![\wæøå])(?:(?:{_ADJECTIVES})\s+(?:og\s+)?){{0,2}}(?:{_NOUNS})"
    rf"(?:(?:,\s+|\s+og\s+)(?:{_NOUNS}))*(?:\s+i\s+regionen)?(?![\wæøå])"
)
ORGANISATION = re.compile(r"(?<![\wæøå])[A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ][\wæøå]+)+")
_TITLE = re.compile(r"«[^«»]*»")


@dataclass(frozen=True)
class Mention:
    """An actor named in a text: its name as written, its kind and the line it is on."""

    name: str
    kind: str  # "group", "organisation", "publisher" or "known" (an organisation the project has)
    line: int


def mentions(span: Span, publisher: str, known: Sequence[str] = ()) -> list[Mention]:
    """The actors `span` names, in the order they appear; `known` are names of organisations the
    project describes already (a mention of one is of kind "known", with the name as given)."""
    text = _TITLE.sub(lambda match: " " * len(match.group()), span.text)
    found: list[tuple[int, Mention]] = []
    for name in sorted(known, key=len, reverse=True):  # «Indre Fjordmark regionråd» before «Fjordmark»
        pattern = re.compile(rf"(?<![\wæøå]){re.escape(name)}(?![\wæøå])", re.IGNORECASE)
        for match in pattern.finditer(text):
            line = span.lines_of(match.start(), match.end())[0]
            found.append((match.start(), Mention(name, "known", line)))
            text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    for match in GROUP.finditer(text):
        if re.search(r"\bsom\s+$", text[: match.start()]):
            continue
        kind = "organisation" if re.fullmatch(_BODIES, match.group()) else "group"
        found.append(
            (match.start(), Mention(match.group(), kind, span.lines_of(match.start(), match.end())[0]))
        )
    for match in ORGANISATION.finditer(text):
        if match.start() == 0 or re.search(r"[.:!?]\s*$", text[: match.start()]):
            continue
        found.append(
            (
                match.start(),
                Mention(match.group(), "organisation", span.lines_of(match.start(), match.end())[0]),
            )
        )
    within = re.compile(rf"\b(?:internt\s+i|innenfor|i)\s+({re.escape(publisher)})(?![\wæøå])")
    for match in within.finditer(text):
        line = span.lines_of(match.start(1), match.end(1))[0]
        found.append((match.start(1), Mention(publisher, "publisher", line)))
    return [mention for _, mention in sorted(found, key=lambda pair: pair[0])]
