"""The terms that speak of each concept, with how much one match says, and their index.

Where the terms come from, and the weight of one match (kg/classify/classifier.py combines them):

| source | weight |
|---|---|
| the hand-written lexicon (`data/lexicon-nb.toml`) | 0.75 |
| a Los theme's Norwegian label, whole («trafikk og transport») | 0.9 |
| a word of it that no other theme's label has («transport») | 0.6 |
| a Los keyword's label and synonyms (for each of its themes) | 0.6 |
| a word of an SDG goal's Norwegian short name («fattigdom») | 0.5 |
| a word of an SDG goal's or target's Norwegian text, said of at most 3 concepts | 0.25 |

Words of the SDG texts that many goals share («bærekraftig», «tilgang») say nothing of one and are
left out; so are the STOP_WORDS of kg/classify/words.py everywhere.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from kg.classify.words import (
    STOP_WORDS,
    first_parts,
    last_parts,
    stem,
    without_inflection,
    words,
)
from kg.subjects.vocabularies import LOS_THEME, SDG, Vocabularies, vocabularies

LEXICON = Path(__file__).resolve().parent / "data" / "lexicon-nb.toml"
_PREFIXES = {"los": LOS_THEME, "sdg": SDG}
LEXICON_WEIGHT = 0.75
LABEL_WEIGHT = 0.9
LABEL_WORD_WEIGHT = 0.6
KEYWORD_WEIGHT = 0.6
GOAL_NAME_WEIGHT = 0.5
TEXT_WORD_WEIGHT = 0.25
#: A word of the SDG texts said of more concepts than this tells none of them apart.
TEXT_WORD_SPREAD = 3


@dataclass(frozen=True)
class Term:
    """Words that speak of a concept: where they come from, and what one match is worth."""

    words: tuple[str, ...]
    concept: str
    weight: float
    #: "lexicon", "Los theme", "Los keyword", "SDG goal", "SDG text".
    source: str
    #: Whether it matches as the last part of a compound too («helse» in «folkehelse»): only the
    #: lexicon's terms, chosen for it; a label's word there says little («politikk» in
    #: «næringspolitikk», «institusjoner» in «forskningsinstitusjoner»).
    as_last_part: bool = False


@dataclass
class TermIndex:
    """Terms by their first word, looked up by every form a word of a text can match."""

    by_word: dict[str, list[Term]]
    by_stem: dict[str, list[Term]]
    _seen: dict[str, list[Term]] = field(default_factory=dict)

    def starting_at(self, word: str) -> list[Term]:
        """Terms whose first word matches `word` (see `word_matches`); remembered per word."""
        known = self._seen.get(word)
        if known is None:
            found = [term for key in forms(word) for term in self.by_word.get(key, ())]
            found += [
                term for key in last_parts(word) for term in self.by_word.get(key, ()) if term.as_last_part
            ]
            found += self.by_stem.get(stem(word), [])
            known = self._seen[word] = list({id(term): term for term in found}.values())
        return known


@lru_cache(maxsize=65536)
def forms(word: str) -> frozenset[str]:
    """What a term's word may be to match `word`: the word, without an inflection, or its first part."""
    return frozenset([word, *without_inflection(word), *first_parts(word)])


def word_matches(term_word: str, word: str) -> bool:
    """Whether a later word of a term matches a word of the text (the first: `starting_at`)."""
    return term_word in forms(word) or term_word in last_parts(word) or stem(term_word) == stem(word)


@cache
def term_index() -> TermIndex:
    """The index of every term, built once (about 0.1 s)."""
    return index_terms(all_terms(vocabularies()))


def index_terms(terms: list[Term]) -> TermIndex:
    by_word: dict[str, list[Term]] = defaultdict(list)
    by_stem: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_word[term.words[0]].append(term)
        by_stem[stem(term.words[0])].append(term)
    return TermIndex(dict(by_word), dict(by_stem))


def all_terms(known: Vocabularies) -> list[Term]:
    terms = lexicon_terms(known)
    spread: dict[str, set[str]] = defaultdict(set)
    themes = [c for c in known.concepts.values() if c.scheme == "los"]
    label_words: dict[str, set[str]] = defaultdict(set)
    for theme in themes:
        label = theme.labels.get("nb", "")
        if any(w not in STOP_WORDS for w in words(label)):
            terms.append(Term(tuple(words(label)), theme.iri, LABEL_WEIGHT, "Los theme"))
        for word in _content(label):
            label_words[word].add(theme.iri)
    # a word of one theme's label only («transport»; not «klima», which two share)
    terms += [
        Term((word,), iri, LABEL_WORD_WEIGHT, "Los theme")
        for word, iris in label_words.items()
        if len(iris) == 1
        for iri in iris
    ]
    for concept in known.concepts.values():
        if concept.scheme != "sdg":
            continue
        if concept.short.get("nb") and "." not in concept.notation:
            name = concept.short["nb"]
            terms += [Term((w,), concept.iri, GOAL_NAME_WEIGHT, "SDG goal") for w in _content(name)]
        for word in _content(concept.labels.get("nb", "")):
            spread[word].add(concept.iri)
    for keyword in known.keywords.values():
        for text in keyword.words:
            terms += [Term(tuple(words(text)), iri, KEYWORD_WEIGHT, "Los keyword") for iri in keyword.themes]
    for word, iris in spread.items():
        if len(iris) <= TEXT_WORD_SPREAD:
            terms += [Term((word,), iri, TEXT_WORD_WEIGHT, "SDG text") for iri in iris]
    return [term for term in terms if term.words]


def lexicon_terms(known: Vocabularies, path: Path = LEXICON) -> list[Term]:
    """The hand-written lexicon's terms; a concept it names that is not shipped is an error."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))["terms"]
    terms = []
    for name, texts in table.items():
        prefix, _, local = name.partition(":")
        iri = _PREFIXES[prefix] + local
        if not known.is_subject(iri):
            raise ValueError(f"{path.name}: {name} is not a concept of the shipped vocabularies")
        terms += [
            Term(tuple(words(text)), iri, LEXICON_WEIGHT, "lexicon", as_last_part=True) for text in texts
        ]
    return terms


def _content(text: str) -> list[str]:
    """The words of a text that can say what it is about: not stop words, not short."""
    kept = (w for w in words(text) if w not in STOP_WORDS and len(w) >= 4 and not w.isdigit())
    return list(dict.fromkeys(kept))
