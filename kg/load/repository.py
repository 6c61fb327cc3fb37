"""Loading the repository's graph into a store, one named graph per role.

Layout (IRIs under the configured base, see docs/integrator/data-model.md):

* ``{base}graph/ontology``: every file of ontology/
* ``{base}graph/data``: every file of data/
* ``{base}graph/los``, ``{base}graph/sdg``: the subject vocabularies kg ships (kg/subjects/data)
* ``{base}graph/inferred``: what the ontology entails from the asserted graphs (kept apart), and
  which referenced documents are plans of the graph (`kg.load.document_links`)
* any further ``--graph IRI=FILE`` under its own IRI
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.foundation.memory import release_freed_memory
from kg.foundation.rdf_files import RdfSyntaxError, SyntaxErrors
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.load.document_links import document_links
from kg.load.inference import infer
from kg.store import Store
from kg.store.version import DatasetVersion, files_identifier, new_version

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What was loaded where, and how long it took."""

    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: Computing and storing the entailments; None when inference was switched off.
    inference_seconds: float | None = None
    inferred_graph: str = ""
    #: The record of this push in the store; None for a memory store, which no other process reads.
    version: DatasetVersion | None = None
    #: What names the loaded dataset, recorded or not (`kg.store.version.files_identifier`).
    identifier: str = ""

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def inferred(self) -> int:
        return self.graphs.get(self.inferred_graph, 0)

    def summary(self) -> str:
        """One line for a terminal: what was loaded and what inference added."""
        asserted = self.triples - self.inferred
        line = f"loaded {asserted} triples in {len(self.graphs) - 1} graphs"
        if self.inference_seconds is None:
            return line + "; inference off"
        return line + f"; inferred {self.inferred} triples in {self.inference_seconds:.2f} s"


def load_repository(store: Store, settings: Settings, progress: Progress | None = None) -> LoadReport:
    """Replace the repository's named graphs in the store with what its files hold, all at once.

    Files are parsed by pyoxigraph's bulk loader into a memory store (the store
    itself when it is one), the entailments are computed there, and a store
    that keeps the graph gets them all at once with the record of this push
    (`kg.store.version`). Raises `SyntaxErrors` when a file does not parse,
    before the store is touched.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    files = discover(settings)
    sources: dict[str, list[Path]] = {
        settings.ontology_graph: list(files.ontology),
        settings.data_graph: list(files.data),
    }
    for iri, path in (*settings.subject_graphs, *settings.extra_graphs):
        sources.setdefault(iri, []).append(path)
    file_count = sum(map(len, sources.values()))
    say(f"loading {file_count} files into {store.label}")
    staged = store.staging()
    try:
        counts = staged.load_graphs(sources)
    except RdfSyntaxError as error:
        raise SyntaxErrors([error]) from None
    seconds = time.perf_counter() - started
    say(f"read {sum(counts.values())} triples from {file_count} files in {seconds:.1f} s")
    report = LoadReport(inferred_graph=settings.inferred_graph)
    # Rebuilt on every load; emptied when inference is off, so no stale entailments stay behind.
    if settings.infer:
        say("inferring what the ontology entails")
        inferring = time.perf_counter()
        asserted = (triple for graph in sources for triple in staged.graph_triples(graph))
        entailed = infer(asserted).triples()
        # and the referenced documents that are plans of the graph (kg.load.document_links)
        links = document_links(triple for graph in sources for triple in staged.graph_triples(graph))
        counts[settings.inferred_graph] = staged.replace_graph(
            settings.inferred_graph, itertools.chain(entailed, links)
        )
        report.inference_seconds = time.perf_counter() - inferring
        say(f"inferred {counts[settings.inferred_graph]} triples in {report.inference_seconds:.1f} s")
        release_freed_memory()
    else:
        counts[settings.inferred_graph] = staged.replace_graph(settings.inferred_graph, [])
    report.identifier = files_identifier((graph, path) for graph, paths in sources.items() for path in paths)
    if staged is not store:
        report.version = new_version(report.identifier, counts, f"kg {__version__}")
        version_graph = settings.version_graph
        counts[version_graph] = staged.replace_graph(version_graph, report.version.triples(version_graph))
        say(f"writing {len(counts)} graphs to {store.label}")
    report.graphs = store.replace_graphs(staged, counts)
    report.graphs.pop(settings.version_graph, None)
    report.seconds = time.perf_counter() - started
    return report
