"""The two sides of `kg diff`: Turtle files read from disk or from a git revision.

A side is a set of files by path. A file or folder is read from disk; a git
revision (anything `git rev-parse` knows: HEAD~1, main, a commit) is read with
real git (`git ls-tree`, `git cat-file`), so a diff between branches needs no
checkout. A revision is read at the same paths as the other side when that is
a file or folder, else at the project's ontology, shapes and data folders.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kg.foundation.rdf_files import RDF_SUFFIXES
from kg.foundation.settings import Settings

WORK_TREE = "work tree"


class RevisionError(Exception):
    """A side that is neither a file, a folder nor a git revision, or git failing."""


@dataclass(frozen=True)
class Side:
    """What one side of a diff holds: file contents by a path that names them."""

    name: str
    files: dict[Path, bytes]


def _git(repository: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise RevisionError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def repository_root(directory: Path) -> Path:
    return Path(_git(directory, "rev-parse", "--show-toplevel").decode().strip())


def is_revision(directory: Path, spec: str) -> bool:
    try:
        _git(directory, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    except RevisionError:
        return False
    return True


def _rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_SUFFIXES


def project_folders(settings: Settings) -> list[Path]:
    """What revisions and the work tree are compared on by default: the graph's folders in the repository.

    A vocabulary installed with kg (outside the repository) is the same on both sides.
    """
    root = repository_root(settings.project_dir).resolve()
    folders = [settings.ontology_dir, *settings.shapes_dirs, settings.data_dir]
    return [folder for folder in folders if folder.resolve().is_relative_to(root)]


def read_paths(paths: list[Path], name: str) -> Side:
    """RDF files given, and those below the folders given, from disk."""
    files: dict[Path, bytes] = {}
    for path in paths:
        found = (
            sorted(p for p in path.rglob("*") if p.is_file() and _rdf_file(p)) if path.is_dir() else [path]
        )
        for one in found:
            try:
                files[one] = one.read_bytes()
            except OSError as error:
                raise RevisionError(f"{one}: cannot read: {error.strerror}") from None
    return Side(name, files)


def read_revision(revision: str, paths: list[Path], directory: Path) -> Side:
    """The RDF files at `paths` (files or folders of the work tree) as they are in `revision`.

    Paths are named `REVISION:path` relative to the repository root, as git does.
    """
    root = repository_root(directory)
    relative = []
    for path in paths:
        try:
            relative.append(path.resolve().relative_to(root).as_posix())
        except ValueError:
            raise RevisionError(f"{path} is not in the git repository at {root}") from None
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", "--name-only", revision, "--", *relative)
    names = [name for name in listing.decode().split("\0") if name and _rdf_file(Path(name))]
    if not names:
        return Side(revision, {})
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{revision}:{n}\n" for n in names).encode())
    files: dict[Path, bytes] = {}
    offset = 0
    for name in names:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        files[Path(f"{revision}:{name}")] = batch[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return Side(revision, files)


def read_sides(specs: tuple[str, ...], settings: Settings) -> tuple[Side, Side]:
    """OLD and NEW for `kg diff [OLD [NEW]]`.

    None given: HEAD against the work tree; one: that side against the work
    tree (as `git diff REV` does); two: the one against the other.
    """
    if len(specs) > 2:
        raise RevisionError("give at most two sides: OLD and NEW")
    old, new = (*specs, WORK_TREE) if len(specs) == 1 else specs or ("HEAD", WORK_TREE)
    if new == WORK_TREE and Path(old).exists():
        raise RevisionError(f"{old}: a file or folder is compared with a second one: kg diff OLD NEW")
    paths = [Path(spec) for spec in (old, new) if spec != WORK_TREE and Path(spec).exists()]
    default = paths or project_folders(settings)
    return _read(old, default, settings), _read(new, default, settings)


def _read(spec: str, default: list[Path], settings: Settings) -> Side:
    if spec == WORK_TREE:
        return read_paths([path for path in default if path.exists()], WORK_TREE)
    path = Path(spec)
    if path.exists():
        return read_paths([path], spec)
    if is_revision(settings.project_dir, spec):
        return read_revision(spec, default, settings.project_dir)
    raise RevisionError(f"{spec}: neither a file, a folder nor a git revision")
