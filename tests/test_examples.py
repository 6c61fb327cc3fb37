"""The examples/ project: five strategies written for it, finished by hand, valid as they stand.

What the tests of the cross-strategy features expect of it (organisations across plans, plans in
effect, documents followed up, the changes between Lysvik's two climate plans) is written by hand
from the texts in examples/sources/ and asserted where those features are tested.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, RDF, SGO
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
    assert "not ready to be harvested" not in result.stderr  # publisher, contact, base IRI all set


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


def test_every_element_of_the_examples_has_its_subjects_confirmed() -> None:
    """Each focus area, activity, theme and means carries a dcterms:subject chosen by hand (the
    texts name a subject in every one), and no proposal of kg classify is left undecided."""
    store = ox.Store()
    for path in (EXAMPLES / "data").glob("*.ttl"):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    kinds = [ox.NamedNode(SGO + kind) for kind in ("FocusArea", "Activity", "Theme", "Means")]
    elements = {
        quad.subject
        for kind in kinds
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), kind)
    }
    assert len(elements) == 61  # 16 + 10 + 11 + 10 + 14, as the five texts number them
    subject = ox.NamedNode(DCTERMS + "subject")
    assert [str(e) for e in elements if not any(store.quads_for_pattern(e, subject, None))] == []
    assert list(store.quads_for_pattern(None, ox.NamedNode(SGO + "proposedSubject"), None)) == []
