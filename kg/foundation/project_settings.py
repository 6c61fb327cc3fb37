"""The settings of a project folder: its strategigraf.toml, with the options a user gave over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.foundation.config import CONFIG_FILE, defaults, load_config
from kg.foundation.settings import Settings


def project_settings(project_dir: Path, **overrides: Any) -> Settings:
    """Settings of the project in `project_dir`, from its strategigraf.toml (if any) and `overrides`.

    An override of None keeps the file's value: the CLI passes options the user did not give as None.
    """
    path = project_dir / CONFIG_FILE
    config = load_config(path) if path.is_file() else defaults()
    values: dict[str, Any] = {
        "project_dir": project_dir.resolve(),
        "config": config,
        "base_iri": config.get("project.base-iri"),
        "public_url": config.get("server.public-url") or None,
    }
    values.update({key: value for key, value in overrides.items() if value is not None})
    return Settings(**values)
