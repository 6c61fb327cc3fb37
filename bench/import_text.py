"""How accurately `kg import-text` imports the seed, against the data file a person made by hand.

    .venv/bin/python bench/import_text.py [--seed ../shared/seeds/000_bad88d70322fed8d.txt]

Imports the OCR scan of Osloregionen's strategy (from the project's sources
folder, ../shared/seeds/) as `kg import-text SEED --publisher Osloregionen --year 2017`
would, and compares the draft with data/osloregionen-2017.ttl:

1. elements found with the right parent, by kind (target: all of them);
2. Norwegian texts exactly equal after repair (target: all), and each that differs;
3. line ranges equal (target: all);
4. OCR repairs: precision (a repair is right when the hand-made text has the
   repaired word; target: no correct word changed) and recall (damage left:
   words where the draft and the hand-made text still differ).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kg.foundation.project_settings import project_settings
from kg.steward import house_order
from kg.textimport.accuracy import compare
from kg.textimport.importer import import_text
from tests.support.shared import PROJECT_DIR

SETTINGS = project_settings(PROJECT_DIR)
REFERENCE = SETTINGS.data_dir / "osloregionen-2017.ttl"
SEED = SETTINGS.sources_dir / "000_bad88d70322fed8d.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    started = time.perf_counter()
    result = import_text(
        args.seed,
        SETTINGS.base_iri,
        publisher="Osloregionen",
        year="2017",
        predicate_order=house_order(SETTINGS),
    )
    seconds = time.perf_counter() - started
    draft = [quad.triple for quad in ox.parse(result.turtle, format=ox.RdfFormat.TURTLE)]
    reference = [quad.triple for quad in ox.parse(path=REFERENCE)]
    accuracy = compare(draft, reference, result.changes)

    console = Console(width=120)
    table = Table(title=f"kg import-text {args.seed.name} against {REFERENCE.name} ({seconds:.2f} s)")
    for column in ("measure", "draft right", "hand-made", "target", "met"):
        table.add_column(column)

    def row(measure: str, got: int, want: int, target: str) -> None:
        table.add_row(measure, str(got), str(want), target, "yes" if got == want else "NO")

    for kind, (found, expected) in accuracy.elements.items():
        row(f"{kind}: same IRI, type and parent", found, expected, "all")
    row("nb texts exactly equal", *accuracy.texts, "all")
    row("line ranges equal", *accuracy.lines, "all")
    row("elements naming the same actors", *accuracy.involves, "(proposals)")
    checked = accuracy.repairs_right + len(accuracy.repairs_wrong)
    row("repairs right (precision)", accuracy.repairs_right, checked, "all")
    found = accuracy.repairs_right + len(accuracy.damage_left)
    row("damage repaired (recall)", accuracy.repairs_right, found, "all")
    console.print(table)
    console.print(
        f"{accuracy.repairs} repairs; precision {accuracy.precision:.3f}, recall {accuracy.recall:.3f}; "
        f"{len(result.flags)} word(s) flagged and left as they are, {len(result.remarks)} remark(s)"
    )
    for what, items in (
        ("missing", accuracy.missing),
        ("extra", accuracy.extra),
        ("wrong parent", accuracy.wrong_parent),
    ):
        if items:
            console.print(f"{what}: {', '.join(items)}")
    for element, mine, theirs in accuracy.texts_differ:
        console.print(f"text differs, {element}:\n  draft:     {mine}\n  hand-made: {theirs}")
    for element, mine, theirs in accuracy.involves_differ:
        console.print(f"actors differ, {element}: draft [{mine}], hand-made [{theirs}]")
    for element, mine, theirs in accuracy.lines_differ:
        console.print(f"lines differ, {element}: draft {mine}, hand-made {theirs}")
    for change in accuracy.repairs_wrong:
        console.print(f"wrong repair, line {change.line}: «{change.before}» → «{change.after}»")
    for change in accuracy.repairs_unchecked:
        console.print(
            f"repair in no text of the hand-made file (a heading), line {change.line}: "
            f"«{change.before}» → «{change.after}»"
        )
    for element, mine, theirs in accuracy.damage_left:
        flagged = [flag for flag in result.flags if flag.word == mine]
        why = " (a Norwegian word: left as it is and flagged)" if flagged else ""
        console.print(f"damage left, {element}: «{mine}» where the hand-made text has «{theirs}»{why}")


if __name__ == "__main__":
    main()
