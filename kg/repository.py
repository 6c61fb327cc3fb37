"""Loading the repository's graph into a store, one named graph per role.

Layout (IRIs under the configured base, see README):

* ``{base}graph/ontology``: every file of ontology/
* ``{base}graph/data``: every file of data/
* ``{base}graph/inferred``: what the ontology entails from both (kept apart)
* any further ``--graph IRI=FILE`` under its own IRI
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.inference import infer
from kg.settings import Settings
from kg.sources import RdfSyntaxError, SyntaxErrors, discover, parse_file, parse_files, triples
from kg.store import Store

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What was loaded where, and how long it took."""

    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: Computing and storing the entailments; None when inference was switched off.
    inference_seconds: float | None = None
    inferred_graph: str = ""

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
    """Parse the repository's files and replace their named graphs in the store.

    Raises `SyntaxErrors` before touching the store if any file does not parse.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    files = discover(settings)
    ontology, errors = parse_files(files.ontology)
    data, data_errors = parse_files(files.data)
    extra = []
    for iri, path in settings.extra_graphs:
        try:
            extra.append((iri, parse_file(path)))
        except RdfSyntaxError as error:
            errors.append(error)
    if errors or data_errors:
        raise SyntaxErrors([*errors, *data_errors])

    report = LoadReport(inferred_graph=settings.inferred_graph)
    ontology_triples = list(triples(ontology))
    data_triples = list(triples(data))
    say(f"loading {len(ontology_triples) + len(data_triples)} triples")
    report.graphs[settings.ontology_graph] = store.replace_graph(settings.ontology_graph, ontology_triples)
    report.graphs[settings.data_graph] = store.replace_graph(settings.data_graph, data_triples)
    extra_triples = []
    for iri, parsed in extra:
        one_graph = list(triples([parsed]))
        extra_triples.extend(one_graph)
        report.graphs[iri] = store.replace_graph(iri, one_graph)
    # Rebuilt on every load; emptied when inference is off, so no stale entailments stay behind.
    if settings.infer:
        say("inferring what the ontology entails")
        inferring = time.perf_counter()
        inference = infer([*ontology_triples, *data_triples, *extra_triples])
        report.graphs[settings.inferred_graph] = store.replace_graph(
            settings.inferred_graph, inference.triples()
        )
        report.inference_seconds = time.perf_counter() - inferring
    else:
        report.graphs[settings.inferred_graph] = store.replace_graph(settings.inferred_graph, [])
    report.seconds = time.perf_counter() - started
    return report
