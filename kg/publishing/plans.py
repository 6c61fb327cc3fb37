"""The strategic plans of the graph as the catalogue lists them: one dataset each, versions in series.

DCAT 3 (§6.7, dcat:DatasetSeries) and DCAT-AP 3.0.1 ("Dataset Series": datasets published
separately that share characteristics, such as successive releases) give the shape: a plan is
what a portal user looks for («Osloregionens strategi 2017»), so each plan is a `dcat:Dataset`
of its own, part of the whole dataset. Plans that replace one another (`dcterms:replaces` or
`dcat:prev` between plans, written in the data) are versions of one thing: they form a
`dcat:DatasetSeries` (`dcat:inSeries`, `dcat:first`, `dcat:last`), each with `dcat:prev` and
`dcat:version` (1 for the first, counted along the chain). A plan without versions is in no
series: DCAT-AP advises against a series of one. docs/portal/ explains the choice.

Los themes (`dcat:theme`, beside the EU data themes) are the Los concepts of
https://psi.norge.no/los/tema/ that the plan, or any element of it, names as `dcterms:subject`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

import pyoxigraph as ox

from kg.foundation.namespaces import DCAT, DCTERMS, SGO, rdf, skos
from kg.store import SelectResult, Store
from kg.store.base import Term, expect
from kg.subjects.vocabularies import vocabularies

#: Los themes: the `tema` concepts of the Norwegian public sector's vocabulary.
LOS_THEMES = "https://psi.norge.no/los/tema/"
LOS_THEME_SCHEME = "https://psi.norge.no/los/ontologi/tema"

_TEXTS = f"""
SELECT ?plan ?property ?text WHERE {{
  ?plan a <{SGO}StrategicPlan> ; ?property ?text .
  VALUES ?property {{ <{DCTERMS}title> <{DCTERMS}description> }}
}}"""
_PERIODS = f"""
SELECT ?plan ?start ?end WHERE {{
  ?plan a <{SGO}StrategicPlan> ; <{SGO}period> ?period .
  ?period <{DCAT}startDate> ?start ; <{DCAT}endDate> ?end .
}}"""
_THEMES = f"""
SELECT DISTINCT ?plan ?theme WHERE {{
  ?plan a <{SGO}StrategicPlan> .
  {{ ?plan <{DCTERMS}subject> ?theme }} UNION {{ ?part <{SGO}isPartOf> ?plan ; <{DCTERMS}subject> ?theme }}
  FILTER(isIRI(?theme) && STRSTARTS(STR(?theme), "{LOS_THEMES}"))
}}"""
_VERSIONS = f"""
SELECT DISTINCT ?plan ?previous WHERE {{
  ?plan a <{SGO}StrategicPlan> ; <{DCTERMS}replaces>|<{DCAT}prev> ?previous .
  ?previous a <{SGO}StrategicPlan> .
  FILTER(?plan != ?previous)
}}"""
_YEAR = re.compile(r"^(\d{4})")


@dataclass
class Plan:
    """What the catalogue says about one plan, read from the graph."""

    iri: str
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    period: tuple[date, date] | None = None
    themes: set[str] = field(default_factory=set)
    previous: str | None = None
    #: 1 for the first of its versions; None when the plan has no other versions.
    version: int | None = None
    series: str | None = None

    @property
    def key(self) -> str:
        """A fragment naming the plan in the catalogue document: its IRI's last path segments."""
        return quote(self.iri.rstrip("/#").rsplit("/id/", 1)[-1], safe="-._~")


@dataclass
class Series:
    """Plans that replace one another, first to last."""

    plans: list[Plan]

    @property
    def key(self) -> str:
        return self.plans[0].key


def read_plans(store: Store, graphs: list[str]) -> tuple[list[Plan], list[Series]]:
    """The plans of the graph, in IRI order, and the series their versions form."""
    plans: dict[str, Plan] = {}

    def plan(term: Term | None) -> Plan | None:
        if not isinstance(term, ox.NamedNode):
            return None
        return plans.setdefault(term.value, Plan(term.value))

    for subject, prop, text in _rows(store, _TEXTS, graphs):
        found = plan(subject)
        if found and isinstance(text, ox.Literal) and text.language and isinstance(prop, ox.NamedNode):
            texts = found.titles if prop.value.endswith("title") else found.descriptions
            texts.setdefault(text.language, text.value)
    for subject, start, end in _rows(store, _PERIODS, graphs):
        found = plan(subject)
        first, last = (_YEAR.match(t.value) if isinstance(t, ox.Literal) else None for t in (start, end))
        if found and first and last:
            found.period = (date(int(first.group(1)), 1, 1), date(int(last.group(1)), 12, 31))
    for subject, theme in _rows(store, _THEMES, graphs):
        found = plan(subject)
        if found and isinstance(theme, ox.NamedNode):
            found.themes.add(theme.value)
    for subject, previous in _rows(store, _VERSIONS, graphs):
        found, before = plan(subject), plan(previous)
        if found and before and found.previous is None:
            found.previous = before.iri
    ordered = [plans[iri] for iri in sorted(plans)]
    return ordered, _series(plans)


def _series(plans: dict[str, Plan]) -> list[Series]:
    """Chains of versions (two plans or more), each plan numbered from the first of its chain."""
    following: dict[str, list[str]] = {}
    for plan in plans.values():
        if plan.previous:
            following.setdefault(plan.previous, []).append(plan.iri)
    found = []
    for first in sorted(iri for iri, plan in plans.items() if plan.previous is None and iri in following):
        chain, seen, current = [], set(), [first]
        while current:
            iri = current.pop(0)
            if iri in seen:
                continue
            seen.add(iri)
            chain.append(plans[iri])
            current.extend(sorted(following.get(iri, [])))
        for plan in chain:
            depth, step = 1, plan
            while step.previous and depth <= len(chain):
                depth, step = depth + 1, plans[step.previous]
            plan.version = depth
        series = Series(sorted(chain, key=lambda p: (p.version or 0, p.iri)))
        for plan in chain:
            plan.series = series.key
        found.append(series)
    return found


def _rows(store: Store, query: str, graphs: list[str]) -> list[tuple[Term | None, ...]]:
    result = expect(store.query(query, default_graphs=graphs), SelectResult)
    return [tuple(row) for row in result.rows]


def los_theme(iri: str) -> tuple[ox.Triple, ...]:
    """What Los says of one of its themes: skos:Concept, its scheme, labels in nb and en.

    A theme Los does not have (a typo in the data) gets its type and scheme only: the profiles'
    check for a label then names it.
    """
    node = ox.NamedNode(iri)
    facts = (
        ox.Triple(node, rdf.type, skos.Concept),
        ox.Triple(node, skos.inScheme, ox.NamedNode(LOS_THEME_SCHEME)),
    )
    concept = vocabularies().concepts.get(iri)
    if concept is None or concept.scheme != "los":
        return facts
    labels = (
        ox.Triple(node, skos.prefLabel, ox.Literal(concept.labels[language], language=language))
        for language in ("nb", "en")
        if language in concept.labels
    )
    return (*facts, *labels)
