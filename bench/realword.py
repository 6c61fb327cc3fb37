"""Precision and recall of the OCR repair against keys written by hand, real-word errors apart.

    .venv/bin/python -m bench.realword

The texts and keys are tests/fixtures/realword/ (every damaged word, the word
meant, whether the damaged form is a listed word). Beside the importer, in
the same run: the word-by-word repair alone (kg.textimport.repair, which
leaves every real word), the baseline this measures the whole-text
judgement against. Precision: repairs that are right / repairs made.
Recall: damaged words repaired / damaged words. Flagged: damaged words left
but shown to the steward; silent: left and not shown.
"""

from __future__ import annotations

import json
from collections import Counter

from rich.console import Console
from rich.table import Table

from kg.textimport.importer import repair_text
from kg.textimport.repair import Change, Flag, repair_line
from tests.support.shared import PROJECT_DIR

FOLDER = PROJECT_DIR / "tests" / "fixtures" / "realword"


def _word_by_word(lines: list[str]) -> tuple[list[Change], list[Flag]]:
    changes: list[Change] = []
    flags: list[Flag] = []
    for number, line in enumerate(lines, start=1):
        _, changed, flagged = repair_line(line, number)
        changes += changed
        flags += flagged
    return changes, flags


def main() -> None:
    keys = json.loads((FOLDER / "keys.json").read_text(encoding="utf-8"))["texts"]
    table = Table(title="OCR repair against keys written by hand")
    for column in (
        "text",
        "words",
        "repair",
        "damaged (real)",
        "made",
        "right",
        "flagged",
        "silent",
        "precision",
        "recall",
        "real-word recall",
    ):
        table.add_column(column)
    totals: dict[str, Counter[str]] = {}
    for name, key in sorted(keys.items()):
        lines = (FOLDER / name).read_text(encoding="utf-8").split("\n")[:-1]
        words = sum(len(line.split()) for line in lines)
        damage = Counter((line, written, meant) for line, written, meant, _ in key["damage"])
        real = Counter((line, written, meant) for line, written, meant, is_real in key["damage"] if is_real)
        _, whole_changes, whole_flags = repair_text(lines)
        for method, (changes, flags) in (
            ("word by word", _word_by_word(lines)),
            ("kg (whole text)", (whole_changes, whole_flags)),
        ):
            made = Counter((change.line, change.before, change.after) for change in changes)
            right = made & damage
            flagged_at = {(flag.line, flag.word) for flag in flags}
            left = damage - made
            flagged = sum(n for (line, written, _), n in left.items() if (line, written) in flagged_at)
            count = Counter(
                damaged=sum(damage.values()),
                real=sum(real.values()),
                made=sum(made.values()),
                right=sum(right.values()),
                real_right=sum((made & real).values()),
                flagged=flagged,
                silent=sum(left.values()) - flagged,
            )
            totals.setdefault(method, Counter()).update(count)
            table.add_row(name, str(words), method, *_cells(count))
    for method, count in totals.items():
        table.add_row("all", "", method, *_cells(count))
    Console(width=160).print(table)


def _cells(count: Counter[str]) -> list[str]:
    precision = count["right"] / count["made"] if count["made"] else 1.0
    return [
        f"{count['damaged']} ({count['real']})",
        str(count["made"]),
        str(count["right"]),
        str(count["flagged"]),
        str(count["silent"]),
        f"{precision:.3f}",
        f"{count['right'] / count['damaged']:.3f}",
        f"{count['real_right'] / count['real']:.3f}" if count["real"] else "-",
    ]


if __name__ == "__main__":
    main()
