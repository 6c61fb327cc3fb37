"""`kg fmt` and `format_turtle`: the house style, comments kept, the graph unchanged.

Expected texts are written by hand from the rules in docs/steward/formatting.md; the round trips
run the real `kg` command on copies of the repository's files and on `kg synth` output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.foundation.namespaces import DCTERMS, OWL, RDFS, SGO, SH, SKOS
from kg.foundation.sources import turtle_files
from kg.steward import MeaningChanged, TurtleSyntaxError, format_turtle
from kg.steward.predicate_order import VOCABULARY_ORDER, predicate_order
from tests.support.canonical import canonical
from tests.support.projects import copy_project, run_kg
from tests.support.shared import PROJECT_DIR

EX = "http://example.org/"


def comment_lines(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


# -- the house style, case by case -------------------------------------------------------------

HOUSE_RULES_IN = """\
# Header of the file.

@prefix ex: <http://example.org/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix unused: <http://unused.example/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

# The thing.
ex:thing ex:zeta "z" ; rdf:type ex:Thing ;
  ex:position 2 ; # its place
  dct:title "Tittel"@en, "Tittel"@nb ;
  ex:title "en"@en , "de"@de , "nb"@nb .
ex:other a ex:Thing .
"""

HOUSE_RULES_OUT = """\
# Header of the file.

@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex:      <http://example.org/> .

# The thing.
ex:thing a ex:Thing ;
    ex:title "nb"@nb , "en"@en , "de"@de ;
    ex:position 2 ; # its place
    dcterms:title "Tittel"@nb , "Tittel"@en ;
    ex:zeta "z" .

ex:other a ex:Thing .
"""


def test_prefixes_predicates_and_objects_follow_the_house_rules() -> None:
    """Sorted, aligned prefixes (dct: spelled dcterms:, unused and rdf: gone: rdf:type is `a`);
    `a` first, then the shapes' order (title, position), then alphabetical; nb, en, others."""
    order = [EX + "title", EX + "position"]
    assert format_turtle(HOUSE_RULES_IN, "t.ttl", order) == HOUSE_RULES_OUT
    assert format_turtle(HOUSE_RULES_OUT, "t.ttl", order) == HOUSE_RULES_OUT


def test_the_order_is_the_shapes_paths_and_their_alternatives_then_the_vocabulary_order(
    tmp_path: Path,
) -> None:
    """Each property a shape's path names, first mention first; a sequence or inverse path
    names no property of the resource itself."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:A-parent sh:path [ sh:alternativePath ( ex:partOf ex:memberOf ) ] .
ex:A-chain sh:path ( ex:partOf ex:deep ) .
ex:A-inverse sh:path [ sh:inversePath ex:hasPart ] .
ex:A-name a sh:PropertyShape ; sh:path ex:name .
ex:A-again sh:path ex:partOf .
""",
        encoding="utf-8",
    )
    order = predicate_order([shapes])
    assert order[:3] == [EX + "partOf", EX + "memberOf", EX + "name"]
    assert order[3:] == list(VOCABULARY_ORDER)


def test_shapes_and_ontology_terms_read_in_the_vocabulary_order() -> None:
    """A shape: path, counts, value type, severity, message; a term: its parent and axioms,
    then its label and definition."""
    given = """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:Thing-name sh:message "Name it"@en ; sh:maxCount 1 ; sh:severity sh:Warning ;
    sh:path ex:name ; a sh:PropertyShape ; sh:minCount 1 ; sh:datatype ex:Text .
ex:partOf skos:definition "Part of."@en ; rdfs:label "part of"@en ; rdfs:range ex:Whole ;
    rdfs:domain ex:Part ; rdfs:subPropertyOf ex:related ; a ex:Property .
"""
    expected = """\
@prefix ex:   <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

ex:Thing-name a sh:PropertyShape ;
    sh:path ex:name ;
    sh:minCount 1 ;
    sh:maxCount 1 ;
    sh:datatype ex:Text ;
    sh:severity sh:Warning ;
    sh:message "Name it"@en .

ex:partOf a ex:Property ;
    rdfs:subPropertyOf ex:related ;
    rdfs:domain ex:Part ;
    rdfs:range ex:Whole ;
    rdfs:label "part of"@en ;
    skos:definition "Part of."@en .
"""
    assert format_turtle(given, "t.ttl", list(VOCABULARY_ORDER)) == expected


def test_the_repository_shapes_give_the_reading_order_of_the_example_file() -> None:
    """docs/steward/formatting.md: parent link, position, name, description, other
    properties, notes, provenance last; the vocabulary's terms after the data's."""
    order = predicate_order(turtle_files(PROJECT_DIR / "shapes"))
    element = [SGO + "activityOf", SGO + "themeOf", SGO + "position", SKOS + "prefLabel"]
    element += [DCTERMS + "description", SGO + "involves", SGO + "truncatedInSource"]
    element += [SKOS + "editorialNote", SGO + "sourceText", SGO + "firstLine", SGO + "lastLine"]
    plan = [DCTERMS + "title", DCTERMS + "description", DCTERMS + "publisher", DCTERMS + "language"]
    plan += [SGO + "inEffectFrom", SGO + "period", SGO + "truncatedInSource", SGO + "sourceText"]
    vocabulary = [SGO + "lastLine", RDFS + "subClassOf", OWL + "inverseOf", RDFS + "label"]
    vocabulary += [SKOS + "definition", SH + "path", SH + "minCount", SH + "class", SH + "message"]
    for reading in (element, plan, vocabulary):
        assert sorted(reading, key=order.index) == reading


def test_the_repository_s_own_turtle_is_formatted() -> None:
    """Data, ontology, shapes, the `kg init` template, the Los themes the catalogue ships and the test
    fixtures (make test checks it too)."""
    folders = ["data", "ontology", "shapes", "kg/project/template", "kg/publishing/reference"]
    folders.append("tests/fixtures")
    paths = [str(PROJECT_DIR / folder) for folder in folders]
    done = run_kg("fmt", "--check", *paths, "--project-dir", str(PROJECT_DIR))
    assert (done.returncode, done.stdout) == (0, ""), done.stdout
    assert "8 files: 0 not formatted, 8 formatted, 0 errors" in done.stderr


def test_nested_blank_nodes_lists_and_long_strings() -> None:
    """A blank node that fits stays on one line; one with a comment opens, one predicate a
    line, each ending in `;`; a list keeps its order; a long string is left as written."""
    given = '''\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:Shape sh:property [ sh:path ex:p ; sh:in ( "b" "a" ) ] ;
    sh:target [
        # the target
        a sh:SPARQLTarget ;
        sh:select """
            SELECT ?this WHERE { ?this ex:p ?o }
            """
    ] .
'''
    expected = '''\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ex:Shape sh:property [ sh:in ( "b" "a" ) ; sh:path ex:p ] ;
    sh:target [
        # the target
        a sh:SPARQLTarget ;
        sh:select """
            SELECT ?this WHERE { ?this ex:p ?o }
            """ ;
    ] .
'''
    assert format_turtle(given, "t.ttl") == expected


def test_long_object_lists_take_a_line_each() -> None:
    """Objects that do not fit in 80 columns: the first beside the predicate, the rest
    indented twice; an object that does not fit beside its predicate starts the next line."""
    note = "x" * 110
    given = (
        "@prefix ex: <http://example.org/> .\n"
        'ex:s ex:label "a fairly long Norwegian label that goes on"@nb , '
        '"a fairly long English label that goes on"@en ;\n'
        f'    ex:note "{note}"@en .\n'
    )
    expected = (
        "@prefix ex: <http://example.org/> .\n\n"
        'ex:s ex:label "a fairly long Norwegian label that goes on"@nb ,\n'
        '        "a fairly long English label that goes on"@en ;\n'
        "    ex:note\n"
        f'        "{note}"@en .\n'
    )
    assert format_turtle(given, "t.ttl") == expected


def test_comments_move_with_the_object_or_list_item_they_belong_to() -> None:
    given = """\
@prefix ex: <http://example.org/> .
ex:s ex:p
    # about b
    ex:b ,
    ex:a , # about a
    ex:c ;
  ex:list ( ex:z # last but one
    ex:y ) .
"""
    expected = """\
@prefix ex: <http://example.org/> .

ex:s ex:list (
        ex:z # last but one
        ex:y
    ) ;
    ex:p ex:a , # about a
        # about b
        ex:b ,
        ex:c .
"""
    assert format_turtle(given, "t.ttl") == expected


def test_comments_before_a_closing_bracket_or_the_final_dot_stay_there() -> None:
    given = """\
@prefix ex: <http://example.org/> .
ex:s ex:p [ ex:q ex:r
    # inside, at the end
  ] ;
  # after the last predicate
  .
"""
    expected = """\
@prefix ex: <http://example.org/> .

ex:s ex:p [
        ex:q ex:r ;
        # inside, at the end
    ] ;
    # after the last predicate
    .
"""
    assert format_turtle(given, "t.ttl") == expected


def test_a_change_of_meaning_is_refused() -> None:
    """@base goes to the top in house style: here that would change what <a> names."""
    given = "<a> <b> <c> .\n@base <http://example.org/> .\n<d> <e> <f> .\n"
    with pytest.raises(MeaningChanged, match="change the graph"):
        format_turtle(given, "/tmp/t.ttl")


def test_a_prefix_declared_twice_differently_is_refused() -> None:
    given = (
        "@prefix ex: <http://example.org/one/> .\nex:a ex:b ex:c .\n"
        "@prefix ex: <http://example.org/two/> .\nex:a ex:b ex:c .\n"
    )
    with pytest.raises(MeaningChanged, match="declared twice"):
        format_turtle(given, "t.ttl")


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(TurtleSyntaxError) as raised:
        format_turtle("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ex:d .\n", "t.ttl")
    assert (raised.value.line, raised.value.column) == (2, 16)  # where ex:d starts


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository with one unformatted data file of ours."""
    project = copy_project(tmp_path / "project")
    (project / "data" / "example.ttl").write_text(HOUSE_RULES_IN, encoding="utf-8")
    return project


def test_check_prints_a_diff_exits_1_and_changes_nothing(project: Path) -> None:
    before = {path: path.read_bytes() for path in turtle_files(project)}
    done = run_kg("fmt", "--check", "--project-dir", str(project))
    assert done.returncode == 1, done.stderr
    example = project / "data" / "example.ttl"
    assert f"--- a/{example}" in done.stdout and f"+++ b/{example}" in done.stdout
    assert "-@prefix dct: <http://purl.org/dc/terms/> .\n" in done.stdout
    assert "+@prefix dcterms: <http://purl.org/dc/terms/> .\n" in done.stdout
    assert {path: path.read_bytes() for path in turtle_files(project)} == before


def test_fmt_rewrites_in_place_and_then_check_passes(project: Path) -> None:
    example = project / "data" / "example.ttl"
    example.chmod(0o640)
    done = run_kg("fmt", str(example), "--project-dir", str(project))
    assert done.returncode == 0, done.stderr
    assert example.read_text(encoding="utf-8") == HOUSE_RULES_OUT.replace(
        # the repository's shapes give no order for ex: terms: alphabetical
        '    ex:title "nb"@nb , "en"@en , "de"@de ;\n    ex:position 2 ; # its place\n'
        '    dcterms:title "Tittel"@nb , "Tittel"@en ;\n',
        '    dcterms:title "Tittel"@nb , "Tittel"@en ;\n    ex:position 2 ; # its place\n'
        '    ex:title "nb"@nb , "en"@en , "de"@de ;\n',
    )
    assert example.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in example.parent.iterdir()) == ["example.ttl", "osloregionen-2017.ttl"]
    again = run_kg("fmt", "--check", str(example), "--project-dir", str(project))
    assert (again.returncode, again.stdout) == (0, "")
    env = {**os.environ, "KG_FMT_CHECK": "1", "KG_LANG": "nb"}
    by_env = run_kg("fmt", str(example), "--project-dir", str(project), env=env)
    assert by_env.returncode == 0 and "1 filer: 0 ikke formatert, 1 formatert, 0 feil" in by_env.stderr


def test_a_file_with_a_syntax_error_is_left_untouched_with_file_line_column(project: Path) -> None:
    broken = project / "data" / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ex:d .\n", encoding="utf-8")
    before = broken.read_bytes()
    done = run_kg("fmt", str(broken), "--project-dir", str(project))
    assert done.returncode == 2
    assert f"{broken}:2:16: syntax error:" in done.stderr
    assert "Traceback" not in done.stderr
    assert broken.read_bytes() == before


def test_a_file_whose_meaning_would_change_is_left_untouched(project: Path) -> None:
    risky = project / "data" / "risky.ttl"
    risky.write_text("<a> <b> <c> .\n@base <http://example.org/> .\n<d> <e> <f> .\n", encoding="utf-8")
    done = run_kg("fmt", str(risky), "--project-dir", str(project))
    assert done.returncode == 2
    assert f"{risky}: left untouched: formatting would change the graph" in done.stderr
    assert risky.read_text(encoding="utf-8").startswith("<a> <b> <c> .\n@base")


# -- round trips --------------------------------------------------------------------------------


def assert_round_trip(originals: dict[Path, Path]) -> None:
    """Each formatted copy: the same graph, every comment line, formatting again changes nothing."""
    for original, formatted in originals.items():
        assert canonical(formatted) == canonical(original), formatted
        text = formatted.read_text(encoding="utf-8")
        assert comment_lines(text) == comment_lines(original.read_text(encoding="utf-8")), formatted


def test_every_turtle_file_of_the_repository(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    done = run_kg("fmt", "--project-dir", str(project))
    assert done.returncode == 0, done.stderr
    files = turtle_files(PROJECT_DIR / "ontology") + turtle_files(PROJECT_DIR / "shapes")
    files += turtle_files(PROJECT_DIR / "data")
    assert len(files) >= 3
    assert_round_trip({path: project / path.relative_to(PROJECT_DIR) for path in files})
    again = run_kg("fmt", "--check", "--project-dir", str(project))
    assert (again.returncode, again.stdout) == (0, ""), again.stdout
    valid = run_kg("validate", "--no-cache", "--project-dir", str(project))
    assert valid.returncode == 0, valid.stdout


def test_kg_synth_output(tmp_path: Path) -> None:
    written = tmp_path / "synth"
    assert run_kg("synth", "--organisations", "3", "-o", str(written)).returncode == 0
    originals = tmp_path / "originals"
    shutil.copytree(written, originals)
    done = run_kg("fmt", str(written))
    assert done.returncode == 0, done.stderr
    files = turtle_files(originals)
    assert len(files) >= 6
    assert_round_trip({path: written / path.relative_to(originals) for path in files})
    again = run_kg("fmt", "--check", str(written))
    assert (again.returncode, again.stdout) == (0, "")


def test_a_project_made_by_kg_init_formats_its_own_files_only(tmp_path: Path) -> None:
    """Its vocabulary is the one kg ships: not the steward's to rewrite, so not touched."""
    project = tmp_path / "strategies"
    assert run_kg("init", str(project)).returncode == 0
    own = turtle_files(project)
    assert own, "kg init writes a data template"
    (project / "data" / "example.ttl").write_text(HOUSE_RULES_IN, encoding="utf-8")
    done = run_kg("fmt", "--check", "--project-dir", str(project))
    assert done.returncode == 1
    assert f"{project / 'data' / 'example.ttl'}: would reformat" in done.stderr
    # the packaged ontology and shapes would add two files or more
    assert f"{len(own) + 1} files:" in done.stderr
