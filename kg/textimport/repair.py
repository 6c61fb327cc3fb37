"""Norwegian OCR repair: æ, ø and å restored from what scanners make of them.

A scan turns «føringer» into «fgringer», «Løpende» into «Lepende», «være» into
«veere», «på» into «pa». Each damaged word is repaired by trying the
spellings the damage could hide (a table of what each letter can stand for)
and keeping the one wordfreq's Norwegian Bokmål list knows best.

What counts as a Norwegian word is wordfreq's list, with two corrections:
web text often drops æ, ø and å, so the list also holds «pa», «niva» and
«vaere»; a listed word with a spelling in æ, ø or å that is at least a
hundred times more common is taken for such a stripped spelling. Single
letters other than «i», «å» and «ø» are no words. A real word is never changed; one
whose æ/ø/å spelling is thirty to a hundred times more common («bade»,
«både») is left as it is and flagged, and so is a damaged word whose
repair is not clear.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from wordfreq import get_frequency_dict

#: What a scanner makes of æ, ø and å (and of «l» beside a damaged «ø»): damaged -> meant.
DAMAGE: dict[str, tuple[str, ...]] = {
    "g": ("ø",),
    "a": ("å", "ø", "æ"),
    "e": ("ø", "æ"),
    "o": ("ø",),
    "ee": ("æ",),
    "ae": ("æ",),
    "@": ("ø", "å", "æ"),
    "i@": ("lø",),
    "é": ("å", "ø", "æ"),
    "éa": ("å",),
}
#: Letters no Norwegian word is spelled with: a word holding one is damaged.
_FOREIGN = re.compile(r"[^a-zæøåéèêóòôü\-]")
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ@]+")
#: At most this many damaged spots are repaired in one word.
MAX_EDITS = 3
#: A listed word this much rarer (in zipf, log10) than its æ/ø/å spelling is a stripped spelling.
STRIPPED = 2.0
#: ... and one this much rarer is kept but flagged.
SUSPECT = 1.5
#: The best repair must be this much more common (zipf) than the next to be taken.
MARGIN = 1.0
#: Each part of a compound must be at least this common (zipf).
COMPOUND_PART = 2.5
_SINGLE_LETTER_WORDS = {"i", "å", "ø"}


@dataclass(frozen=True)
class Change:
    """A word the importer changed: where, and from what to what."""

    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Flag:
    """A word that may be damaged but was left as it is, with the spellings it may stand for."""

    line: int
    word: str
    candidates: tuple[str, ...]


@cache
def _frequencies() -> dict[str, float]:
    return get_frequency_dict("nb", wordlist="large")


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a lower-case word (0 when not listed)."""
    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency * 1e9) if frequency else 0.0


def _compound(word: str) -> float:
    """A compound of two listed words («foregangs|område»): the rarer part's zipf, less one; else 0.

    Strategies coin compounds no word list holds. Both parts have four
    letters or more (so that «faringer» is no «far|inger»), the first may end
    in a linking s or e, and both must be common words.
    """
    best = 0.0
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        tail_score = zipf(tail)
        if tail_score < COMPOUND_PART:
            continue
        heads = [head, head[:-1]] if head[-1] in "se" and len(head) > 4 else [head]
        head_score = max(zipf(one) for one in heads)
        if head_score >= COMPOUND_PART:
            best = max(best, min(head_score, tail_score) - 1.0)
    return best


def score(word: str) -> float:
    """How common a lower-case word is: its zipf, or as a compound of two listed words."""
    return zipf(word) or _compound(word)


def _spellings(word: str, edits: int = MAX_EDITS) -> Iterator[str]:
    """Every spelling `word` could stand for, with up to `edits` damaged spots repaired."""
    if not word:
        yield ""
        return
    for rest in _spellings(word[1:], edits):
        yield word[0] + rest
    if edits == 0:
        return
    for damaged, meant in DAMAGE.items():
        if word.startswith(damaged):
            for rest in _spellings(word[len(damaged) :], edits - 1):
                for letter in meant:
                    yield letter + rest


def _candidates(word: str) -> list[tuple[float, str]]:
    """Spellings with æ, ø or å that `word` could stand for, most common first.

    Listed words only, when there are any: a compound of listed words
    («måte|plasser») never beats a listed word («møteplasser»).
    """
    spellings = {
        spelling for spelling in _spellings(word) if spelling != word and re.search("[æøå]", spelling)
    }
    listed = sorted(((zipf(s), s) for s in spellings if zipf(s) > 0), reverse=True)
    if listed:
        return listed
    return sorted(((value, s) for s in spellings if (value := _compound(s)) > 0), reverse=True)


def _damaged_part(word: str) -> str | None:
    """A spelling of `word` whose ending becomes a listed word with æ, ø or å («foregangs|område»).

    For words no list holds: not repaired (the beginning is unknown), but flagged.
    """
    for cut in range(3, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        own = zipf(tail)
        repaired = [
            spelling
            for value, spelling in _candidates(tail)
            if value >= COMPOUND_PART and value - own >= STRIPPED and zipf(spelling) > 0
        ]
        if repaired:
            return head + repaired[0]
    return None


def is_word(word: str) -> bool:
    """Whether a lower-case word is a Norwegian word (wordfreq's list, see the module's docstring)."""
    if len(word) == 1:
        return word in _SINGLE_LETTER_WORDS
    return score(word) > 0 and not _FOREIGN.search(word)


def with_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@dataclass(frozen=True)
class Verdict:
    """What to do with one word: replace it, flag it, or leave it (both None)."""

    replacement: str | None = None
    flagged: tuple[str, ...] | None = None


@cache
def judge(word: str) -> Verdict:
    """Whether `word` (as written) is OCR damage, and what it stands for."""
    lower = word.lower()
    candidates = _candidates(lower)
    if is_word(lower):
        own = score(lower)
        if candidates and candidates[0][0] - own >= STRIPPED:
            return Verdict(replacement=with_case(word, candidates[0][1]))
        if candidates and candidates[0][0] - own >= SUSPECT:
            return Verdict(flagged=(with_case(word, candidates[0][1]),))
        return Verdict()
    if not candidates:
        if (part := _damaged_part(lower)) is not None:
            return Verdict(flagged=(with_case(word, part),))
        return Verdict(flagged=()) if _FOREIGN.search(lower) else Verdict()
    best, spelling = candidates[0]
    if len(candidates) == 1 or best - candidates[1][0] >= MARGIN:
        return Verdict(replacement=with_case(word, spelling))
    return Verdict(flagged=tuple(with_case(word, other) for _, other in candidates[:3]))


def repair_line(text: str, number: int) -> tuple[str, list[Change], list[Flag]]:
    """The line with its damaged words repaired, the changes made and the words flagged."""
    changes: list[Change] = []
    flags: list[Flag] = []

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        if text[match.start() - 1 : match.start()] == ":":
            return word  # a prefixed name's local part (dcat:prev) is a term, not a damaged word
        verdict = judge(word)
        if verdict.replacement is not None:
            changes.append(Change(number, word, verdict.replacement))
            return verdict.replacement
        if verdict.flagged is not None:
            flags.append(Flag(number, word, verdict.flagged))
        return word

    return WORD.sub(replace, text), changes, flags
