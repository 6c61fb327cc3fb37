"""The downloads and the VoID figures of a fixed dataset, made in a process of their own while the
server answers (issue 23: at a million triples they were 187 s of a 225 s start; queries and pages
need neither).

When the dataset cannot change while the server runs (they are kept per dataset: `KeptDumps`,
`KeptFigures`) and they are not kept yet, `kg serve` reads the dataset's statements and forks ONE
preparer (`Preparer.start`) before gunicorn forks its workers. The preparer makes them as a start-up
did (the same files and bytes, the same locks, the atomic rename into the project's cache; the
figures first, in a process of their own, as they are quicker), prints one line and exits. Until
each is kept, what needs it answers 503 with Retry-After (`Preparing`) and /healthz says so; no
worker makes them meanwhile.

Whether the preparer lives is read from a pipe only it (and its counting process) holds open for
writing: it reads as ended (EOF) when the preparer exits, fails or is killed, with no process id
that could be reused and nothing that gunicorn's reaping of children disturbs. A preparer that
ended without keeping them leaves them to be made on first use, as every request did before.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from werkzeug.exceptions import ServiceUnavailable

from kg.foundation.memory import release_freed_memory
from kg.foundation.settings import Settings
from kg.publishing.dumps import KeptDumps
from kg.publishing.state import PerState
from kg.publishing.void import DatasetFigures, KeptFigures
from kg.query.reads import StoreReads
from kg.store import Store

log = logging.getLogger("server")

#: How much less CPU the preparer (and its JSON-LD processes) asks for than the workers: on a busy
#: machine requests come first; on an idle one it takes the same time.
_NICENESS = 5
#: Seconds a client is asked to wait before it asks again (a million triples take about 3 minutes).
RETRY_AFTER = 30


class Kept(Protocol):
    """What is kept in the project's cache per dataset (`KeptDumps`, `KeptFigures`)."""

    def kept(self, settings: Settings) -> bool: ...


class Preparing(ServiceUnavailable):
    """A request for what the preparer is still making: 503, Retry-After, said in en and nb."""

    def __init__(self, what: str, hva: str) -> None:
        super().__init__(
            f"{what} are being prepared in the background since the server started; try again in "
            f"{RETRY_AFTER} s (SPARQL, pages and named queries answer meanwhile) / {hva} lages i "
            f"bakgrunnen siden tjeneren startet; prøv igjen om {RETRY_AFTER} s (SPARQL, sider og "
            "navngitte spørringer svarer imens)",
            retry_after=RETRY_AFTER,
        )


class Preparer:
    """The one process that makes the kept dumps and VoID figures of `dataset` in the background."""

    def __init__(self, dumps: KeptDumps, figures: KeptFigures, settings: Settings) -> None:
        self.dumps, self.figures, self._settings = dumps, figures, settings
        #: The read end of the pipe the preparer holds open; None until it is started.
        self._alive: int | None = None
        self.pid: int | None = None
        self._ended = False
        self._warned = False

    @classmethod
    def needed(cls, dataset: str | None, settings: Settings) -> Preparer | None:
        """A preparer when `dataset` is fixed for the server's life, something of it is not kept
        yet, and the project's cache can keep it (else a start-up prepares as it did before)."""
        if not dataset:
            return None
        dumps, figures = KeptDumps(dataset), KeptFigures(dataset)
        if dumps.kept(settings) and figures.kept(settings):
            return None
        try:
            settings.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        if not os.access(settings.cache_dir, os.W_OK | os.X_OK):
            return None
        return cls(dumps, figures, settings)

    def start(
        self,
        reads: StoreReads,
        figures: PerState[Any, DatasetFigures],
        store: Store,
        report: Callable[[str], None],
    ) -> None:
        """Read the dataset for the dumps, let go of `store` for the fork (`Store.before_fork`),
        and fork the preparer: a process of its own reopens `store` and counts the VoID `figures`
        (the app's), then it makes the dumps, prints what it made with `report`, and exits.

        The dataset is read here, and the figures are counted by a process of the preparer's own
        that ends when they are kept: a read of pyoxigraph's in-memory store writes to the memory
        it reads, which in a forked process copies every page read (at a million triples, 1 GB
        more for as long as that process lives: the counts take seconds, the dumps minutes). The
        dumps are made in a folder this
        process holds (`KeptDumps.reserve`), so that this process and the workers it forks hold
        them from the moment they are kept, as a server that made them itself did: no other
        server's start removes them before a worker sends them.
        """
        settings = self._settings
        reserved = self.dumps.reserve(settings)
        read = [reads.read_watched(lambda reading: reserved.read(reading, settings))]

        def count() -> None:
            store.after_fork()
            figures.get(reads.read_watched, settings)  # no time limit: no client waits for it

        def make() -> str:
            counted = _in_a_process(count)  # first: VoID answers sooner
            dumps = reserved.make(read.pop(), settings)
            if not counted:
                raise RuntimeError("the VoID figures were not counted (see above)")
            return f"{len(dumps.files)} download files of {dumps.quads} statements"

        store.before_fork()
        gc.collect()
        readable, writable = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()  # or what the parent has not written yet is written twice
        pid = os.fork()
        if pid == 0:
            os.close(readable)
            code = _prepare(make, store, report)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)  # not the parent's exit handlers (its temporary folders, its workers)
        os.close(writable)
        self._alive, self.pid = readable, pid
        read.clear()  # the preparer's now
        release_freed_memory()

    def running(self) -> bool:
        """Whether the preparer was started and has not ended (its last line is written when it has)."""
        if self._alive is None or self._ended:
            return False
        ready, _, _ = select.select([self._alive], [], [], 0)
        self._ended = bool(ready)
        return not self._ended

    def making(self, kept: Kept) -> bool:
        """Whether `kept` is not kept yet and the preparer is making it now. Once the preparer has
        ended without keeping everything, logs that requests make it (once per process)."""
        if self.running():
            return not kept.kept(self._settings)
        if self._alive is not None and not self._warned:
            self._warned = True
            if not (self.dumps.kept(self._settings) and self.figures.kept(self._settings)):
                log.warning(
                    "the background preparer (process %s) ended without keeping the download files "
                    "and the VoID figures; this worker makes them on first use",
                    self.pid,
                )
        return False

    def wait_for_dumps(self) -> None:
        """503 (`Preparing`) while the preparer makes the dumps."""
        if self.making(self.dumps):
            raise Preparing("The download files", "Nedlastingsfilene")

    def wait_for_figures(self) -> None:
        """503 (`Preparing`) while the preparer counts the VoID figures."""
        if self.making(self.figures):
            raise Preparing("The VoID figures", "VoID-tallene")

    def stop(self) -> None:
        """End a preparer still running (the server stops): what it was making stays unkept, and
        the folder it was writing is removed by the next start."""
        if self.pid is not None and self.running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
                os.kill(self.pid, signal.SIGCONT)  # one stopped (SIGSTOP) ends only when continued


def _prepare(make: Callable[[], str], store: Store, report: Callable[[str], None]) -> int:
    """In the preparer: make everything, say what and how long; an exit code (0 or 1: gunicorn
    reaps the preparer as an unknown child, never as a worker that failed to boot)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal: the server ends it
    signal.signal(signal.SIGTERM, _stopped)  # the server stops: its JSON-LD processes end too
    os.nice(_NICENESS)
    # What the server loaded stays shared with it: the collector's passes would write to every
    # object it holds, and so copy the pages they lie on into the preparer.
    gc.freeze()
    started = time.perf_counter()
    try:
        made = make()
    except BaseException as problem:  # whatever it was: the workers fall back
        traceback.print_exc()
        report(
            f"error: preparing the download files and the catalogue failed ({problem!r}); they are "
            "made on first use / feil: nedlastingsfilene og katalogen kunne ikke lages nå; de lages ved "
            "første bruk"
        )
        return 1
    report(f"prepared {made} and the catalogue in {time.perf_counter() - started:.1f} s (in the background)")
    return 0


#: In the preparer: the process `_in_a_process` waits for, if any (it ends with the preparer).
_child: int | None = None


def _stopped(_signal: int, _frame: object) -> None:
    """SIGTERM in the preparer (the server stops): end the counting process, say so and exit at
    once; the JSON-LD processes end with it (`kg.publishing.dumps`), and the next start removes the
    folder it was writing. Not by raising an exception: one raised while the preparer forks is
    swallowed by the fork's handlers ("Exception ignored"), and the preparer went on to the end (seen
    under load)."""
    if _child is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(_child, signal.SIGKILL)
    os.write(2, b"stopped preparing the download files and the catalogue: the server stopped\n")
    os._exit(1)


def _in_a_process(work: Callable[[], None]) -> bool:
    """`work` in a forked process of its own, waited for; whether it succeeded (its traceback is
    printed when not)."""
    sys.stdout.flush()
    sys.stderr.flush()
    global _child
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the preparer's: it ends this one
        code = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _child = pid
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        _child = None
    return os.waitstatus_to_exitcode(status) == 0
