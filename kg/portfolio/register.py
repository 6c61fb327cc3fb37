"""What a project's files describe that several plans share: organisations and referenced documents.

Read for two jobs that must agree on them: `kg validate` warns about two organisations of one
name and about a resource described in two files (kg.validation.shared), and
`kg import-text` links an organisation or a referenced document the project describes already
instead of describing it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import ORG, RDF, RDFS, SGO, SKOS
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
    return [Organisation(iri, names[iri], frozenset(described[iri])) for iri in sorted(typed & names.keys())]


def described_in(
    data: Sequence[QuadSource], predicate: str, value: str | None = None
) -> dict[str, frozenset[Path]]:
    """The files that state `predicate` (with the IRI `value`, when given) about each IRI: where
    each resource cites its source text, where each strategy document is typed one."""
    found: dict[str, set[Path]] = defaultdict(set)
    wanted = ox.NamedNode(value) if value is not None else None
    for parsed in data:
        for quad in parsed.quads:
            if quad.predicate.value != predicate or not isinstance(quad.subject, ox.NamedNode):
                continue
            if wanted is None or quad.object == wanted:
                found[quad.subject.value].add(parsed.path)
    return {iri: frozenset(files) for iri, files in found.items()}


def documents(data: Sequence[QuadSource]) -> dict[str, frozenset[Path]]:
    """The strategy documents (not plans) the data describe, with the files that describe them."""
    return described_in(data, RDF + "type", SGO + "StrategyDocument")
