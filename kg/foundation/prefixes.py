"""The prefixes a person may write instead of a full IRI: the usual ones and those of the data files.

A steward who writes `osr:innsatsomrade-1` in data/ expects to give the same
name to `kg query --param` and the API. The files' `@prefix` / `PREFIX` lines
are read as text (no parse: a million-triple file is not read twice for them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kg.foundation.namespaces import PREFIXES
from kg.foundation.settings import Settings
from kg.foundation.sources import discover

_DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*|):\s*<([^<>\s]*)>", re.MULTILINE)


def declared_prefixes(paths: Iterable[Path]) -> dict[str, str]:
    """Prefix -> namespace as the files declare them (the first declaration wins)."""
    found: dict[str, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # validation reports unreadable files
        for prefix, namespace in _DECLARATION.findall(text):
            if prefix:
                found.setdefault(prefix, namespace)
    return found


def known_prefixes(settings: Settings) -> dict[str, str]:
    """The usual prefixes (sgo, skos, dcterms, ...), `id:` for the resources, then the data files'."""
    known = {**PREFIXES, "id": settings.resource_base}
    for prefix, namespace in declared_prefixes(discover(settings).data).items():
        known.setdefault(prefix, namespace)
    return known
