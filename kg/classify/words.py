"""Norwegian words as the classifier compares them: tokens, stems, and parts of compounds.

Norwegian writes compounds as one word («transportløsninger», «næringsklynger»,
«kollektivtransporten»), so a term matches a word when it is the word (or its stem, by the
Snowball stemmer for Norwegian), when it begins it (the compound's first part: «klima» in
«klimavennlige»), or when it ends it up to an inflection («helse» in «folkehelsen»).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-zæøåäöüéèêóòáà0-9]+")
_STEMMER = snowballstemmer.stemmer("norwegian")
#: Endings of inflection a word may have after a term it ends with (plural, definite, genitive).
INFLECTIONS = ("", "e", "a", "s", "n", "en", "er", "et", "ar", "ne", "ene", "ane", "ens", "ers", "ets", "ere")
#: The shortest term that counts as the first part of a compound, and as its last part.
MIN_FIRST_PART = 4
MIN_LAST_PART = 5
#: Words too common in strategies to say anything about a subject on their own.
_STOP = (
    "alle andre at av bade både bare ble blir bli da de dem den denne der dere det dette disse du eller "
    "en er et etter for fra før ha hadde har hele hennes her hos hva hvem hvor hvordan i ikke ingen inn "
    "innen innenfor jeg kan kun man med mellom men mer mest mot må ned noe noen nå når og om opp oss over "
    "på samt seg selv sin sine sitt skal skulle slik som så til under ut uten var ved vi vil være vært å "
    "økt økte arbeid arbeide arbeider bedre blant bidra bidrar felles følge følger fremme fremmer gjennom "
    "gode godt gjøre innsats knyttet mål målet nivå nye ny rundt sikre sikrer spesielt styrke styrker "
    "sterkere særlig tiltak utvikle utvikling utviklingen videre økende øke samarbeid samarbeide "
    "samarbeidet samordning samordne støtte behov behovet regional regionale regionalt kommunal "
    "kommunale nasjonal nasjonale nasjonalt internasjonal internasjonale internasjonalt lokal lokale "
    "region regionen strategi strategien strategier plan planen del deler delen dele gang ganger år året"
)
STOP_WORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """The words of a text, in lower case (NFC), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def first_parts(word: str) -> list[str]:
    """Every beginning of the word a compound could have as its first part."""
    return [word[:end] for end in range(MIN_FIRST_PART, len(word))]


@lru_cache(maxsize=65536)
def last_parts(word: str) -> tuple[str, ...]:
    """Every ending of the word a compound could have as its last part, with inflection removed."""
    found = []
    for start in range(2, len(word) - MIN_LAST_PART + 1):
        rest = word[start:]
        for ending in INFLECTIONS:
            if rest.endswith(ending) and len(rest) - len(ending) >= MIN_LAST_PART:
                found.append(rest[: len(rest) - len(ending)])
    return tuple(found)


def without_inflection(word: str) -> list[str]:
    """The word and what it is without each inflection it may carry («byene» → «by», «byen», ...)."""
    return [word[: len(word) - len(e)] for e in INFLECTIONS if word.endswith(e) and len(word) > len(e)]
