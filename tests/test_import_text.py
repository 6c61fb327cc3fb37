"""`kg import-text`: the real command on the seed and on two texts written for these tests.

Expected results are the hand-made data/osloregionen-2017.ttl for the seed,
and tests/fixtures/import/*.expected.json, written by hand from each text,
for the others. The word list is wordfreq's real Norwegian list.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from kg.foundation import namespaces
from kg.textimport.accuracy import compare
from kg.textimport.repair import WORD, Change, judge, repair_line
from kg.textimport.source import read_source
from tests.support import rdf
from tests.support.importing import (
    ELEMENT_TYPES,
    FIXTURES,
    LINKS,
    PREFIXES,
    SEED_NAME,
    iri,
    kg,
    no_traceback,
    reported,
)
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.projects import file_triples
from tests.support.shared import PROJECT_DIR

# --- the seed, against the data file made by hand ----------------------------


@pytest.fixture(scope="module")
def seed_import(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    """The seed imported into a copy of the project, in place of the hand-made file.

    The copy's sources folder is the shared seeds/, where the seed is already: it is named, not copied.
    """
    project = copy_project(tmp_path_factory.mktemp("seed"))
    draft = project.path(DATA_FILE)
    draft.unlink()
    result = kg(
        "import-text",
        str(shared_dir / "seeds" / SEED_NAME),
        "--publisher",
        "Osloregionen",
        "--year",
        "2017",
        "--out",
        str(draft),
        "--project-dir",
        str(project.root),
    )
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def test_the_seed_is_imported_as_the_hand_made_file_has_it(seed_import: tuple[Project, str]) -> None:
    project, stdout = seed_import
    draft = file_triples(project.path(DATA_FILE))
    reference = file_triples(PROJECT_DIR / DATA_FILE)
    repairs, flags = reported(stdout)
    accuracy = compare(draft, reference, repairs)

    assert {
        kind: found == expected for kind, (found, expected) in accuracy.elements.items()
    } == dict.fromkeys(accuracy.elements, True), accuracy.elements
    assert accuracy.elements["activities"] == (6, 6)
    assert accuracy.elements["themes"] == (5, 5)
    assert accuracy.elements["means"] == (2, 2)
    assert (accuracy.missing, accuracy.extra, accuracy.wrong_parent) == ([], [], [])
    assert accuracy.lines_differ == []
    assert accuracy.involves_differ == []
    # «bade» is a Norwegian word (to bathe), but this scan reads å as «a» throughout (no intact å),
    # «både» is 60 times as common, and an «og» follows in the sentence: it is repaired, as by hand.
    assert accuracy.texts_differ == []
    assert Change(40, "bade", "både") in repairs
    assert flags == []
    assert accuracy.repairs_wrong == []
    assert accuracy.damage_left == []
    # the one repair outside every text: the heading of line 29
    assert accuracy.repairs_unchecked == [Change(29, "INNSATSOMRADER", "INNSATSOMRÅDER")]


def test_every_repair_is_an_editorial_note_where_it_is_made(seed_import: tuple[Project, str]) -> None:
    project, stdout = seed_import
    draft = rdflib.Graph().parse(project.path(DATA_FILE))
    repairs, flags = reported(stdout)
    notes = {
        (str(subject), note.language): str(note)
        for subject, note in draft.subject_objects(URIRef(namespaces.SKOS + "editorialNote"))
        if isinstance(note, Literal)
    }
    assert len(repairs) == 38
    for change in repairs:
        said = f"{change.line}: «{change.before}» → «{change.after}»"
        holders = [key for key, text in notes.items() if said in text]
        assert {lang for _, lang in holders} == {"nb", "en"}, change
    # the three repairs of theme 1.1.2's lines 36-37, on that theme
    theme = "https://w3id.org/strategigraf/id/osloregionen-2017/tema-1.1.2"
    assert "linje 36: «Péavirkning» → «Påvirkning»" in notes[(theme, "nb")]
    assert "line 37: «transporti@sninger» → «transportløsninger»" in notes[(theme, "en")]
    repaired_at = "https://w3id.org/strategigraf/id/osloregionen-2017/tema-1.1.4"
    assert "line 40: «bade» → «både»" in notes[(repaired_at, "en")]
    assert flags == []


def test_the_seed_draft_is_formatted_as_kg_fmt_writes(seed_import: tuple[Project, str]) -> None:
    project, _ = seed_import
    result = project.kg("fmt", "--check", DATA_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_seed_draft_validates_with_warnings_for_english_only(seed_import: tuple[Project, str]) -> None:
    project, _ = seed_import
    result = project.kg("validate", "--no-cache")
    no_traceback(result)
    assert result.returncode == 0, result.stdout
    # Every Norwegian text of the draft awaits its English: titles and description of the plan,
    # vision (2), directions (3), roles (6), focus areas (3), activities (6), themes (5),
    # means (2), document titles (2), actor names (7) and the alliance's description, the
    # source text's title. The period's name and the notes the importer writes are in both.
    # The other warnings are the subjects kg classify proposed, one a line, each still to decide.
    proposed = project.path(DATA_FILE).read_text(encoding="utf-8").count(" . # ")
    assert result.stdout.splitlines()[-1].startswith(
        f"valid: 3 files, 0 violations, {40 + proposed} warnings, 40 texts awaiting translation, "
        f"{proposed} subject proposals awaiting a decision"
    )
    warnings = [line for line in result.stdout.splitlines() if line.strip().startswith("warning")]
    assert len(warnings) == 40 + proposed
    assert sum("Awaiting translation" in line for line in warnings) == 40
    report = json.loads(project.kg("validate", "--format", "json").stdout)
    assert (report["conforms"], report["awaitingTranslation"], report["undecidedSubjectProposals"]) == (
        True,
        40,
        proposed,
    )


def test_a_draft_without_its_status_needs_its_english(
    seed_import: tuple[Project, str], tmp_path: Path
) -> None:
    project = copy_project(tmp_path)
    text = seed_import[0].path(DATA_FILE).read_text(encoding="utf-8")
    # the steward deletes the status line (the plan's last statement, in the house order)
    status = " ;\n    adms:status <http://purl.org/adms/status/UnderDevelopment> .\n"
    assert text.count(status) == 1
    project.path(DATA_FILE).write_text(text.replace(status, " .\n"), encoding="utf-8")
    result = project.kg("validate", "--no-cache")
    assert result.returncode == 1
    proposed = text.count(" . # ")  # kg classify's proposals, each a warning until decided
    assert result.stdout.splitlines()[-1].startswith(f"invalid: 3 files, 40 violations, {proposed} warnings")


# --- texts written for these tests ------------------------------------------


@pytest.mark.parametrize("name", ["fjellregionen", "kystbyene", "dalbygda"])
def test_own_texts_are_imported_as_written_by_hand(name: str, tmp_path: Path) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    plan = expected["plan"]
    project = copy_project(tmp_path / "project")
    project.path("strategigraf.toml").write_text('[project]\nvocabulary = "."\nsources = "kilder"\n')
    out = project.path(f"data/{plan}.ttl")
    source = FIXTURES / f"{name}.txt"
    result = kg("import-text", str(source), *expected["args"], "--project-dir", str(project.root))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert out.is_file()  # the default: data/{publisher}-{year}.ttl
    assert project.path(f"kilder/{source.name}").read_bytes() == source.read_bytes()

    graph = rdflib.Graph().parse(out)
    types = {
        (subject, URIRef(PREFIXES[kind.split(":")[0]] + kind.split(":")[1]))
        for kind in ELEMENT_TYPES
        for subject in graph.subjects(RDF.type, URIRef(PREFIXES[kind.split(":")[0]] + kind.split(":")[1]))
    }
    assert types == {(iri(e[0], plan), iri(e[1], plan)) for e in expected["elements"]}
    for element, _, text_property, nb, first, last in expected["elements"]:
        subject = iri(element, plan)
        texts = [o for o in graph.objects(subject, iri(text_property, plan)) if rdf.language(o) == "nb"]
        assert [str(text) for text in texts] == [nb], element
        assert (
            graph.value(subject, iri("sgo:firstLine", plan)),
            graph.value(subject, iri("sgo:lastLine", plan)),
        ) == (
            Literal(first),
            Literal(last),
        ), element
    links = {(s, p, o) for link in LINKS for s, p, o in graph.triples((None, iri(link, plan), None))}
    assert links == {(iri(s, plan), iri(p, plan), iri(o, plan)) for s, p, o in expected["links"]}
    source_node = URIRef(f"https://w3id.org/strategigraf/id/kilde/{name}")
    assert graph.value(source_node, iri("sgo:lineCount", plan)) == Literal(expected["lineCount"])

    repairs, flags = reported(result.stdout)
    assert repairs == [Change(*row) for row in expected["repairs"]]
    assert flags == expected["flags"]
    for section in expected["missingSections"]:
        assert f"no {section} section" in result.stderr
    for lines in expected.get("leftOut", []):
        assert f"{lines}: not imported" in result.stderr

    validation = project.kg("validate", "--no-cache", str(out))
    assert validation.returncode == 0, validation.stdout
    assert ", 0 violations," in validation.stdout


def test_the_publisher_must_be_named_when_the_opening_does_not(tmp_path: Path) -> None:
    result = kg("import-text", str(FIXTURES / "kystbyene.txt"), "--out", str(tmp_path / "x.ttl"))
    no_traceback(result)
    assert result.returncode == 2
    assert "give --publisher" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- bad input: one clear message, exit 2, nothing written --------------------


def _bad(tmp_path: Path, content: bytes, *extra: str) -> subprocess.CompletedProcess[str]:
    """Import `content` in a project of its own whose source texts go to kilder/."""
    (tmp_path / "strategigraf.toml").write_text('[project]\nsources = "kilder"\n', encoding="utf-8")
    source = tmp_path / "in" / "bad.txt"
    source.parent.mkdir()
    source.write_bytes(content)
    return kg(
        "import-text",
        str(source),
        "--publisher",
        "Prøve",
        "--year",
        "2020",
        "--out",
        str(tmp_path / "out.ttl"),
        "--project-dir",
        str(tmp_path),
        *extra,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\n \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Plan for læring\n\nVISJON\n".encode("latin-1"), "not UTF-8"),
        (b"En tekst uten overskrifter.\n\nBare to avsnitt.\n", "no recognisable sections"),
        (b"1. Et nummerert punkt\n* et punkt\n", "no recognisable sections"),
        (b"VISJON\n\nEn visjon uten tittel.\n", "no title"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, content: bytes, message: str) -> None:
    result = _bad(tmp_path, content)
    no_traceback(result)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.ttl").exists()
    assert not (tmp_path / "kilder").exists()


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path) -> None:
    existing = tmp_path / "out.ttl"
    existing.write_text("# mine\n", encoding="utf-8")
    text = (FIXTURES / "fjellregionen.txt").read_bytes()
    result = _bad(tmp_path, text)
    no_traceback(result)
    assert result.returncode == 2
    assert "exists: give --force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "kilder").exists()

    forced = kg(
        "import-text",
        str(tmp_path / "in" / "bad.txt"),
        "--out",
        str(existing),
        "--force",
        "--project-dir",
        str(tmp_path),
    )
    assert forced.returncode == 0, forced.stderr
    assert "a sgo:StrategicPlan" in existing.read_text(encoding="utf-8")


def test_another_source_text_of_the_same_name_is_not_overwritten(tmp_path: Path) -> None:
    kept = tmp_path / "kilder" / "bad.txt"
    kept.parent.mkdir(parents=True)
    kept.write_text("another text\n", encoding="utf-8")
    result = _bad(tmp_path, (FIXTURES / "fjellregionen.txt").read_bytes())
    no_traceback(result)
    assert result.returncode == 2
    assert "another text of that name" in result.stderr
    assert kept.read_text(encoding="utf-8") == "another text\n"
    assert not (tmp_path / "out.ttl").exists()


# --- the repair itself ---------------------------------------------------------


def test_no_word_of_the_hand_made_texts_is_changed() -> None:
    """Every Norwegian word a person wrote in data/, the ontology and the shapes is a word:
    repair leaves each as it is."""
    graph = rdflib.Graph()
    for path in (DATA_FILE, "ontology/strategigraf.ttl", "shapes/strategigraf-shapes.ttl"):
        graph.parse(PROJECT_DIR / path)
    words = {
        word
        for _, _, text in graph
        if isinstance(text, Literal) and text.language == "nb"
        # the shapes' messages name terms (dcat:prev), which are no Norwegian words
        for word in WORD.findall(re.sub(r"\b[\w-]+:[\w.-]+", " ", str(text)))
        if "@" not in word  # the shapes' messages write language tags, «"…"@nb»
    }
    assert len(words) > 500
    changed = {word: judge(word).replacement for word in words if judge(word).replacement is not None}
    assert changed == {}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Falgende strategiske fgringer", "Følgende strategiske føringer"),  # a, g for ø
        ("skal veere baerekraftig", "skal være bærekraftig"),  # ee, ae for æ
        ("Péavirkning og transporti@sninger", "Påvirkning og transportløsninger"),  # éa for å, i@ for lø
        ("pa fylkesovergripende niva", "på fylkesovergripende nivå"),  # stripped å in listed spellings
        ("for a styrke", "for å styrke"),  # «a» alone is no word
        ("INNSATSOMRADER", "INNSATSOMRÅDER"),  # capitals kept
        ("bade internt og eksternt", "bade internt og eksternt"),  # «bade» is a word: left, flagged
    ],
)
def test_damaged_words_are_repaired_and_words_are_not(line: str, expected: str) -> None:
    assert repair_line(line, 1)[0] == expected


def test_an_unsure_word_is_flagged_with_what_it_may_be() -> None:
    _, changes, flags = repair_line("v@re en pådriver", 9)
    assert changes == []
    assert [(flag.line, flag.word) for flag in flags] == [(9, "v@re")]
    assert {"være", "våre"} <= set(flags[0].candidates)


def test_letters_pasted_decomposed_are_read_composed(tmp_path: Path) -> None:
    """«å» pasted as «a» and a combining ring is the word list's «å»: «på» stays «på»."""
    source = tmp_path / "nfd.txt"
    source.write_bytes("pa\u030a fylkesovergripende niva\u030a\r\n".encode())
    lines = read_source(source).lines
    assert lines == ("på fylkesovergripende nivå",)
    assert repair_line(lines[0], 1)[1] == []
