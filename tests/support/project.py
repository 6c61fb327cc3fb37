"""A copy of the repository's graph in a temporary folder, to break on purpose.

Tests edit the copy's Turtle text the way a data steward would and run the
real `kg` command (or the kg.validation.shacl API) on it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR, write_project_file

DATA_FILE = "data/osloregionen-2017.ttl"
ONTOLOGY_FILE = "ontology/strategigraf.ttl"


@dataclass(frozen=True)
class Project:
    root: Path

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace `old`, which must occur exactly once, by `new`."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, pattern: str) -> int:
        """Number (from 1) of the only line of the file matching the regular expression."""
        lines = self.path(relative).read_text(encoding="utf-8").splitlines()
        found = [number for number, line in enumerate(lines, start=1) if re.search(pattern, line)]
        assert len(found) == 1, f"{pattern!r} matches lines {found} of {relative}"
        return found[0]

    def block_line(self, relative: str, name: str) -> int:
        """The line where the description of `name` (as written in the file) starts."""
        return self.line_of(relative, rf"^{re.escape(name)}\s")

    def kg(self, command: str, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run the real `kg COMMAND` on this project, in its folder (PATH replaced when given)."""
        env = dict(os.environ)
        if path is not None:
            env["PATH"] = path
        return subprocess.run(
            [*kg_command(), command, "--project-dir", str(self.root), *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def copy_project(target: Path) -> Project:
    """The repository's ontology/, shapes/ and data/ copied under `target`."""
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(PROJECT_DIR / folder, target / folder)
    return Project(write_project_file(target))
