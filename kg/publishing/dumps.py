"""Dumps of the whole dataset in every format, byte for byte reproducible.

The dataset is the asserted graphs (ontology, data, further graphs; not
the inferred graph, see `kg.publishing.state`). Triple formats hold the
union of those graphs; TriG and N-Quads keep each in its named graph. Blank
nodes get canonical labels (Oxigraph's canonicalisation, independent of load
order) and statements are sorted, so the same data always gives the same
bytes: `kg export` and the server agree, and ETags stay stable.

Dumps are written to files, never held whole in memory: at a million
triples the statements are kept as sorted N-Triples lines (bytes, about a
quarter of what Python term objects take), each format is streamed from
them, and JSON-LD is compacted a slice of subjects at a time (for large
graphs, by a pool of processes when the settings allow: `kg export` and
`kg serve` do).
"""

from __future__ import annotations

import atexit
import fcntl
import gzip
import hashlib
import heapq
import io
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg.foundation.formats import GZIP, JSON_LD, N_QUADS, N_TRIPLES, RDF_SYNTAXES, RdfSyntax, serialized
from kg.foundation.namespaces import PREFIXES, RDF
from kg.foundation.settings import Settings
from kg.publishing.jsonld import compact_nodes, ontology_context
from kg.publishing.rdf import triple_key
from kg.publishing.state import dataset_graphs, kept_key
from kg.store import Store

#: In a sorted line, rdf:type stands for itself as `<\t>`, which sorts before every other predicate:
#: each subject's types come first, as in `triple_key`.
_TYPE = f"<{RDF}type> ".encode()
_TYPE_FIRST = b"<\t> "
#: Subjects compacted to JSON-LD in one call: bounds PyLD's memory, few calls.
_JSONLD_SLICE = 2_000
#: From this many statements on, JSON-LD may be compacted by a pool of processes
#: (`Settings.dump_processes`): PyLD is pure Python and takes most of the
#: start-up time of a large graph, and slices of subjects are independent. Below it,
#: starting the processes costs more than it saves.
_PARALLEL_FROM = 20_000


def canonical_quads(store: Store, graphs: Iterable[str]) -> list[ox.Quad]:
    """Every quad of the graphs, blank nodes relabelled canonically, sorted (for small graphs)."""
    quads = [
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))
        for graph in graphs
        for triple in store.graph_triples(graph)
    ]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(dataset, key=lambda quad: (str(quad.graph_name), *triple_key(quad.triple)))


@dataclass(frozen=True)
class DatasetRead:
    """What every dump is made from, as read from the store: each graph as N-Triples (in the
    settings' order), and the JSON-LD context."""

    graphs: list[str]
    texts: dict[str, bytes]
    context: dict[str, Any]


def read_dataset(store: Store, settings: Settings) -> DatasetRead:
    """Everything the dumps read from the store, in one go (so one time limit covers it)."""
    graphs = dataset_graphs(store, settings)
    texts = {graph: store.graph_ntriples(graph) for graph in graphs}
    return DatasetRead(graphs, texts, ontology_context(store, settings.ontology_graph))


class SortedDataset:
    """The dataset's statements per graph as sorted N-Triples lines, blank nodes canonical."""

    def __init__(self, texts: dict[str, bytes]) -> None:
        """Takes each graph's N-Triples out of `texts` as it sorts them (at a million triples
        they are 100 MB and more: the dict is left empty)."""
        _canonical(texts)
        self.graphs: dict[str, list[bytes]] = {}
        for graph in list(texts):
            lines = texts.pop(graph).splitlines(keepends=True)
            for number, line in enumerate(lines):
                if _TYPE in line:
                    lines[number] = _type_first(line)
            lines.sort()
            self.graphs[graph] = lines

    def __len__(self) -> int:
        return sum(map(len, self.graphs.values()))

    def triple_lines(self) -> Iterator[bytes]:
        """The union of the graphs, sorted, each statement once."""
        merged = heapq.merge(*self.graphs.values())
        for line, _ in groupby(merged):
            yield _type_as_written(line)

    def quad_lines(self) -> Iterator[bytes]:
        """Every graph's statements as N-Quads, graph by graph (in the order of their IRIs)."""
        for graph, lines in sorted(self.graphs.items()):
            name = f" <{graph}> .\n".encode()
            for line in lines:
                yield _type_as_written(line)[:-3] + name  # "s p o .\n" -> "s p o <g> .\n"


def _canonical(texts: dict[str, bytes]) -> None:
    """Label the blank nodes of the graphs' N-Triples canonically across all of them, in place.

    Only graphs that may hold blank nodes (their text has "_:") go through
    the canonicalisation, which needs the quads as an in-memory dataset; a
    data graph of a million triples usually has none.
    """
    blank = [graph for graph in texts if b"_:" in texts[graph]]
    if blank:
        dataset = ox.Dataset(
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
            for graph in blank
            for t in ox.parse(texts[graph], format=N_TRIPLES.oxigraph)
        )
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        for graph in blank:
            quads = dataset.quads_for_graph_name(ox.NamedNode(graph))
            texts[graph] = serialized((quad.triple for quad in quads), N_TRIPLES.oxigraph)


def _type_first(line: bytes) -> bytes:
    subject, _, rest = line.partition(b" ")
    return subject + b" " + _TYPE_FIRST + rest[len(_TYPE) :] if rest.startswith(_TYPE) else line


def _type_as_written(line: bytes) -> bytes:
    subject, _, rest = line.partition(b" ")
    return subject + b" " + _TYPE + rest[len(_TYPE_FIRST) :] if rest.startswith(_TYPE_FIRST) else line


def _lines_file(lines: Iterator[bytes]) -> IO[bytes]:
    """Lines as a binary file for pyoxigraph's streaming parser."""
    return cast(IO[bytes], _LineReader(lines))  # a RawIOBase is a binary file; typeshed says otherwise


class _LineReader(io.RawIOBase):
    """A binary file over an iterator of lines, for pyoxigraph's streaming parser."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = b"".join(line for _, line in zip(range(4096), self._lines, strict=False))
            if not chunk:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def write_dump(
    data: SortedDataset, dump: RdfSyntax, context: dict[str, Any], out: IO[bytes], processes: int = 1
) -> None:
    """The dataset in one format, written to `out`; JSON-LD of a large graph by `processes`
    processes (see `_compacted_slices`)."""
    if dump is N_QUADS:
        out.writelines(data.quad_lines())
    elif dump.quads:
        quads = ox.parse(_lines_file(data.quad_lines()), format=N_QUADS.oxigraph)
        ox.serialize(quads, out, dump.oxigraph, prefixes=PREFIXES)
    elif dump is N_TRIPLES:
        out.writelines(data.triple_lines())
    elif dump is JSON_LD:
        _write_jsonld(data, context, out, processes)
    else:
        triples = ox.parse(_lines_file(data.triple_lines()), format=N_TRIPLES.oxigraph)
        ox.serialize(triples, out, dump.oxigraph, prefixes=PREFIXES)


def _write_jsonld(data: SortedDataset, context: dict[str, Any], out: IO[bytes], processes: int) -> None:
    """`{"@context": ..., "@graph": [...]}` laid out as json.dumps(indent=2) would, a slice at a time."""
    context_text = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(f'{{\n  "@context": {context_text},\n  "@graph": ['.encode())
    first = True
    for texts in _compacted_slices(data, context, processes):
        for text in texts:
            out.write((("\n    " if first else ",\n    ") + text).encode())
            first = False
    out.write(b"\n  ]\n}\n")


def _compacted_slices(data: SortedDataset, context: dict[str, Any], processes: int) -> Iterator[list[str]]:
    """Each slice's node objects as JSON text, in order; in `processes` processes when it pays
    (more than one only where spawning is safe: see `Settings.dump_processes`)."""
    slices = _subject_slices(data.triple_lines())
    if len(data) < _PARALLEL_FROM or processes < 2:
        return (_compact_slice(ntriples, context) for ntriples in slices)
    return _in_processes(slices, context, processes)


def _compact_slice(ntriples: bytes, context: dict[str, Any]) -> list[str]:
    """One slice's node objects, each as indented JSON text (what a pool worker sends back)."""
    triples = ox.parse(ntriples, format=N_TRIPLES.oxigraph)
    nodes = compact_nodes(triples, context)
    return [json.dumps(node, ensure_ascii=False, indent=2).replace("\n", "\n    ") for node in nodes]


def _in_processes(slices: Iterator[bytes], context: dict[str, Any], workers: int) -> Iterator[list[str]]:
    """Slices compacted by a pool of fresh processes, in order, at most two per worker in flight
    (so that memory stays bounded). Spawned, not forked: the parent may hold a RocksDB store."""
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_end_with,
        initargs=(os.getpid(),),
    )
    try:
        pending: deque[Future[list[str]]] = deque()
        for ntriples in slices:
            pending.append(pool.submit(_compact_slice, ntriples, context))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)  # on an error, slices not yet started are dropped


def _end_with(parent: int) -> None:
    """In a pool process: exit when `parent` has ended. A parent killed (SIGKILL, the OOM killer: a
    server's preparer, `kg export`) cannot shut its pool down, and its processes, each holding the
    pool's queue open, would otherwise wait on it forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _subject_slices(lines: Iterator[bytes]) -> Iterator[bytes]:
    """N-Triples of about _JSONLD_SLICE subjects at a time, never splitting a subject."""
    batch: list[bytes] = []
    subjects = 0
    for _, group in groupby(lines, key=lambda line: line.partition(b" ")[0]):
        batch.extend(group)
        subjects += 1
        if subjects == _JSONLD_SLICE:
            yield b"".join(batch)
            batch, subjects = [], 0
    if batch:
        yield b"".join(batch)


def export(store: Store, settings: Settings, dump: RdfSyntax, out: IO[bytes]) -> None:
    """The dataset in one format: what `kg export` writes and /download/ serves."""
    read = read_dataset(store, settings)
    write_dump(SortedDataset(read.texts), dump, read.context, out, settings.dump_processes)


@dataclass(frozen=True)
class DumpFile:
    name: str
    media_type: str
    path: Path
    size: int
    etag: str


@dataclass(frozen=True)
class Dumps:
    """Every dump file of one state of the dataset, with when it was made and where it lies."""

    files: dict[str, DumpFile]
    created: datetime
    graphs: list[str]
    quads: int
    folder: Path


class _Hashing(io.RawIOBase):
    """A file that hashes and counts what is written through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._target.write(data)
        self.hash.update(data)
        self.size += len(data)
        return len(data)


def make_dumps(read: DatasetRead, settings: Settings, folder: Path | None = None) -> Dumps:
    """Every format, plain and gzip-compressed (gzip without a timestamp, so reproducible),
    made from what `read_dataset` read (the texts are taken out of it: see `SortedDataset`).

    Written to `folder` (a new temporary folder when None, removed when the
    process that made it exits).
    """
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="kg-dumps-"))
        _remove_at_exit(folder)
    graphs, context = read.graphs, read.context
    data = SortedDataset(read.texts)
    files: dict[str, DumpFile] = {}
    processes = settings.dump_processes
    for dump in RDF_SYNTAXES:
        plain, packed = folder / dump.file_name, folder / dump.gzip_name
        files[dump.file_name] = _write_file(
            plain, dump.media_type, partial(write_dump, data, dump, context, processes=processes)
        )
        files[dump.gzip_name] = _write_file(packed, GZIP, partial(_gzip, plain))
    return Dumps(files, datetime.now(UTC).replace(microsecond=0), graphs, len(data), folder)


@dataclass(frozen=True)
class KeptDumps:
    """The dumps of the dataset named `dataset` (`kg.store.version`), kept in the project's cache.

    Made once per dataset, kg version and base IRI: a server started again on the same files
    sends the same files, with the same dates, without writing them again (at a million triples,
    most of a start-up). Kept: this dataset's and those a live server still sends. Where the
    cache cannot be written, the dumps are made in a temporary folder as by `make_dumps`.

    In the two steps of `kg.publishing.state.PerState`: `read` (under the caller's time limit)
    finds the kept dumps, or else reads the dataset; `make` writes and keeps what was read.
    """

    dataset: str
    #: A folder `reserve` made and holds, to make the dumps in (once) instead of a new one.
    building: Path | None = None

    def folder(self, settings: Settings) -> Path:
        return settings.cache_dir / "dumps" / kept_key(self.dataset, settings)

    def kept(self, settings: Settings) -> bool:
        """Whether this dataset's dumps are kept whole (a look, no lock: `read` holds them)."""
        try:
            _read_kept(self.folder(settings))
        except (OSError, ValueError, KeyError):
            return False
        return True

    def read(self, store: Store, settings: Settings) -> Dumps | DatasetRead:
        """The kept dumps, without reading the store; else what to make them from."""
        folder = self.folder(settings)
        try:
            _hold(folder)
            return _read_kept(folder)
        except (OSError, ValueError, KeyError):  # none kept yet (or one a crash left half-written)
            return read_dataset(store, settings)

    def make(self, read: Dumps | DatasetRead, settings: Settings) -> Dumps:
        """The dumps `read` found, or made from what it read and kept; older datasets' removed
        (what a start does)."""
        dumps = self.keep(read, settings)
        if dumps.folder.parent != self.folder(settings).parent:
            return dumps  # made in a temporary folder: the cache cannot be written
        for old in dumps.folder.parent.iterdir():  # earlier datasets' dumps, what a crash left a day ago
            if old != dumps.folder:
                _remove_unused(old)  # one a live process sends, or is making, is locked
        return dumps

    def keep(self, read: Dumps | DatasetRead, settings: Settings) -> Dumps:
        """The dumps `read` found, or made from what it read and kept; other datasets' left alone
        (a server's workers, which a preparer made them for: a start removes them, `make`)."""
        if isinstance(read, Dumps):
            return read
        try:
            building = self.building or self._new_folder(settings)
        except OSError:
            return make_dumps(read, settings)
        return _keep(make_dumps(read, settings, building), self.folder(settings))

    def reserve(self, settings: Settings) -> KeptDumps:
        """These dumps, held from now on by this process and those it forks (a server's workers),
        while another it forks makes them: the kept folder when they are kept, else a new folder to
        make them in (by `make`, once), which moves into place with its lock."""
        try:
            if self.kept(settings):
                _hold(self.folder(settings))
                return self
            return replace(self, building=self._new_folder(settings))
        except OSError:  # the cache cannot be written: made in a temporary folder
            return self

    def _new_folder(self, settings: Settings) -> Path:
        """A folder of its own beside the kept one, held by this process, to make the dumps in."""
        folder = self.folder(settings)
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
        _hold(building)
        return building


def _keep(dumps: Dumps, folder: Path) -> Dumps:
    """Record the dumps made in a folder of their own beside `folder`, then move them there at once."""
    building = dumps.folder
    record = {
        "created": dumps.created.isoformat(),
        "graphs": dumps.graphs,
        "quads": dumps.quads,
        "files": [[f.name, f.media_type, f.size, f.etag] for f in dumps.files.values()],
    }
    (building / _KEPT).write_text(json.dumps(record), encoding="utf-8")
    try:
        building.rename(folder)  # the lock held on it moves with it
    except OSError:  # another process kept the same dumps meanwhile
        shutil.rmtree(building, ignore_errors=True)
        _hold(folder)
    return _read_kept(folder)


#: The record of kept dumps, written last: a folder without it was left half-made.
_KEPT = "dumps.json"

#: In each folder of kept dumps: every process serving from the folder holds a shared lock on
#: it for its life (its forked workers inherit the descriptor), and a folder is removed only by
#: a process that can lock it exclusively, so a server of another dataset (a second project
#: copy, a test run beside a live server) never deletes the files a live server sends.
_IN_USE = "in-use.lock"

#: The open lock files of this process, kept open (and so locked) until it exits.
_held: list[int] = []


def _hold(folder: Path) -> None:
    """Lock `folder` shared for the life of this process (OSError when it is not there)."""
    descriptor = os.open(folder / _IN_USE, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    _held.append(descriptor)


def _remove_unused(folder: Path) -> None:
    """Remove a folder of kept dumps no live process serves from (one being made is in use too).

    A folder without a lock file is one a process has only just made, or one left by a crash
    before it locked: removed only when a day old.
    """
    try:
        descriptor = os.open(folder / _IN_USE, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        if time.time() - folder.stat().st_mtime > 86_400:
            shutil.rmtree(folder, ignore_errors=True)
        return
    except OSError:
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        pass  # served (or being made) by a live process
    finally:
        os.close(descriptor)


def _read_kept(folder: Path) -> Dumps:
    record = json.loads((folder / _KEPT).read_text(encoding="utf-8"))
    files = {
        name: DumpFile(name, media_type, folder / name, size, etag)
        for name, media_type, size, etag in record["files"]
    }
    if any(not file.path.is_file() or file.path.stat().st_size != file.size for file in files.values()):
        raise ValueError(f"{folder}: a kept dump is missing or changed")
    return Dumps(files, datetime.fromisoformat(record["created"]), record["graphs"], record["quads"], folder)


def _write_file(path: Path, media_type: str, write: Callable[[IO[bytes]], None]) -> DumpFile:
    """Write a dump file through a buffer, hashing (ETag) and counting as it goes."""
    with path.open("wb") as raw:
        hashing = _Hashing(raw)
        with io.BufferedWriter(hashing, 1 << 20) as out:
            write(out)
    return DumpFile(path.name, media_type, path, hashing.size, hashing.hash.hexdigest()[:32])


def _gzip(source: Path, out: IO[bytes]) -> None:
    """gzip without a timestamp or file name in its header, so the same bytes give the same file."""
    with source.open("rb") as plain, gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as packed:
        shutil.copyfileobj(plain, packed, 1 << 20)


def _remove_at_exit(folder: Path) -> None:
    """Remove the folder when this process exits, not when a forked worker does."""
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
