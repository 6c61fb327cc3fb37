"""The focus areas and activities of data files, as the classifier reads them.

An element is what the data says is a focus area or an activity (theme, means): typed so, or
linked to its parent by a part-of link (`sgo:focusAreaOf`, `sgo:activityOf`, `sgo:themeOf`,
`sgo:meansOf`, `sgo:subActivityOf`); a draft may lack either. Its text is its Norwegian name and
description; its parent's text is the parent element's name (a plan's title says too little).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.classify.classifier import Element
from kg.foundation.namespaces import DCTERMS, RDF, SGO, SKOS
from kg.foundation.rdf_files import QuadSource

PARENT_LINKS = frozenset(
    SGO + name for name in ("focusAreaOf", "activityOf", "themeOf", "meansOf", "subActivityOf")
)
ELEMENT_TYPES = frozenset(SGO + name for name in ("FocusArea", "Activity", "Theme", "Means"))
TEXTS = (SKOS + "prefLabel", DCTERMS + "description")
#: What a steward or kg classify has said of an element's subjects already.
DECISIONS = frozenset([DCTERMS + "subject", SGO + "proposedSubject", SGO + "rejectedSubject"])


@dataclass(frozen=True)
class FileElement:
    """An element, and the file it is described in (where proposals are written)."""

    element: Element
    path: Path


def read_elements(files: Sequence[QuadSource]) -> list[FileElement]:
    """Every element of the files, in the order the files describe them."""
    texts: dict[str, list[str]] = {}
    parents: dict[str, str] = {}
    decided: dict[str, set[str]] = {}
    where: dict[str, Path] = {}
    for parsed in files:
        for quad in parsed.quads:
            subject, prop, value = quad.subject, quad.predicate.value, quad.object
            if not isinstance(subject, ox.NamedNode):
                continue
            iri = subject.value
            is_element = prop in PARENT_LINKS or (prop == RDF + "type" and str(value)[1:-1] in ELEMENT_TYPES)
            if is_element:
                where.setdefault(iri, parsed.path)
            if prop in PARENT_LINKS and isinstance(value, ox.NamedNode):
                parents[iri] = value.value
            elif prop in TEXTS and isinstance(value, ox.Literal) and value.language == "nb":
                texts.setdefault(iri, []).append(value.value)
            elif prop in DECISIONS and isinstance(value, ox.NamedNode):
                decided.setdefault(iri, set()).add(value.value)
    return [
        FileElement(
            Element(
                iri,
                " ".join(texts.get(iri, [])),
                " ".join(texts.get(parents[iri], [])) if parents.get(iri) in where else "",
                frozenset(decided.get(iri, ())),
            ),
            path,
        )
        for iri, path in where.items()
    ]
