"""Which dataset a store holds: the record a push writes into a graph of its own.

A push writes, with the graphs, a record of what it pushed: a hash of the
files, when, by which kg, and how many triples each graph held. In a store
kept as one database (memory, `oxigraph:DIR`) the record is the whole
version graph and its subject is the graph's IRI; in a `sparql:` store the
version graph holds one record per version and a pointer to the live one
(`kg.store.pointer`), and `Store.record_subject` names the record of the
version a reader reads. A reader compares the counts with what the store
holds now: a graph that another writer changed shows up with another count,
and the store is refused rather than answered from two datasets at once.
Counts are what can be checked on every start at any size; a graph replaced
by one of exactly the same size goes unnoticed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, PROV, RDF, RDFS, SD, VOID, XSD
from kg.store.base import SelectResult, Store, StoreError


@dataclass(frozen=True)
class DatasetVersion:
    """One push: what it pushed, when, with which kg, and each graph's triple count."""

    identifier: str
    created: str
    software: str
    counts: Mapping[str, int]

    def describe(self) -> str:
        """One line for a person: `dataset sha256:1a2b3c4d5e6f pushed 2026-... by kg 0.1.0`."""
        return f"dataset {self.identifier[:19]} pushed {self.created} by {self.software}"

    def triples(self, graph: str) -> list[ox.Triple]:
        """The record as triples of the version graph (VoID subsets with sd:name and void:triples)."""
        me = ox.NamedNode(graph)
        triples = [
            ox.Triple(me, ox.NamedNode(RDF + "type"), ox.NamedNode(VOID + "Dataset")),
            *self.about(graph),
        ]
        for name, count in self.counts.items():
            subset = ox.BlankNode()
            triples += [
                ox.Triple(me, ox.NamedNode(VOID + "subset"), subset),
                ox.Triple(subset, ox.NamedNode(SD + "name"), ox.NamedNode(name)),
                ox.Triple(
                    subset,
                    ox.NamedNode(VOID + "triples"),
                    ox.Literal(str(count), datatype=ox.NamedNode(XSD + "integer")),
                ),
            ]
        return triples

    def about(self, subject: str) -> list[ox.Triple]:
        """What was pushed, when and by what, said of `subject` (the graphs' counts aside)."""
        me = ox.NamedNode(subject)
        software = ox.BlankNode()
        return [
            ox.Triple(me, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(self.identifier)),
            ox.Triple(
                me,
                ox.NamedNode(PROV + "generatedAtTime"),
                ox.Literal(self.created, datatype=ox.NamedNode(XSD + "dateTime")),
            ),
            ox.Triple(me, ox.NamedNode(PROV + "wasAttributedTo"), software),
            ox.Triple(software, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "SoftwareAgent")),
            ox.Triple(software, ox.NamedNode(RDFS + "label"), ox.Literal(self.software)),
        ]


def new_version(identifier: str, counts: Mapping[str, int], software: str) -> DatasetVersion:
    """The record of a push of the dataset `identifier` (`files_identifier`), made now."""
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return DatasetVersion(identifier, created, software, dict(counts))


def files_identifier(files: Iterable[tuple[str, Path]]) -> str:
    """What names the dataset these (graph, file) pairs make: a hash of the graph IRIs, file names
    and contents (`sha256:...`)."""
    digest = hashlib.sha256()
    for graph, path in sorted(files):
        digest.update(f"{graph}\n{path.name}\n".encode())
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()


_READ = f"""
SELECT ?id ?created ?software ?name ?triples WHERE {{{{
  GRAPH <{{graph}}> {{{{
    <{{subject}}> <{DCTERMS}identifier> ?id ; <{PROV}generatedAtTime> ?created ;
             <{PROV}wasAttributedTo>/<{RDFS}label> ?software .
    OPTIONAL {{{{ <{{subject}}> <{VOID}subset> [ <{SD}name> ?name ; <{VOID}triples> ?triples ] }}}}
  }}}}
}}}}"""


def read_version(store: Store, graph: str) -> DatasetVersion | None:
    """The record of the dataset the store shows, from its version graph; None when no push wrote one."""
    query = _READ.format(graph=graph, subject=store.record_subject(graph))
    result = store.query(query, default_graphs=[], named_graphs=[graph])
    if not isinstance(result, SelectResult):
        raise StoreError(f"{store.label} answered a SELECT query with {type(result).__name__}")
    rows = [tuple(_text(term) for term in row) for row in result.rows]
    if not rows:
        return None
    identifiers = {row[0] for row in rows}
    if len(identifiers) != 1:
        raise StoreError(f"{store.label}: the version graph <{graph}> records {len(identifiers)} pushes")
    identifier, created, software, _, _ = rows[0]
    counts = {row[3]: int(row[4]) for row in rows if row[3] and row[4]}
    return DatasetVersion(identifier, created, software, counts)


def _text(term: object) -> str:
    """A term's lexical value or IRI ('' when unbound)."""
    return str(getattr(term, "value", "")) if term is not None else ""


class MixedDataset(StoreError):
    """The store's graphs do not all come from the push its version graph records."""


def check_version(store: Store, graph: str) -> DatasetVersion | None:
    """The store's dataset version, after checking that every graph it records holds what was pushed.

    Raises `MixedDataset` naming each graph whose triple count differs from the
    record; None when the store has no record (not filled by kg push). Reads
    one version throughout (`Store.snapshot`).
    """
    store = store.snapshot()
    version = read_version(store, graph)
    if version is None:
        return None
    differing = []
    for name, expected in version.counts.items():
        held = store.triple_count(name)
        if held != expected:
            differing.append(f"<{name}> holds {held} triples, the push recorded {expected}")
    if differing:
        raise MixedDataset(
            f"{store.label}: graphs from different pushes: {'; '.join(differing)} "
            f"(the version graph <{graph}> records {version.identifier[:19]} of {version.created}); "
            "push again to make the store whole"
        )
    return version
