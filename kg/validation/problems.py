"""A finding of validation, in the terms a steward edits: the shapes' and the checks beside them."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from kg.validation.locate import Location

#: How to find where a finding is, once the source index is built: IRIs to look up in order,
#: each as the place it is described (else first mentioned), or only first mentioned.
Where = tuple[tuple[str, bool], ...]


@dataclass
class Problem:
    """One thing wrong with the data, in the terms a steward edits."""

    severity: str
    focus: Node
    path: URIRef | PropertyPath | None
    value: Node | None
    messages: dict[str, str]
    shape: Node | None
    component: Node | None
    location: Location | None

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")

    @classmethod
    def found(
        cls,
        severity: str,
        focus: str,
        path: str,
        value: str | None,
        messages: dict[str, str],
        shape: str,
        location: Location | None,
    ) -> Problem:
        """A finding of a check beside the shapes, given as IRIs (the check needs no rdflib terms)."""
        return cls(
            severity=severity,
            focus=URIRef(focus),
            path=URIRef(path),
            value=URIRef(value) if value is not None else None,
            messages=messages,
            shape=URIRef(shape),
            component=None,
            location=location,
        )
