"""How close a draft is to a finished data file of the same text: elements, texts, lines, repairs.

The benchmark (bench/import_text.py) and the tests measure the importer with
this against data/osloregionen-2017.ttl, which a person made by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from kg.foundation.namespaces import DCAT, DCTERMS, ORG, SGO, SKOS
from kg.textimport.repair import WORD, Change

#: The kinds of resource compared, and the link each must have as in the reference (its parent).
KINDS: dict[str, tuple[str, str | None]] = {
    "plan": (SGO + "StrategicPlan", DCTERMS + "publisher"),
    "vision": (SGO + "Vision", SGO + "visionOf"),
    "directions": (SGO + "VisionDirection", SGO + "underpins"),
    "roles": (SGO + "WorkingMethod", SGO + "workingMethodOf"),
    "focus areas": (SGO + "FocusArea", SGO + "focusAreaOf"),
    "activities": (SGO + "Activity", SGO + "activityOf"),
    "themes": (SGO + "Theme", SGO + "themeOf"),
    "means": (SGO + "Means", SGO + "meansOf"),
    "documents (with year)": (SGO + "StrategyDocument", DCTERMS + "issued"),
    "period": (SGO + "StrategyPeriod", DCAT + "startDate"),
    "cooperation alliances": (SGO + "CooperationAlliance", None),
    "organisations": (ORG + "Organization", None),
    "actor groups": (SGO + "ActorGroup", None),
}
_TEXTS = (URIRef(SKOS + "prefLabel"), URIRef(DCTERMS + "title"), URIRef(DCTERMS + "description"))


@dataclass
class Accuracy:
    """What the draft got right and wrong, element by element."""

    #: kind -> (found in both with the same parent, in the reference)
    elements: dict[str, tuple[int, int]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_parent: list[str] = field(default_factory=list)
    texts: tuple[int, int] = (0, 0)  # equal, compared
    texts_differ: list[tuple[str, str, str]] = field(default_factory=list)  # element, draft, reference
    lines: tuple[int, int] = (0, 0)
    lines_differ: list[tuple[str, str, str]] = field(default_factory=list)
    involves: tuple[int, int] = (0, 0)  # elements naming the same actors, compared
    involves_differ: list[tuple[str, str, str]] = field(default_factory=list)
    repairs: int = 0
    repairs_right: int = 0
    repairs_wrong: list[Change] = field(default_factory=list)
    #: Repairs of words that are in no text of the reference (a heading), so not checked.
    repairs_unchecked: list[Change] = field(default_factory=list)
    damage_left: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # element, draft word, reference word

    @property
    def precision(self) -> float:
        checked = self.repairs_right + len(self.repairs_wrong)
        return self.repairs_right / checked if checked else 1.0

    @property
    def recall(self) -> float:
        found = self.repairs_right + len(self.damage_left)
        return self.repairs_right / found if found else 1.0


def _norwegian(graph: rdflib.Graph, node: Node) -> list[str]:
    return [
        str(o)
        for p in _TEXTS
        for o in graph.objects(node, p)
        if isinstance(o, Literal) and o.language == "nb"
    ]


def _lines(graph: rdflib.Graph, node: Node) -> str:
    return f"{graph.value(node, URIRef(SGO + 'firstLine'))}–{graph.value(node, URIRef(SGO + 'lastLine'))}"


def _actors(graph: rdflib.Graph, node: Node) -> str:
    return ", ".join(sorted(_short(actor) for actor in graph.objects(node, URIRef(SGO + "involves"))))


def _short(node: Node) -> str:
    return re.sub(r"^.*/id/(?:[^/]+/)?", "", str(node))


def compare(draft: rdflib.Graph, reference: rdflib.Graph, changes: Sequence[Change]) -> Accuracy:
    """Compare a draft with the reference made by hand from the same source text."""
    accuracy = Accuracy()
    equal_texts = compared_texts = equal_lines = compared_lines = 0
    matched: list[URIRef] = []
    for kind, (cls, parent) in KINDS.items():
        expected = set(reference.subjects(RDF.type, URIRef(cls)))
        found = set(draft.subjects(RDF.type, URIRef(cls)))
        right = {
            node
            for node in expected & found
            if parent is None
            or set(draft.objects(node, URIRef(parent))) == set(reference.objects(node, URIRef(parent)))
        }
        accuracy.elements[kind] = (len(right), len(expected))
        accuracy.missing += sorted(_short(node) for node in expected - found)
        accuracy.extra += sorted(_short(node) for node in found - expected)
        accuracy.wrong_parent += sorted(_short(node) for node in (expected & found) - right)
        matched += sorted(node for node in expected & found if isinstance(node, URIRef))
    for node in dict.fromkeys(matched):
        for mine, theirs in zip(_norwegian(draft, node), _norwegian(reference, node), strict=False):
            compared_texts += 1
            if mine == theirs:
                equal_texts += 1
            else:
                accuracy.texts_differ.append((_short(node), mine, theirs))
                accuracy.damage_left += _words_differing(_short(node), mine, theirs)
        mine_actors, their_actors = _actors(draft, node), _actors(reference, node)
        accuracy.involves = (accuracy.involves[0] + (mine_actors == their_actors), accuracy.involves[1] + 1)
        if mine_actors != their_actors:
            accuracy.involves_differ.append((_short(node), mine_actors, their_actors))
        compared_lines += 1
        if _lines(draft, node) == _lines(reference, node):
            equal_lines += 1
        else:
            accuracy.lines_differ.append((_short(node), _lines(draft, node), _lines(reference, node)))
    accuracy.texts = (equal_texts, compared_texts)
    accuracy.lines = (equal_lines, compared_lines)
    _score_repairs(accuracy, reference, changes)
    return accuracy


def _words_differing(element: str, mine: str, theirs: str) -> list[tuple[str, str, str]]:
    a, b = WORD.findall(mine), WORD.findall(theirs)
    differing = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            differing.append((element, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return differing


def _score_repairs(accuracy: Accuracy, reference: rdflib.Graph, changes: Sequence[Change]) -> None:
    """Right when the reference's texts from that line have the repaired word, wrong when they
    have the word as it was; a word in none of them (a heading) is not checked."""
    texts_by_line: dict[int, list[str]] = {}
    for node in set(reference.subjects(URIRef(SGO + "firstLine"), None)):
        first = reference.value(node, URIRef(SGO + "firstLine"))
        last = reference.value(node, URIRef(SGO + "lastLine"))
        if not isinstance(first, Literal) or not isinstance(last, Literal):
            continue
        for line in range(int(first), int(last) + 1):
            texts_by_line.setdefault(line, []).extend(_norwegian(reference, node))
    for change in dict.fromkeys(changes):
        accuracy.repairs += 1
        texts = texts_by_line.get(change.line, [])
        if any(_has(change.after, text) for text in texts):
            accuracy.repairs_right += 1
        elif any(_has(change.before, text) for text in texts):
            accuracy.repairs_wrong.append(change)
        else:
            accuracy.repairs_unchecked.append(change)


def _has(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
