"""How close a draft is to a finished data file of the same text: elements, texts, lines, repairs.

The benchmark (bench/import_text.py) and the tests measure the importer with
this against data/osloregionen-2017.ttl, which a person made by hand.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.foundation.namespaces import DCAT, DCTERMS, ORG, RDF, SGO, SKOS
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
_TEXTS = (SKOS + "prefLabel", DCTERMS + "title", DCTERMS + "description")


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


Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class _Statements:
    """A file's triples by subject and property: what the comparison looks up."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[Subject, dict[str, list[Object]]] = defaultdict(lambda: defaultdict(list))
        for triple in triples:
            self.by_subject[triple.subject][triple.predicate.value].append(triple.object)

    def objects(self, node: Subject, prop: str) -> list[Object]:
        found = self.by_subject.get(node)
        return found.get(prop, []) if found is not None else []

    def value(self, node: Subject, prop: str) -> str:
        """The first object's value, as text ("None" when there is none)."""
        objects = self.objects(node, prop)
        return _text(objects[0]) if objects else "None"

    def number(self, node: Subject, prop: str) -> int | None:
        """The first object as a number, when it is a literal."""
        objects = self.objects(node, prop)
        return int(objects[0].value) if objects and isinstance(objects[0], ox.Literal) else None

    def of_type(self, cls: str) -> set[Subject]:
        return {node for node in self.by_subject if ox.NamedNode(cls) in self.objects(node, RDF + "type")}

    def norwegian(self, node: Subject) -> list[str]:
        return [
            o.value
            for p in _TEXTS
            for o in self.objects(node, p)
            if isinstance(o, ox.Literal) and o.language == "nb"
        ]

    def lines(self, node: Subject) -> str:
        return f"{self.value(node, SGO + 'firstLine')}–{self.value(node, SGO + 'lastLine')}"

    def actors(self, node: Subject) -> str:
        return ", ".join(sorted(_short(actor) for actor in self.objects(node, SGO + "involves")))


def _text(term: Subject | Object) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def _short(node: Subject | Object) -> str:
    return re.sub(r"^.*/id/(?:[^/]+/)?", "", _text(node))


def compare(
    draft: Iterable[ox.Triple], reference: Iterable[ox.Triple], changes: Sequence[Change]
) -> Accuracy:
    """Compare a draft with the reference made by hand from the same source text."""
    mine, theirs = _Statements(draft), _Statements(reference)
    accuracy = Accuracy()
    equal_texts = compared_texts = equal_lines = compared_lines = 0
    matched: list[ox.NamedNode] = []
    for kind, (cls, parent) in KINDS.items():
        expected, found = theirs.of_type(cls), mine.of_type(cls)
        right = {
            node
            for node in expected & found
            if parent is None or set(mine.objects(node, parent)) == set(theirs.objects(node, parent))
        }
        accuracy.elements[kind] = (len(right), len(expected))
        accuracy.missing += sorted(_short(node) for node in expected - found)
        accuracy.extra += sorted(_short(node) for node in found - expected)
        accuracy.wrong_parent += sorted(_short(node) for node in (expected & found) - right)
        matched += sorted((n for n in expected & found if isinstance(n, ox.NamedNode)), key=_text)
    for node in dict.fromkeys(matched):
        for my_text, their_text in zip(mine.norwegian(node), theirs.norwegian(node), strict=False):
            compared_texts += 1
            if my_text == their_text:
                equal_texts += 1
            else:
                accuracy.texts_differ.append((_short(node), my_text, their_text))
                accuracy.damage_left += _words_differing(_short(node), my_text, their_text)
        my_actors, their_actors = mine.actors(node), theirs.actors(node)
        accuracy.involves = (accuracy.involves[0] + (my_actors == their_actors), accuracy.involves[1] + 1)
        if my_actors != their_actors:
            accuracy.involves_differ.append((_short(node), my_actors, their_actors))
        compared_lines += 1
        if mine.lines(node) == theirs.lines(node):
            equal_lines += 1
        else:
            accuracy.lines_differ.append((_short(node), mine.lines(node), theirs.lines(node)))
    accuracy.texts = (equal_texts, compared_texts)
    accuracy.lines = (equal_lines, compared_lines)
    _score_repairs(accuracy, theirs, changes)
    return accuracy


def _words_differing(element: str, mine: str, theirs: str) -> list[tuple[str, str, str]]:
    a, b = WORD.findall(mine), WORD.findall(theirs)
    differing = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            differing.append((element, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return differing


def _score_repairs(accuracy: Accuracy, reference: _Statements, changes: Sequence[Change]) -> None:
    """Right when the reference's texts from that line have the repaired word, wrong when they
    have the word as it was; a word in none of them (a heading) is not checked."""
    texts_by_line: dict[int, list[str]] = {}
    for node in reference.by_subject:
        first = reference.objects(node, SGO + "firstLine")
        last = reference.objects(node, SGO + "lastLine")
        if (
            not first
            or not last
            or not isinstance(first[0], ox.Literal)
            or not isinstance(last[0], ox.Literal)
        ):
            continue
        for line in range(int(first[0].value), int(last[0].value) + 1):
            texts_by_line.setdefault(line, []).extend(reference.norwegian(node))
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
