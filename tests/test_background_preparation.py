"""kg serve answers queries before its download files exist: one preparer process makes them (and
the VoID figures) in the background, and until they are kept what needs them answers 503 with
Retry-After (issue 23: at a million triples they were 187 s of a 225 s start).

The preparer is held with SIGSTOP as soon as its line names it (`launch_server`, then the log):
while it is stopped nothing it makes can become kept, so what the server answers is fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from server.app import PREPARING
from tests.support.projects import run_kg
from tests.support.server import RunningServer, launch_server, start_server, wait_until_ready
from tests.support.shared import PROJECT_DIR, write_project_file
from tests.support.waiting import process_exists, scaled, wait_until

#: A label of focus area 1, as the source text writes it (data/osloregionen-2017.ttl).
LABEL = '"Areal, transport og klima/miljø"@nb'
ASK_LABEL = (
    'ASK { ?area <http://www.w3.org/2004/02/skos/core#prefLabel> "Areal, transport og klima/miljø"@nb }'
)
BACKGROUND = re.compile(r"in the background \(process (\d+);")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's ontology, data and named queries, and 20 synthetic organisations (about 25 000
    statements: preparing them takes seconds, JSON-LD by a pool of processes)."""
    root = write_project_file(tmp_path_factory.mktemp("background"))
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(PROJECT_DIR / folder, root / folder)
    synth = str(root / "data" / "synth")
    done = run_kg("synth", "--organisations", "20", "-o", synth, "--project-dir", str(root))
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    """A copy of the template with nothing kept yet: a cold start."""
    copy = tmp_path / "project"
    shutil.copytree(template, copy)
    return copy


def _held_preparer(running: RunningServer) -> int:
    """The preparer's process id, from its line in the log, once it is stopped (SIGSTOP)."""
    found: list[int] = []

    def named() -> bool:
        if running.process.poll() is not None:
            raise RuntimeError(f"kg serve exited:\n{running.log()}")
        match = BACKGROUND.search(running.log())
        if match:
            found.append(int(match.group(1)))
        return bool(found)

    assert wait_until(named, 120, interval=0.01), running.log()
    os.kill(found[0], signal.SIGSTOP)
    return found[0]


@pytest.fixture
def held(project: Path) -> Iterator[tuple[RunningServer, int]]:
    """A cold server whose preparer is stopped; continued and the server stopped afterwards."""
    running = launch_server("--no-validate", "--project-dir", str(project))
    try:
        pid = _held_preparer(running)
        try:
            wait_until_ready(running, prepared=False)
            yield running, pid
        finally:
            if process_exists(pid):
                os.kill(pid, signal.SIGCONT)
    finally:
        running.stop()


def _exported(project: Path, format_name: str) -> bytes:
    """The dump `kg export` writes in a process of its own (what /download/ must send)."""
    out = project.parent / f"export.{format_name}"
    done = run_kg("export", "--format", format_name, "-o", str(out), "--project-dir", str(project))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def _kept(project: Path) -> list[Path]:
    """The records of dumps kept whole (a folder without its record is unfinished)."""
    return list((project / ".cache" / "kg" / "dumps").glob("*/dumps.json"))


def _downloads_prepared(running: RunningServer) -> bool:
    health = requests.get(running.url + "/healthz", timeout=30)
    assert health.status_code == 200  # a load balancer keeps routing queries throughout
    return PREPARING not in health.text


def _unavailable(answer: requests.Response) -> None:
    """503 with Retry-After and the message in English and Norwegian."""
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["Retry-After"]) > 0
    assert "being prepared in the background" in answer.text
    assert "lages i bakgrunnen" in answer.text


def test_queries_answer_while_the_downloads_are_prepared_and_the_downloads_follow(
    held: tuple[RunningServer, int], project: Path
) -> None:
    running, pid = held
    url = running.url
    health = requests.get(url + "/healthz", timeout=30)
    assert health.status_code == 200 and PREPARING in health.text

    ask = requests.get(
        url + "/sparql",
        params={"query": ASK_LABEL},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    page = requests.get(
        url + "/id/osloregionen-2017/innsatsomrade-1", headers={"Accept": "text/turtle"}, timeout=30
    )
    assert page.status_code == 200 and LABEL in page.text
    named = requests.get(
        url + "/api/queries/focus-areas", params={"lang": "en"}, headers={"Accept": "text/csv"}, timeout=30
    )
    assert named.status_code == 200 and "Land use, transport and climate/environment" in named.text
    catalogue = requests.get(url + "/catalog", headers={"Accept": "application/n-triples"}, timeout=30)
    assert catalogue.status_code == 200  # it reads the store, not the dumps: harvesters get it at once
    assert f"<{url}/download/strategigraf.ttl>" in catalogue.text

    _unavailable(requests.get(url + "/download/", timeout=30))
    _unavailable(requests.get(url + "/download/strategigraf.ttl", timeout=30))
    problem = requests.get(
        url + "/download/strategigraf.nt", headers={"Accept": "application/problem+json"}, timeout=30
    )
    assert problem.status_code == 503 and problem.json()["status"] == 503
    assert "Nedlastingsfilene" in problem.json()["detail"]
    # The figures are counted first, by a process of the preparer's own, which SIGSTOP does not hold:
    # VoID answers 503 while they are not kept, 200 once they are.
    counted = project / ".cache" / "kg" / "void"
    before = list(counted.glob("*.json"))
    void = requests.get(url + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30)
    if before:
        assert void.status_code == 200
    elif not list(counted.glob("*.json")):
        _unavailable(void)
    assert _kept(project) == []

    os.kill(pid, signal.SIGCONT)
    assert wait_until(lambda: _downloads_prepared(running), 120)
    turtle = requests.get(url + "/download/strategigraf.ttl", timeout=30)
    assert turtle.status_code == 200 and LABEL in turtle.text
    assert turtle.content == _exported(project, "ttl")
    assert requests.get(url + "/.well-known/void", timeout=30).status_code == 200
    assert len(_kept(project)) == 1
    running.stop()

    log = running.log()
    statements = len(_exported(project, "nq").splitlines())  # one line per statement of each graph
    assert "preparing the download files and the catalogue in the background" in log
    made = rf"prepared 12 download files of {statements} statements and the catalogue in \d+\.\d s"
    assert re.search(made + r" \(in the background\)", log), log
    assert not process_exists(pid)

    warm = start_server("--no-validate", "--project-dir", str(project), prepared=False)
    try:
        assert _downloads_prepared(warm)  # from its first answer on
        again = requests.get(warm.url + "/download/strategigraf.ttl", timeout=30)
        assert (again.content, again.headers["ETag"]) == (turtle.content, turtle.headers["ETag"])
    finally:
        warm.stop()
    assert "in the background" not in warm.log()
    assert "prepared 12 download files" in warm.log()


def test_a_killed_preparer_leaves_nothing_half_kept_and_the_downloads_are_made_on_first_use(
    held: tuple[RunningServer, int], project: Path
) -> None:
    running, pid = held
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: _downloads_prepared(running), 30)  # the server knows it ended at once
    assert _kept(project) == []
    turtle = requests.get(running.url + "/download/strategigraf.ttl", timeout=120)
    assert turtle.status_code == 200 and LABEL in turtle.text
    assert turtle.content == _exported(project, "ttl")
    assert requests.get(running.url + "/download/strategigraf.trig", timeout=120).status_code == 200
    assert requests.get(running.url + "/.well-known/void", timeout=120).status_code == 200
    assert len(_kept(project)) == 1  # made by a worker, kept as before
    running.stop()
    assert "ended without keeping the download files" in running.log()


def test_the_dumps_a_preparer_kept_are_held_by_the_server_before_any_worker_sends_them(
    project: Path, tmp_path: Path
) -> None:
    """A server of another dataset starting on the same project removes every kept folder no live
    server holds: the dumps made in the background are held by the server that asked for them from
    the moment they are kept, not only once a worker has sent one. The VoID figures of another
    dataset stay for a day (a live server's workers read them on first use)."""
    first = start_server("--no-validate", "--project-dir", str(project))  # waits until they are kept
    try:
        (kept,) = _kept(project)
        inode = kept.stat().st_ino
        (figures,) = (project / ".cache" / "kg" / "void").glob("*.json")
        forgotten = figures.with_name("0" * 32 + ".json")  # another dataset's, two days old
        forgotten.write_text(figures.read_text(encoding="utf-8"), encoding="utf-8")
        two_days_ago = time.time() - 2 * 86_400
        os.utime(forgotten, (two_days_ago, two_days_ago))
        extra = tmp_path / "extra.ttl"
        extra.write_text('<https://example.org/a> <https://example.org/b> "c" .\n', encoding="utf-8")
        other = ["--graph", f"https://example.org/g={extra}"]
        second = start_server("--no-validate", "--project-dir", str(project), *other)
        second.stop()
        assert kept.is_file() and kept.stat().st_ino == inode  # still there, not written again
        assert figures.is_file() and not forgotten.exists()
        turtle = requests.get(first.url + "/download/strategigraf.ttl", timeout=30)
        assert turtle.status_code == 200 and turtle.content == _exported(project, "ttl")
    finally:
        first.stop()
    assert "this worker makes them on first use" not in first.log()


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux: /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{pid}\n" in status.read_text(encoding="ascii"):
                found.append(int(status.parent.name))
        except OSError:
            continue  # ended while read
    return found


def _running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie nobody reaps has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _spawned(pid: int) -> list[int]:
    """The JSON-LD processes the preparer spawned (`kg.publishing.dumps`)."""
    pool = []
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.spawn" in command:
            pool.append(child)
    return pool


def test_the_json_ld_processes_of_a_killed_preparer_end_and_a_stopped_server_stops_its_preparer(
    project: Path,
) -> None:
    running = launch_server("--no-validate", "--project-dir", str(project))
    try:
        match = None

        def named() -> bool:
            nonlocal match
            match = BACKGROUND.search(running.log())
            return match is not None

        assert wait_until(named, 120, interval=0.01) and match
        preparer = int(match.group(1))
        pool: list[int] = []

        def compacting() -> bool:
            pool[:] = _spawned(preparer)
            return bool(pool)

        assert wait_until(compacting, 120, interval=0.01)
        os.kill(preparer, signal.SIGSTOP)  # while its pool compacts JSON-LD
        os.kill(preparer, signal.SIGKILL)
        assert wait_until(lambda: not any(_running(pid) for pid in pool), 30), pool
        wait_until_ready(running)
        assert _kept(project) == []  # the JSON-LD was not finished: nothing kept
    finally:
        running.stop()

    shutil.rmtree(project / ".cache")  # cold again
    second = launch_server("--no-validate", "--project-dir", str(project))
    try:
        preparer = _held_preparer(second)
        wait_until_ready(second, prepared=False)
        # Stopped as an operator stops it, with its preparer stopped (SIGSTOP): the server ends it.
        # Given gunicorn's graceful timeout (30 s) for a worker still booting when told to stop.
        second.process.send_signal(signal.SIGTERM)
        second.process.wait(timeout=scaled(60))
    finally:
        second.stop()
    assert wait_until(lambda: not _running(preparer), 30)
    assert "stopped preparing the download files and the catalogue: the server stopped" in second.log()
