"""kg as an installed tool: a project found by its strategigraf.toml, `kg init`, the packaged vocabulary.

The wheel test builds the wheel, installs it (not editable) into a fresh virtual environment
outside the checkout and uses it in an empty folder with no KG_* variables. The dependencies
come from the test environment's site-packages through a path entry (its .pth files, among
them the editable install of this checkout, are not processed for such an entry), so the test
needs no network; `kg` and its vocabulary come from the wheel alone, which the test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.rdf import lexical
from tests.support.server import free_port, kg_command
from tests.support.shared import PROJECT_DIR
from tests.support.waiting import scaled, wait_until

FIXTURES = Path(__file__).parent / "fixtures" / "fjordby"


def clean_env() -> dict[str, str]:
    """The environment without any KG_* variable (and no Python path of the checkout)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("KG_") and k != "PYTHONPATH"}


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed_kg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `kg` script of a fresh virtual environment holding the built wheel."""
    build = tmp_path_factory.mktemp("wheel")
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(build), str(PROJECT_DIR)], build
    )
    assert built.returncode == 0, built.stderr
    wheel = next(build.glob("strategigraf-*.whl"))
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], environment)
    (Path(site.stdout.strip()) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], environment)
    assert installed.returncode == 0, installed.stderr
    return environment / "bin" / "kg"


def test_installed_wheel_serves_a_new_project_of_its_own(installed_kg: Path, tmp_path: Path) -> None:
    project = tmp_path / "strategier"
    project.mkdir()
    python = installed_kg.parent / "python"
    where = run(
        [str(python), "-c", "import kg.foundation.vocabulary as v; print(v.packaged_vocabulary())"], project
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed_kg.parent.parent), where.stdout
    assert not Path(where.stdout.strip()).is_relative_to(PROJECT_DIR)

    created = run([str(installed_kg), "init"], project)
    assert created.returncode == 0, created.stderr
    assert (project / "strategigraf.toml").is_file() and (project / ".pre-commit-config.yaml").is_file()
    checked = run([str(installed_kg), "validate"], project)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # A second strategy, written for this test, and a publisher of the project's own.
    shutil.copy(FIXTURES / "fjordby-2025.ttl", project / "data")
    shutil.copy(FIXTURES / "fjordby-2025.txt", project / "sources")
    config = project / "strategigraf.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'name = { nb = "", en = "" }',
            'name = { nb = "Fjordby kommune", en = "Fjordby municipality" }',
        ),
        encoding="utf-8",
    )
    checked = run([str(installed_kg), "validate"], project / "data")  # found from a subfolder
    assert checked.returncode == 0, checked.stdout + checked.stderr
    areas = run([str(installed_kg), "query", "focus-areas", "--format", "csv"], project)
    assert areas.returncode == 0, areas.stderr
    assert "Grønn omstilling" in areas.stdout and "Reiseliv" in areas.stdout
    assert "Klima og miljø" in areas.stdout  # the template's plan
    exported = run([str(installed_kg), "export", "--format", "nt"], project)
    assert exported.returncode == 0, exported.stderr
    assert "<https://w3id.org/strategigraf/id/fjordby-2025/aktivitet-2.1>" in exported.stdout

    port = free_port()
    server = subprocess.Popen(
        [str(installed_kg), "serve", "--port", str(port), "--workers", "1"],
        cwd=project,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/healthz", server)
        front = requests.get(base + "/", timeout=30)
        assert "Næringsstrategi for Fjordby 2025–2028" in front.text
        catalog = requests.get(base + "/catalog", headers={"Accept": "application/n-triples"}, timeout=30)
        assert '"Fjordby kommune"@nb' in catalog.text
        assert '"2025-01-01"' in catalog.text  # the temporal coverage starts with Fjordby's period
    finally:
        server.terminate()
        try:
            server.wait(timeout=scaled(30))
        except subprocess.TimeoutExpired:
            server.kill()  # never left running behind the test
            server.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    def answering() -> bool:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "kg serve ended")
        try:
            return requests.get(url, timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False  # not listening yet, or listening with no worker yet to answer

    assert wait_until(answering, timeout=60, interval=0.1), f"{url} never answered"


def test_validate_in_a_copy_checks_the_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(
        PROJECT_DIR, copy, ignore=shutil.ignore_patterns(".venv", ".git", ".cache", "test-artifacts")
    )
    (copy / "strategigraf.toml").write_text(
        (PROJECT_DIR / "strategigraf.toml")
        .read_text(encoding="utf-8")
        .replace('sources = "../shared/seeds"', f'sources = "{(PROJECT_DIR.parent / "shared" / "seeds")}"'),
        encoding="utf-8",
    )
    data = copy / "data" / "osloregionen-2017.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace("sgo:position 2 ;", "sgo:position 0 ;", 1))
    done = run([*kg_command(), "validate", "--no-cache"], copy / "data")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "osloregionen-2017.ttl:" in done.stdout
    assert str(PROJECT_DIR / "data") not in done.stdout


def test_no_project_is_one_line_with_a_hint(tmp_path: Path) -> None:
    done = run([*kg_command(), "validate"], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "strategigraf.toml" in lines[0] and "kg init" in lines[0] and str(tmp_path) in lines[0]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[project]\nbase-iri = "https://example.org/"\ndata = \n', 3, ["TOML syntax"]),
        (
            '[project]\ndata = "data"\n\n[catalogue]\nlicense = "x:y"\n',
            5,
            ["unknown key", "catalogue.license"],
        ),
        (
            '[project]\ndata = "data"\n[catalogue]\nissued = "2026-01-01"\n',
            4,
            ["catalogue.issued", "TOML date"],
        ),
        ('[publisher]\nname = "Fjordby"\n', 2, ["publisher.name", "by language"]),
        ('[catalogue]\nthemes = ["GOVE"]\n', 2, ["catalogue.themes", "IRIs"]),
    ],
    ids=["syntax", "unknown key", "date as string", "texts as string", "not IRIs"],
)
def test_bad_project_file_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, words: list[str]
) -> None:
    (tmp_path / "strategigraf.toml").write_text(text, encoding="utf-8")
    done = run([*kg_command(), "validate"], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"strategigraf.toml:{line}:" in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine\n", encoding="utf-8")
    done = run([*kg_command(), "init", str(tmp_path)], tmp_path)
    assert done.returncode == 2
    assert "README.md" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_init_example_validates(tmp_path: Path) -> None:
    done = run([*kg_command(), "init", "--example", str(tmp_path)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "osloregionen-2017.ttl").is_file()
    assert not (tmp_path / "data" / "eksempelkommunen-2026.ttl").exists()
    checked = run([*kg_command(), "validate"], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture
def project_with_own_query(tmp_path: Path) -> Iterator[Path]:
    created = run([*kg_command(), "init", str(tmp_path)], tmp_path)
    assert created.returncode == 0, created.stderr
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "focus-areas.rq").write_text(
        "#+ title: Focus areas by title only\n"
        "#+ description: The English titles of the focus areas, nothing else.\n"
        "#+ columns:\n"
        "#+   title: The focus area's title in English.\n"
        "PREFIX sgo: <https://w3id.org/strategigraf/ontology#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        'SELECT ?title WHERE { ?area a sgo:FocusArea ; skos:prefLabel ?title FILTER(lang(?title) = "en") }\n',
        encoding="utf-8",
    )
    yield tmp_path


def test_project_query_replaces_the_packaged_one(project_with_own_query: Path) -> None:
    listed = run([*kg_command(), "query", "--list", "--format", "json"], project_with_own_query)
    assert listed.returncode == 0, listed.stderr
    sources = {q["name"]: q["source"] for q in json.loads(listed.stdout)}
    assert sources["focus-areas"] == "project"
    assert sources["vision"] == "kg"
    answered = run([*kg_command(), "query", "focus-areas", "--format", "csv"], project_with_own_query)
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.splitlines() == ["title", "Climate and environment"]


def test_catalogue_modified_is_the_data_s_git_date(tmp_path: Path) -> None:
    """dct:modified: the newest commit touching data/ when there is no dct:modified in the data."""
    assert run([*kg_command(), "init", str(tmp_path)], tmp_path).returncode == 0
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first"],
    ):
        env = {
            **clean_env(),
            "GIT_COMMITTER_DATE": "2025-03-04T10:00:00",
            "GIT_AUTHOR_DATE": "2025-03-04T10:00:00",
        }
        assert subprocess.run(command, cwd=tmp_path, env=env, check=False).returncode == 0
    from kg.foundation.project_settings import project_settings
    from kg.load.repository import load_repository
    from kg.publishing.catalog import catalog_triples
    from kg.publishing.site import Site
    from kg.store import open_store

    settings = project_settings(tmp_path)
    store = open_store("memory")
    load_repository(store, settings)
    triples = catalog_triples(store, Site("http://127.0.0.1:8000", settings), sparql_endpoint=True)
    modified = {
        lexical(t.object) for t in triples if t.predicate.value == "http://purl.org/dc/terms/modified"
    }
    assert modified == {"2025-03-04"}
    assert os.path.isdir(tmp_path / ".git")


def test_installed_wheel_ships_the_subject_vocabularies(installed_kg: Path, tmp_path: Path) -> None:
    """Los and the SDGs come with the wheel: a new project's queries know the 17 goals."""
    project = tmp_path / "emner"
    project.mkdir()
    assert run([str(installed_kg), "init"], project).returncode == 0
    answer = run([str(installed_kg), "query", "sdg-coverage", "--format", "csv"], project)
    assert answer.returncode == 0, answer.stderr
    rows = answer.stdout.strip().splitlines()
    assert rows[0] == "goal,code,name,plans,elements" and len(rows) == 18
    proposals = run([str(installed_kg), "classify", "--format", "json"], project)
    assert proposals.returncode == 0, proposals.stderr
