"""Fixtures shared by the tests: settings, paths, and a real running server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.query.named import NamedQuery
from kg.store import Store
from tests.support.docs_site import build_site
from tests.support.external_stores import ExternalStore, MissingTool, start_oxigraph_server, start_virtuoso
from tests.support.queries import Ask, answer_json, plain, repository_queries, repository_store
from tests.support.server import RunningServer, start_server
from tests.support.shared import PROJECT_DIR, shared_dir_path

# Hypothesis draws the same examples on every run unless asked to explore (HYPOTHESIS_PROFILE=explore):
# a failure in CI is then reproducible, and a run never fails for an example the last one did not draw.
hypothesis_settings.register_profile("derandomized", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "derandomized"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared material (seeds, standards, conformance); KG_SHARED_DIR overrides."""
    path = shared_dir_path()
    assert path.is_dir(), f"shared material not found at {path} (set KG_SHARED_DIR)"
    return path


@pytest.fixture(scope="session")
def settings(shared_dir: Path) -> Settings:
    return project_settings(PROJECT_DIR)


@pytest.fixture(scope="session")
def seed_lines(shared_dir: Path) -> list[str]:
    """The OCR source text, line 1 at index 0."""
    return (shared_dir / "seeds" / "000_bad88d70322fed8d.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built as `make docs` builds it, in a folder of the session's own."""
    site = tmp_path_factory.mktemp("docs") / "site"
    built = build_site(site)
    assert built.returncode == 0, f"mkdocs build failed:\n{built.stdout}{built.stderr}"
    return site


@pytest.fixture(scope="session")
def server() -> Iterator[RunningServer]:
    """`kg serve` on the repository's graph, on a free port, for the whole session."""
    running = start_server()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def limited_server() -> Iterator[RunningServer]:
    """`kg serve` with small limits, set by environment variables as an operator would set them."""
    running = start_server(
        "--no-validate",
        env={"KG_QUERY_TIMEOUT": "2", "KG_MAX_ROWS": "5", "KG_MAX_BODY": "4000", "KG_WORKERS": "2"},
    )
    yield running
    running.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExternalStore]:
    """A private Virtuoso on free loopback ports, with a user that may write (digest auth)."""
    yield from _external(start_virtuoso, tmp_path_factory.mktemp("virtuoso"))


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExternalStore]:
    """`oxigraph serve` on a free loopback port, with its database in a temporary folder."""
    yield from _external(start_oxigraph_server, tmp_path_factory.mktemp("oxigraph-server"))


def _external(start: Callable[[Path], ExternalStore], directory: Path) -> Iterator[ExternalStore]:
    try:
        store = start(directory)
    except MissingTool as missing:
        pytest.fail(str(missing))
    yield store
    store.stop()


# The repository's graph and named queries, for the tests of the queries' answers.


@pytest.fixture(scope="module")
def store(settings: Settings) -> Store:
    """The repository's graph loaded as `kg serve` loads it, once per test module."""
    return repository_store(settings)


@pytest.fixture(scope="module")
def queries(settings: Settings) -> dict[str, NamedQuery]:
    return repository_queries(settings)


@pytest.fixture
def ask(store: Store, settings: Settings, queries: dict[str, NamedQuery]) -> Ask:
    """ask(name, infer=True, **params) -> rows as {column: value}."""

    def run(name: str, *, infer: bool = True, **params: str) -> list[dict[str, Any]]:
        return plain(answer_json(store, settings, queries[name], params, infer=infer))

    return run
