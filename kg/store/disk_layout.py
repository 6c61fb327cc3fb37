"""The folder of an `oxigraph:DIR` store: complete databases, and a link to the live one.

    DIR/live          symbolic link to the database readers open, e.g. v-1a2b3c4d5e6f
    DIR/v-1a2b3c4d5e6f/   one complete RocksDB database per push
    DIR/v-1a2b3c4d5e6f.lock   held (shared) by every process that has that database open
    DIR/v-1a2b3c4d5e6f.previous   the name of the database that was live before this one
    DIR/v-1a2b3c4d5e6f.record.nq   the record of the push that wrote it (kg.store.version)
    DIR/push.lock     held (exclusive) by the one process writing the store

A push builds its database in `.building-*`, renames it to `v-*`, writes
beside it which database is live now (`.previous`), makes a link `.live-*` to
it and renames that over `live`: rename is atomic, so at every instant `live`
names a complete database, the old or the new one, and the new one knows the
old one. The live database and the one before it (for `kg push --rollback`)
are kept. A process killed anywhere leaves at most a `.building-*` folder, a
`.live-*` link or an unused `v-*` database behind, which the next push
removes (and names). A database is removed only when no reader holds its
lock: `kg serve` keeps answering from the database it opened, whole, until
it is restarted.

A store made before this layout (the RocksDB files directly in DIR) is read
as it is and turned into this layout by the next push.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
from pathlib import Path

LIVE = "live"
WRITER_LOCK = "push.lock"
_BUILDING = ".building-"
_LINKING = ".live-"
_VERSION = "v-"
_LOCK_SUFFIX = ".lock"
_PREVIOUS_SUFFIX = ".previous"
_RECORD_SUFFIX = ".record.nq"
#: The file RocksDB keeps in every database folder: DIR is a store of the older layout.
_ROCKSDB_MARKER = "CURRENT"


class Busy(OSError):
    """Another process holds the lock."""


def live_database(directory: Path) -> Path | None:
    """The folder of the live database: the `live` link's target, DIR itself in the older layout."""
    link = directory / LIVE
    if link.is_symlink():
        return directory / os.readlink(link)
    if (directory / _ROCKSDB_MARKER).is_file():
        return directory
    return None


def previous_database(directory: Path) -> Path | None:
    """The database that was live before the live one, while it is kept (None in the older layout)."""
    live = live_database(directory)
    if live is None or live == directory:
        return None
    try:
        name = live.with_name(live.name + _PREVIOUS_SUFFIX).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    previous = directory / name
    return previous if name.startswith(_VERSION) and previous.is_dir() else None


def note_previous(version: Path, previous: Path | None) -> None:
    """Write beside `version` which database was live before it (replaced whole, never half-written)."""
    note = version.with_name(version.name + _PREVIOUS_SUFFIX)
    writing = note.with_name(note.name + ".tmp")
    writing.write_text(previous.name if previous is not None else "", encoding="utf-8")
    os.replace(writing, note)


def record_file(database: Path) -> Path:
    """Where the record of the push that wrote `database` is kept (N-Quads)."""
    return database.with_name(database.name + _RECORD_SUFFIX)


def write_record(database: Path, nquads: bytes) -> None:
    """Keep the record beside `database` (replaced whole, never half-written)."""
    record = record_file(database)
    writing = record.with_name(record.name + ".tmp")
    writing.write_bytes(nquads)
    os.replace(writing, record)


def new_database_folder(directory: Path) -> Path:
    """A fresh folder to build a database in (a leftover until `publish` renames it)."""
    folder = directory / f"{_BUILDING}{secrets.token_hex(6)}"
    folder.mkdir()
    return folder


def name_version(building: Path) -> Path:
    """Give a complete database its version name (not yet live)."""
    version = building.with_name(_VERSION + building.name.removeprefix(_BUILDING))
    os.rename(building, version)
    return version


def link_live(directory: Path, version: Path) -> Path:
    """A link to the version, beside `live`, ready to be renamed over it."""
    link = directory / f"{_LINKING}{version.name}"
    link.symlink_to(version.name)
    return link


def switch_live(directory: Path, link: Path) -> None:
    """The one atomic step: `live` names the new database from here on."""
    os.replace(link, directory / LIVE)
    _sync(directory)


def _sync(directory: Path) -> None:
    """Make the renames in the folder durable (a power cut, not only a kill)."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class ReaderLock:
    """A shared lock on a database's lock file: while held, no push removes that database."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + _LOCK_SUFFIX)
        self._file = self.path.open("a")
        fcntl.flock(self._file, fcntl.LOCK_SH)

    def release(self) -> None:
        if not self._file.closed:
            self._file.close()


def open_reader_lock(directory: Path) -> tuple[Path, ReaderLock | None]:
    """The live database, locked against removal (retried if a push removed it meanwhile)."""
    while True:
        database = live_database(directory)
        if database is None:
            raise FileNotFoundError(directory)
        if database == directory:  # the older layout has no versions to protect
            return database, None
        lock = ReaderLock(database)
        if database.is_dir() and live_database(directory) == database:
            return database, lock
        lock.release()


def writer_lock(directory: Path) -> object:
    """The exclusive lock of the one process that may push; `Busy` when another holds it."""
    file = (directory / WRITER_LOCK).open("a")
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        raise Busy(f"{directory}: another process is writing this store") from None
    return file


def remove_unused(directory: Path) -> list[str]:
    """Remove what is neither the live database nor the one before it, and no reader holds.

    Returns the names removed: leftovers of killed pushes and replaced
    versions. In the older layout, after a push has made `live`, the RocksDB
    files directly in DIR are the replaced version.
    """
    live = live_database(directory)
    kept = {live, previous_database(directory)}
    removed = []
    older_layout = live is not None and live != directory and (directory / _ROCKSDB_MARKER).is_file()
    for entry in sorted(directory.iterdir()):
        name = entry.name
        if name in (LIVE, WRITER_LOCK) or entry in kept:
            continue
        if name.startswith(_LINKING) or name.startswith(_BUILDING):
            _remove(entry)
            removed.append(name)
        elif name.startswith(_VERSION) and entry.is_dir():
            if _remove_if_unread(entry):
                removed.append(name)
        elif name.startswith(_VERSION) and not (directory / name.split(".")[0]).exists():
            entry.unlink(missing_ok=True)  # the lock file or note of a database removed
        elif older_layout and entry.is_file():
            entry.unlink()
            removed.append(name)
    return removed


def _remove_if_unread(database: Path) -> bool:
    lock = database.with_name(database.name + _LOCK_SUFFIX)
    with lock.open("a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a reader still answers from it: the next push removes it
        shutil.rmtree(database, ignore_errors=True)
        lock.unlink(missing_ok=True)
    return True


def _remove(entry: Path) -> None:
    if entry.is_symlink() or entry.is_file():
        entry.unlink()
    else:
        shutil.rmtree(entry, ignore_errors=True)
