"""Real-word OCR errors: «bade» for «både», «mal» for «mål», «nas» for «nås».

Such a word is itself a word, so kg.textimport.repair leaves it. It is
repaired here, over the whole text, when three things together make the
damaged reading very unlikely (a noisy channel):

* the text's own damage pattern: how often this text renders the letter
  as the damage does (å as «a»: the non-words repaired with that edit,
  against the å left intact). A text without such damage has a rate of 0,
  so correct Norwegian is never changed;
* word frequencies (wordfreq's Bokmål list): how much more common the
  reading with æ, ø or å is;
* the context: «både» wants an «og» after it in the sentence (so do
  «enten», «verken», «hverken» an «eller»); after a modal verb («skal nås»)
  a passive is compared as the verbs it comes from («når», «nar»); after
  an article («en», «et», with at most one word between) a noun must agree
  in gender, read off the list too («målet» is listed, «målen» is not: «mål»
  is neuter, so «en tydelig mal» stays).

Odds of the repaired reading against the word as written: frequency ratio
× the damage rate of each edit × the context's factor. At NEAR_CERTAIN or
more the word is repaired; at 1 or more it is flagged for the steward.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from kg.textimport.repair import DAMAGE, MAX_EDITS, WORD, Change, Flag, is_word, score, with_case, zipf

#: Odds (repaired : as written) from which a real word is repaired: 20 to 1, 95 %.
NEAR_CERTAIN = 20.0
#: A damage must be seen this many times in the text before its rate counts.
MIN_SEEN = 2
#: The rate of an edit the text never showed, when choosing among a damaged word's readings.
UNSEEN = 0.05
#: Correlative conjunctions: the first part wants the second later in the sentence.
CORRELATIVES = {"både": "og", "enten": "eller", "verken": "eller", "hverken": "eller"}
#: How far (words) the second part may come, and what the context weighs either way.
CORRELATIVE_REACH = 15
CONTEXT_FOR, CONTEXT_AGAINST = 10.0, 0.1
#: Modal verbs: the word after one is a verb (infinitive or passive).
MODALS = {"skal", "skulle", "kan", "kunne", "må", "måtte", "vil", "ville", "bør", "burde"}
#: Indefinite articles and the gender they ask of their noun.
ARTICLES = {"en": "common", "ei": "common", "et": "neuter", "ett": "neuter"}
#: A noun's gender is taken when one definite form is this much (zipf) more common than the other.
GENDER_MARGIN = 1.0
_SENTENCE_END = re.compile(r"[.:;!?]")
_MEANT = "æøå"

Edit = tuple[str, str]  # (damaged, meant), as in repair.DAMAGE


@cache
def readings(word: str, edits: int = MAX_EDITS) -> dict[str, tuple[Edit, ...]]:
    """Every spelling with æ, ø or å that `word` (lower case) could stand for, with the edits made
    (cached: a text repeats its words; not to be changed)."""
    found: dict[str, tuple[Edit, ...]] = {}
    for spelling, made in _readings(word, edits):
        if made and spelling not in found:
            found[spelling] = made
    return found


def _readings(word: str, edits: int) -> Iterator[tuple[str, tuple[Edit, ...]]]:
    if not word:
        yield "", ()
        return
    for rest, made in _readings(word[1:], edits):
        yield word[0] + rest, made
    if edits == 0:
        return
    for damaged, meant in DAMAGE.items():
        if word.startswith(damaged):
            for rest, made in _readings(word[len(damaged) :], edits - 1):
                for letter in meant:
                    yield letter + rest, ((damaged, letter), *made)


@dataclass(frozen=True)
class DamagePattern:
    """How this text renders æ, ø and å: the times each edit was repaired, the letters left intact."""

    repaired: Counter[Edit]
    intact: Counter[str]

    @classmethod
    def of(cls, lines: Sequence[str], changes: Sequence[Change]) -> DamagePattern:
        """Counted from the repairs of non-words (certain) and the æ, ø, å of the words as written."""
        repaired: Counter[Edit] = Counter()
        for change in changes:
            made = readings(change.before.lower()).get(change.after.lower(), ())
            repaired.update(made)
        intact = Counter(letter for line in lines for letter in line.lower() if letter in _MEANT)
        return cls(repaired, intact)

    def rate(self, edit: Edit) -> float:
        """How often this text renders the meant letter as the damage does (0 when seen too seldom)."""
        seen = self.repaired[edit]
        if seen < MIN_SEEN:
            return 0.0
        meant = edit[1]
        total = self.intact[meant] + sum(n for (_, m), n in self.repaired.items() if m == meant)
        return seen / (total + 1)


def _frequency(word: str) -> float:
    return 10 ** score(word) if score(word) else 0.0


def gender(noun: str) -> str | None:
    """«neuter» when the list knows «-et» far better than «-en» as its definite form, «common» for
    the reverse, else None (not a noun, or both)."""
    stem = noun[:-1] if noun.endswith("e") else noun
    neuter, common = zipf(stem + "et"), zipf(stem + "en")
    if neuter - common >= GENDER_MARGIN:
        return "neuter"
    if common - neuter >= GENDER_MARGIN:
        return "common"
    return None


def _agreement(word: str, reading: str, before: Sequence[str]) -> float:
    """The article's word: against a reading whose gender it does not fit, for one when the word as
    written does not fit it."""
    article = next((ARTICLES[one] for one in reversed(before[-2:]) if one in ARTICLES), None)
    if article is None:
        return 1.0
    factor = 1.0
    if gender(reading) not in (None, article):
        factor *= CONTEXT_AGAINST
    if gender(word) not in (None, article):
        factor *= CONTEXT_FOR
    return factor


def odds(
    word: str, reading: str, made: Sequence[Edit], pattern: DamagePattern, after: str, before: Sequence[str]
) -> float:
    """Odds that `word` (lower case) is a damaged `reading`, given the text's damage and the context.

    `after` is the rest of the sentence, `before` the words before it (lower case).
    """
    channel = 1.0
    for edit in made:
        channel *= pattern.rate(edit)
    if channel == 0.0:
        return 0.0
    own, theirs = _frequency(word), _frequency(reading)
    if before[-1:] and before[-1] in MODALS and word.endswith("s") and reading.endswith("s"):
        # a passive after a modal: the verbs compared, by their present tense («når», «nar»)
        own, theirs = _frequency(word[:-1] + "r") or own, _frequency(reading[:-1] + "r") or theirs
    context = _agreement(word, reading, before)
    if reading in CORRELATIVES:
        following = WORD.findall(_SENTENCE_END.split(after, maxsplit=1)[0].lower())[:CORRELATIVE_REACH]
        context *= CONTEXT_FOR if CORRELATIVES[reading] in following else CONTEXT_AGAINST
    return theirs / own * channel * context if own else 0.0


def _rechosen(
    lines: Sequence[str], changes: Sequence[Change], pattern: DamagePattern
) -> tuple[list[str], list[Change]]:
    """The repairs of damaged words with the reading the text's own damage makes likeliest.

    Word by word, «arlig» became the more common «ærlig»; a text that reads å
    as «a» and never æ so means «årlig». Each reading weighs its frequency by
    the rate of its edits, an edit this text never showed counting as UNSEEN.
    """
    lines = list(lines)
    chosen: list[Change] = []
    for change in changes:
        options = [
            (_frequency(reading) * math.prod(max(pattern.rate(edit), UNSEEN) for edit in edits), reading)
            for reading, edits in readings(change.before.lower()).items()
            if zipf(reading) > 0
        ]
        best = with_case(change.before, max(options)[1]) if options else change.after
        if best != change.after:
            pattern_of = re.compile(rf"(?<!\w){re.escape(change.after)}(?!\w)")
            lines[change.line - 1] = pattern_of.sub(best, lines[change.line - 1], count=1)
            change = Change(change.line, change.before, best)
        chosen.append(change)
    return lines, chosen


def repair_real_words(
    lines: Sequence[str], changes: Sequence[Change], flags: Sequence[Flag]
) -> tuple[list[str], list[Change], list[Flag]]:
    """The lines with their real-word errors repaired, all repairs, and the flags left.

    `lines` are the lines after the non-word repairs `changes`, which are
    chosen again with the text's damage pattern in view; `flags` are those
    repairs' flags, of which those of real words are replaced by this judgement.
    """
    pattern = DamagePattern.of(lines, changes)
    lines, changes = _rechosen(lines, changes, pattern)
    repaired: list[str] = []
    made: list[Change] = list(changes)
    flagged: list[Flag] = []
    for number, line in enumerate(lines, start=1):
        following = " ".join(lines[number : number + 2])
        previous = WORD.findall(lines[number - 2])[-2:] if number > 1 else []

        def decide(
            match: re.Match[str],
            line: str = line,
            number: int = number,
            following: str = following,
            previous: list[str] = previous,
        ) -> str:
            word = match.group()
            before = [one.lower() for one in [*previous, *WORD.findall(line[: match.start()])][-2:]]
            lower = word.lower()
            if not is_word(lower):
                return word
            after = line[match.end() :] + " " + following
            best = max(
                (
                    (odds(lower, reading, edits, pattern, after, before), reading)
                    for reading, edits in readings(lower).items()
                    if zipf(reading) > 0
                ),
                default=(0.0, ""),
            )
            if best[0] >= NEAR_CERTAIN:
                made.append(Change(number, word, with_case(word, best[1])))
                return with_case(word, best[1])
            if best[0] >= 1.0:
                flagged.append(Flag(number, word, (with_case(word, best[1]),)))
            return word

        repaired.append(WORD.sub(decide, line))
    made.sort(key=lambda change: change.line)
    # A real word is judged here, with the whole text in view: the flags of the word-by-word pass
    # stand for damaged words only.
    kept = [flag for flag in flags if not is_word(flag.word.lower())]
    return repaired, made, sorted([*kept, *flagged], key=lambda flag: flag.line)
