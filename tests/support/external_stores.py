"""Real SPARQL stores for the tests and the benchmarks: Virtuoso and Oxigraph's server.

Each runs on loopback, on free ports, with its configuration and database in
a private folder, and is stopped at the end. Nothing here skips: a missing
binary raises `MissingTool` with what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.auth import HTTPDigestAuth

from kg.foundation.settings import Settings
from kg.store import Connection
from kg.store.sparql import SparqlStore
from tests.support.server import free_port, listens_on
from tests.support.waiting import wait_until

VIRTUOSO_USER = "kgtest"
VIRTUOSO_PASSWORD = "kgtest-secret"
_VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")


class MissingTool(RuntimeError):
    """A store's program is not installed."""


@dataclass
class ExternalStore:
    """A running SPARQL server and the URLs and credentials `kg` needs to use it."""

    name: str
    process: subprocess.Popen[bytes]
    directory: Path
    query_url: str
    update_url: str
    graph_store_url: str
    user: str | None = None
    password: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        return f"sparql:{self.query_url}"

    def store_args(self) -> list[str]:
        """The `kg` options that point a command at this store (with write credentials)."""
        args = ["--store", self.spec, "--graph-store-url", self.graph_store_url]
        args += ["--update-url", self.update_url]
        if self.user is not None and self.password is not None:
            args += ["--store-user", self.user, "--store-password", self.password]
        return args

    def connection(self) -> Connection:
        return Connection(
            update_url=self.update_url,
            graph_store_url=self.graph_store_url,
            user=self.user,
            password=self.password,
        )

    def open(self, graphs: list[str], version_graph: str | None = None) -> SparqlStore:
        """The store with write access: as kg sees a project's versions with `version_graph`, else as is."""
        return SparqlStore(self.query_url, self.connection(), graphs=graphs, version_graph=version_graph)

    def open_project(self, settings: Settings, **connection: Any) -> SparqlStore:
        """The store as `kg push` and `kg serve` open it for this project (`connection` overrides)."""
        graphs = [*settings.default_graphs(infer=True), settings.version_graph]
        return SparqlStore(
            self.query_url,
            replace(self.connection(), **connection),
            graphs=graphs,
            version_graph=settings.version_graph,
        )

    def put_graph(self, graph: str, path: Path) -> None:
        """Replace a graph, by the store's own name for it, as another client of the store would."""
        auth = HTTPDigestAuth(self.user, self.password) if self.user and self.password else None
        with path.open("rb") as body:
            response = requests.put(
                self.graph_store_url,
                params={"graph": graph},
                data=body,
                headers={"Content-Type": "application/n-triples"},
                auth=auth,
                timeout=60,
            )
        response.raise_for_status()

    def log(self) -> str:
        return (self.directory / "stdout.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _require(program: str, package: str) -> str:
    found = shutil.which(program) or shutil.which(program, path=str(Path(sys.executable).parent))
    if not found:
        raise MissingTool(f"{program} not found: install {package} (`make test` runs .ci/system-deps)")
    return found


def _wait_until_ready(store: ExternalStore, probe_url: str, timeout: float) -> None:
    port = urlsplit(probe_url).port or 80

    def ready() -> bool:
        if store.process.poll() is not None:
            raise RuntimeError(f"{store.name} exited with {store.process.returncode}:\n{store.log()}")
        if not listens_on(store.process.pid, port):
            return False  # not bound yet, or another process holds the port (`listens_on`)
        try:
            return requests.get(probe_url, params={"query": "ASK {}"}, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    if wait_until(ready, timeout, interval=0.1):
        return
    store.stop()
    raise RuntimeError(f"{store.name} did not answer within {timeout} s:\n{store.log()}")


def start_oxigraph_server(directory: Path, *, port: int | None = None, timeout: float = 30) -> ExternalStore:
    """`oxigraph serve` on a loopback port (a free one unless given) with its database in DIRECTORY."""
    program = _require("oxigraph", "the PyPI package oxigraph (the dev extra)")
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = (directory / "stdout.log").open("ab")
    process = subprocess.Popen(
        [program, "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    store = ExternalStore(
        "oxigraph-server", process, directory, f"{base}/query", f"{base}/update", f"{base}/store"
    )
    _wait_until_ready(store, store.query_url, timeout)
    return store


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}, {load_dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
MaxQueryMem = 1G
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {max_seconds}
"""


class Virtuoso(ExternalStore):
    """A private Virtuoso: SQL via isql-vt, SPARQL and the Graph Store Protocol over HTTP."""

    def isql(self, *statements: str, timeout: float = 600) -> str:
        """Run SQL statements as dba; raises with Virtuoso's message when one fails."""
        command = [
            self.extra["isql"],
            self.extra["sql_address"],
            "dba",
            "dba",
            "exec=" + " ".join(statements),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, path: Path, graph: str) -> None:
        """Virtuoso's own bulk loader (the fastest way in); PATH must be under the load folder."""
        self.isql(
            f"ld_dir('{path.parent}', '{path.name}', '{graph}');",
            "rdf_loader_run();",
            "checkpoint;",
        )

    @property
    def load_dir(self) -> Path:
        return Path(self.extra["load_dir"])

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.isql("checkpoint;", "shutdown;", timeout=30)
                self.process.wait(timeout=30)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        super().stop()


def start_virtuoso(
    directory: Path, *, buffers: int = 10_000, max_query_seconds: int = 5, timeout: float = 60
) -> Virtuoso:
    """A fresh Virtuoso in DIRECTORY, with a test user allowed SPARQL Update over digest auth.

    `buffers` is Virtuoso's NumberOfBuffers (8 KB pages in memory): the default
    suits the tests; benchmarks on large graphs give it more. Virtuoso stops
    a query after `max_query_seconds` (MaxQueryExecutionTime).
    """
    program = _require("virtuoso-t", "the Debian package virtuoso-opensource")
    isql = _require("isql-vt", "the Debian package virtuoso-opensource")
    directory.mkdir(parents=True, exist_ok=True)
    load_dir = directory / "load"
    load_dir.mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(
            dir=directory,
            load_dir=load_dir,
            sql_port=sql_port,
            http_port=http_port,
            vsp=_VSP_ROOT,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
            max_seconds=max_query_seconds,
        )
    )
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(
        [program, "+configfile", str(directory / "virtuoso.ini"), "+foreground"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=directory,
    )
    base = f"http://127.0.0.1:{http_port}"
    store = Virtuoso(
        "virtuoso",
        process,
        directory,
        query_url=f"{base}/sparql",
        update_url=f"{base}/sparql-auth",
        graph_store_url=f"{base}/sparql-graph-crud-auth",
        user=VIRTUOSO_USER,
        password=VIRTUOSO_PASSWORD,
        extra={"isql": isql, "sql_address": f"127.0.0.1:{sql_port}", "load_dir": str(load_dir)},
    )
    _wait_until_ready(store, store.query_url, timeout)
    store.isql(
        f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}');",
        f'GRANT SPARQL_SELECT TO "{VIRTUOSO_USER}";',
        f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";',
    )
    return store
