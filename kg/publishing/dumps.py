"""Dumps of the whole dataset in every format, byte for byte reproducible.

The dataset is the asserted graphs (ontology, data, further graphs; not
the inferred graph, see `kg.publishing.state`). Triple formats hold the
union of those graphs; TriG and N-Quads keep each in its named graph. Blank
nodes get canonical labels (Oxigraph's canonicalisation, independent of load
order) and statements are sorted, so the same data always gives the same
bytes: `kg export` and the server agree, and ETags stay stable.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from kg.publishing.formats import DUMP_FORMATS, GZIP, DumpFormat
from kg.publishing.jsonld import compact_jsonld, ontology_context
from kg.publishing.rdf import triple_key
from kg.publishing.state import dataset_graphs
from kg.rdf_output import serialize_quads, serialize_triples
from kg.settings import Settings
from kg.store import Store


def canonical_quads(store: Store, graphs: Iterable[str]) -> list[ox.Quad]:
    """Every quad of the graphs, blank nodes relabelled canonically, sorted."""
    quads = [
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))
        for graph in graphs
        for triple in store.graph_triples(graph)
    ]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(dataset, key=lambda quad: (str(quad.graph_name), *triple_key(quad.triple)))


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of all graphs, sorted (rdf:type first for each subject)."""
    return sorted({quad.triple for quad in quads}, key=triple_key)


def render_dump(quads: list[ox.Quad], dump: DumpFormat, context: dict[str, Any]) -> bytes:
    """The dataset in one format; `quads` come from `canonical_quads`."""
    if dump.quads:
        return serialize_quads(quads, dump.media_type)
    triples = union_triples(quads)
    if dump.media_type == "application/ld+json":
        return compact_jsonld(triples, context)
    return serialize_triples(triples, dump.media_type)


def export(store: Store, settings: Settings, dump: DumpFormat) -> bytes:
    """The dataset in one format: what `kg export` writes and /download/ serves."""
    quads = canonical_quads(store, dataset_graphs(store, settings))
    return render_dump(quads, dump, ontology_context(store, settings.ontology_graph))


@dataclass(frozen=True)
class DumpFile:
    name: str
    media_type: str
    data: bytes

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:32]


@dataclass(frozen=True)
class Dumps:
    """Every dump file of one state of the dataset, with when it was made."""

    files: dict[str, DumpFile]
    created: datetime
    graphs: list[str]
    quads: int


def build_dumps(store: Store, settings: Settings) -> Dumps:
    """Every format, plain and gzip-compressed (gzip without a timestamp, so reproducible)."""
    graphs = dataset_graphs(store, settings)
    quads = canonical_quads(store, graphs)
    context = ontology_context(store, settings.ontology_graph)
    files: dict[str, DumpFile] = {}
    for dump in DUMP_FORMATS:
        data = render_dump(quads, dump, context)
        files[dump.file_name] = DumpFile(dump.file_name, dump.media_type, data)
        files[dump.gzip_name] = DumpFile(dump.gzip_name, GZIP, gzip.compress(data, mtime=0))
    return Dumps(files, datetime.now(UTC).replace(microsecond=0), graphs, len(quads))
