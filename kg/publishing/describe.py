"""What the graph says about one resource: its description and the view of its page.

The description is the resource's concise bounded description (CBD): its
statements, and those of the blank nodes they lead to, as the store's
DESCRIBE gives it (Oxigraph computes exactly the CBD). The page view adds
what a person needs: names in nb and en, links out and in with labels, and
the lines of the source text the resource comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.graph.namespaces import DCTERMS, FOAF, RDF, RDFS, SGO, SKOS
from kg.store import AskResult, GraphResult, SelectResult, Store

LABEL_PROPERTIES = (SKOS + "prefLabel", DCTERMS + "title", RDFS + "label", FOAF + "name")
_LABELS = " | ".join(f"<{p}>" for p in LABEL_PROPERTIES)
_SOURCE = SGO + "sourceText"
_LINES = (SGO + "firstLine", SGO + "lastLine")


def named_node(iri: str) -> ox.NamedNode | None:
    """The IRI as a term, or None when it is not a valid IRI (never put into a query then)."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def is_known(store: Store, graphs: list[str], iri: str) -> bool:
    """Whether the IRI occurs in the graphs, as subject or as object."""
    node = named_node(iri)
    if node is None:
        return False
    result = store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}", default_graphs=graphs)
    assert isinstance(result, AskResult)
    return result.value


def describe(store: Store, graphs: list[str], iri: str) -> list[ox.Triple]:
    """The resource's concise bounded description, sorted so that it always reads the same."""
    node = named_node(iri)
    if node is None:
        return []
    result = store.query(f"DESCRIBE {node}", default_graphs=graphs)
    assert isinstance(result, GraphResult)
    return sorted(
        set(result.triples),
        key=lambda t: (t.subject != node, str(t.subject), str(t.predicate), str(t.object)),
    )


@dataclass(frozen=True)
class Ref:
    """A resource with its labels by language ('' for labels without one)."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, language: str) -> str:
        if language in self.labels:
            return self.labels[language]
        for fallback in ("", "en", "nb", *sorted(self.labels)):
            if fallback in self.labels:
                return self.labels[fallback]
        return _short(self.iri)


@dataclass(frozen=True)
class Value:
    """An object of a statement: a resource, or a literal with its language or datatype."""

    ref: Ref | None = None
    text: str = ""
    language: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Arc:
    prop: Ref
    value: Value


@dataclass(frozen=True)
class ResourceView:
    iri: str
    names: dict[str, list[str]]
    types: list[Ref]
    texts: list[Arc]
    links: list[Arc]
    incoming: list[Arc]
    source: Ref | None
    lines: tuple[int, int] | None

    def name(self, language: str) -> str:
        for candidate in (language, "", "nb", "en"):
            if self.names.get(candidate):
                return self.names[candidate][0]
        return _short(self.iri)


def resource_view(store: Store, graphs: list[str], iri: str) -> ResourceView | None:
    """The page of a resource, or None when the graphs do not mention it."""
    node = named_node(iri)
    if node is None or not is_known(store, graphs, iri):
        return None
    outgoing = _select(store, f"SELECT ?p ?o WHERE {{ {node} ?p ?o }}", graphs)
    incoming = _select(store, f"SELECT ?s ?p WHERE {{ ?s ?p {node} FILTER(isIRI(?s)) }}", graphs)
    mentioned = {p.value for p, _ in outgoing} | {p.value for _, p in incoming}
    mentioned |= {o.value for _, o in outgoing if isinstance(o, ox.NamedNode)}
    mentioned |= {s.value for s, _ in incoming}
    labels = labels_of(store, graphs, mentioned)

    def ref(term: ox.NamedNode) -> Ref:
        return Ref(term.value, labels.get(term.value, {}))

    names: dict[str, list[str]] = {}
    types, texts, links = [], [], []
    source: Ref | None = None
    lines: list[int | None] = [None, None]
    for prop, obj in outgoing:
        if prop.value == RDF + "type" and isinstance(obj, ox.NamedNode):
            types.append(ref(obj))
        elif prop.value == _SOURCE and isinstance(obj, ox.NamedNode):
            source = ref(obj)
        elif prop.value in _LINES and isinstance(obj, ox.Literal):
            lines[_LINES.index(prop.value)] = int(obj.value)
        elif isinstance(obj, ox.Literal):
            if prop.value in LABEL_PROPERTIES:
                names.setdefault(obj.language or "", []).append(obj.value)
            texts.append(Arc(ref(prop), _literal(obj)))
        elif isinstance(obj, ox.NamedNode):
            links.append(Arc(ref(prop), Value(ref=ref(obj))))
        else:
            links.append(Arc(ref(prop), Value(text="(blank node)")))
    first, last = lines
    return ResourceView(
        iri=iri,
        names=names,
        types=sorted(types, key=lambda r: r.iri),
        texts=sorted(texts, key=_arc_key),
        links=sorted(links, key=_arc_key),
        incoming=sorted((Arc(ref(p), Value(ref=ref(s))) for s, p in incoming), key=_arc_key),
        source=source,
        lines=(first, last) if first is not None and last is not None else None,
    )


def labels_of(store: Store, graphs: list[str], iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """The first label of each IRI in each language ('' for labels without a language)."""
    nodes = sorted({str(node) for node in map(named_node, iris) if node is not None})
    if not nodes:
        return {}
    query = f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {' '.join(nodes)} }} ?x {_LABELS} ?l }} ORDER BY ?x ?l"
    found: dict[str, dict[str, str]] = {}
    for subject, label in _select(store, query, graphs):
        if isinstance(label, ox.Literal):
            found.setdefault(subject.value, {}).setdefault(label.language or "", label.value)
    return found


def _select(store: Store, query: str, graphs: list[str]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT whose shape the caller knows (terms the query cannot leave unbound)."""
    result = store.query(query, default_graphs=graphs)
    assert isinstance(result, SelectResult)
    return list(result.rows)


def _literal(term: ox.Literal) -> Value:
    datatype = None if term.language else term.datatype.value
    return Value(text=term.value, language=term.language, datatype=datatype)


def _arc_key(arc: Arc) -> tuple[str, str, str]:
    value = arc.value.ref.label("en") if arc.value.ref else arc.value.text
    return (arc.prop.label("en").lower(), arc.value.language or "", value)


def _short(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :] or iri
