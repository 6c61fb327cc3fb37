"""`kg push` stopped at a step: `python -m tests.support.push_runner STEP [N] -- KG_PUSH_ARGS`.

Runs the real `kg push` command (its options, validation, output and exit
codes) with one difference: the store it opens tells every step of the push
(`kg.store.base.StepHook`) to this runner, which writes `kg: step NAME` on
standard error, and at the N-th time STEP is reached (N defaults to 1)
writes `kg: paused at NAME` and waits to be killed. STEP `-` pauses nowhere:
the run lists the steps. This is how the crash tests stop a push at an exact
instant without a test hook in kg itself.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from kg.cli import main
from kg.cli.store_options import StoreChoice
from kg.store import Store

PAUSED = "kg: paused at "
STEP = "kg: step "


def run(pause_at: str, occurrence: int, args: list[str]) -> None:
    seen: dict[str, int] = {}

    def reached(step: str) -> None:
        seen[step] = seen.get(step, 0) + 1
        sys.stderr.write(f"{STEP}{step}\n")
        if step == pause_at and seen[step] == occurrence:
            sys.stderr.write(f"{PAUSED}{step}\n")
            sys.stderr.flush()
            while True:
                signal.pause()

    opening = StoreChoice.open

    def open_with_steps(self: StoreChoice, *positional: Any, **named: Any) -> Store:
        return opening(self, *positional, **named, on_step=reached)

    StoreChoice.open = open_with_steps  # type: ignore[method-assign]
    main(["push", *args])


if __name__ == "__main__":
    dashes = sys.argv.index("--")
    pause, *count = sys.argv[1:dashes]
    run(pause, int(count[0]) if count else 1, sys.argv[dashes + 1 :])
