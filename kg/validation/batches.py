"""Validating a large data graph in batches of small rdflib graphs, with the findings of the whole.

Why: pySHACL reads the data as one rdflib graph, about 17 times the size of
its Turtle (a 50 MB file took 1.3 GB). In batches, one small graph is held at
a time and the data stay on disk, parsed again for each batch.

What keeps the findings those of the whole graph is which resources share a
batch: a resource goes with every resource described in the data that it
links to (forward paths, sh:class and nested shapes read those statements),
with the blank nodes it holds, and with whatever links to a resource by a
property the shapes read backwards (sh:inversePath; in SPARQL, a pattern
with $this as object, or two patterns that share an object: siblings of one
parent). Links to what the data do not describe (a language, a status) or
to terms (classes, properties) do not group resources otherwise. The
ontology and the data's statements about terms are in every batch. A
finding is kept from the batch that holds its focus node; findings on a node
no batch holds (a link target nothing describes) are the same in every batch
and kept once.

Shapes whose reach this cannot bound (SPARQL queries of other forms, custom
constraint components, rules, functions) are validated as one graph.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal as Kind

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, BNode, URIRef, Variable
from rdflib import Literal as RdflibLiteral
from rdflib.namespace import OWL, SH
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from kg.foundation.rdf_files import QuadSource, triples
from kg.validation.rdflib_bridge import rdflib_graph, rdflib_triple, to_rdflib

#: Where a finding's focus node is held: this batch, another one, or none (then every batch sees it alike).
Holder = Kind["here", "elsewhere", "nowhere"]

_TYPE = str(RDF.type)
_SCHEMA_LINKS = {str(RDFS.subClassOf), str(RDFS.subPropertyOf)}
_THIS = Variable("this")
#: What can read anything in the data graph: pySHACL validates the whole graph when the shapes use it.
_UNBOUNDED_TYPES = (
    SH.ConstraintComponent,
    SH.SPARQLTargetType,
    SH.SPARQLFunction,
    SH.Function,
    SH.SPARQLRule,
    SH.TripleRule,
    SH.JSConstraint,
    SH.JSTarget,
    SH.JSTargetType,
    SH.JSFunction,
)
_UNBOUNDED_PREDICATES = (SH.rule, SH.js, SH.ask, SH.construct, SH.validator, SH.nodeValidator)
#: The patterns of a SPARQL query: subject, predicate (an IRI, a variable or a path), object.
Pattern = tuple[Node, Node | PropertyPath, Node]


@dataclass(frozen=True)
class Batch:
    """One batch's data graph, and where each node's findings are to be taken from."""

    graph: rdflib.Graph
    number: int
    plan: _Plan

    def holder(self, focus: ox.NamedNode | ox.BlankNode | ox.Literal) -> Holder:
        member = self.plan.groups.index.get(_key(focus))
        if member is None:
            return "nowhere"
        return "here" if self.plan.batch_of[member] == self.number else "elsewhere"


def batches(
    data: Sequence[QuadSource], ontology: Sequence[QuadSource], shapes: rdflib.Graph, size: int
) -> Iterator[Batch] | None:
    """The data in batches of about `size` statements (more where one group is larger);
    None when the shapes' reach cannot be bounded."""
    plan = _plan(data, ontology, shapes, size)
    if plan is None:
        return None
    return _graphs(data, ontology, plan)


def joining_predicates(shapes: rdflib.Graph, schema: rdflib.Graph) -> frozenset[str] | None:
    """The properties the shapes read backwards, or as links shared by two resources; None if unbounded."""
    if any(next(shapes.subjects(RDF.type, kind), None) is not None for kind in _UNBOUNDED_TYPES):
        return None
    if any(next(shapes.subjects(predicate, None), None) is not None for predicate in _UNBOUNDED_PREDICATES):
        return None
    joining: set[str] = set()
    for path in shapes.objects(None, SH.inversePath):
        if not isinstance(path, URIRef):
            return None
        joining.add(str(path))
    prologue = "".join(
        f"PREFIX {shapes.value(declaration, SH.prefix)}: <{shapes.value(declaration, SH.namespace)}>\n"
        for declaration in shapes.objects(None, SH.declare)
    )
    for query in shapes.objects(None, SH.select):
        found = _query_joins(prologue + str(query), schema)
        if found is None:
            return None
        joining |= found
    return frozenset(joining)


def _query_joins(query: str, schema: rdflib.Graph) -> set[str] | None:
    """What one SPARQL query reads across resources (see `joining_predicates`); None if unbounded.

    Patterns over rdfs:subPropertyOf and rdfs:subClassOf read the ontology,
    which every batch holds. Every other pattern must be reachable from $this
    by its links or shared objects (else it reads the whole graph). A shared
    object joins the resources that link to it, unless they are joined already
    otherwise (the same value among siblings of one parent).
    """
    try:
        algebra = prepareQuery(query).algebra
    except Exception:
        return None
    patterns = list(_patterns(algebra))
    schema_patterns = [p for p in patterns if _is_schema(p[1])]
    data_patterns = [p for p in patterns if not _is_schema(p[1])]
    uses: dict[Node, list[tuple[Node, set[str]]]] = {}
    for subject, predicate, value in data_patterns:
        if not isinstance(subject, Variable) and (subject, None, None) not in schema:
            return None  # a named resource's statements: in one batch only
        predicates = _predicates(predicate, schema_patterns, schema)
        if predicates is None:
            return None
        uses.setdefault(value, []).append((subject, predicates))
    joins = [
        (value, {s for s, _ in used}, set().union(*(p for _, p in used)))
        for value, used in uses.items()
        if value == _THIS or len({s for s, _ in used}) > 1
    ]
    # links between resources first: a shared literal value among resources already joined adds nothing
    joins.sort(key=lambda join: any((URIRef(p), RDF.type, OWL.DatatypeProperty) in schema for p in join[2]))
    joined = _Groups()
    joining: set[str] = set()
    for value, subjects, predicates in joins:
        members = [joined.add(s) for s in subjects]
        if value != _THIS and len({joined.find(m) for m in members}) == 1:
            continue
        joining |= predicates
        for member in members:
            joined.union(member, joined.add(value))
    subjects = {s for s, _, _ in data_patterns}
    for subject, _, value in data_patterns:
        if value in subjects:
            joined.union(joined.add(subject), joined.add(value))
    this = joined.find(joined.add(_THIS))
    if any(joined.find(joined.add(s)) != this for s in subjects):
        return None  # a pattern not reachable from $this ranges over the whole graph
    return joining


def _patterns(node: object) -> Iterator[Pattern]:
    if isinstance(node, CompValue):
        if "triples" in node and node["triples"] is not None:
            for pattern in node["triples"]:
                subject, predicate, value = pattern
                yield subject, predicate, value
        for child in node.values():
            yield from _patterns(child)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _patterns(child)


def _is_schema(predicate: Node | PropertyPath) -> bool:
    iris = {str(iri) for iri in _path_iris(predicate)}
    return bool(iris) and iris <= _SCHEMA_LINKS


def _path_iris(predicate: Node | PropertyPath) -> Iterator[URIRef]:
    if isinstance(predicate, URIRef):
        yield predicate
    elif isinstance(predicate, PropertyPath):
        for part in vars(predicate).values():
            for item in part if isinstance(part, list | tuple) else (part,):
                if isinstance(item, URIRef | PropertyPath):
                    yield from _path_iris(item)


def _predicates(
    predicate: Node | PropertyPath, schema_patterns: Sequence[Pattern], schema: rdflib.Graph
) -> set[str] | None:
    """The properties a pattern's predicate can be: an IRI, a path's IRIs, or a variable bounded
    by rdfs:subPropertyOf patterns (`?link rdfs:subPropertyOf* ?kind . ?kind rdfs:subPropertyOf X`)."""
    if isinstance(predicate, URIRef | PropertyPath):
        return {str(iri) for iri in _path_iris(predicate)}
    bound: Node = predicate
    for _ in range(2):
        above = [o for s, p, o in schema_patterns if s == bound and RDFS.subPropertyOf in _path_iris(p)]
        if not above:
            return None
        bound = above[0]
        if isinstance(bound, URIRef):
            return {str(p) for p in schema.transitive_subjects(RDFS.subPropertyOf, bound)}
    return None


class _Groups:
    """Union-find over terms (their `_key`), by index."""

    def __init__(self) -> None:
        self.index: dict[object, int] = {}
        self.parent: array[int] = array("q")

    def add(self, key: object) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.parent)
            self.parent.append(found)
        return found

    def find(self, member: int) -> int:
        parent = self.parent
        while parent[member] != member:
            parent[member] = parent[parent[member]]
            member = parent[member]
        return member

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass
class _Plan:
    groups: _Groups
    #: the batch of each group member, and of each data statement (_SHARED: every batch)
    batch_of: array[int]
    statement_batch: array[int]
    count: int


_SHARED = -1


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return _node_key(to_rdflib(term))


def _node_key(node: Node) -> str:
    """The key of an rdflib term: a literal as rdflib writes it (its lexical form normalised, as
    pySHACL reports it)."""
    if isinstance(node, BNode):
        return "_:" + node
    if isinstance(node, RdflibLiteral):
        return "literal " + node.n3()
    return str(node)


def _plan(
    data: Sequence[QuadSource], ontology: Sequence[QuadSource], shapes: rdflib.Graph, size: int
) -> _Plan | None:
    groups = _Groups()
    schema = rdflib_graph(triples(ontology))
    terms = {_key(t.subject) for t in triples(ontology)}
    statements: array[int] = array("q")  # per group member: its own statements (not shared)
    for triple in triples(data):
        subject, predicate, value = triple.subject, triple.predicate.value, triple.object
        member = groups.add(_key(subject))
        if isinstance(value, ox.BlankNode):
            groups.add(_key(value))
        terms.add(predicate)
        if predicate == _TYPE:
            terms.add(_key(value))
        elif predicate in _SCHEMA_LINKS:
            terms.add(_key(subject))
            schema.add((to_rdflib(subject), URIRef(predicate), to_rdflib(value)))
        while len(statements) <= member:
            statements.append(0)
        statements[member] += 1
    joining = joining_predicates(shapes, schema)
    if joining is None:
        return None

    # Terms' statements are in every batch; a term linking to data goes with it and with what links to it.
    joined: set[int] = set()
    shared: list[tuple[int, int]] = []
    literals = False  # whether a literal is joined (two siblings of one literal "parent")
    for triple in triples(data):
        value = triple.object
        if triple.predicate.value in joining:
            joined.add(groups.add(_key(value)))
            literals = literals or isinstance(value, ox.Literal)
        if _key(triple.subject) in terms:
            target = groups.index.get(_key(value))
            if target is not None:
                shared.append((groups.index[_key(triple.subject)], target))
    keys = list(groups.index)
    grown = True
    while grown:
        grown = False
        for term, target in shared:
            if term not in joined and (target in joined or keys[target] not in terms):
                joined.add(term)
                grown = True
    del keys

    for triple in triples(data):
        if isinstance(triple.object, ox.Literal) and not literals:
            continue
        key = _key(triple.object)
        target = groups.index.get(key)
        if target is not None and (target in joined or key not in terms):
            groups.union(groups.index[_key(triple.subject)], target)

    members = len(groups.parent)
    sizes = array("q", bytes(8 * members))
    for member, count in enumerate(statements):
        sizes[groups.find(member)] += count
    batch_of = array("i", b"\xff" * 4 * members)  # -1: not placed yet
    batch, filled = 0, 0
    for member in range(members):
        root = groups.find(member)
        if batch_of[root] < 0:
            if filled and filled + sizes[root] > size:
                batch, filled = batch + 1, 0
            batch_of[root] = batch
            filled += sizes[root]
        batch_of[member] = batch_of[root]
    del sizes
    statement_batch = array("i")
    for triple in triples(data):
        key = _key(triple.subject)
        statement_batch.append(_SHARED if key in terms else batch_of[groups.index[key]])
    return _Plan(groups, batch_of, statement_batch, batch + 1)


def _graphs(data: Sequence[QuadSource], ontology: Sequence[QuadSource], plan: _Plan) -> Iterator[Batch]:
    for number in range(plan.count):
        graph = rdflib_graph(())
        add = graph.add
        for triple, batch in zip(triples(data), plan.statement_batch, strict=True):
            if batch in (number, _SHARED):
                add(rdflib_triple(triple))
        for triple in triples(ontology):
            add(rdflib_triple(triple))
        yield Batch(graph, number, plan)
        # rdflib graphs hold reference cycles: free this one before the next is built
        del graph, add
        gc.collect()
