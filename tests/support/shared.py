"""Where the shared material (seeds, standards, conformance) is: KG_SHARED_DIR, default ../shared."""

from __future__ import annotations

import os
from pathlib import Path

from kg.settings import PROJECT_DIR


def shared_dir_path() -> Path:
    """Also for test modules that read shared files while they are collected (parametrization)."""
    return Path(os.environ.get("KG_SHARED_DIR", PROJECT_DIR.parent / "shared"))
