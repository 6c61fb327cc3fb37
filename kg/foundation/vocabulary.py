"""The vocabulary kg ships: the ontology, the SHACL shapes and the named queries.

They are developed in this repository's top-level ontology/, shapes/ and queries/ folders (one
source of truth) and packaged into the wheel as `kg/vocabulary/` (pyproject.toml,
`force-include`). A source checkout or an editable install has no `kg/vocabulary/`, and uses the
top-level folders beside the package instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FOLDERS = ("ontology", "shapes", "queries")
#: The example project's data file (Osloregionen 2017), shipped for `kg init --example`.
EXAMPLE_DATA = Path("data") / "osloregionen-2017.ttl"
#: The controlled vocabularies of subjects kg ships (kg/subjects/data/, SOURCE.md there), each
#: loaded as the named graph `{base}graph/{name}`: name -> file.
SUBJECT_VOCABULARIES = {"los": "los.rdf", "sdg": "sdg.ttl"}


@cache
def packaged_vocabulary() -> Path:
    """The folder holding the shipped ontology/, shapes/ and queries/."""
    for candidate in (PACKAGE_DIR / "vocabulary", PACKAGE_DIR.parent):
        if all((candidate / folder).is_dir() for folder in FOLDERS):
            return candidate
    raise FileNotFoundError(f"kg's vocabulary (ontology/, shapes/, queries/) is missing beside {PACKAGE_DIR}")


@cache
def example_data() -> Path:
    """The Osloregionen example's data file: packaged as `kg/vocabulary/example/`, or this checkout's."""
    for candidate in (
        PACKAGE_DIR / "vocabulary" / "example" / EXAMPLE_DATA,
        PACKAGE_DIR.parent / EXAMPLE_DATA,
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the example data ({EXAMPLE_DATA.name}) is missing beside {PACKAGE_DIR}")


def subject_vocabulary(name: str) -> Path:
    """The file of a shipped subject vocabulary (a key of SUBJECT_VOCABULARIES)."""
    return PACKAGE_DIR / "subjects" / "data" / SUBJECT_VOCABULARIES[name]


def built_documentation() -> Path | None:
    """Where `make docs` builds the documentation site: site/ of kg's source checkout (the folder
    with mkdocs.yml beside the package); an installed wheel has no site, and None is returned."""
    checkout = PACKAGE_DIR.parent
    return checkout / "site" if (checkout / "mkdocs.yml").is_file() else None
