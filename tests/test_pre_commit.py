"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit in a real git repository.

The hooks repository is a temporary git repository holding this working
tree's .pre-commit-hooks.yaml (pre-commit clones it from disk: no network);
the project repository holds a copy of the graph and commits through the hook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from kg.settings import PROJECT_DIR
from tests.support.project import copy_project
from tests.support.server import kg_command
from tests.support.steward import BROKEN_PERIOD, GIT_IDENTITY, PERIOD_LINE


def _environment(tmp_path: Path, project: Path) -> dict[str, str]:
    kg_folder = str(Path(kg_command()[0]).parent)
    return {
        **os.environ,
        "PATH": os.pathsep.join([kg_folder, str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "KG_PROJECT_DIR": str(project),
        **GIT_IDENTITY,
    }


def _run(env: dict[str, str], cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_hooks_are_defined_for_the_installed_kg() -> None:
    defined = yaml.safe_load((PROJECT_DIR / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for hook in defined}
    assert hooks["kg-validate"]["entry"] == "kg validate"
    assert hooks["kg-fmt"]["entry"] == "kg fmt --check"
    assert {hook["language"] for hook in hooks.values()} == {"system"}
    assert {hook["files"] for hook in hooks.values()} == {r"\.ttl$"}


def test_a_commit_with_invalid_data_is_refused_and_passes_once_fixed(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(PROJECT_DIR / ".pre-commit-hooks.yaml", hooks)
    project = copy_project(tmp_path / "project").root
    env = _environment(tmp_path, project)
    for folder, commands in (
        (hooks, [["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "hooks"]]),
        (project, [["git", "init", "-q"]]),
    ):
        for command in commands:
            done = _run(env, folder, *command)
            assert done.returncode == 0, done.stderr
    revision = _run(env, hooks, "git", "rev-parse", "HEAD").stdout.strip()
    config = {"repos": [{"repo": str(hooks), "rev": revision, "hooks": [{"id": "kg-validate"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (project / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    installed = _run(env, project, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    _run(env, project, "git", "add", ".")
    first = _run(env, project, "git", "commit", "-m", "the graph")
    assert first.returncode == 0, first.stdout + first.stderr
    # git shows what its hook prints on standard error
    assert "kg validate" in first.stderr and "Passed" in first.stderr

    (project / "data" / "test-2020.ttl").write_text(BROKEN_PERIOD, encoding="utf-8")
    _run(env, project, "git", "add", "data/test-2020.ttl")
    refused = _run(env, project, "git", "commit", "-m", "a broken period")
    assert refused.returncode == 1
    assert "Failed" in refused.stderr
    assert f"data/test-2020.ttl:{PERIOD_LINE}" in refused.stderr
    assert "The period starts (2020) after it ends (2017)" in refused.stderr
    log = _run(env, project, "git", "log", "--format=%s").stdout.split("\n")
    assert log[0] == "the graph"

    fixed = BROKEN_PERIOD.replace('"2020"^^xsd:gYear ;', '"2017"^^xsd:gYear ;').replace(
        'dcat:endDate "2017"', 'dcat:endDate "2020"'
    )
    (project / "data" / "test-2020.ttl").write_text(fixed.replace("2020–2017", "2017–2020"), encoding="utf-8")
    _run(env, project, "git", "add", "data/test-2020.ttl")
    passed = _run(env, project, "git", "commit", "-m", "the period fixed")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _run(env, project, "git", "log", "-1", "--format=%s").stdout.strip() == "the period fixed"


def test_the_ci_example_runs_the_three_commands() -> None:
    workflow = yaml.safe_load((PROJECT_DIR / "docs" / "ci" / "strategigraf.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "kg fmt --check" in scripts
    assert "kg validate --format sarif > kg-validate.sarif" in scripts
    assert 'kg diff --format markdown "$BASE" HEAD > kg-diff.md' in scripts
    [upload] = [step for step in steps if "upload-sarif" in step.get("uses", "")]
    assert upload["with"]["sarif_file"] == "kg-validate.sarif" and upload["if"] == "always()"
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"
