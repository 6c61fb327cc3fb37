"""Referenced documents that are plans of the graph: `sgo:isPlan`, found when the graph is loaded.

A plan cites another document by its title and year («Regional planstrategi for Fjordmark»
(2020)); when that document's plan is in the graph too, the two are one document, and the
citing plan follows up a plan whose content the graph holds. Which plan: the one whose title
is the cited title (compared as `kg.foundation.names.title_key`: case, punctuation and a
period named in the title set aside) and whose year is the cited year (the year it is in
effect from, was issued, or its period starts). Only a document that exactly one plan fits
is linked; a steward links any other by writing `sgo:isPlan` (then nothing is computed).

The links go into the inferred graph beside what the ontology entails (both directions,
`sgo:isPlan` and `sgo:referencedAs`): they follow from the data, and are made again on
every load, so a plan added later links the documents that cite it without an edit to
the files that cite it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.foundation.names import title_key
from kg.foundation.namespaces import DCAT, DCTERMS, RDF, SGO

_PLAN = SGO + "StrategicPlan"
_DOCUMENT = SGO + "StrategyDocument"
IS_PLAN = ox.NamedNode(SGO + "isPlan")
REFERENCED_AS = ox.NamedNode(SGO + "referencedAs")
#: The properties whose values say a document's year.
_YEARS = (SGO + "inEffectFrom", DCTERMS + "issued")


def document_links(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """`doc sgo:isPlan plan` and `plan sgo:referencedAs doc` for every document one plan fits."""
    types: dict[ox.NamedNode, set[str]] = defaultdict(set)
    titles: dict[ox.NamedNode, set[str]] = defaultdict(set)
    years: dict[ox.NamedNode, set[str]] = defaultdict(set)
    periods: dict[ox.NamedNode, ox.NamedNode] = {}
    starts: dict[ox.NamedNode, str] = {}
    linked: set[ox.NamedNode] = set()
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode):
            continue
        if predicate == RDF + "type" and isinstance(obj, ox.NamedNode):
            types[subject].add(obj.value)
        elif predicate == DCTERMS + "title" and isinstance(obj, ox.Literal):
            titles[subject].add(title_key(obj.value))
        elif predicate in _YEARS and isinstance(obj, ox.Literal):
            years[subject].add(obj.value)
        elif predicate == SGO + "period" and isinstance(obj, ox.NamedNode):
            periods[subject] = obj
        elif predicate == DCAT + "startDate" and isinstance(obj, ox.Literal):
            starts[subject] = obj.value
        elif predicate == IS_PLAN.value:
            linked.add(subject)
    plans: dict[tuple[str, str], set[ox.NamedNode]] = defaultdict(set)
    for plan, kinds in types.items():
        if _PLAN not in kinds:
            continue
        plan_years = years[plan] | ({starts[periods[plan]]} if periods.get(plan) in starts else set())
        for title in titles[plan]:
            for year in plan_years:
                plans[(title, year)].add(plan)
    for document, kinds in sorted(types.items(), key=lambda item: item[0].value):
        if _DOCUMENT not in kinds or _PLAN in kinds or document in linked:
            continue
        fits = {plan for t in titles[document] for y in years[document] for plan in plans.get((t, y), ())}
        if len(fits) == 1:
            plan = fits.pop()
            yield ox.Triple(document, IS_PLAN, plan)
            yield ox.Triple(plan, REFERENCED_AS, document)
