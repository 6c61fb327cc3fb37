"""Validation in batches (large data): the findings of the whole graph, exactly.

The inputs are a small plan written here (valid as written, and with
mistakes whose findings need a neighbour in another file: a publisher's
type, a second vision pointing at the plan, siblings' positions, the source
text's line count, the draft status three links away), and kg synth's plans
with mistakes put in. Batches of one statement put every group of
resources that see each other in a batch of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.foundation.rdf_files import UnreadableFile, parse_file, stream_file, triples
from kg.foundation.sources import SourceFiles
from kg.validation.batches import batches, joining_predicates
from kg.validation.problems import Problem
from kg.validation.rdflib_bridge import rdflib_graph
from kg.validation.shacl import validate
from tests.support.projects import run_kg
from tests.support.shared import PROJECT_DIR

ONTOLOGY = (PROJECT_DIR / "ontology" / "strategigraf.ttl",)
SHAPES = (PROJECT_DIR / "shapes" / "strategigraf-shapes.ttl",)
SGO = "https://w3id.org/strategigraf/ontology#"
PREFIXES = """\
@prefix sgo: <https://w3id.org/strategigraf/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://test.example/id/> .
"""
#: The publisher and the source text, described in a file of their own.
CONTEXT = """\
ex:org a org:Organization ;
    skos:prefLabel "Eksempelrådet"@nb , "The Example Council"@en ;
    sgo:sourceText ex:source ; sgo:firstLine 1 ; sgo:lastLine 1 .
ex:source a sgo:SourceText ;
    dcterms:title "Kilde"@nb , "Source"@en ;
    sgo:lineCount 40 ;
    dcterms:isFormatOf ex:plan .
"""
PLAN = """\
ex:plan a sgo:StrategicPlan ;
    dcterms:title "Plan"@nb , "Plan"@en ;
    dcterms:publisher ex:org ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/NOB> ;
    sgo:period ex:period ;
    sgo:sourceText ex:source ; sgo:firstLine 1 ; sgo:lastLine 2 .
ex:period a sgo:StrategyPeriod ;
    skos:prefLabel "2020–2023"@nb , "2020–2023"@en ;
    dcat:startDate "2020"^^xsd:gYear ; dcat:endDate "2023"^^xsd:gYear ;
    sgo:sourceText ex:source ; sgo:firstLine 2 ; sgo:lastLine 2 .
ex:vision a sgo:Vision ;
    sgo:visionOf ex:plan ;
    skos:prefLabel "Et godt sted"@nb , "A good place"@en ;
    sgo:sourceText ex:source ; sgo:firstLine 3 ; sgo:lastLine 3 .
ex:area-1 a sgo:FocusArea ;
    sgo:focusAreaOf ex:plan ; sgo:position 1 ;
    skos:prefLabel "Samferdsel"@nb , "Transport"@en ;
    sgo:sourceText ex:source ; sgo:firstLine 5 ; sgo:lastLine 5 .
ex:activity-1 a sgo:Activity ;
    sgo:activityOf ex:area-1 ; sgo:position 1 ;
    skos:prefLabel "Bygge veier"@nb , "Build roads"@en ;
    sgo:involves ex:org ;
    sgo:sourceText ex:source ; sgo:firstLine 6 ; sgo:lastLine 6 .
"""
#: The plan's second focus area, in a file of its own.
AREA_2 = """\
ex:area-2 a sgo:FocusArea ;
    sgo:focusAreaOf ex:plan ; sgo:position 2 ;
    skos:prefLabel "Kultur"@nb , "Culture"@en ;
    sgo:sourceText ex:source ; sgo:firstLine 8 ; sgo:lastLine 8 .
"""
#: Another organisation's plan, valid, in the same files: a group of its own.
OTHER = """\
ex:other-plan a sgo:StrategicPlan ;
    dcterms:title "Annen plan"@nb , "Other plan"@en ;
    dcterms:publisher ex:other-org ;
    dcterms:language <http://publications.europa.eu/resource/authority/language/NOB> ;
    sgo:sourceText ex:other-source ; sgo:firstLine 1 ; sgo:lastLine 1 .
ex:other-org a org:Organization ;
    skos:prefLabel "Annet råd"@nb , "Other Council"@en ;
    sgo:sourceText ex:other-source ; sgo:firstLine 1 ; sgo:lastLine 1 .
ex:other-source a sgo:SourceText ;
    dcterms:title "Annen kilde"@nb , "Other source"@en ;
    sgo:lineCount 3 ;
    dcterms:isFormatOf ex:other-plan .
ex:other-area a sgo:FocusArea ;
    sgo:focusAreaOf ex:other-plan ; sgo:position 1 ;
    skos:prefLabel "Helse"@nb , "Health"@en ;
    sgo:sourceText ex:other-source ; sgo:firstLine 2 ; sgo:lastLine 2 .
"""
SECOND_VISION = """\
ex:vision-2 a sgo:Vision ;
    sgo:visionOf ex:plan ;
    skos:prefLabel "Et annet sted"@nb , "Another place"@en ;
    sgo:sourceText ex:source ; sgo:firstLine 4 ; sgo:lastLine 4 .
"""

Finding = tuple[str, str, str, int]


def findings(problems: list[Problem]) -> list[Finding]:
    """Each problem as (shape, focus, file, line), in the report's order."""
    return [
        (
            p.shape.value.rsplit("#", 1)[-1] if p.shape else "",
            p.focus.value.rsplit("/", 1)[-1],
            p.location.path.name if p.location else "",
            p.location.line if p.location else 0,
        )
        for p in problems
    ]


def full(problems: list[Problem]) -> list[tuple[object, ...]]:
    """Everything a report shows of each problem."""
    return [
        (str(p.location), p.severity, p.focus, str(p.path), p.value, p.shape, p.component, p.messages)
        for p in problems
    ]


def write(folder: Path, files: dict[str, str]) -> SourceFiles:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(PREFIXES + text, encoding="utf-8")
    return SourceFiles(ONTOLOGY, SHAPES, tuple(sorted(folder.glob("*.ttl"))))


def batched_and_whole(files: SourceFiles) -> list[Problem]:
    """The problems found in batches, after checking they are those of the whole graph."""
    whole = validate(files)
    in_batches = validate(files, batch_size=1)
    assert full(in_batches.problems) == full(whole.problems)
    return in_batches.problems


def batch_count(files: SourceFiles) -> int:
    data = [stream_file(path) for path in files.data]
    shapes = rdflib_graph(triples([parse_file(SHAPES[0])]))
    found = batches(data, [parse_file(ONTOLOGY[0])], shapes, 1)
    assert found is not None
    return sum(1 for _ in found)


def test_the_valid_plan_is_valid_in_one_batch_per_organisation(tmp_path: Path) -> None:
    files = write(
        tmp_path, {"context.ttl": CONTEXT, "plan.ttl": PLAN, "area.ttl": AREA_2, "other.ttl": OTHER}
    )
    assert batched_and_whole(files) == []
    assert batch_count(files) == 2  # the plan with its files' resources; the other organisation's


MISTAKES: dict[str, tuple[Callable[[dict[str, str]], None], list[Finding]]] = {}


def mistake(expected: list[Finding]) -> Callable[[Callable[[dict[str, str]], None]], None]:
    def register(edit: Callable[[dict[str, str]], None]) -> None:
        MISTAKES[edit.__name__] = (edit, expected)

    return register


def replace(files: dict[str, str], name: str, old: str, new: str) -> None:
    assert files[name].count(old) == 1, old
    files[name] = files[name].replace(old, new)


@mistake(
    [
        ("StrategicPlan-publisher", "plan", "plan.ttl", 9),  # 8 lines of prefixes, then ex:plan
        ("StrategicElement-involves", "activity-1", "plan.ttl", 27),
    ]
)
def publisher_not_an_agent(files: dict[str, str]) -> None:
    """The publisher, described in another file, loses its type: the sh:class of the plan and of
    the activity that involves it fail (and it is no longer an agent that shapes check)."""
    replace(files, "context.ttl", "ex:org a org:Organization ;", "ex:org")


@mistake([("StrategicPlan-vision", "plan", "plan.ttl", 9)])
def second_vision_in_another_file(files: dict[str, str]) -> None:
    """A second resource says sgo:visionOf the plan: the inverse path counts two."""
    files["vision-2.ttl"] = SECOND_VISION


@mistake(
    [
        ("UniquePosition-position", "area-1", "plan.ttl", 23),
        ("UniquePosition-position", "area-2", "area.ttl", 9),
    ]
)
def siblings_share_a_position(files: dict[str, str]) -> None:
    """The second focus area, in its own file, takes position 1 too: each reports the other."""
    replace(files, "area.ttl", "sgo:position 2", "sgo:position 1")


@mistake([("WithinSource-lastLine", "area-2", "area.ttl", 9)])
def last_line_past_the_source_text(files: dict[str, str]) -> None:
    """Line 41 of a source text of 40 lines (the line count is in another file)."""
    replace(files, "area.ttl", "sgo:firstLine 8 ; sgo:lastLine 8", "sgo:firstLine 8 ; sgo:lastLine 41")


@mistake([("PeriodOrder-startDate", "period", "plan.ttl", 15)])
def period_ends_before_it_starts(files: dict[str, str]) -> None:
    replace(files, "plan.ttl", 'dcat:startDate "2020"', 'dcat:startDate "2024"')


@mistake([("LineOrder-firstLine", "activity-1", "plan.ttl", 27)])
def first_line_after_last(files: dict[str, str]) -> None:
    replace(files, "plan.ttl", "sgo:firstLine 6 ; sgo:lastLine 6", "sgo:firstLine 7 ; sgo:lastLine 6")


@mistake([("DraftPrefLabelShape", "area-2", "area.ttl", 9)])
def draft_awaits_translation(files: dict[str, str]) -> None:
    """A draft plan (its status read through the source text, described in another file): a
    label without English is a warning."""
    draft = "adms:status <http://purl.org/adms/status/UnderDevelopment> ;"
    replace(files, "plan.ttl", "sgo:period ex:period ;", "sgo:period ex:period ; " + draft)
    replace(files, "area.ttl", ' , "Culture"@en', "")


@mistake([("EnglishPrefLabelShape", "area-2", "area.ttl", 9)])
def final_plan_lacks_translation(files: dict[str, str]) -> None:
    """The same label in a plan that is no draft: a violation."""
    replace(files, "area.ttl", ' , "Culture"@en', "")


@mistake(
    [
        ("StrategicElement-followsUp", "activity-1", "plan.ttl", 27),
        ("StrategicElement-followsUp", "other-area", "other.ttl", 21),
        ("ReferencedDocument-issued", "nowhere", "other.ttl", 22),  # its first mention (files by name)
    ]
)
def follows_up_a_document_nobody_describes(files: dict[str, str]) -> None:
    """Two organisations follow up one undescribed document: they stay two groups, and the
    document's own finding is reported once."""
    replace(
        files, "plan.ttl", "sgo:involves ex:org ;", "sgo:involves ex:org ;\n    sgo:followsUp ex:nowhere ;"
    )
    replace(files, "other.ttl", "sgo:position 1 ;", "sgo:position 1 ; sgo:followsUp ex:nowhere ;")


@mistake(
    [
        ("UniquePosition-position", "activity-1", "plan.ttl", 27),
        ("Activity-activityOf", "activity-1", "plan.ttl", 27),
        ("UniquePosition-position", "other-activity", "other.ttl", 25),
        ("Activity-activityOf", "other-activity", "other.ttl", 25),
    ]
)
def two_groups_claim_one_undescribed_parent(files: dict[str, str]) -> None:
    """Activities of two organisations name the same undescribed parent, at the same position:
    siblings for the SPARQL rule, so one batch (and neither parent is a focus area)."""
    replace(files, "plan.ttl", "sgo:activityOf ex:area-1", "sgo:activityOf ex:lost")
    files["other.ttl"] += """\
ex:other-activity a sgo:Activity ;
    sgo:activityOf ex:lost ; sgo:position 1 ;
    skos:prefLabel "Lese"@nb , "Read"@en ;
    sgo:sourceText ex:other-source ; sgo:firstLine 3 ; sgo:lastLine 3 .
"""


@mistake(
    [
        ("UniquePosition-position", "activity-1", "plan.ttl", 27),
        ("Activity-activityOf", "activity-1", "plan.ttl", 27),
        ("UniquePosition-position", "other-activity", "other.ttl", 25),
        ("Activity-activityOf", "other-activity", "other.ttl", 25),
    ]
)
def two_groups_claim_one_number_as_parent(files: dict[str, str]) -> None:
    """The same, with a number for a parent, written two ways that rdflib (so pySHACL) reads as one
    (a literal linked to as a parent groups whatever links to it: here everything in one batch)."""
    replace(files, "plan.ttl", "sgo:activityOf ex:area-1", 'sgo:activityOf "01"^^xsd:integer')
    files["other.ttl"] += """\
ex:other-activity a sgo:Activity ;
    sgo:activityOf 1 ; sgo:position 1 ;
    skos:prefLabel "Lese"@nb , "Read"@en ;
    sgo:sourceText ex:other-source ; sgo:firstLine 3 ; sgo:lastLine 3 .
"""


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_mistake_needing_a_neighbour_is_found_in_batches(tmp_path: Path, name: str) -> None:
    edit, expected = MISTAKES[name]
    texts = {"context.ttl": CONTEXT, "plan.ttl": PLAN, "area.ttl": AREA_2, "other.ttl": OTHER}
    edit(texts)
    assert sorted(findings(batched_and_whole(write(tmp_path, texts)))) == sorted(expected)


def test_all_mistakes_at_once(tmp_path: Path) -> None:
    texts = {"context.ttl": CONTEXT, "plan.ttl": PLAN, "area.ttl": AREA_2, "other.ttl": OTHER}
    for name in ("publisher_not_an_agent", "second_vision_in_another_file", "period_ends_before_it_starts"):
        MISTAKES[name][0](texts)
    expected = [*MISTAKES["publisher_not_an_agent"][1], *MISTAKES["second_vision_in_another_file"][1]]
    expected += MISTAKES["period_ends_before_it_starts"][1]
    assert sorted(findings(batched_and_whole(write(tmp_path, texts)))) == sorted(expected)


def synth_with_mistakes(folder: Path) -> list[Path]:
    """kg synth's plans of six organisations, each file with some of a list of mistakes."""
    done = run_kg("synth", "--organisations", "6", "-o", str(folder))
    assert done.returncode == 0, done.stderr
    mistakes = [
        (r"sgo:position [2-9]", "sgo:position 1"),  # siblings share a position
        (r"\ba (org|foaf):\w+ ;", ""),  # an actor loses its type: sh:class fails where it is linked
        (r"sgo:lastLine \d+", "sgo:lastLine 999"),  # past the source text's end
        (r"sgo:firstLine \d+", "sgo:firstLine 500"),
        (r' , "[^"]*"@en', ""),  # a text without English
        (r'"\d{4}"\^\^xsd:gYear', '"20l5"^^xsd:gYear'),
        (r"sgo:involves plan:aktor-[\w-]+", "sgo:involves plan:aktor-nobody"),
        (r"sgo:visionOf ", "sgo:visionof "),  # a typo
        (
            r"dcterms:language lang:NOB",
            "dcterms:language lang:NOB ; <http://www.w3.org/ns/adms#status> "
            "<http://purl.org/adms/status/UnderDevelopment>",
        ),
        (r"sgo:underpins plan:visjon", "sgo:underpins plan:visjon , plan:rolle-1"),
        (r"sgo:activityOf plan:\S+", "sgo:activityOf plan:nowhere"),  # an undescribed parent
    ]
    paths = sorted(folder.glob("*.ttl"))
    for number, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        for pattern, new in mistakes[number % 3 :: 2]:
            text = re.sub(pattern, new, text, count=1)
        path.write_text(text, encoding="utf-8")
    return paths


def test_synthetic_plans_with_mistakes_give_the_same_findings(tmp_path: Path) -> None:
    paths = synth_with_mistakes(tmp_path / "synth")
    files = SourceFiles(ONTOLOGY, SHAPES, tuple(paths))
    problems = batched_and_whole(files)
    shapes = {name for name, _, _, _ in findings(problems)}
    assert {"UniquePosition-position", "WithinSource-lastLine", "LineOrder-firstLine"} <= shapes
    assert {"StrategicElement-involves", "TermCheck", "DraftTitleShape"} <= shapes  # the status and no @en
    assert batch_count(files) > 1
    # all in one file, as the memory benchmark writes them
    one = tmp_path / "one" / "all.ttl"
    one.parent.mkdir()
    one.write_bytes(b"\n".join(path.read_bytes() for path in paths))
    assert len(batched_and_whole(SourceFiles(ONTOLOGY, SHAPES, (one,)))) == len(problems)


def test_what_the_shapes_read_across_resources() -> None:
    """From the shapes: sgo:visionOf backwards (a plan's visions); the sibling rule's parent links,
    the subproperties of sgo:isPartOf in the ontology. Not sgo:position: siblings share a
    parent already."""
    shapes = rdflib_graph(triples([parse_file(SHAPES[0])]))
    ontology = rdflib_graph(triples([parse_file(ONTOLOGY[0])]))
    parts = ("isPartOf", "visionOf", "underpins", "workingMethodOf", "focusAreaOf", "activityOf")
    assert joining_predicates(shapes, ontology) == frozenset(
        SGO + name for name in (*parts, "subActivityOf", "themeOf", "meansOf")
    )


UNBOUNDED = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sgo: <https://w3id.org/strategigraf/ontology#> .
@prefix t: <https://test.example/shapes#> .
t:OnePlan a sh:NodeShape ; sh:targetClass sgo:StrategicPlan ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "more than one plan" ;
        sh:select \"\"\"
            PREFIX sgo: <https://w3id.org/strategigraf/ontology#>
            SELECT $this WHERE { ?other a sgo:StrategicPlan . FILTER (?other != $this) }
        \"\"\" ] .
"""


def test_a_rule_over_the_whole_graph_is_validated_as_one_graph(tmp_path: Path) -> None:
    """A SPARQL pattern not reached from $this (every other plan) cannot be batched: one graph."""
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(UNBOUNDED, encoding="utf-8")
    shapes = rdflib_graph(triples([parse_file(shapes_file)]))
    ontology = rdflib_graph(triples([parse_file(ONTOLOGY[0])]))
    assert joining_predicates(shapes, ontology) is None
    files = write(tmp_path / "data", {"plan.ttl": PLAN, "other.ttl": OTHER})
    files = SourceFiles(ONTOLOGY, (shapes_file,), files.data)
    problems = validate(files, batch_size=1).problems
    assert sorted(
        p.focus.value.rsplit("/", 1)[-1] for p in problems if p.message() == "more than one plan"
    ) == [
        "other-plan",
        "plan",
    ]


def test_a_file_changed_after_it_parsed_is_not_read_as_the_same(tmp_path: Path) -> None:
    """Batches read the data again; a file saved meanwhile is refused with one line, never mixed."""
    files = write(tmp_path, {"plan.ttl": PLAN})
    streamed = stream_file(files.data[0])
    assert sum(1 for _ in streamed.quads) == 41  # PLAN: 9 + 8 + 7 + 8 + 9 statements
    with files.data[0].open("a", encoding="utf-8") as more:
        more.write("ex:plan sgo:position 3 .\n")
    with pytest.raises(UnreadableFile) as refused:
        list(streamed.quads)
    assert str(refused.value) == f"{files.data[0]}: changed while kg was reading it: run the command again"
