"""OCR errors that are real words, repaired from the text's own damage and the context.

The texts (fixtures/realword/) were written for these tests with the damage
a scanner makes, and their keys by hand: every damaged word and the word
meant, and the real words meant as written, which must stay.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
import rdflib
from rdflib import Literal

from kg.textimport.importer import repair_text
from kg.textimport.realword import DamagePattern, gender
from kg.textimport.repair import WORD, Change, repair_line
from tests.support.project import DATA_FILE
from tests.support.shared import PROJECT_DIR

FOLDER = PROJECT_DIR / "tests" / "fixtures" / "realword"
KEYS = json.loads((FOLDER / "keys.json").read_text(encoding="utf-8"))["texts"]


def _lines(name: str) -> list[str]:
    return (FOLDER / name).read_text(encoding="utf-8").split("\n")[:-1]


@pytest.mark.parametrize("name", sorted(KEYS))
def test_no_correct_word_is_changed_and_no_damage_is_left_unsaid(name: str) -> None:
    key = KEYS[name]
    _, changes, flags = repair_text(_lines(name))
    damage = Counter((line, written, meant) for line, written, meant, _ in key["damage"])
    made = Counter((change.line, change.before, change.after) for change in changes)
    assert made - damage == Counter()  # every change is one the key has: precision 1
    flagged = {(flag.line, flag.word) for flag in flags}
    left = [(line, written) for line, written, _ in damage - made]
    assert all(word in flagged for word in left), (left, flagged)  # what is not repaired is flagged
    for line, word in key["correct"]:
        assert not any(change.line == line and change.before == word for change in changes)


def test_the_real_words_the_issue_names_are_repaired_where_the_text_reads_a_for_aa() -> None:
    repaired, changes, flags = repair_text(_lines("havbyen.txt"))
    real = {(c.line, c.before, c.after) for c in changes}
    assert {(3, "bade", "både"), (6, "bade", "både"), (5, "nas", "nås"), (10, "mal", "mål")} <= real
    # «målene» is only 25 times as common as «malene» (painted): not near certain, flagged
    assert repaired[4] == "Malene skal nås gjennom et tett samarbeid med næringslivet."
    assert (5, "Malene") in {(flag.line, flag.word) for flag in flags}
    # «bade» with no «og» after it is to bathe; «en enkel mal» is a template (mål is neuter)
    assert repaired[7] == "Om sommeren skal alle kunne bade i sjøen."
    assert repaired[8] == "Kommunen lager en enkel mal for søknader om tilskudd."


def test_a_text_that_keeps_its_aa_keeps_its_bade() -> None:
    """«både» is in the text and no å is damaged: «bade og leke» is to bathe, not even flagged."""
    repaired, changes, flags = repair_text(_lines("fjordlandet.txt"))
    assert repaired[3] == "Barna skal bade og leke trygt i fjorden om sommeren."
    assert not any(flag.line == 4 for flag in flags)
    assert DamagePattern.of(_lines("fjordlandet.txt"), changes).rate(("a", "å")) == 0.0


def test_a_damaged_word_is_read_as_the_text_s_own_damage_suggests() -> None:
    """«arlig»: «ærlig» is more common than «årlig», but this text reads å as «a», never æ."""
    repaired, changes, _ = repair_text(_lines("lillevik.txt"))
    assert Change(8, "arlig", "årlig") in changes
    assert repaired[7].startswith("Planen skal rulleres årlig,")
    assert repair_line("arlig", 1)[0] == "ærlig"  # word by word, the more common reading


def test_the_damage_pattern_is_counted_from_the_text() -> None:
    lines = _lines("havbyen.txt")
    first_pass = [change for change in repair_text(lines)[1] if change.before in {"a", "pa", "vaere"}]
    pattern = DamagePattern.of(lines, first_pass)
    # «a» for «å» four times (three «a», one «pa»), no intact å: 4 / (4 + 0 + 1)
    assert pattern.rate(("a", "å")) == pytest.approx(0.8)
    assert pattern.rate(("ae", "æ")) == 0.0  # seen once only: not counted


def test_a_noun_s_gender_is_read_off_its_definite_forms() -> None:
    assert (gender("mål"), gender("båt"), gender("år")) == ("neuter", "common", "neuter")


def test_the_repository_s_own_norwegian_is_left_as_it_is() -> None:
    """Every Norwegian text of data/, the ontology and the shapes, repaired as one text: no change."""
    graph = rdflib.Graph()
    for path in (DATA_FILE, "ontology/strategigraf.ttl", "shapes/strategigraf-shapes.ttl"):
        graph.parse(PROJECT_DIR / path)
    lines = sorted(
        str(text)
        for _, _, text in graph
        if isinstance(text, Literal) and text.language == "nb" and "@" not in str(text)
    )
    assert sum(len(WORD.findall(line)) for line in lines) > 2000
    repaired, changes, _ = repair_text(lines)
    assert changes == []
    assert repaired == lines


def test_fixtures_are_where_the_keys_say() -> None:
    assert sorted(path.name for path in FOLDER.glob("*.txt")) == sorted(KEYS)
