"""Where the shared material (seeds, standards, conformance) is: KG_SHARED_DIR, default ../shared."""

from __future__ import annotations

import os
from pathlib import Path

#: This repository: kg's example project and the home of its vocabulary.
PROJECT_DIR = Path(__file__).resolve().parents[2]


def shared_dir_path() -> Path:
    """Also for test modules that read shared files while they are collected (parametrization)."""
    return Path(os.environ.get("KG_SHARED_DIR", PROJECT_DIR.parent / "shared"))


def write_project_file(root: Path, vocabulary: str = ".") -> Path:
    """A strategigraf.toml for a test's copy of the repository: its own vocabulary, the shared seeds."""
    root.mkdir(parents=True, exist_ok=True)
    sources = (shared_dir_path() / "seeds").resolve()
    (root / "strategigraf.toml").write_text(
        f'[project]\nvocabulary = "{vocabulary}"\nsources = "{sources}"\n', encoding="utf-8"
    )
    return root
