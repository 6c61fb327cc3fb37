"""`kg diff`: hand-written before/after pairs, and the expected report read off them.

Every test runs the real `kg diff` command; the git tests make a real
repository in a temporary folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR
from tests.support.steward import git

BEFORE = """\
@prefix sgo:     <https://w3id.org/strategigraf/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id:      <https://w3id.org/strategigraf/id/> .
@prefix t:       <https://w3id.org/strategigraf/id/test-2020/> .

id:test-2020 a sgo:StrategicPlan ;
    dcterms:title "Testplan"@nb , "Test plan"@en .

t:innsatsomrade-1 a sgo:FocusArea ;
    sgo:focusAreaOf id:test-2020 ;
    sgo:position 1 ;
    skos:prefLabel "Klima"@nb , "Climate"@en .

t:aktivitet-1.1 a sgo:Activity ;
    sgo:activityOf t:innsatsomrade-1 ;
    sgo:position 1 ;
    skos:prefLabel "Kutte utslipp"@nb , "Cut emissions"@en ;
    sgo:firstLine 3 ;
    sgo:lastLine 4 .

t:tema-1.1.1 a sgo:Theme ;
    sgo:themeOf t:aktivitet-1.1 ;
    sgo:position 1 ;
    skos:prefLabel "Transport"@nb , "Transport"@en .

t:aktivitet-1.2 a sgo:Activity ;
    sgo:activityOf t:innsatsomrade-1 ;
    sgo:position 2 ;
    skos:prefLabel "Plante trær"@nb , "Plant trees"@en .

t:innsatsomrade-2 a sgo:FocusArea ;
    sgo:focusAreaOf id:test-2020 ;
    sgo:position 2 ;
    skos:prefLabel "Kompetanse"@nb , "Competence"@en .

t:aktivitet-2.1 a sgo:Activity ;
    sgo:activityOf t:innsatsomrade-2 ;
    sgo:position 1 ;
    skos:prefLabel "Utdanning"@nb , "Education"@en ;
    sgo:involves [ a sgo:ActorGroup ; skos:prefLabel "skoler"@nb , "schools"@en ] .

t:periode-2020-2023 a sgo:StrategyPeriod ;
    skos:prefLabel "2020–2023"@nb , "2020–2023"@en .
"""

#: BEFORE written another way: other prefixes, blocks and statements reordered, one statement a
#: line, full IRIs, and the anonymous actor group as a labelled blank node written elsewhere.
REFORMATTED = """\
PREFIX s: <https://w3id.org/strategigraf/ontology#>
PREFIX k: <http://www.w3.org/2004/02/skos/core#>
_:gruppe k:prefLabel "schools"@en .
<https://w3id.org/strategigraf/id/test-2020/aktivitet-2.1> s:involves _:gruppe .
<https://w3id.org/strategigraf/id/test-2020/aktivitet-1.2> k:prefLabel "Plant trees"@en, "Plante trær"@nb ;
  s:position 2 ; s:activityOf <https://w3id.org/strategigraf/id/test-2020/innsatsomrade-1> ;
  a s:Activity .
<https://w3id.org/strategigraf/id/test-2020/aktivitet-2.1> a s:Activity ; s:position 1 ;
  k:prefLabel "Education"@en , "Utdanning"@nb ;
  s:activityOf <https://w3id.org/strategigraf/id/test-2020/innsatsomrade-2> .
_:gruppe a s:ActorGroup ; k:prefLabel "skoler"@nb .
<https://w3id.org/strategigraf/id/test-2020/innsatsomrade-2> a s:FocusArea ; s:position 2 ;
  s:focusAreaOf <https://w3id.org/strategigraf/id/test-2020> ; k:prefLabel "Competence"@en , "Kompetanse"@nb .
<https://w3id.org/strategigraf/id/test-2020> <http://purl.org/dc/terms/title> "Test plan"@en , "Testplan"@nb ;
  a s:StrategicPlan .
<https://w3id.org/strategigraf/id/test-2020/tema-1.1.1> s:position 1 ; a s:Theme ;
  s:themeOf <https://w3id.org/strategigraf/id/test-2020/aktivitet-1.1> ;
  k:prefLabel "Transport"@nb , "Transport"@en .
<https://w3id.org/strategigraf/id/test-2020/aktivitet-1.1> s:lastLine 4 ; s:firstLine 3 ;
  k:prefLabel "Cut emissions"@en , "Kutte utslipp"@nb ; s:position 1 ;
  s:activityOf <https://w3id.org/strategigraf/id/test-2020/innsatsomrade-1> ; a s:Activity .
<https://w3id.org/strategigraf/id/test-2020/innsatsomrade-1> k:prefLabel "Klima"@nb , "Climate"@en ;
  s:position 1 ; s:focusAreaOf <https://w3id.org/strategigraf/id/test-2020> ; a s:FocusArea .
<https://w3id.org/strategigraf/id/test-2020/periode-2020-2023> k:prefLabel "2020–2023"@en , "2020–2023"@nb ;
  a s:StrategyPeriod .
"""


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def kg_diff(*args: str, cwd: Path, project: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kg_command(), "diff", "--project-dir", str(project), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def diff_texts(tmp_path: Path, before: str, after: str, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "before.ttl").write_text(before, encoding="utf-8")
    (tmp_path / "after.ttl").write_text(after, encoding="utf-8")
    return kg_diff("before.ttl", "after.ttl", *args, cwd=tmp_path)


def test_reformatting_reordering_and_relabelled_blank_nodes_are_no_change(tmp_path: Path) -> None:
    done = diff_texts(tmp_path, BEFORE, REFORMATTED)
    assert (done.returncode, done.stdout) == (0, "no changes\n"), done.stderr
    norwegian = diff_texts(tmp_path, BEFORE, REFORMATTED, "--lang", "nb")
    assert norwegian.stdout == "ingen endringer\n"


def test_added_activity(tmp_path: Path) -> None:
    after = BEFORE + (
        "\nt:aktivitet-2.2 a sgo:Activity ;\n    sgo:activityOf t:innsatsomrade-2 ;\n"
        '    sgo:position 2 ;\n    skos:prefLabel "Forskning"@nb , "Research"@en .\n'
    )
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.returncode == 1, done.stderr
    assert done.stdout == (
        "plan «Test plan»\n  focus area 2 «Competence»\n    activity 2.2 added «Research»\n"
    )
    markdown = diff_texts(tmp_path, BEFORE, after, "--format", "markdown", "--lang", "nb")
    assert markdown.stdout == (
        "### Strategigraf: endringer fra `before.ttl` til `after.ttl`\n\n"
        "- **plan «Testplan»**\n"
        "  - **innsatsområde 2 «Kompetanse»**\n"
        "    - aktivitet 2.2 lagt til «Forskning»\n"
    )


def test_a_markdown_report_stays_within_a_pull_request_comment(tmp_path: Path) -> None:
    activities = "".join(
        f"\nt:aktivitet-1.{n} a sgo:Activity ;\n    sgo:activityOf t:innsatsomrade-1 ;\n"
        f'    sgo:position {n} ;\n    skos:prefLabel "Aktivitet nummer {n} i området"@nb ,'
        f' "Activity {n}"@en .\n'
        for n in range(3, 1503)
    )
    done = diff_texts(tmp_path, BEFORE, BEFORE + activities, "--format", "markdown", "--lang", "nb")
    assert done.returncode == 1
    assert len(done.stdout) <= 60_000 < 65_536  # GitHub's limit for a comment
    lines = done.stdout.splitlines()
    assert lines[2:5] == [
        "- **plan «Testplan»**",
        "  - **innsatsområde 1 «Klima»**",
        "    - aktivitet 1.3 lagt til «Aktivitet nummer 3 i området»",
    ]
    shown = [line for line in lines if line.startswith("    - aktivitet 1.")]
    last = len(shown) + 2  # the first added activity is 1.3
    assert shown[-1] == f"    - aktivitet 1.{last} lagt til «Aktivitet nummer {last} i området»"
    assert lines[-1] == f"… og {1500 - len(shown)} linjer til: `kg diff before.ttl after.ttl` viser alle."


def test_removed_theme(tmp_path: Path) -> None:
    after = _edit(
        BEFORE,
        "t:tema-1.1.1 a sgo:Theme ;\n    sgo:themeOf t:aktivitet-1.1 ;\n    sgo:position 1 ;\n"
        '    skos:prefLabel "Transport"@nb , "Transport"@en .\n\n',
        "",
    )
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.returncode == 1
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 1 «Climate»\n"
        "    activity 1.1 «Cut emissions»\n"
        "      theme 1.1.1 removed «Transport»\n"
    )


def test_changed_title_in_english_and_in_norwegian(tmp_path: Path) -> None:
    after = _edit(BEFORE, '"Plant trees"@en', '"Plant more trees"@en')
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 1 «Climate»\n"
        "    activity 1.2: English title changed: «Plant trees» → «Plant more trees»\n"
    )
    norwegian = diff_texts(tmp_path, BEFORE, after, "--lang", "nb")
    assert norwegian.stdout == (
        "plan «Testplan»\n"
        "  innsatsområde 1 «Klima»\n"
        "    aktivitet 1.2: engelsk tittel endret: «Plant trees» → «Plant more trees»\n"
    )
    report = json.loads(diff_texts(tmp_path, BEFORE, after, "--format", "json").stdout)
    assert report["changed"] is True and report["count"] == 1
    [plan] = report["elements"]
    assert (plan["kind"], plan["label"], plan["changes"]) == ("plan", "Test plan", [])
    [area] = plan["children"]
    assert (area["kind"], area["number"], area["iri"]) == (
        "focus area",
        "1",
        "https://w3id.org/strategigraf/id/test-2020/innsatsomrade-1",
    )
    [activity] = area["children"]
    assert activity["changes"] == [
        {
            "what": "text",
            "property": "http://www.w3.org/2004/02/skos/core#prefLabel",
            "language": "en",
            "old": "Plant trees",
            "new": "Plant more trees",
        }
    ]
    assert report["statements"] == {"removed": [], "added": []}


def test_moved_activity(tmp_path: Path) -> None:
    after = _edit(
        BEFORE,
        "t:aktivitet-1.2 a sgo:Activity ;\n    sgo:activityOf t:innsatsomrade-1 ;",
        "t:aktivitet-1.2 a sgo:Activity ;\n    sgo:activityOf t:innsatsomrade-2 ;",
    )
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 2 «Competence»\n"
        "    activity 2.2 «Plant trees»: moved from focus area 1 «Climate» to focus area 2 «Competence»\n"
    )


def test_renumbered_activities(tmp_path: Path) -> None:
    after = _edit(
        BEFORE,
        "    sgo:activityOf t:innsatsomrade-1 ;\n    sgo:position 1 ;",
        "    sgo:activityOf t:innsatsomrade-1 ;\n    sgo:position 2 ;",
    )
    planting = '    skos:prefLabel "Plante'
    after = _edit(after, f"    sgo:position 2 ;\n{planting}", f"    sgo:position 1 ;\n{planting}")
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 1 «Climate»\n"
        "    activity 1.1 «Plant trees»: position 2 → 1\n"
        "    activity 1.2 «Cut emissions»: position 1 → 2\n"
    )


def test_renumbered_by_shifting_iris(tmp_path: Path) -> None:
    """A new first activity; the steward renames the IRIs after it (1.1 → 1.2, 1.2 → 1.3, 1.1.1 → 1.2.1)."""
    after = BEFORE.replace("aktivitet-1.2", "aktivitet-1.3").replace("aktivitet-1.1", "aktivitet-1.2")
    after = after.replace("tema-1.1.1", "tema-1.2.1")
    after = _edit(
        after,
        '    sgo:position 2 ;\n    skos:prefLabel "Plante',
        '    sgo:position 3 ;\n    skos:prefLabel "Plante',
    )
    after = _edit(
        after,
        '    sgo:position 1 ;\n    skos:prefLabel "Kutte',
        '    sgo:position 2 ;\n    skos:prefLabel "Kutte',
    )
    after += (
        "\nt:aktivitet-1.1 a sgo:Activity ;\n    sgo:activityOf t:innsatsomrade-1 ;\n"
        '    sgo:position 1 ;\n    skos:prefLabel "Sykle"@nb , "Cycle"@en .\n'
    )
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 1 «Climate»\n"
        "    activity 1.1 added «Cycle»\n"
        "    activity 1.2 «Cut emissions»: IRI t:aktivitet-1.1 → t:aktivitet-1.2\n"
        "    activity 1.2 «Cut emissions»: position 1 → 2\n"
        "      theme 1.2.1 «Transport»: IRI t:tema-1.1.1 → t:tema-1.2.1\n"
        "    activity 1.3 «Plant trees»: IRI t:aktivitet-1.2 → t:aktivitet-1.3\n"
        "    activity 1.3 «Plant trees»: position 2 → 3\n"
    )


def test_provenance_lines_and_plain_statements(tmp_path: Path) -> None:
    after = _edit(BEFORE, "    sgo:lastLine 4 .", "    sgo:lastLine 5 .")
    after += '\n<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "loose" .\n'
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "plan «Test plan»\n"
        "  focus area 1 «Climate»\n"
        "    activity 1.1 «Cut emissions»: source lines 3–4 → 3–5\n"
        "statements about no known element:\n"
        "  + <https://example.org/note> rdfs:comment «loose» .\n"
    )


def test_a_resource_of_an_ontology_class_outside_the_plans(tmp_path: Path) -> None:
    after = _edit(BEFORE, '"2020–2023"@en', '"2020–2024"@en')
    after += '\nt:kommunen a <http://www.w3.org/ns/org#Organization> ; skos:prefLabel "Kommunen"@nb .\n'
    done = diff_texts(tmp_path, BEFORE, after)
    assert done.stdout == (
        "organization t:kommunen added «Kommunen»\n"
        "strategy period t:periode-2020-2023: English title changed: «2020–2023» → «2020–2024»\n"
    )
    norwegian = diff_texts(tmp_path, BEFORE, after, "--lang", "nb")
    assert norwegian.stdout.splitlines()[1] == (
        "strategiperiode t:periode-2020-2023: engelsk tittel endret: «2020–2023» → «2020–2024»"
    )


def test_a_change_inside_a_blank_node_goes_to_the_element_holding_it(tmp_path: Path) -> None:
    after = _edit(BEFORE, '"schools"@en', '"pupils"@en')
    lines = diff_texts(tmp_path, BEFORE, after).stdout.splitlines()
    assert lines[:2] == ["plan «Test plan»", "  focus area 2 «Competence»"]
    holder = "    activity 2.1 «Education»: "
    assert all(line.startswith(holder) for line in lines[2:])
    changed = [line.removeprefix(holder) for line in lines[2:]]
    # the whole molecule (the link and the group's three statements) goes and comes again
    assert sum(line.startswith("- ") for line in changed) == 4
    assert sum(line.startswith("+ ") for line in changed) == 4
    assert any(re.fullmatch(r"- _:\w+ skos:prefLabel «schools»@en \.", line) for line in changed)
    assert any(re.fullmatch(r"\+ _:\w+ skos:prefLabel «pupils»@en \.", line) for line in changed)


def test_a_file_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    broken = BEFORE.replace("sgo:position 2 ;", "sgo:position 2 2 ;", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), start=1) if "2 2 ;" in text)
    done = diff_texts(tmp_path, BEFORE, broken)
    assert done.returncode == 2
    assert done.stderr.startswith(f"after.ttl:{line}:{len('    sgo:position 2 ') + 1}: syntax error:")
    assert done.stdout == ""
    nothing = kg_diff("no-such-thing", "before.ttl", cwd=tmp_path)
    assert nothing.returncode == 2
    assert "no-such-thing: neither a file, a folder nor a git revision" in nothing.stderr


# --- git ------------------------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A project in git (kg's vocabulary): BEFORE committed on main, then the title changed on a branch."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "test-2020.ttl").write_text(BEFORE, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "before")
    git(root, "checkout", "-q", "-b", "feature")
    data = root / "data" / "test-2020.ttl"
    data.write_text(_edit(BEFORE, '"Plant trees"@en', '"Plant more trees"@en'), encoding="utf-8")
    git(root, "commit", "-q", "-am", "after")
    return root


TITLE_CHANGED = (
    "plan «Test plan»\n"
    "  focus area 1 «Climate»\n"
    "    activity 1.2: English title changed: «Plant trees» → «Plant more trees»\n"
)


def test_git_revisions(repository: Path) -> None:
    for args in (("main", "feature"), ("HEAD~1", "HEAD"), ("HEAD~1",)):
        done = kg_diff(*args, cwd=repository, project=repository)
        assert (done.returncode, done.stdout) == (1, TITLE_CHANGED), (args, done.stderr)
    same = kg_diff(cwd=repository, project=repository)  # the work tree against HEAD
    assert (same.returncode, same.stdout) == (0, "no changes\n"), same.stderr
    # an edit not yet committed, reformatted but for one new activity
    (repository / "data" / "test-2020.ttl").write_text(
        _edit(REFORMATTED, '"Plant trees"@en', '"Plant more trees"@en')
        + "<https://w3id.org/strategigraf/id/test-2020/aktivitet-1.3> a s:Activity ; s:position 3 ;\n"
        + "  s:activityOf <https://w3id.org/strategigraf/id/test-2020/innsatsomrade-1> ;\n"
        + '  k:prefLabel "Sykle"@nb , "Cycle"@en .\n',
        encoding="utf-8",
    )
    work = kg_diff(cwd=repository, project=repository)
    assert work.stdout == "plan «Test plan»\n  focus area 1 «Climate»\n    activity 1.3 added «Cycle»\n"
    since_main = kg_diff("main", cwd=repository, project=repository)
    assert since_main.stdout == TITLE_CHANGED + "    activity 1.3 added «Cycle»\n"
    # a revision beside a file: the file as it is in that revision
    one_file = kg_diff("main", "data/test-2020.ttl", cwd=repository, project=repository)
    assert one_file.stdout == since_main.stdout


def test_git_diff_driver(repository: Path) -> None:
    (repository / ".gitattributes").write_text("*.ttl diff=strategigraf\n", encoding="utf-8")
    command = " ".join([*kg_command(), "diff", "--project-dir", str(repository)])
    git(repository, "config", "diff.strategigraf.command", command)
    shown = git(repository, "diff", "main", "feature")
    assert shown == "kg diff data/test-2020.ttl\n" + TITLE_CHANGED
    # a new file: git hands the driver /dev/null for the old side
    (repository / "data" / "extra.ttl").write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8"
    )
    git(repository, "add", "data/extra.ttl")
    added = git(repository, "diff", "--cached")
    assert added == (
        "kg diff data/extra.ttl\n"
        "statements about no known element:\n"
        "  + <https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
    )


@pytest.mark.parametrize(("rdflib_format", "suffix"), [("longturtle", "ttl"), ("nt", "nt"), ("xml", "rdf")])
def test_the_repository_written_by_another_serializer_is_no_change(
    tmp_path: Path, rdflib_format: str, suffix: str
) -> None:
    """Ontology (lists, anonymous classes), shapes (nested blank nodes) and data, rewritten by rdflib."""
    original = tmp_path / "original"
    original.mkdir()
    graph = rdflib.Graph()
    for folder in ("ontology", "shapes", "data"):
        for path in sorted((PROJECT_DIR / folder).glob("*.ttl")):
            shutil.copy(path, original / path.name)
            graph.parse(path, format="turtle")
    rewritten = tmp_path / "rewritten"
    rewritten.mkdir()
    graph.serialize(rewritten / f"all.{suffix}", format=rdflib_format, encoding="utf-8")
    done = kg_diff(str(original), str(rewritten), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "no changes\n"), done.stdout[:2000] + done.stderr
