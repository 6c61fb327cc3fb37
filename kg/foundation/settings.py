"""Settings shared by the CLI, the server and the tests.

Nothing here reads the environment: the CLI turns flags and environment
variables into a `Settings`, and hands it to whatever needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.foundation.config import KEYS, ProjectConfig, defaults
from kg.foundation.namespaces import SGO
from kg.foundation.vocabulary import SUBJECT_VOCABULARIES, packaged_vocabulary, subject_vocabulary

DEFAULT_BASE_IRI: str = KEYS["project.base-iri"].default
#: The languages of the graph's texts: every `language` parameter, `--lang` and page takes these.
LANGUAGES = ("nb", "en")
#: Worker processes kg starts at most for one job (validating files, compacting JSON-LD):
#: each costs 60 MB or more.
MAX_PROCESSES = 4


@dataclass(frozen=True)
class Settings:
    """Where the graph's files are, how its IRIs are formed, and the server's limits."""

    #: The project folder (the one holding strategigraf.toml); relative folders are below it.
    project_dir: Path = field(default_factory=Path.cwd)
    #: What the project's strategigraf.toml says (defaults when it has none).
    config: ProjectConfig = field(default_factory=defaults)
    base_iri: str = DEFAULT_BASE_IRI
    public_url: str | None = None
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body_bytes: int = 1_000_000
    #: Nesting levels a query may have (see kg.query.guard.nesting_depth); 0: no limit. pyoxigraph
    #: 0.5 crashes from about 800 levels of nested function calls (3 000 of groups, 10 000 of flat
    #: chains) on an 8 MB stack; the named queries stay under 25.
    max_nesting: int = 256
    #: Resident bytes a server worker may hold while it answers a query; over it, the worker
    #: answers 503 and is replaced (`server.time_limit`). 0: no ceiling.
    worker_memory_bytes: int = 1024 * 2**20
    #: Bytes of written /sparql answers a server worker keeps to send again (`server.answer_cache`).
    answer_cache_bytes: int = 64 * 2**20
    #: Plans the front page shows at most (`kg.publishing.portfolio`): a graph of more shows the
    #: first of them in the portfolio's tables, draws none, and links the queries that list all.
    front_page_plans: int = 50
    infer: bool = True
    extra_graphs: tuple[tuple[str, Path], ...] = ()
    #: Processes that may compact the JSON-LD dump of a large graph. More than one is for
    #: programs whose main module guards its top level with `if __name__ == "__main__"`
    #: (each spawned process imports it): `kg serve` and `kg export` use `available_processes()`.
    dump_processes: int = 1
    #: The built documentation site `kg serve` shows under /docs/ (`make docs`); None: no site.
    docs_site: Path | None = None

    @property
    def vocabulary_dir(self) -> Path:
        """The folder of ontology/, shapes/ and queries/: kg's own unless the project names one."""
        if self.config.get("project.vocabulary") == "packaged":
            return packaged_vocabulary()
        return self.config.folder("project.vocabulary", self.project_dir)

    @property
    def ontology_dir(self) -> Path:
        """The ontology's Turtle file or folder."""
        if self.config.get("project.ontology"):
            return self.config.folder("project.ontology", self.project_dir)
        return self.vocabulary_dir / "ontology"

    @property
    def shapes_dirs(self) -> tuple[Path, ...]:
        """The vocabulary's shapes, then the project's own (if it has any)."""
        return self._with_project_folder(self.vocabulary_dir / "shapes", "project.shapes")

    @property
    def query_dirs(self) -> tuple[Path, ...]:
        """The vocabulary's named queries, then the project's own, which replace those of the same name."""
        return self._with_project_folder(self.vocabulary_dir / "queries", "project.queries")

    @property
    def cache_dir(self) -> Path:
        """Where kg keeps what it can compute again (validation findings, dumps): .cache/kg, not in git."""
        return self.project_dir / ".cache" / "kg"

    @property
    def data_dir(self) -> Path:
        return self.config.folder("project.data", self.project_dir)

    @property
    def sources_dir(self) -> Path:
        """Where the source texts are (sgo:sourceText names a file here)."""
        return self.config.folder("project.sources", self.project_dir)

    def _with_project_folder(self, packaged: Path, key: str) -> tuple[Path, ...]:
        own = self.config.folder(key, self.project_dir)
        return (packaged,) if own == packaged.resolve() or not own.is_dir() else (packaged, own)

    @property
    def ontology_iri(self) -> str:
        """The vocabulary's own IRI: fixed, whatever base the instance data uses."""
        return SGO.removesuffix("#")

    @property
    def resource_base(self) -> str:
        """IRIs of described resources start with this (see README, IRI scheme)."""
        return self.base_iri + "id/"

    @property
    def ontology_graph(self) -> str:
        return self.base_iri + "graph/ontology"

    @property
    def data_graph(self) -> str:
        return self.base_iri + "graph/data"

    @property
    def inferred_graph(self) -> str:
        return self.base_iri + "graph/inferred"

    @property
    def version_graph(self) -> str:
        """Where a push records the dataset version the store holds (kg.store.version)."""
        return self.base_iri + "graph/version"

    def subject_graph(self, name: str) -> str:
        """The named graph of a shipped subject vocabulary: `los` or `sdg`."""
        return self.base_iri + "graph/" + name

    @property
    def subject_graphs(self) -> tuple[tuple[str, Path], ...]:
        """The shipped subject vocabularies (Los, the SDGs): their named graphs and files."""
        return tuple((self.subject_graph(name), subject_vocabulary(name)) for name in SUBJECT_VOCABULARIES)

    def asserted_graphs(self) -> list[str]:
        """The graphs a query sees when inference is switched off."""
        return [
            self.ontology_graph,
            self.data_graph,
            *(iri for iri, _ in self.subject_graphs),
            *(iri for iri, _ in self.extra_graphs),
        ]

    def default_graphs(self, *, infer: bool | None = None) -> list[str]:
        """The graphs whose union is the default graph of a query."""
        use_inferred = self.infer if infer is None else infer
        graphs = self.asserted_graphs()
        return [*graphs, self.inferred_graph] if use_inferred else graphs

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def available_processes() -> int:
    """The CPUs this process may use, up to MAX_PROCESSES: how many worker processes pay."""
    affinity = getattr(os, "sched_getaffinity", None)
    return min(MAX_PROCESSES, len(affinity(0)) if affinity else os.cpu_count() or 1)
