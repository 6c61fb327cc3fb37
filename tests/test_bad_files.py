"""Files kg cannot or should not read get one line naming them, exit code 2, and no traceback.

Each case is made in a copy of the repository as a careless (or hostile)
contributor would make it, and run through both ways kg reads files: the
validation (`kg validate`) and the load into a store (`kg push --no-validate`);
a symbolic link loop, the case found first, also through every other command
that reads the files.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.projects import copy_project, run_kg

#: A case: make the bad file in the project, return (its path, the message after "PATH:").
Case = Callable[[Path], tuple[Path, str]]

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://test.example/">
  <rdf:Description rdf:about="https://test.example/s"><ex:p>&c;</ex:p></rdf:Description>
</rdf:RDF>
"""


def link_to_itself(project: Path) -> tuple[Path, str]:
    path = project / "data" / "loop.ttl"
    path.symlink_to("loop.ttl")
    return path, "error: a symbolic link loop"


def link_to_the_folder_above(project: Path) -> tuple[Path, str]:
    path = project / "data" / "again"
    path.symlink_to(".")
    return path, f"error: a symbolic link loop: the folder {project / 'data'} again"


def broken_link(project: Path) -> tuple[Path, str]:
    path = project / "data" / "moved.ttl"
    path.symlink_to("elsewhere.ttl")
    return path, "error: no such file (a symbolic link to elsewhere.ttl, which is missing)"


def unreadable(project: Path) -> tuple[Path, str]:
    """A file that opens but cannot be read (the tests run as root, for whom modes do not count)."""
    path = project / "data" / "memory.ttl"
    path.symlink_to("/proc/self/mem")
    return path, "error: cannot read: input/output error"


def folder_named_ttl(project: Path) -> tuple[Path, str]:
    path = project / "data" / "archive.ttl"
    path.mkdir()
    (path / "old.ttl").write_text("", encoding="utf-8")
    return path, "error: a folder, not a file (rename it)"


def nul_byte(project: Path) -> tuple[Path, str]:
    path = project / "data" / "binary.ttl"
    path.write_bytes(b'@prefix ex: <https://test.example/> .\n\nex:s ex:p "a\x00b" .\n')
    return path, "3: error: a NUL byte: not a text file (binary, or UTF-16?); RDF files are UTF-8 text"


def latin_1(project: Path) -> tuple[Path, str]:
    path = project / "data" / "latin1.ttl"
    path.write_bytes('@prefix ex: <https://test.example/> .\nex:s ex:p "Bærum" .\n'.encode("latin-1"))
    return path, "2:13: syntax error: not valid UTF-8 (save the file as UTF-8)"


CASES: dict[str, Case] = {
    "link to itself": link_to_itself,
    "link to the folder above": link_to_the_folder_above,
    "broken link": broken_link,
    "unreadable": unreadable,
    "folder named .ttl": folder_named_ttl,
    "NUL byte": nul_byte,
    "not UTF-8": latin_1,
}

COMMANDS = {
    "validate": ["validate"],
    "push": ["push", "--no-validate"],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def kg(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` on the project; a push goes to a store beside it."""
    if args[0] == "push":
        args = (*args, "--store", f"oxigraph:{project.parent / 'store'}")
    return run_kg(*args, "--project-dir", str(project), env=env)


def error_lines(stderr: str) -> list[str]:
    """What the command said, less its progress lines."""
    return [line for line in stderr.splitlines() if line and not line.startswith(("loading ", "inferring "))]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_one_line_and_exit_2(case: str, command: str, project: Path) -> None:
    path, message = CASES[case](project)
    done = kg(project, *COMMANDS[command])
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert error_lines(done.stderr) == [f"{path}:{message}" if message[0].isdigit() else f"{path}: {message}"]


@pytest.mark.parametrize(
    "args", [["query", "focus-areas"], ["export", "--format", "nt"], ["reason"], ["serve", "--no-validate"]]
)
def test_a_symbolic_link_loop_is_one_line_for_every_command(args: list[str], project: Path) -> None:
    path, message = link_to_itself(project)
    done = kg(project, *args, "--port", "1") if args[0] == "serve" else kg(project, *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert error_lines(done.stderr) == [f"{path}: {message}"]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_empty_file_is_a_warning(command: str, project: Path) -> None:
    empty = project / "data" / "empty.ttl"
    empty.write_text("# nothing yet\n@prefix ex: <https://test.example/> .\n", encoding="utf-8")
    done = kg(project, *COMMANDS[command])
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(f"{empty}: warning: no statements (an empty file?)") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("setting", ["option", "environment"])
def test_a_file_over_the_size_limit_is_refused_unread(command: str, setting: str, project: Path) -> None:
    """The limit is 2 MB: the repository's files are under 0.1 MB, the new one 2.3 MB (a triple, repeated)."""
    big = project / "data" / "big.ttl"
    line = "<https://test.example/s> <https://test.example/p> " + '"' + "x" * 100 + '" .\n'
    big.write_text(line * 15_000, encoding="utf-8")
    assert big.stat().st_size == 15_000 * len(line)
    if setting == "option":
        done = kg(project, *COMMANDS[command], "--max-file-size", "2")
    else:
        done = kg(project, *COMMANDS[command], env={**os.environ, "KG_MAX_FILE_SIZE": "2"})
    assert done.returncode == 2, done.stderr
    size = 15_000 * len(line) / 1e6
    assert error_lines(done.stderr) == [
        f"{big}: error: {size:.1f} MB, over the limit of 2 MB "
        "(raise it with --max-file-size or KG_MAX_FILE_SIZE, or split the file)"
    ]
    # Under a higher limit the same file is read.
    assert kg(project, *COMMANDS[command], "--max-file-size", "3").returncode == 0


@pytest.mark.parametrize(
    "args",
    [["serve", "--no-validate", "--port", "1"], ["export", "--format", "nt"], ["push", "--no-validate"]],
)
def test_xml_entities_are_refused_before_they_expand(args: list[str], project: Path) -> None:
    """Three entities make 16 KB of one 64-byte string here; a few more would make gigabytes."""
    bomb = project / "bomb.rdf"
    bomb.write_text(ENTITY_BOMB, encoding="utf-8")
    done = kg(project, *args, "--graph", f"https://test.example/graph={bomb}")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert error_lines(done.stderr) == [
        f"{bomb}:3: error: XML entity declaration <!ENTITY a ...> refused: "
        "entities can expand a small file into gigabytes; write the values out"
    ]
