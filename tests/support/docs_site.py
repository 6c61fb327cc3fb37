"""Building the documentation site as `make docs` does, into a folder of the test's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.shared import PROJECT_DIR

CONFIG = PROJECT_DIR / "mkdocs.yml"


def build_site(destination: Path, config: Path = CONFIG) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `config` into `destination`, run from the repository (where the
    pages' included files are); the finished process, for its exit code and messages. Not
    --quiet: it hides the warnings --strict counts, and a broken link would pass."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(destination)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
