"""kg serve keeps the dumps of a dataset in the project's cache and sends them again after a restart
(issue 23: at a million triples, writing them was most of a start-up)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import requests

from tests.support.server import start_server
from tests.support.shared import PROJECT_DIR, write_project_file

LABEL = '"Areal, transport og klima/miljø"@nb'


def _served_turtle(project: Path) -> tuple[str, str, dict[str, int]]:
    """Start kg serve on the project, fetch the Turtle dump; its text, ETag, and the kept files' inodes."""
    running = start_server("--no-validate", "--project-dir", str(project))
    try:
        answer = requests.get(running.url + "/download/strategigraf.ttl", timeout=30)
        assert answer.status_code == 200
        kept = {
            str(path.relative_to(project)): path.stat().st_ino
            for path in (project / ".cache" / "kg" / "dumps").glob("*/*")
            if path.name != "in-use.lock"
        }
        return answer.text, answer.headers["ETag"], kept
    finally:
        running.stop()


def test_dumps_are_kept_for_the_next_start_and_made_again_when_the_data_changes(tmp_path: Path) -> None:
    for folder in ("ontology", "data"):
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder)
    write_project_file(tmp_path)
    text, etag, kept = _served_turtle(tmp_path)
    assert LABEL in text
    assert len(kept) == 13  # 6 formats, each plain and gzipped, and the record
    again = _served_turtle(tmp_path)
    assert again == (text, etag, kept)  # the same files, not written again (the same inodes)

    data = tmp_path / "data" / "osloregionen-2017.ttl"
    data.write_text(
        data.read_text(encoding="utf-8").replace(LABEL, '"Areal og transport"@nb'), encoding="utf-8"
    )
    changed, changed_etag, changed_kept = _served_turtle(tmp_path)
    assert '"Areal og transport"@nb' in changed and LABEL not in changed
    assert changed_etag != etag
    assert len(changed_kept) == 13 and not set(changed_kept) & set(kept)  # the old dataset's are gone


def test_a_server_of_another_dataset_leaves_the_dumps_a_live_server_sends(tmp_path: Path) -> None:
    """Two servers on one project, each with its own dataset: the second keeps its dumps and
    removes unused ones, but not the folder the first still sends from (found under pytest -n 3:
    a test's server lost its downloads to another test's)."""
    for folder in ("ontology", "data"):
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder)
    write_project_file(tmp_path)
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/a> <https://example.org/b> "c" .\n', encoding="utf-8")
    first = start_server("--no-validate", "--project-dir", str(tmp_path))
    try:
        before = requests.get(first.url + "/download/strategigraf.ttl", timeout=30)
        assert before.status_code == 200
        second = start_server(
            "--no-validate", "--project-dir", str(tmp_path), "--graph", f"https://example.org/g={extra}"
        )
        try:
            other = requests.get(second.url + "/download/strategigraf.ttl", timeout=30)
            assert other.status_code == 200 and other.headers["ETag"] != before.headers["ETag"]
        finally:
            second.stop()
        after = requests.get(first.url + "/download/strategigraf.ttl", timeout=30)
        assert after.status_code == 200
        assert (after.headers["ETag"], after.text) == (before.headers["ETag"], before.text)
        kept = list((tmp_path / ".cache" / "kg" / "dumps").iterdir())
        assert len(kept) == 2  # the second's stays too: the next start of either sends it again
    finally:
        first.stop()

    third = start_server("--no-validate", "--project-dir", str(tmp_path))
    third.stop()  # the first's dataset again: the folder of the second, now unused, goes
    assert len(list((tmp_path / ".cache" / "kg" / "dumps").iterdir())) == 1


def _void(project: Path) -> str:
    """Start kg serve on the project and fetch its VoID description as N-Triples."""
    running = start_server("--no-validate", "--project-dir", str(project))
    try:
        answer = requests.get(
            running.url + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30
        )
        assert answer.status_code == 200
        return answer.text
    finally:
        running.stop()


def _triples_figures(void: str) -> set[int]:
    return {
        int(line.split('"')[1]) for line in void.splitlines() if "<http://rdfs.org/ns/void#triples>" in line
    }


def test_the_void_figures_are_kept_for_the_next_start_and_counted_again_when_the_data_changes(
    tmp_path: Path,
) -> None:
    for folder in ("ontology", "data"):
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder)
    write_project_file(tmp_path)
    counted = _triples_figures(_void(tmp_path))
    (kept,) = (tmp_path / ".cache" / "kg" / "void").glob("*.json")
    record = json.loads(kept.read_text(encoding="utf-8"))
    assert record["whole"]["triples"] in counted
    record["whole"]["triples"] = 12345  # a figure no count gives: seen only if the kept one is read
    kept.write_text(json.dumps(record), encoding="utf-8")
    assert 12345 in _triples_figures(_void(tmp_path))

    data = tmp_path / "data" / "osloregionen-2017.ttl"
    data.write_text(
        data.read_text(encoding="utf-8").replace(LABEL, f'{LABEL}, "Areal og transport"@nb'), encoding="utf-8"
    )
    again = _triples_figures(_void(tmp_path))
    assert 12345 not in again and max(again) == max(counted) + 1  # counted anew: one statement more
    assert [path.name for path in (tmp_path / ".cache" / "kg" / "void").glob("*.json")] != [kept.name]
