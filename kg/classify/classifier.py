"""Scoring concepts for an element's text: which terms its words match, and how sure that makes us.

One match gives its term's weight (kg/classify/terms.py); a match in the parent's text half of it.
A concept's score is the chance that at least one of its matches is right, taking them as
independent (1 - the product of 1 - weight): two weak matches make a stronger one, and the score
stays below 1. A word counts once for a concept, with its best term. A sub-theme's or target's
matches count for its theme or goal too (at 0.9). Of a concept and those above it, the one with
the higher score is proposed, the more specific when they are equal: proposing «SDG 11.2» says
«SDG 11». A proposal needs a match in the element's own text; the parent's only adds to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.classify.terms import TermIndex, term_index, word_matches
from kg.classify.words import STOP_WORDS, words
from kg.subjects.vocabularies import Vocabularies, vocabularies

#: What a match in the parent's text is worth against one in the element's own.
PARENT_FACTOR = 0.5
#: What a sub-theme's or target's score is worth for its theme or goal.
BROADER_FACTOR = 0.9
MIN_SCORE = 0.5
#: Proposals per vocabulary (Los, SDG) and element, at most.
PER_SCHEME = 3
#: What a level deeper in a vocabulary (a sub-theme, a target) adds when choosing among a concept
#: and those above it.
SPECIFIC = 0.1


@dataclass(frozen=True)
class Element:
    """A focus area or activity to classify: its Norwegian text and its parent's."""

    iri: str
    text: str
    parent_text: str = ""
    #: Concepts already decided on for it (subjects, rejections) or proposed: not proposed again.
    known: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """A word of the text (as written, lower case), the term it matched and what the match is worth."""

    word: str
    term: str
    source: str
    in_parent: bool = False
    #: The concept the term is of (for a theme or goal, maybe one below it), and the match's weight.
    concept: str = field(default="", compare=False)
    weight: float = field(default=0.0, compare=False)

    def describe(self) -> str:
        where = ", in the parent" if self.in_parent else ""
        term = "" if self.term == self.word else f" ~ {self.term}"
        return f"«{self.word}»{term} ({self.source}{where})"


@dataclass(frozen=True)
class Proposal:
    element: str
    subject: str
    score: float
    matches: tuple[Match, ...] = field(default=())

    @property
    def reason(self) -> str:
        """The words that matched, strongest evidence first."""
        return "; ".join(match.describe() for match in self.matches)


def classify(
    elements: Iterable[Element],
    *,
    min_score: float = MIN_SCORE,
    per_scheme: int = PER_SCHEME,
    index: TermIndex | None = None,
    known: Vocabularies | None = None,
) -> list[Proposal]:
    """Proposals for every element, in the elements' order, each element's best first."""
    index = index or term_index()
    known = known or vocabularies()
    proposals = []
    for element in elements:
        scores = _scores(element, index, known, min_score)
        candidates = [
            p
            for p in scores.values()
            if p.score >= min_score
            and p.subject not in element.known
            and any(not m.in_parent for m in p.matches)
        ]
        # by what the concept's own terms say, a level deeper counting SPECIFIC more; one of a
        # concept and those above it: «Næringsutvikling» rather than «Næring», 11.3 rather than 11
        candidates.sort(key=lambda p: (-_own(p) - SPECIFIC * len(known.ancestors(p.subject)), p.subject))
        for scheme in ("los", "sdg"):
            picked: list[Proposal] = []
            # what the element has (subjects, proposals, rejections) takes its line as a pick does
            taken = [c for c in element.known if c in known.concepts]
            for proposal in (p for p in candidates if known.concepts[p.subject].scheme == scheme):
                line = set(known.ancestors(proposal.subject))
                if len(picked) < per_scheme and not any(
                    other in line or proposal.subject in known.ancestors(other)
                    for other in [*taken, *(p.subject for p in picked)]
                ):
                    picked.append(proposal)
            proposals += sorted(picked, key=lambda p: -p.score)
    return proposals


def _own(proposal: Proposal) -> float:
    """The score of a concept's own matches, without those of the concepts below it."""
    return _chance(m.weight for m in proposal.matches if m.concept == proposal.subject)


def _scores(element: Element, index: TermIndex, known: Vocabularies, min_score: float) -> dict[str, Proposal]:
    """The concepts the element's words speak of, scoring at least `min_score`."""
    # concept -> word of the text (in the element's or in the parent's) -> its best match there
    best: dict[str, dict[str, tuple[float, Match]]] = defaultdict(dict)

    def keep(concept: str, key: str, weight: float, match: Match) -> None:
        if weight > best[concept].get(key, (0.0, match))[0]:
            best[concept][key] = (weight, match)

    for text, factor, in_parent in ((element.text, 1.0, False), (element.parent_text, PARENT_FACTOR, True)):
        for weight, concept, match in _matches(words(text), index):
            here = Match(match.word, match.term, match.source, in_parent, concept, weight * factor)
            keep(concept, ("parent " if in_parent else "") + match.word, weight * factor, here)
    for concept, found in list(best.items()):  # a sub-theme or target speaks for its theme or goal
        for broader in known.ancestors(concept)[1:]:
            for key, (weight, match) in found.items():
                keep(broader, key, weight * BROADER_FACTOR, match)
    return {
        concept: _combined(element.iri, concept, found.values())
        for concept, found in best.items()
        if _chance(w for w, _ in found.values()) >= min_score
    }


def _matches(text: Sequence[str], index: TermIndex) -> Iterable[tuple[float, str, Match]]:
    for position, word in enumerate(text):
        if word in STOP_WORDS:
            continue
        for term in index.starting_at(word):
            following = text[position + 1 : position + len(term.words)]
            if len(following) == len(term.words) - 1 and all(
                word_matches(expected, actual)
                for expected, actual in zip(term.words[1:], following, strict=True)
            ):
                written = " ".join(text[position : position + len(term.words)])
                yield term.weight, term.concept, Match(written, " ".join(term.words), term.source)


def _combined(element: str, concept: str, found: Iterable[tuple[float, Match]]) -> Proposal:
    ordered = sorted(found, key=lambda pair: (-pair[0], pair[1].word))
    return Proposal(element, concept, round(_chance(w for w, _ in ordered), 2), tuple(m for _, m in ordered))


def _chance(weights: Iterable[float]) -> float:
    """That at least one of independent matches of these weights is right."""
    doubt = 1.0
    for weight in weights:
        doubt *= 1 - weight
    return 1 - doubt
