"""The organisations a project's files describe: IRI, Norwegian name, and the file that says so.

Read for two jobs that must agree on what an organisation is: `kg validate` warns about two
organisations of one name (kg.validation.organisations), and `kg import-text` gives an
organisation the project knows already its IRI instead of minting a new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import ORG, RDF, RDFS, SKOS
from kg.foundation.rdf_files import QuadSource


@dataclass(frozen=True)
class Organisation:
    """An organisation (org:Organization or a subclass) with its Norwegian name."""

    iri: str
    name: str
    #: The files that describe it (state something about it).
    files: frozenset[Path]


def subclasses(ontology: Iterable[QuadSource], top: str) -> set[str]:
    """`top` and every class the ontology makes a subclass of it (directly or not)."""
    below: dict[str, set[str]] = defaultdict(set)
    for parsed in ontology:
        for quad in parsed.quads:
            subject, obj = quad.subject, quad.object
            is_link = quad.predicate.value == RDFS + "subClassOf"
            if is_link and isinstance(obj, ox.NamedNode) and isinstance(subject, ox.NamedNode):
                below[obj.value].add(subject.value)
    found, todo = {top}, [top]
    while todo:
        for sub in below[todo.pop()] - found:
            found.add(sub)
            todo.append(sub)
    return found


def organisations(ontology: Sequence[QuadSource], data: Sequence[QuadSource]) -> list[Organisation]:
    """Every organisation the data types as one and names in Norwegian, by IRI."""
    classes = subclasses(ontology, ORG + "Organization")
    described: dict[str, set[Path]] = defaultdict(set)
    typed: set[str] = set()
    names: dict[str, str] = {}
    for parsed in data:
        for quad in parsed.quads:
            subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
            if not isinstance(subject, ox.NamedNode):
                continue
            described[subject.value].add(parsed.path)
            if predicate == RDF + "type" and isinstance(obj, ox.NamedNode) and obj.value in classes:
                typed.add(subject.value)
            elif predicate == SKOS + "prefLabel" and isinstance(obj, ox.Literal) and obj.language == "nb":
                names.setdefault(subject.value, obj.value)
    return [
        Organisation(iri, names[iri], frozenset(described[iri])) for iri in sorted(typed & names.keys())
    ]
