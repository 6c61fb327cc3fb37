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

from kg.settings import Settings
from kg.sources import RdfSyntaxError, discover, parse_file, parse_files, triples
from kg.store import Store
from kg.validate import SyntaxErrors

Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What was loaded where, and how long it took."""

    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    inference_seconds: float | None = None

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


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

    report = LoadReport()
    ontology_triples = list(triples(ontology))
    data_triples = list(triples(data))
    say(f"loading {len(ontology_triples) + len(data_triples)} triples")
    report.graphs[settings.ontology_graph] = store.replace_graph(settings.ontology_graph, ontology_triples)
    report.graphs[settings.data_graph] = store.replace_graph(settings.data_graph, data_triples)
    for iri, parsed in extra:
        report.graphs[iri] = store.replace_graph(iri, triples([parsed]))
    report.seconds = time.perf_counter() - started
    return report
