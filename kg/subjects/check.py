"""Subjects checked against the vocabularies kg ships, for `kg validate`.

Warnings, not violations (a project may use another vocabulary on purpose), each at the line
where the value is written:

* a subject (or a proposal) that is not a concept of the shipped schemes, naming it, and in the
  Los or SDG namespace the concepts it most likely means ("did you mean");
* a proposal of `kg classify` (`sgo:proposedSubject`) that no steward has decided on: neither
  accepted (`dcterms:subject`) nor rejected (`sgo:rejectedSubject`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, SGO, SGOSH
from kg.foundation.rdf_files import QuadSource
from kg.subjects.vocabularies import LOS_KEYWORD, Concept, Vocabularies, vocabularies
from kg.validation.locate import SourceIndex, statement_lines
from kg.validation.problems import Problem

SUBJECT = DCTERMS + "subject"
PROPOSED = SGO + "proposedSubject"
REJECTED = SGO + "rejectedSubject"
#: The "shapes" these findings report as their source (as kg's other checks beside SHACL do).
SUBJECT_CHECK = ox.NamedNode(SGOSH + "SubjectCheck")
PROPOSAL_CHECK = ox.NamedNode(SGOSH + "SubjectProposalCheck")
_CHECKED = (SUBJECT, PROPOSED, REJECTED)


def check_subjects(data: Sequence[QuadSource], vocabulary: Vocabularies | None = None) -> list[Problem]:
    """Subjects outside the shipped schemes and undecided proposals, at the file and line to edit."""
    known = vocabulary or vocabularies()
    values: dict[str, set[tuple[str, str]]] = {prop: set() for prop in _CHECKED}
    for parsed in data:
        for quad in parsed.quads:
            subject, prop, concept = quad.subject, quad.predicate.value, quad.object
            if prop in values and isinstance(concept, ox.NamedNode) and isinstance(subject, ox.NamedNode):
                values[prop].add((subject.value, concept.value))
    decided = values[SUBJECT] | values[REJECTED]
    findings: list[tuple[ox.NamedNode, str, str, str, dict[str, str]]] = []  # check, element, property, value
    for prop in _CHECKED:
        for element, value in sorted(values[prop]):
            if not known.is_subject(value):
                findings.append((SUBJECT_CHECK, element, prop, value, _unknown(value, known)))
            elif prop == PROPOSED and (element, value) not in decided:
                findings.append((PROPOSAL_CHECK, element, prop, value, _undecided(known.concepts[value])))
    lines = statement_lines(data, {(element, value) for _, element, _, value, _ in findings})
    unplaced = {element for _, element, _, value, _ in findings if (element, value) not in lines}
    index = SourceIndex.build(data, unplaced)
    return [
        Problem(
            severity="Warning",
            focus=ox.NamedNode(element),
            path=ox.NamedNode(prop),
            value=ox.NamedNode(value),
            messages=messages,
            shape=check,
            component=None,
            location=lines.get((element, value)) or index.find(element),
        )
        for check, element, prop, value, messages in findings
    ]


def _unknown(iri: str, known: Vocabularies) -> dict[str, str]:
    scheme = known.scheme_of(iri)
    if scheme is None:
        return {
            "en": "Not a concept of the subject vocabularies kg ships (Los themes, SDG goals "
            "and targets): questions across strategies and the pages know nothing of it; use one of "
            "their concepts where one fits",
            "nb": "Ikke et begrep i emnevokabularene kg leverer (Los-temaer, bærekraftsmål "
            "og delmål): spørringer på tvers av strategier og sidene vet ingenting om det; bruk et av "
            "begrepene deres der et passer",
        }
    nearest = known.nearest(iri)
    if scheme == "los":
        what_en, what_nb = "a theme of Los", "et tema i Los"
        if iri.startswith(LOS_KEYWORD) and iri in known.keywords:
            what_en, what_nb = "a theme of Los but one of its keywords", "et tema i Los, men et av emneordene"
    else:
        what_en, what_nb = "an SDG goal or target", "et bærekraftsmål eller delmål"
    if nearest:
        return {
            "en": f"Not {what_en}: did you mean {_choices(nearest, 'en', 'or')}?",
            "nb": f"Ikke {what_nb}: mente du {_choices(nearest, 'nb', 'eller')}?",
        }
    hint_en = (
        "the goals are <http://metadata.un.org/sdg/1> to <http://metadata.un.org/sdg/17>, their targets "
        "<http://metadata.un.org/sdg/N.M> (e.g. 11.2)"
        if scheme == "sdg"
        else "the themes are <https://psi.norge.no/los/tema/...> (e.g. trafikk-og-transport)"
    )
    hint_nb = (
        "målene er <http://metadata.un.org/sdg/1> til <http://metadata.un.org/sdg/17>, delmålene "
        "<http://metadata.un.org/sdg/N.M> (f.eks. 11.2)"
        if scheme == "sdg"
        else "temaene er <https://psi.norge.no/los/tema/...> (f.eks. trafikk-og-transport)"
    )
    return {"en": f"Not {what_en}: {hint_en}", "nb": f"Ikke {what_nb}: {hint_nb}"}


def _undecided(concept: Concept) -> dict[str, str]:
    return {
        "en": f"kg classify proposes «{concept.name('en')}», not yet decided: to accept it, write "
        "dcterms:subject in place of sgo:proposedSubject on this line; to reject it, sgo:rejectedSubject",
        "nb": f"kg classify foreslår «{concept.name('nb')}», som ingen har tatt stilling til: godta det "
        "ved å skrive dcterms:subject i stedet for sgo:proposedSubject på denne linjen, avvis det med "
        "sgo:rejectedSubject",
    }


def _choices(concepts: Sequence[Concept], language: str, word: str) -> str:
    names = [f"«{_short(c.name(language))}» <{c.iri}>" for c in concepts]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
