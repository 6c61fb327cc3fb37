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
from pathlib import Path

from kg.settings import Settings
from kg.sources import RdfSyntaxError, discover
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
    """Replace the repository's named graphs in the store with what its files hold.

    Files are parsed by the store's own fast path (pyoxigraph's bulk loader);
    raises `SyntaxErrors` when a file does not parse.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    files = discover(settings)
    sources: dict[str, list[Path]] = {settings.ontology_graph: list(files.ontology), settings.data_graph: []}
    sources[settings.data_graph].extend(files.data)
    for iri, path in settings.extra_graphs:
        sources.setdefault(iri, []).append(path)
    say(f"loading {sum(map(len, sources.values()))} files into {store.label}")
    try:
        graphs = store.load_graphs(sources)
    except RdfSyntaxError as error:
        raise SyntaxErrors([error]) from None
    return LoadReport(graphs=graphs, seconds=time.perf_counter() - started)
