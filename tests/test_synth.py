"""`kg synth`: synthetic strategies that look like data/ and pass kg validate."""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.foundation.namespaces import DCAT, DCTERMS, RDF, SGO, SKOS
from kg.foundation.organisation_number import number_of, organisation_iri
from kg.load.document_links import document_links
from kg.store.base import Term
from tests.support.projects import run_kg
from tests.support.rdf import lexical

BASE = "https://synth.example/graf/"


def synth(target: Path, *args: str) -> str:
    done = run_kg("synth", "-o", str(target), "--base-iri", BASE, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("synth") / "out"
    synth(target, "--organisations", "6", "--seed", "7")
    return target


def triples_by_file(folder: Path) -> dict[str, list[ox.Triple]]:
    return {path.name: [q.triple for q in ox.parse(path=str(path))] for path in sorted(folder.glob("*.ttl"))}


def values(triples: list[ox.Triple], predicate: str) -> dict[Term, list[Term]]:
    found: dict[Term, list[Term]] = defaultdict(list)
    for triple in triples:
        if triple.predicate.value == predicate:
            found[triple.subject].append(triple.object)
    return found


def test_the_output_is_valid(written: Path) -> None:
    done = run_kg("validate", str(written))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout


def test_the_same_seed_writes_the_same_files(written: Path, tmp_path: Path) -> None:
    synth(tmp_path / "again", "--organisations", "6", "--seed", "7")
    synth(tmp_path / "other", "--organisations", "6", "--seed", "8")
    first = {p.name: p.read_bytes() for p in written.glob("*.ttl")}
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").glob("*.ttl")} == first
    assert {p.name: p.read_bytes() for p in (tmp_path / "other").glob("*.ttl")} != first


def test_one_file_per_plan_named_like_its_iri(written: Path) -> None:
    for name, triples in triples_by_file(written).items():
        plans = [
            t.subject
            for t in triples
            if t.predicate.value == RDF + "type" and lexical(t.object) == SGO + "StrategicPlan"
        ]
        assert [lexical(p) for p in plans] == [f"{BASE}id/{name.removesuffix('.ttl')}"]


def test_every_organisation_has_several_consecutive_periods(written: Path) -> None:
    periods: dict[str, list[tuple[int, int]]] = defaultdict(list)
    everything = [t for triples in triples_by_file(written).values() for t in triples]
    publisher = values(everything, DCTERMS + "publisher")
    period = values(everything, SGO + "period")
    start, end = values(everything, DCAT + "startDate"), values(everything, DCAT + "endDate")
    for plan, (organisation,) in publisher.items():
        (span,) = period[plan]
        periods[lexical(organisation)].append((int(lexical(start[span][0])), int(lexical(end[span][0]))))
    assert len(periods) == 6
    for spans in periods.values():
        spans.sort()
        assert len(spans) >= 2
        assert all(earlier[1] < later[0] for earlier, later in itertools.pairwise(spans))


def test_each_resource_is_described_in_one_file_under_the_base(written: Path) -> None:
    """Under the base, or an organisation by its number, under DCAT-AP-NO's IRI."""
    seen: dict[str, str] = {}
    for name, triples in triples_by_file(written).items():
        for subject in {lexical(t.subject) for t in triples}:
            assert subject.startswith(BASE + "id/") or number_of(subject) is not None, subject
            assert seen.setdefault(subject, name) == name, subject


def test_each_organisation_has_a_number_and_one_iri_in_its_plans(written: Path) -> None:
    everything = [t for triples in triples_by_file(written).values() for t in triples]
    numbers = values(everything, DCTERMS + "identifier")
    publishers = {lexical(o) for os in values(everything, DCTERMS + "publisher").values() for o in os}
    assert len(publishers) == 6
    for organisation in publishers:
        (number,) = numbers[ox.NamedNode(organisation)]
        assert organisation == organisation_iri(lexical(number))  # valid, or organisation_iri raises
        assert lexical(number).startswith("1")  # made up: real numbers start with 8 or 9


def test_each_plan_replaces_the_one_before(written: Path) -> None:
    everything = [t for triples in triples_by_file(written).values() for t in triples]
    replaces, previous = values(everything, DCTERMS + "replaces"), values(everything, DCAT + "prev")
    publisher, start = values(everything, DCTERMS + "publisher"), values(everything, SGO + "inEffectFrom")
    assert replaces == previous and replaces
    by_organisation: dict[Term, list[tuple[int, Term]]] = defaultdict(list)
    for plan, (organisation,) in publisher.items():
        by_organisation[organisation].append((int(lexical(start[plan][0])), plan))
    for plans in by_organisation.values():
        chain = [plan for _, plan in sorted(plans, key=lambda pair: pair[0])]
        assert chain[0] not in replaces
        assert all(replaces[later] == [earlier] for earlier, later in itertools.pairwise(chain))


def test_groups_are_their_plans_and_some_plans_follow_up_other_organisations(written: Path) -> None:
    everything = [t for triples in triples_by_file(written).values() for t in triples]
    groups = [t.subject for t in everything if lexical(t.object) == SGO + "ActorGroup"]
    plans = {lexical(t.subject) for t in everything if lexical(t.object) == SGO + "StrategicPlan"}
    assert groups and all(lexical(g).rsplit("/aktor-", 1)[0] in plans for g in groups)
    linked = list(document_links(everything))
    assert linked  # documents whose title and year are another organisation's plan
    followed = {t.object for t in linked if t.predicate.value == SGO + "isPlan"}
    assert followed <= {ox.NamedNode(plan) for plan in plans}


def test_every_text_has_one_nb_and_one_en(written: Path) -> None:
    for triples in triples_by_file(written).values():
        texts: dict[tuple[str, str], list[str]] = defaultdict(list)
        for t in triples:
            if isinstance(t.object, ox.Literal) and t.object.language:
                texts[(lexical(t.subject), t.predicate.value)].append(t.object.language)
        assert texts and all(sorted(languages) == ["en", "nb"] for languages in texts.values())


def test_every_element_cites_lines_of_its_plans_source_text(written: Path) -> None:
    for triples in triples_by_file(written).values():
        first, last = values(triples, SGO + "firstLine"), values(triples, SGO + "lastLine")
        source, line_count = values(triples, SGO + "sourceText"), values(triples, SGO + "lineCount")
        ((text, (lines,)),) = line_count.items()
        assert first.keys() == last.keys() == source.keys()
        for resource in first:
            assert source[resource] == [text]
            assert (
                1
                <= int(lexical(first[resource][0]))
                <= int(lexical(last[resource][0]))
                <= int(lexical(lines))
            )
        assert any(t.predicate.value == SKOS + "prefLabel" for t in triples)


def test_size_grows_with_the_organisations(tmp_path: Path) -> None:
    report = synth(tmp_path / "ten", "--organisations", "10")
    triples = sum(len(t) for t in triples_by_file(tmp_path / "ten").values())
    assert f"{triples} triples, for 10 organisations" in report
    assert 8_000 <= triples <= 15_000  # about 10k: the benchmark's smallest size


def test_a_folder_with_files_in_it_is_not_overwritten(written: Path) -> None:
    before = {p.name: p.read_bytes() for p in written.iterdir()}
    done = run_kg("synth", "--organisations", "1", "-o", str(written))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {written} is not empty: choose a new folder, or empty it first"
    assert {p.name: p.read_bytes() for p in written.iterdir()} == before


def test_every_focus_area_and_activity_has_subjects_of_the_shipped_vocabularies(written: Path) -> None:
    from kg.subjects.vocabularies import vocabularies

    known = vocabularies()
    subjects: dict[str, set[str]] = {}
    elements: set[str] = set()
    for path in written.glob("*.ttl"):
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            prop = triple.predicate.value
            if prop in (SGO + "focusAreaOf", SGO + "activityOf"):
                elements.add(str(triple.subject))
            elif prop == "http://purl.org/dc/terms/subject":
                subjects.setdefault(str(triple.subject), set()).add(str(triple.object)[1:-1])
    assert elements and set(subjects) == elements
    assert all(known.is_subject(iri) for found in subjects.values() for iri in found)
