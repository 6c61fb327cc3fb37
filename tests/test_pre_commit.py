"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit in a project made by `kg init`.

An invalid data file is refused by kg-validate (with file:line), a valid but
unformatted one by kg-fmt; formatted, it is committed.

The hooks repository is a temporary git repository holding this working
tree's .pre-commit-hooks.yaml (pre-commit clones it from disk: no network).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from kg.foundation.vocabulary import PACKAGE_DIR
from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR
from tests.support.steward import GIT_IDENTITY, PERIOD_LINE, broken_period, git

#: The source text `kg init` writes, and a line of it
SOURCE, LINE = "kilde:eksempelkommunen-2026", 2


def _environment(tmp_path: Path) -> dict[str, str]:
    kg_folder = str(Path(kg_command()[0]).parent)
    return {
        **os.environ,
        "PATH": os.pathsep.join([kg_folder, str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        **GIT_IDENTITY,
    }


def _run(env: dict[str, str], cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_hooks_are_the_ones_kg_init_writes() -> None:
    defined = yaml.safe_load((PROJECT_DIR / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    template = yaml.safe_load((PACKAGE_DIR / "project" / "template" / "pre-commit-config.yaml").read_text())
    [local] = template["repos"]
    fields = ("entry", "language", "files", "pass_filenames")
    assert {h["id"]: [h[f] for f in fields] for h in defined} == {
        h["id"]: [h[f] for f in fields] for h in local["hooks"]
    }
    assert {hook["id"]: hook["entry"] for hook in defined} == {
        "kg-validate": "kg validate",
        "kg-fmt": "kg fmt --check",
    }


def test_a_commit_with_invalid_data_is_refused_and_passes_once_fixed(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(PROJECT_DIR / ".pre-commit-hooks.yaml", hooks)
    git(hooks, "init", "-q")
    git(hooks, "add", ".")
    git(hooks, "commit", "-q", "-m", "hooks")
    revision = git(hooks, "rev-parse", "HEAD").strip()

    project = tmp_path / "project"
    made = _run(env, tmp_path, *kg_command(), "init", str(project))
    assert made.returncode == 0, made.stderr
    git(project, "init", "-q")
    # the hooks of this repository instead of kg init's local ones
    config = {
        "repos": [{"repo": str(hooks), "rev": revision, "hooks": [{"id": "kg-validate"}, {"id": "kg-fmt"}]}]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    installed = _run(env, project, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    git(project, "add", ".")
    first = _run(env, project, "git", "commit", "-m", "kg init")
    assert first.returncode == 0, first.stdout + first.stderr
    # git shows what its hook prints on standard error
    assert re.search(r"kg validate.*\.Passed", first.stderr) and re.search(r"kg fmt.*\.Passed", first.stderr)

    data = project / "data" / "test-2020.ttl"
    data.write_text(broken_period(SOURCE, LINE), encoding="utf-8")
    git(project, "add", "data/test-2020.ttl")
    refused = _run(env, project, "git", "commit", "-m", "a broken period")
    assert refused.returncode == 1
    assert "Failed" in refused.stderr
    assert f"data/test-2020.ttl:{PERIOD_LINE}" in refused.stderr
    assert "The period starts (2020) after it ends (2017)" in refused.stderr
    assert git(project, "log", "--format=%s").splitlines() == ["kg init"]

    fixed = broken_period(SOURCE, LINE).replace('"2020"^^xsd:gYear ;', '"2017"^^xsd:gYear ;')
    fixed = fixed.replace('dcat:endDate "2017"', 'dcat:endDate "2020"').replace("2020–2017", "2017–2020")
    data.write_text(fixed, encoding="utf-8")
    git(project, "add", "data/test-2020.ttl")
    unformatted = _run(env, project, "git", "commit", "-m", "the period fixed")
    assert unformatted.returncode == 1
    assert re.search(r"kg validate.*\.Passed", unformatted.stderr)
    assert re.search(r"kg fmt.*\.Failed", unformatted.stderr)
    assert "data/test-2020.ttl: would reformat" in unformatted.stderr

    formatted = _run(env, project, *kg_command(), "fmt", "data/test-2020.ttl")
    assert formatted.returncode == 0, formatted.stderr
    git(project, "add", "data/test-2020.ttl")
    passed = _run(env, project, "git", "commit", "-m", "the period fixed")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(project, "log", "--format=%s").splitlines() == ["the period fixed", "kg init"]


def test_the_ci_workflow_kg_init_writes_runs_the_three_commands() -> None:
    path = PACKAGE_DIR / "project" / "template" / "github" / "workflows" / "strategigraf.yml"
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "kg fmt --check" in scripts
    assert "kg validate --format sarif > kg.sarif" in scripts
    # changes (exit code 1) are the point of the comment; an error (2) fails the job
    assert "--format markdown > diff.md || test $? -eq 1" in scripts
    [upload] = [step for step in steps if "upload-sarif" in step.get("uses", "")]
    assert upload["with"]["sarif_file"] == "kg.sarif" and upload["if"] == "always()"
