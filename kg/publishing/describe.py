"""What the graph says about one resource: its description and the view of its page.

The description is what a client that follows links needs (docs/integrator/linked-data.md,
"What a description holds"): the resource's concise bounded description (its
statements, and those of the blank nodes they lead to, as Oxigraph's DESCRIBE
gives it), the statements that point to it from other resources (children
point to their parent, so without them a plan would not lead to its focus
areas), and the labels of the resources at the other end of both. The page
view adds what a person needs: names in nb and en, links out, links in grouped
under their relation in the document's order, and the lines of the source
text the resource comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.foundation.iris import named_node
from kg.foundation.namespaces import DCTERMS, FOAF, LOS, OWL, RDF, RDFS, SDG, SGO, SKOS
from kg.store import AskResult, GraphResult, SelectResult, Store
from kg.store.base import expect

LABEL_PROPERTIES = (SKOS + "prefLabel", DCTERMS + "title", RDFS + "label", FOAF + "name")
_LABELS = " | ".join(f"<{p}>" for p in LABEL_PROPERTIES)
_SOURCE = SGO + "sourceText"
_SUBJECT = DCTERMS + "subject"
_ADDRESSES = SGO + "addressesSubject"
_LINES = (SGO + "firstLine", SGO + "lastLine")
#: Incoming links are listed in the document's order: by position, then by first line.
_INCOMING = f"""SELECT ?s ?p ?position ?line WHERE {{{{
  ?s ?p {{node}} FILTER(isIRI(?s))
  OPTIONAL {{{{ ?s <{SGO}position> ?position }}}}
  OPTIONAL {{{{ ?s <{SGO}firstLine> ?line }}}}
}}}}"""


def is_known(store: Store, graphs: list[str], iri: str) -> bool:
    """Whether the IRI occurs in the graphs, as subject or as object."""
    node = named_node(iri)
    if node is None:
        return False
    result = store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}", default_graphs=graphs)
    result = expect(result, AskResult)
    return result.value


def describe(store: Store, graphs: list[str], iri: str) -> list[ox.Triple]:
    """The resource's description: its CBD, the links to it, and labels of both ends.

    Sorted so that it always reads the same: the resource's own statements
    first, then those about the resources it links to or is linked from.
    """
    node = named_node(iri)
    if node is None:
        return []
    result = store.query(f"DESCRIBE {node}", default_graphs=graphs)
    result = expect(result, GraphResult)
    found = set(result.triples)
    incoming = _select(store, f"SELECT ?s ?p WHERE {{ ?s ?p {node} FILTER(isIRI(?s)) }}", graphs)
    found.update(ox.Triple(subject, prop, node) for subject, prop in incoming)
    others = {t.object.value for t in found if t.subject == node and isinstance(t.object, ox.NamedNode)}
    others |= {subject.value for subject, _ in incoming}
    others.discard(iri)
    found.update(label_triples(store, graphs, others))
    return sorted(
        found,
        key=lambda t: (t.subject != node, str(t.subject), str(t.predicate), str(t.object)),
    )


def label_triples(store: Store, graphs: list[str], iris: Iterable[str]) -> list[ox.Triple]:
    """Every label statement (LABEL_PROPERTIES) about the IRIs."""
    nodes = sorted({str(node) for node in map(named_node, iris) if node is not None})
    if not nodes:
        return []
    query = (
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {' '.join(nodes)} }} "
        f"VALUES ?p {{ {' '.join(f'<{p}>' for p in LABEL_PROPERTIES)} }} ?x ?p ?l }}"
    )
    return [ox.Triple(*row) for row in _select(store, query, graphs)]


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
class Incoming:
    """The resources that link to this one by one property, in the document's order.

    `inverse` is the property the ontology declares its inverse (a plan
    `has focus area` what is a `focus area of` it), the heading a reader expects.
    """

    prop: Ref
    inverse: Ref | None
    members: list[Ref]


@dataclass(frozen=True)
class Subject:
    """A concept the resource is about: its own subject (`direct`), or one of its parts'."""

    concept: Ref
    direct: bool

    @property
    def badge(self) -> str:
        """The vocabulary, as a page shows it beside the name: «Los», «SDG 11.2»; empty for others."""
        if self.concept.iri.startswith(LOS):
            return "Los"
        if self.concept.iri.startswith(SDG):
            return "SDG " + self.concept.iri.removeprefix(SDG)
        return ""


@dataclass(frozen=True)
class ResourceView:
    iri: str
    names: dict[str, list[str]]
    types: list[Ref]
    texts: list[Arc]
    links: list[Arc]
    incoming: list[Incoming]
    source: Ref | None
    lines: tuple[int, int] | None
    subjects: list[Subject] = field(default_factory=list)

    def name(self, language: str) -> str:
        for candidate in (language, "", "nb", "en"):
            if self.names.get(candidate):
                return self.names[candidate][0]
        return _short(self.iri)


#: Links kg makes when it loads the graph (kg.load.document_links) that a page shows beside what
#: the stewards wrote: a referenced document and the plan of the graph it is.
COMPUTED_LINKS = (SGO + "isPlan", SGO + "referencedAs")


def resource_view(
    store: Store, graphs: list[str], iri: str, inferred: str | None = None
) -> ResourceView | None:
    """The page of a resource, or None when the graphs do not mention it.

    `inferred` (the inferred graph, when the store holds one) adds the subjects of the resource's
    parts (`sgo:addressesSubject`): a plan is about what its focus areas and activities are about;
    and the COMPUTED_LINKS from the resource.
    """
    node = named_node(iri)
    if node is None or not is_known(store, graphs, iri):
        return None
    outgoing = [
        (prop, obj)
        for prop, obj in _select(store, f"SELECT ?p ?o WHERE {{ {node} ?p ?o }}", graphs)
        if prop.value != _SUBJECT  # in a section of their own
    ]
    if inferred is not None:
        wanted = " ".join(f"<{link}>" for link in COMPUTED_LINKS)
        query = f"SELECT ?p ?o WHERE {{ VALUES ?p {{ {wanted} }} {node} ?p ?o }}"
        outgoing += [row for row in _select(store, query, [inferred]) if row not in outgoing]
    subject_rows = _select(
        store,
        f"SELECT DISTINCT ?concept ?direct WHERE {{ {{ {node} <{_SUBJECT}> ?concept BIND(true AS ?direct) }} "
        f"UNION {{ {node} <{_ADDRESSES}> ?concept FILTER NOT EXISTS {{ {node} <{_SUBJECT}> ?concept }} "
        "BIND(false AS ?direct) } FILTER(isIRI(?concept)) }",
        [*graphs, inferred] if inferred else graphs,
    )
    incoming = _select(store, _INCOMING.format(node=node), graphs)
    inverses = _inverses(store, graphs, {row[1].value for row in incoming})
    mentioned = {p.value for p, _ in outgoing} | {row[1].value for row in incoming}
    mentioned |= {o.value for _, o in outgoing if isinstance(o, ox.NamedNode)}
    mentioned |= {row[0].value for row in incoming} | set(inverses.values())
    mentioned |= {concept.value for concept, _ in subject_rows}
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
        incoming=_incoming_groups(incoming, inverses, ref),
        source=source,
        lines=(first, last) if first is not None and last is not None else None,
        subjects=sorted(
            (Subject(ref(concept), direct.value == "true") for concept, direct in subject_rows),
            key=lambda subject: (not subject.direct, _concept_order(subject.concept.iri)),
        ),
    )


def _concept_order(iri: str) -> tuple[str, tuple[int, ...], str]:
    """Concepts by vocabulary, SDG codes in numeric order (2 before 11, 11.2 before 11.10)."""
    base, _, code = iri.rpartition("/")
    numbers = tuple(int(part) if part.isdigit() else 1000 for part in code.split("."))
    return (base, numbers, code)


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


def _inverses(store: Store, graphs: list[str], properties: set[str]) -> dict[str, str]:
    """The inverse the ontology declares for each property that has one."""
    nodes = sorted({str(node) for node in map(named_node, properties) if node is not None})
    if not nodes:
        return {}
    query = (
        f"SELECT ?p ?inverse WHERE {{ VALUES ?p {{ {' '.join(nodes)} }} "
        f"{{ ?p <{OWL}inverseOf> ?inverse }} UNION {{ ?inverse <{OWL}inverseOf> ?p }} "
        "FILTER(isIRI(?inverse)) }"
    )
    rows = sorted((prop.value, inverse.value) for prop, inverse in _select(store, query, graphs))
    return dict(rows)


def _incoming_groups(
    rows: list[tuple[Any, ...]], inverses: dict[str, str], ref: Callable[[ox.NamedNode], Ref]
) -> list[Incoming]:
    """Incoming links grouped by property, each group in the document's order, the groups in
    the order their first member appears in the source text (a plan: vision, roles, focus areas)."""
    order: dict[str, dict[str, tuple[float, float, str]]] = {}
    for subject, prop, position, line in rows:
        key = (_number(position), _number(line), ref(subject).label("en"))
        members = order.setdefault(prop.value, {})
        members[subject.value] = min(key, members.get(subject.value, key))
    groups = []
    for prop, members in order.items():
        group = Incoming(
            prop=ref(ox.NamedNode(prop)),
            inverse=ref(ox.NamedNode(inverses[prop])) if prop in inverses else None,
            members=[ref(ox.NamedNode(s)) for s in sorted(members, key=lambda s: (members[s], s))],
        )
        first_line = min(key[1] for key in members.values())
        groups.append(((first_line, (group.inverse or group.prop).label("en").lower(), prop), group))
    return [group for _, group in sorted(groups, key=lambda pair: pair[0])]


def _number(term: ox.Literal | None) -> float:
    """A position or line number; resources without one come last."""
    try:
        return float(term.value) if term is not None else float("inf")
    except ValueError:
        return float("inf")


def _select(store: Store, query: str, graphs: list[str]) -> list[tuple[Any, ...]]:
    """The rows of a SELECT whose shape the caller knows (terms the query cannot leave unbound)."""
    result = store.query(query, default_graphs=graphs)
    result = expect(result, SelectResult)
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
