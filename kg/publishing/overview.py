"""The front page's picture of each strategic plan, read from the graph.

A plan's vision (and the directions that underpin it), its roles and working
methods, its numbered focus areas with their activities and the themes or
means they are divided into, the documents those follow up, and the actors
they involve. Read from the asserted graphs: the picture shows what the
stewards wrote, not what a reasoner adds (the property chain would repeat a
referenced document on every theme).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, SGO
from kg.publishing.describe import labels_of
from kg.store import SelectResult, Store
from kg.store.base import expect

#: The kinds of element, most specific first (an element has its class and superclasses).
KINDS = ("Theme", "Means", "Activity", "FocusArea", "VisionDirection", "Vision", "WorkingMethod")
#: Child-to-parent links of the plan's structure.
PARENT_LINKS = ("visionOf", "underpins", "workingMethodOf", "focusAreaOf", "activityOf", "themeOf", "meansOf")

_ELEMENTS = f"""
SELECT ?e ?link ?parent ?kind ?position WHERE {{
  VALUES ?link {{ {" ".join(f"<{SGO}{name}>" for name in PARENT_LINKS)} }}
  ?e ?link ?parent .
  OPTIONAL {{ ?e <{SGO}position> ?position }}
  OPTIONAL {{ ?e a ?kind FILTER(STRSTARTS(STR(?kind), "{SGO}")) }}
}}"""
_PLANS = f"""
SELECT ?plan ?period ?publisher WHERE {{
  ?plan a <{SGO}StrategicPlan> .
  OPTIONAL {{ ?plan <{SGO}period> ?period }}
  OPTIONAL {{ ?plan <{DCTERMS}publisher> ?publisher }}
}} ORDER BY ?plan"""
_FOLLOWS_UP = f"SELECT ?e ?doc WHERE {{ ?e <{SGO}followsUp> ?doc }}"
_INVOLVES = f"SELECT ?e ?actor WHERE {{ ?e <{SGO}involves> ?actor }}"
_TRUNCATED = f"SELECT ?e WHERE {{ ?e <{SGO}truncatedInSource> true }}"


@dataclass
class Box:
    """One box of the picture: a resource, its labels, and what hangs below it."""

    iri: str
    kind: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    position: int | None = None
    children: list[Box] = field(default_factory=list)
    follows_up: list[Box] = field(default_factory=list)
    involves: list[Box] = field(default_factory=list)
    #: The source text ends inside this resource: the document may say more than the graph.
    truncated: bool = False

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("") or next(iter(self.labels.values()), self.iri)

    def walk(self) -> list[Box]:
        return [self, *(box for child in self.children for box in child.walk())]


@dataclass
class PlanOverview:
    plan: Box
    period: Box | None
    vision: Box | None
    working_methods: list[Box]
    focus_areas: list[Box]
    documents: list[Box]
    actors: list[Box]
    publisher: Box | None


def plan_overviews(store: Store, graphs: list[str]) -> list[PlanOverview]:
    """One overview per strategic plan in the graphs."""
    boxes: dict[str, Box] = {}

    def box(iri: str) -> Box:
        return boxes.setdefault(iri, Box(iri))

    links: dict[str, tuple[str, str]] = {}
    kinds: dict[str, set[str]] = {}
    for element, link, parent, kind, position in _rows(store, _ELEMENTS, graphs):
        child = box(element.value)
        links[element.value] = (link.value[len(SGO) :], parent.value)
        kinds.setdefault(element.value, set()).add(kind.value[len(SGO) :] if kind is not None else "")
        if position is not None:
            child.position = int(position.value)
    for iri, (_link, parent_iri) in sorted(links.items()):
        boxes[iri].kind = next((k for k in KINDS if k in kinds[iri]), "")
        box(parent_iri).children.append(boxes[iri])
    for candidate in boxes.values():
        candidate.children.sort(key=lambda b: (b.position is None, b.position or 0, b.iri))
    for element, document in sorted(_rows(store, _FOLLOWS_UP, graphs), key=str):
        box(element.value).follows_up.append(box(document.value))
    for element, actor in sorted(_rows(store, _INVOLVES, graphs), key=str):
        box(element.value).involves.append(box(actor.value))
    for (element,) in _rows(store, _TRUNCATED, graphs):
        box(element.value).truncated = True

    overviews = []
    for plan_term, period, publisher in _rows(store, _PLANS, graphs):
        plan = box(plan_term.value)
        plan.kind = "StrategicPlan"
        parts = {link: [c for c in plan.children if links[c.iri][0] == link] for link in PARENT_LINKS}
        elements = [box for child in plan.children for box in child.walk()]
        documents = _unique(doc for element in elements for doc in element.follows_up)
        actors = _unique(
            [
                *([box(publisher.value)] if publisher is not None else []),
                *(a for e in elements for a in e.involves),
            ]
        )
        overviews.append(
            PlanOverview(
                plan=plan,
                period=box(period.value) if period is not None else None,
                vision=next(iter(parts["visionOf"]), None),
                working_methods=parts["workingMethodOf"],
                focus_areas=parts["focusAreaOf"],
                documents=documents,
                actors=actors,
                publisher=box(publisher.value) if publisher is not None else None,
            )
        )
    labels = labels_of(store, graphs, boxes)
    for iri, found in labels.items():
        boxes[iri].labels = found
    return overviews


def _unique(boxes: Iterable[Box]) -> list[Box]:
    seen: dict[str, Box] = {}
    for candidate in boxes:
        seen.setdefault(candidate.iri, candidate)
    return list(seen.values())


def _rows(store: Store, query: str, graphs: list[str]) -> list[tuple[ox.NamedNode, ...]]:
    result = store.query(query, default_graphs=graphs)
    result = expect(result, SelectResult)
    return list(result.rows)  # type: ignore[arg-type]
