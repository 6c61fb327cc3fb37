"""Validation one file at a time with a cache: the same findings as the whole graph, less work.

The data are kg synth's (organisations whose later plans link to actors
described in their first plan's file); the shapes are written here, small,
with the kinds of rules that cross files: sh:class on a linked resource and a
SPARQL rule over siblings.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.foundation.project_settings import project_settings
from kg.foundation.rdf_files import SyntaxErrors
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.validation.documents import validate_documents
from kg.validation.problems import Problem
from kg.validation.shacl import validate
from tests.support.projects import run_kg
from tests.support.shared import PROJECT_DIR, write_project_file

PUBLISHER = ox.NamedNode("http://purl.org/dc/terms/publisher")
SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sgo: <https://w3id.org/strategigraf/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix t: <https://test.example/shapes#> .

t:Plan a sh:NodeShape ; sh:targetClass sgo:StrategicPlan ;
    sh:property [ sh:path dcterms:publisher ; sh:minCount 1 ; sh:class foaf:Agent ] .

t:Labelled a sh:NodeShape ; sh:targetClass sgo:FocusArea ;
    sh:property [ sh:path skos:prefLabel ; sh:minCount 2 ] .

t:UniquePosition a sh:NodeShape ; sh:targetClass sgo:FocusArea ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:message "another focus area of the plan has this position"@en ;
        sh:select \"\"\"
            PREFIX sgo: <https://w3id.org/strategigraf/ontology#>
            SELECT $this ?value WHERE {
                $this sgo:focusAreaOf ?plan ; sgo:position ?value .
                ?other sgo:focusAreaOf ?plan ; sgo:position ?value . FILTER (?other != $this) }
        \"\"\" ] .
"""


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    root = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "ontology", root / "ontology")
    (root / "shapes").mkdir()
    (root / "shapes" / "test-shapes.ttl").write_text(SHAPES, encoding="utf-8")
    done = run_kg("synth", "--organisations", "3", "-o", str(root / "data"))
    assert done.returncode == 0, done.stderr
    return project_settings(write_project_file(root))


def findings(problems: list[Problem]) -> set[tuple[str, str, str, str]]:
    return {
        (
            p.focus.value,
            p.path_text() or "",
            p.component.value if p.component else "",
            p.location.path.name if p.location else "",
        )
        for p in problems
    }


def first_and_later_plan(settings: Settings) -> tuple[Path, Path, str]:
    """A first plan's file (describing its publisher) and a later plan of the same publisher."""
    files = sorted((settings.data_dir).glob("*.ttl"))
    first = files[0]
    publisher = first.name.rsplit("-", 1)[0]
    later = next(f for f in files if f != first and f.name.startswith(publisher + "-"))
    return first, later, publisher


def edit_block(path: Path, subject: str, old: str, new: str) -> None:
    """Replace the pattern OLD by NEW once in the description of SUBJECT (a block of synth's output)."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{subject} a ")
    end = text.index(" .\n", start)
    block, count = re.subn(old, new, text[start:end], count=1)
    assert count == 1
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def retype_publisher(settings: Settings) -> str:
    """The publisher becomes a theme: no longer a foaf:Agent. Returns its name as written."""
    first, _, _ = first_and_later_plan(settings)
    publisher = re.search(r"dcterms:publisher (\S+) ;", first.read_text(encoding="utf-8"))
    assert publisher is not None
    edit_block(first, publisher.group(1), r" a \S+ ;", " a sgo:Theme ;")
    return publisher.group(1)


def break_data(settings: Settings) -> None:
    """A missing label, a repeated position, and a publisher whose type is no longer an agent."""
    _, later, _ = first_and_later_plan(settings)
    edit_block(later, "plan:innsatsomrade-2", "skos:prefLabel", "skos:altLabel")
    edit_block(later, "plan:innsatsomrade-2", "sgo:position 2", "sgo:position 1")
    retype_publisher(settings)


def test_valid_data_with_links_across_files_is_valid(project: Settings) -> None:
    report, _ = validate_documents(discover(project), None)
    assert report.conforms, [p.message() for p in report.problems]
    assert validate(discover(project)).conforms


def test_the_same_findings_as_validating_the_whole_graph(project: Settings) -> None:
    break_data(project)
    whole = validate(discover(project))
    documents, _ = validate_documents(discover(project), None)
    assert {p.component.value.rsplit("#", 1)[1] for p in whole.problems if p.component} == {
        "ClassConstraintComponent",  # the retyped publisher, seen from every plan it published
        "MinCountConstraintComponent",  # the label
        "SPARQLConstraintComponent",  # the repeated position (both focus areas)
    }
    assert findings(documents.problems) == findings(whole.problems)


def test_unchanged_files_come_from_the_cache(project: Settings, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = discover(project)
    first, _ = validate_documents(files, cache)
    again, reused = validate_documents(files, cache)
    assert reused == len(files.data)
    assert findings(again.problems) == findings(first.problems)


def test_a_change_revalidates_the_file_and_the_files_that_link_to_it(
    project: Settings, tmp_path: Path
) -> None:
    """The publisher is described in the first plan's file: retyping it there breaks the later plan.

    Every file that links to it is validated again (other organisations' plans name it too); the
    publisher rule breaks in its own plans."""
    cache = tmp_path / "cache"
    report, _ = validate_documents(discover(project), cache)
    assert report.conforms
    _, later, publisher = first_and_later_plan(project)
    written = retype_publisher(project)
    own = [f for f in discover(project).data if f.name.startswith(publisher + "-")]
    linking = [f for f in discover(project).data if written in f.read_text(encoding="utf-8")]
    report, reused = validate_documents(discover(project), cache)
    assert reused == len(discover(project).data) - len(linking)
    broken = {p.location.path.name for p in report.problems if p.location and p.path == PUBLISHER}
    assert broken == {f.name for f in own}
    assert later.name in broken


def test_new_ontology_or_shapes_revalidate_everything(project: Settings, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    validate_documents(discover(project), cache)
    shapes = project.shapes_dirs[0] / "test-shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _, reused = validate_documents(discover(project), cache)
    assert reused == 0


def test_kg_validate_says_what_it_reused(project: Settings) -> None:
    args = ["validate", "--project-dir", str(project.project_dir)]
    assert run_kg(*args).returncode == 0
    done = run_kg(*args)
    count = len(discover(project).data)
    assert done.returncode == 0
    assert f"{count} of {count} data files unchanged since the last run" in done.stderr
    assert (project.project_dir / ".cache" / "kg").is_dir()
    done = run_kg(*args, "--no-cache")
    assert "unchanged" not in done.stderr


def test_a_file_that_stops_parsing_is_reported_though_the_cache_knew_it(
    project: Settings, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    validate_documents(discover(project), cache)
    _, later, _ = first_and_later_plan(project)
    lines = later.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[20] = "this is not turtle\n"
    later.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SyntaxErrors) as raised:
        validate_documents(discover(project), cache)
    (error,) = raised.value.errors
    assert (error.path, error.line) == (later, 21)
