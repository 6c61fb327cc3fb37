"""What several plans share, checked: organisations (numbers, look-alikes) and resources described twice.

An organisation may carry its organisation number (Enhetsregisteret) as `dcterms:identifier`,
and then its IRI is the one DCAT-AP-NO gives it
(`kg.foundation.organisation_number.organisation_iri`), the same in every plan. The check digit
is arithmetic SHACL Core cannot do, so it is checked here, beside the shapes and with the same
kind of finding: a violation at the line where the organisation is described, in nb and en.

Across the project's files, two organisations with one name and two IRIs are most likely one
organisation minted twice (a plan's importer did not know the other file's): a warning naming
both places. Actor groups are left out: «kommunene» of one plan are not those of another, so a
group is scoped to its plan and its name says nothing about identity.

A resource that two files describe, each with its own source text (a document two plans
follow up, written out by each), is two descriptions of one node: its provenance twice, its
name perhaps twice. Each file is validated with what it links to, not with what another file
says of the same resource, so the shapes do not see this; the project-wide check does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.foundation.names import name_key
from kg.foundation.namespaces import DCTERMS, FOAF, RDF, SGO, SGOSH, SKOS
from kg.foundation.organisation_number import check_digit, number_of, organisation_iri
from kg.foundation.rdf_files import QuadSource, display_path
from kg.portfolio.register import Organisation, described_in, organisations, subclasses
from kg.validation.locate import SourceIndex
from kg.validation.problems import Problem, Where

ORGANISATION_NUMBER_CHECK = ox.NamedNode(SGOSH + "OrganisationNumberCheck")
SAME_ORGANISATION_CHECK = ox.NamedNode(SGOSH + "SameOrganisationCheck")
DESCRIBED_ONCE_CHECK = ox.NamedNode(SGOSH + "DescribedOnceCheck")
_IDENTIFIER = DCTERMS + "identifier"
_NINE_DIGITS = re.compile(r"[0-9]{9}")


def check_organisation_numbers(
    ontology: Sequence[QuadSource], data: Sequence[QuadSource]
) -> list[tuple[Problem, Where]]:
    """Organisation numbers that are not nine digits with the right check digit, and organisations
    whose IRI is not the one their number gives them (to be placed at their block)."""
    agents = subclasses(ontology, FOAF + "Agent")
    types: dict[str, set[str]] = defaultdict(set)
    numbers: dict[str, list[ox.Literal]] = defaultdict(list)
    for parsed in data:
        for quad in parsed.quads:
            if not isinstance(quad.subject, ox.NamedNode):
                continue
            if quad.predicate.value == RDF + "type" and isinstance(quad.object, ox.NamedNode):
                types[quad.subject.value].add(quad.object.value)
            elif quad.predicate.value == _IDENTIFIER and isinstance(quad.object, ox.Literal):
                numbers[quad.subject.value].append(quad.object)
    found: list[tuple[Problem, Where]] = []
    for iri in sorted(set(types) | set(numbers)):
        in_iri = number_of(iri)
        if in_iri is None and not (types[iri] & agents and numbers[iri]):
            continue  # not an organisation, or one without a number
        for problem in _problems(iri, in_iri, [n.value for n in numbers[iri]]):
            found.append((problem, ((iri, False),)))
    return found


def _problems(iri: str, in_iri: str | None, numbers: list[str]) -> Iterable[Problem]:
    if in_iri is not None and not numbers:
        yield _violation(
            iri,
            en=f"an organisation named by its organisation number ({in_iri}) carries that number: "
            f'dcterms:identifier "{in_iri}"',
            nb=f"en organisasjon som har organisasjonsnummeret ({in_iri}) i IRI-en, oppgir nummeret: "
            f'dcterms:identifier "{in_iri}"',
        )
    for number in numbers:
        wrong = _what_is_wrong(number)
        if wrong is not None:
            yield _violation(iri, value=number, en=wrong[0], nb=wrong[1])
        elif iri != organisation_iri(number):
            yield _violation(
                iri,
                value=number,
                en=f"an organisation with organisation number {number} has one IRI in every plan, "
                f"<{organisation_iri(number)}> (DCAT-AP-NO's): write that IRI instead of <{iri}>",
                nb=f"en organisasjon med organisasjonsnummer {number} har én IRI i alle planer, "
                f"<{organisation_iri(number)}> (DCAT-AP-NO sin): skriv den i stedet for <{iri}>",
            )


def _what_is_wrong(number: str) -> tuple[str, str] | None:
    """Why `number` is no organisation number as the data writes one, (en, nb); None when it is."""
    if not _NINE_DIGITS.fullmatch(number):
        return (
            f"«{number}» is not an organisation number: write its nine digits, without spaces "
            'or letters (dcterms:identifier "974760673")',
            f"«{number}» er ikke et organisasjonsnummer: skriv de ni sifrene, uten mellomrom "
            'eller bokstaver (dcterms:identifier "974760673")',
        )
    if check_digit(number[:8]) != int(number[8]):
        return (
            f"«{number}» is not an organisation number: its check digit (the last) is wrong; "
            "a typo? Look the number up in Enhetsregisteret (brreg.no)",
            f"«{number}» er ikke et organisasjonsnummer: kontrollsifferet (det siste) stemmer ikke; "
            "en skrivefeil? Slå opp nummeret i Enhetsregisteret (brreg.no)",
        )
    return None


def _violation(iri: str, *, en: str, nb: str, value: str | None = None) -> Problem:
    return Problem(
        severity="Violation",
        focus=ox.NamedNode(iri),
        path=ox.NamedNode(_IDENTIFIER),
        value=ox.Literal(value) if value is not None else None,
        messages={"en": en, "nb": nb},
        shape=ORGANISATION_NUMBER_CHECK,
        component=None,
        location=None,
    )


def same_organisations(ontology: Sequence[QuadSource], data: Sequence[QuadSource]) -> list[Problem]:
    """Warnings for organisations in different files with one name (`name_key`) and different IRIs."""
    found = organisations(ontology, data)
    by_name: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in found:
        by_name[name_key(organisation.name)].append(organisation)
    clashes = {o.iri: (o, same) for same in by_name.values() if len(same) > 1 for o in same}
    index = SourceIndex.build(data, set(clashes))
    problems: list[Problem] = []
    for iri, (organisation, same) in sorted(clashes.items()):
        apart = [other for other in same if other.iri != iri and other.files != organisation.files]
        if not apart:
            continue
        where = ", ".join(
            f"<{other.iri}> ({index.find(other.iri) or display_path(min(other.files))})" for other in apart
        )
        name = organisation.name
        problems.append(
            Problem(
                severity="Warning",
                focus=ox.NamedNode(iri),
                path=ox.NamedNode(SKOS + "prefLabel"),
                value=None,
                messages={
                    "en": f"«{name}» looks like the organisation {where}: the same name under "
                    "another IRI. If it is one organisation, give it one IRI (with its organisation "
                    "number: dcterms:identifier and DCAT-AP-NO's IRI) and describe it once",
                    "nb": f"«{name}» ser ut som organisasjonen {where}: samme navn med en annen "
                    "IRI. Er det én organisasjon, gi den én IRI (med organisasjonsnummeret: "
                    "dcterms:identifier og IRI-en fra DCAT-AP-NO) og beskriv den én gang",
                },
                shape=SAME_ORGANISATION_CHECK,
                component=None,
                location=index.find(iri),
            )
        )
    return problems


def described_twice(data: Sequence[QuadSource]) -> list[Problem]:
    """A violation for each resource that cites its source text in more than one file, at each
    of its blocks after the first (by file name), naming where it is described first."""
    cited = {iri: files for iri, files in described_in(data, SGO + "sourceText").items() if len(files) > 1}
    problems: list[Problem] = []
    for parsed in data:
        here = [iri for iri, files in cited.items() if parsed.path in files and parsed.path != min(files)]
        if not here:
            continue
        index = SourceIndex.build([parsed], set(here))
        for iri in sorted(here):
            first = min(cited[iri])
            where = SourceIndex.build([p for p in data if p.path == first], {iri}).find(iri)
            place = str(where) if where is not None else display_path(first)
            problems.append(
                Problem(
                    severity="Violation",
                    focus=ox.NamedNode(iri),
                    path=ox.NamedNode(SGO + "sourceText"),
                    value=None,
                    messages={
                        "en": f"described in {place} already: a resource is described in one file; "
                        "remove this block and keep the links to it (several plans may name it)",
                        "nb": f"er beskrevet i {place} fra før: en ressurs beskrives i én fil; "
                        "fjern denne blokken og behold lenkene til den (flere planer kan nevne den)",
                    },
                    shape=DESCRIBED_ONCE_CHECK,
                    component=None,
                    location=index.find(iri),
                )
            )
    return problems
