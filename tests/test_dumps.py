"""Dumps: every format holds the repository's triples, byte for byte reproducible and cacheable.

The reference is the repository's Turtle files read with rdflib; the dumps
come from `kg export` (two separate runs) and from the running server.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from kg.foundation.formats import rdf_syntax
from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.load.repository import load_repository
from kg.publishing import dumps
from kg.store import open_store
from tests.support.reference import file_graphs, union
from tests.support.server import RunningServer, kg_command
from tests.support.shared import PROJECT_DIR

FORMATS = {
    "ttl": ("text/turtle", "turtle"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "json-ld"),
    "rdf": ("application/rdf+xml", "xml"),
    "trig": ("application/trig", "trig"),
    "nq": ("application/n-quads", "nquads"),
}


def kg_export(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*kg_command(), "export", *args], capture_output=True, cwd=PROJECT_DIR, check=False)


@pytest.fixture(scope="module")
def exported() -> dict[str, bytes]:
    """Each format from `kg export` on standard output."""
    found = {}
    for name in FORMATS:
        done = kg_export("--format", name)
        assert done.returncode == 0, done.stderr.decode()
        found[name] = done.stdout
    return found


def parse(data: bytes, name: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=FORMATS[name][1])
    return dataset


def as_graph(dataset: rdflib.Dataset) -> rdflib.Graph:
    """The union of every graph of a parsed document."""
    merged = rdflib.Graph()
    for subject, predicate, obj, _graph in dataset.quads((None, None, None, None)):
        merged.add((subject, predicate, obj))
    return merged


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_holds_the_repository_triples(
    exported: dict[str, bytes], settings: Settings, name: str
) -> None:
    expected = union(file_graphs(settings))
    parsed = as_graph(parse(exported[name], name))
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("name", ["trig", "nq"])
def test_dataset_formats_keep_the_named_graphs(
    exported: dict[str, bytes], settings: Settings, name: str
) -> None:
    parsed = parse(exported[name], name)
    found = {str(g.identifier): g for g in parsed.graphs() if len(g)}
    expected = file_graphs(settings)
    assert set(found) == set(expected)
    for iri, graph in expected.items():
        assert isomorphic(found[iri], graph), iri


def test_json_ld_is_compact_with_a_context_for_the_ontology(exported: dict[str, bytes]) -> None:
    document = json.loads(exported["jsonld"])
    context = document["@context"]
    assert context["sgo"] == "https://w3id.org/strategigraf/ontology#"
    assert context["focusAreaOf"] == {"@id": "sgo:focusAreaOf", "@type": "@id"}
    assert context["prefLabel"]["@container"] == "@language"
    focus_area = next(
        node
        for node in document["@graph"]
        if node["@id"] == "https://w3id.org/strategigraf/id/osloregionen-2017/innsatsomrade-2"
    )
    # The second focus area as the source text names it (line 44).
    assert focus_area["@type"] == "FocusArea"
    assert focus_area["prefLabel"]["nb"] == "Verdiskaping og kompetanse"


def test_two_exports_are_byte_identical(exported: dict[str, bytes]) -> None:
    for name in FORMATS:
        again = kg_export("--format", name)
        assert again.stdout == exported[name], name


def test_export_to_a_file(tmp_path: Path, exported: dict[str, bytes]) -> None:
    target = tmp_path / "graph.trig"
    done = kg_export("--format", "trig", "-o", str(target))
    assert done.returncode == 0, done.stderr.decode()
    assert target.read_bytes() == exported["trig"]
    assert list(tmp_path.iterdir()) == [target]


def test_export_errors_read_well_and_exit_2(tmp_path: Path) -> None:
    missing = kg_export("-o", str(tmp_path / "no-such-folder" / "x.ttl"))
    assert missing.returncode == 2
    assert b"does not exist" in missing.stderr and b"Traceback" not in missing.stderr
    bad_format = kg_export("--format", "csv")
    assert bad_format.returncode == 2 and b"'csv' is not one of" in bad_format.stderr


def test_export_reports_a_syntax_error_with_file_and_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "ontology").mkdir(parents=True)
    (project / "data").mkdir()
    (project / "data" / "broken.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    done = kg_export("--project-dir", str(project))
    assert done.returncode == 2
    assert b"broken.ttl:2" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_server_serves_the_same_bytes(
    server: RunningServer, exported: dict[str, bytes], name: str
) -> None:
    plain = requests.get(f"{server.url}/download/strategigraf.{name}", timeout=30)
    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == f"{FORMATS[name][0]}; charset=utf-8"
    assert int(plain.headers["Content-Length"]) == len(plain.content)
    assert plain.content == exported[name]
    packed = requests.get(f"{server.url}/download/strategigraf.{name}.gz", timeout=30)
    assert packed.status_code == 200
    assert packed.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in packed.headers
    assert gzip.decompress(packed.content) == exported[name]


def test_downloads_can_be_revalidated(server: RunningServer) -> None:
    url = f"{server.url}/download/strategigraf.ttl"
    first = requests.get(url, timeout=30)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=30).status_code == 304
    assert requests.get(url, headers={"If-Modified-Since": modified}, timeout=30).status_code == 304
    assert requests.get(url, headers={"If-None-Match": '"something-else"'}, timeout=30).status_code == 200
    again = requests.get(url, timeout=30)
    assert again.headers["ETag"] == etag and again.content == first.content


def test_a_download_can_be_resumed(server: RunningServer, exported: dict[str, bytes]) -> None:
    """A harvester that lost a connection asks for the rest with Range."""
    url = f"{server.url}/download/strategigraf.nt"
    rest = requests.get(url, headers={"Range": "bytes=1000-"}, timeout=30)
    assert rest.status_code == 206
    assert rest.content == exported["nt"][1000:]
    assert rest.headers["Content-Range"] == f"bytes 1000-{len(exported['nt']) - 1}/{len(exported['nt'])}"


def test_download_index_lists_every_file(server: RunningServer) -> None:
    page = requests.get(f"{server.url}/download/", timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for name in FORMATS:
        assert f'href="{server.url}/download/strategigraf.{name}"' in page.text
        assert f'href="{server.url}/download/strategigraf.{name}.gz"' in page.text


def test_unknown_download_is_404(server: RunningServer) -> None:
    answer = requests.get(f"{server.url}/download/strategigraf.csv", timeout=30)
    assert answer.status_code == 404
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("slice_subjects", "processes"),
    [(1, 1), (7, 2)],
    ids=["every subject on its own", "slices in a pool of processes"],
)
def test_json_ld_compacted_in_slices_is_the_same_document(
    exported: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, slice_subjects: int, processes: int
) -> None:
    """Large graphs are compacted a slice of subjects at a time, by one process per CPU, several
    slices in flight at once; the bytes must not change."""
    settings = project_settings(PROJECT_DIR).with_(
        infer=False, dump_processes=processes
    )  # 2: a pool even on one CPU
    store = open_store("memory")
    load_repository(store, settings)
    monkeypatch.setattr(dumps, "_JSONLD_SLICE", slice_subjects)
    monkeypatch.setattr(dumps, "_PARALLEL_FROM", 0)
    out = io.BytesIO()
    dumps.export(store, settings, rdf_syntax("jsonld"), out)
    assert out.getvalue() == exported["jsonld"]


@pytest.mark.parametrize(
    ("alias", "name"), [("turtle", "ttl"), ("n-triples", "nt"), ("json-ld", "jsonld"), ("nquads", "nq")]
)
def test_export_takes_the_names_kg_query_takes(exported: dict[str, bytes], alias: str, name: str) -> None:
    done = kg_export("--format", alias)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == exported[name]
