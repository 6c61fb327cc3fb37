"""`kg init` asks for the publisher; without answers it marks the gaps, and every command says so.

The catalogue of a new project, with and without answers, is validated against every profile
(tests/support/dcat.py), and the served catalogue of a project without answers never names
Strategigraf as the publisher. The answers used are a real organisation number
(Brønnøysundregistrene, 974 760 673) and made-up names and domains.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from kg.foundation.project_settings import project_settings
from kg.load.repository import load_repository
from kg.publishing.catalog import catalog_triples
from kg.publishing.site import Site
from kg.store import open_store
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.dcat import PROFILES, undocumented_violations
from tests.support.server import kg_command, start_server
from tests.support.waiting import wait_until

ANSWERS = [
    "--publisher",
    "Havby kommune",
    "--org-number",
    "974 760 673",
    "--base-iri",
    "https://data.havby.example/strategi/",
    "--contact-email",
    "postmottak@havby.example",
]
NOT_READY = "not ready to be harvested"


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run(
        [*kg_command(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def catalogue(project: Path) -> rdflib.Graph:
    settings = project_settings(project)
    store = open_store()
    load_repository(store, settings)
    return rdflib_graph(
        catalog_triples(store, Site("https://data.havby.example", settings), sparql_endpoint=True)
    )


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("answered") / "havby"
    done = kg("init", str(project), *ANSWERS, cwd=project.parent)
    assert done.returncode == 0, done.stderr
    return project


@pytest.fixture(scope="module")
def unanswered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("unanswered") / "ny"
    done = kg("init", str(project), cwd=project.parent)
    assert done.returncode == 0, done.stderr
    return project


def test_answers_are_written_and_the_data_moves_to_the_base(answered: Path) -> None:
    config = (answered / "strategigraf.toml").read_text(encoding="utf-8")
    assert 'base-iri = "https://data.havby.example/strategi/"' in config
    assert 'name = { nb = "Havby kommune", en = "Havby kommune" }' in config
    assert 'id = "974760673"' in config and 'email = "postmottak@havby.example"' in config
    assert "MISSING" not in config
    data = (answered / "data" / "eksempelkommunen-2026.ttl").read_text(encoding="utf-8")
    assert "@prefix id:      <https://data.havby.example/strategi/id/> ." in data
    assert "w3id.org/strategigraf/id" not in data
    assert "<https://w3id.org/strategigraf/ontology#>" in data  # the ontology's IRIs stay
    checked = kg("validate", cwd=answered)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert NOT_READY not in checked.stderr


def test_without_answers_every_gap_is_marked_and_reported(unanswered: Path) -> None:
    config = (unanswered / "strategigraf.toml").read_text(encoding="utf-8")
    assert config.count("# MISSING / MANGLER") == 4
    for command in (["validate"], ["export", "--format", "nt"]):
        done = kg(*command, cwd=unanswered)
        assert done.returncode == 0, done.stderr
        lines = [line for line in done.stderr.splitlines() if NOT_READY in line]
        assert len(lines) == 4, done.stderr
        for key in ("publisher.name", "publisher.id", "contact.email", "project.base-iri"):
            (line,) = [line for line in lines if f": {key} " in line]
            number = next(
                n
                for n, text in enumerate(config.splitlines(), 1)
                if text.startswith(key.split(".")[1] + " =")
            )
            assert line.startswith(f"warning: {unanswered / 'strategigraf.toml'}:{number}:"), line
            assert "ikke klar for høsting" in line


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--org-number", "974760674", "check digit"),
        ("--org-number", "97476067", "nine digits"),
        ("--contact-email", "postmottak.havby.example", "not an e-mail address"),
        ("--base-iri", "https://data.havby.example/strategi", "ending in / or #"),
        ("--base-iri", "data.havby.example/strategi/", "absolute http(s) IRI"),
        ("--base-iri", "ftp://data.havby.example/", "absolute http(s) IRI"),
        ("--publisher", " ", "name is empty"),
    ],
)
def test_a_bad_answer_is_named_and_nothing_is_written(
    tmp_path: Path, option: str, value: str, words: str
) -> None:
    target = tmp_path / "ny"
    done = kg("init", str(target), option, value, cwd=tmp_path)
    assert done.returncode == 2
    assert words in done.stderr and value.strip() in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not target.exists()


@pytest.mark.parametrize("which", ["answered", "unanswered"])
@pytest.mark.parametrize("profile", list(PROFILES))
def test_a_new_project_s_catalogue_conforms(
    which: str, profile: str, shared_dir: Path, request: pytest.FixtureRequest
) -> None:
    graph = catalogue(request.getfixturevalue(which))
    found = undocumented_violations(graph, shared_dir / "standards", PROFILES[profile])
    assert found == [], "\n".join(map(str, found))


def test_the_answered_publisher_is_in_the_catalogue(answered: Path) -> None:
    graph = catalogue(answered)
    publisher = URIRef("https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673")
    assert (publisher, FOAF.name, Literal("Havby kommune", lang="nb")) in graph
    assert {graph.value(d, DCTERMS.publisher) for d in graph.subjects(RDF.type, DCAT.Dataset)} == {publisher}
    plan = URIRef("https://data.havby.example/catalog#plan-eksempelkommunen-2026")
    assert graph.value(plan, DCTERMS.relation) == URIRef(
        "https://data.havby.example/strategi/id/eksempelkommunen-2026"
    )


def test_served_catalogue_never_names_strategigraf_as_publisher(unanswered: Path) -> None:
    server = start_server("--workers", "1", cwd=unanswered, inherit_kg_variables=False)
    try:
        answer = requests.get(server.url + "/catalog", headers={"Accept": "text/turtle"}, timeout=30)
    finally:
        server.stop()
    errors = server.log()
    assert sum(NOT_READY in line for line in errors.splitlines()) == 4, errors
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    names = {str(name) for name in graph.objects(None, FOAF.name)}
    assert names == {
        "Utgiver ikke oppgitt (publisher.name i strategigraf.toml)",
        "Publisher not stated (publisher.name in strategigraf.toml)",
    }
    assert "Strategigraf-prosjektet" not in answer.text and "Strategigraf project" not in answer.text


def test_on_a_terminal_kg_init_asks_and_asks_again(tmp_path: Path) -> None:
    """A real pseudo-terminal: a wrong check digit is refused and asked again; an empty answer is left."""
    target = tmp_path / "spurt"
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    process = subprocess.Popen(
        [*kg_command(), "init", str(target)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    seen = b""

    def reply_after(prompt: bytes, answer: str) -> None:
        nonlocal seen

        def asked() -> bool:
            nonlocal seen
            if select.select([leader], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    seen += os.read(leader, 4096)
            return prompt in seen

        assert wait_until(asked, 60, interval=0), seen.decode(errors="replace")
        seen = seen[seen.index(prompt) + len(prompt) :]
        os.write(leader, answer.encode() + b"\r")

    reply_after(b"utgiverens navn", "Havby kommune")
    reply_after(b"organisasjonsnummer", "974760674")
    reply_after(b"organisasjonsnummer", "974760673")  # asked again after the wrong check digit
    reply_after(b"basis-IRI", "https://data.havby.example/")
    reply_after(b"kontakt-e-post", "")
    assert process.wait(timeout=120) == 0
    os.close(leader)
    config = (target / "strategigraf.toml").read_text(encoding="utf-8")
    assert 'id = "974760673"' in config and 'base-iri = "https://data.havby.example/"' in config
    assert 'name = { nb = "Havby kommune", en = "Havby kommune" }' in config
    assert config.count("# MISSING / MANGLER") == 1 and 'email = ""' in config
