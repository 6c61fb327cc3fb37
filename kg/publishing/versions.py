"""What changed from the plan a plan replaces, element by element: the comparison `kg diff` makes.

A newer plan and the one it replaces (`dcterms:replaces`) have IRIs of their own, and so do
their elements (…/lysvik-kommune-2019/aktivitet-2.1, …/lysvik-kommune-2023/aktivitet-2.1). Read
from the store, the earlier plan's IRIs are rewritten into the newer plan's (its IRI and
everything below it), so that the two are two versions of one graph; then
`kg.steward.semantic_diff.compare`, the comparison `kg diff` makes, says what changed, and its
sentences are the report's (an element whose IRI changed but whose texts did not is found as
renamed, as `kg diff` finds it). Where the text says a resource is (`sgo:sourceText`, the lines)
always differs between two documents and is left out; so are the links that make one plan
replace the other. Labels of what the elements link to come along, to name them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.foundation.namespaces import DCAT, DCTERMS, PREFIXES, SGO
from kg.foundation.settings import Settings
from kg.publishing.describe import LABEL_PROPERTIES, Ref, labels_of, named_node
from kg.steward.diff_report import tree_lines
from kg.steward.semantic_diff import Graph, Words, compare
from kg.store import GraphResult, SelectResult, Store
from kg.store.base import expect

#: Said of every resource and always different between two documents, or what links the two.
_LEFT_OUT = frozenset(
    {
        SGO + "sourceText",
        SGO + "firstLine",
        SGO + "lastLine",
        DCTERMS + "replaces",
        DCAT + "prev",
        DCAT + "version",
    }
)


@dataclass(frozen=True)
class Line:
    """One line of the report: how deep in the plan's tree, its text, and whether it only names an
    element whose parts changed (a heading) rather than saying what changed."""

    depth: int
    text: str
    heading: bool


@dataclass(frozen=True)
class PlanChanges:
    """The changes from the earlier plan, as `kg diff` words them (no lines: nothing changed)."""

    earlier: Ref
    lines: list[Line]


def plan_changes(store: Store, settings: Settings, iri: str, lang: str) -> PlanChanges | None:
    """The changes from the plan `iri` replaces, or None when it replaces no plan of the graph."""
    node = named_node(iri)
    if node is None:
        return None
    everything = settings.default_graphs(infer=True)
    earlier_rows = _select(
        store,
        f"SELECT ?earlier WHERE {{ {node} <{DCTERMS}replaces> ?earlier . "
        f"?earlier a <{SGO}StrategicPlan> }} ORDER BY ?earlier LIMIT 1",
        everything,
    )
    if not earlier_rows:
        return None
    earlier = earlier_rows[0][0]
    asserted = settings.asserted_graphs()
    old = _statements(store, asserted, everything, earlier.value, rename=(earlier.value, iri))
    new = _statements(store, asserted, everything, iri)
    vocabulary = list(store.graph_triples(settings.ontology_graph))
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in vocabulary]
    diff = compare(Graph(old, {}), Graph(new, {}), quads, lang=lang, names=(earlier.value, iri))
    words = Words(lang, diff.vocabulary, {**PREFIXES, "id": settings.resource_base, "plan": iri + "/"})
    lines = [Line(depth, text, heading) for depth, text, heading in tree_lines(diff.elements, words)]
    labels = labels_of(store, asserted, [earlier.value])
    return PlanChanges(Ref(earlier.value, labels.get(earlier.value, {})), lines)


def _statements(
    store: Store,
    asserted: list[str],
    everything: list[str],
    plan: str,
    rename: tuple[str, str] | None = None,
) -> frozenset[ox.Quad]:
    """The plan's and its elements' statements as written (the asserted graphs), with the labels of
    what they link to; `rename` (old, new) rewrites the IRIs of an earlier plan into the newer's."""
    node = ox.NamedNode(plan)
    members = [
        node,
        *(row[0] for row in _select(store, f"SELECT ?e WHERE {{ ?e <{SGO}isPartOf> {node} }}", everything)),
    ]
    values = " ".join(str(member) for member in members)
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}", default_graphs=asserted
    )
    triples = [t for t in expect(result, GraphResult).triples if t.predicate.value not in _LEFT_OUT]
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} - {
        m.value for m in members
    }
    triples += _labels(store, asserted, linked)
    if rename is not None:
        triples = [_renamed(t, *rename) for t in triples]
    return frozenset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


def _labels(store: Store, graphs: list[str], iris: Iterable[str]) -> list[ox.Triple]:
    found = labels_of(store, graphs, iris)
    return [
        ox.Triple(
            ox.NamedNode(iri), ox.NamedNode(LABEL_PROPERTIES[0]), ox.Literal(text, language=lang or None)
        )
        for iri, texts in found.items()
        for lang, text in texts.items()
    ]


def _renamed(triple: ox.Triple, old: str, new: str) -> ox.Triple:
    def term(
        value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
        if isinstance(value, ox.NamedNode) and (value.value == old or value.value.startswith(old + "/")):
            return ox.NamedNode(new + value.value[len(old) :])
        return value

    return ox.Triple(term(triple.subject), triple.predicate, term(triple.object))  # type: ignore[arg-type]


def _select(store: Store, query: str, graphs: Sequence[str]) -> list[tuple[ox.NamedNode, ...]]:
    result = expect(store.query(query, default_graphs=list(graphs)), SelectResult)
    return [row for row in result.rows if all(isinstance(term, ox.NamedNode) for term in row)]  # type: ignore[misc]
