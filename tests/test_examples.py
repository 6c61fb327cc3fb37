"""The examples/ project: five strategies written for it, finished by hand, valid as they stand.

What the tests of the cross-strategy features expect of it (organisations across plans, plans in
effect, documents followed up, the changes between Lysvik's two climate plans) is written by hand
from the texts in examples/sources/ and asserted where those features are tested.
"""

from __future__ import annotations

from kg.foundation.project_settings import project_settings
from kg.foundation.sources import discover
from kg.validation.shacl import validate
from tests.support.project import Project
from tests.support.shared import PROJECT_DIR

EXAMPLES = PROJECT_DIR / "examples"


def test_the_examples_validate_clean() -> None:
    result = Project(EXAMPLES).kg("validate", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("valid: 8 files, 0 violations, 0 warnings"), result.stdout


def test_the_examples_are_valid_as_one_graph() -> None:
    """kg validate checks each file with what it links to; the shapes over the whole graph agree."""
    report = validate(discover(project_settings(EXAMPLES)))
    assert report.problems == []


def test_the_examples_are_in_house_style() -> None:
    result = Project(EXAMPLES).kg("fmt", "--check", "data")
    assert result.returncode == 0, result.stdout


def test_the_plans_of_the_examples() -> None:
    """Five plans: a county, two municipalities (one of them in two versions), a regional council."""
    plans = sorted(path.stem for path in (EXAMPLES / "data").glob("*.ttl") if path.stem != "organisasjoner")
    assert plans == [
        "bergtun-kommune-2021",
        "fjordmark-fylkeskommune-2020",
        "indre-fjordmark-regionrad-2021",
        "lysvik-kommune-2019",
        "lysvik-kommune-2023",
    ]
    sources = sorted(path.stem for path in (EXAMPLES / "sources").glob("*.txt"))
    assert sources == plans
