"""What the ontology entails, materialised: OWL 2 RL rules compiled once, applied to the data.

Why not owlrl on the whole graph: it re-derives the schema and the axiomatic
triples on every pass and matches patterns through rdflib (44 s at 100k
triples, see ../shared/notes/performance-facts.md). Here the schema (T-box) is
read once into lookup tables — closures of subClassOf and subPropertyOf,
inverses, domains, ranges, transitive and symmetric properties, property
chains, class expressions — and applied to the triples with Python sets of
integers, semi-naively: each round looks only at what the previous round
derived, until nothing new comes.

Rules materialised (names of the OWL 2 RL profile, tables 4-9):
cax-sco, cax-eqc1/2, prp-spo1, prp-eqp1/2, prp-inv1/2, prp-dom, prp-rng,
prp-trp, prp-symp, prp-spo2 (chains of any length), cls-int1/2, cls-uni,
cls-svf1/2, cls-hv1/2, cls-avf; and of the schema scm-sco, scm-spo, scm-eqc1,
scm-eqp1, scm-int, scm-uni (the closures of rdfs:subClassOf and
rdfs:subPropertyOf between named terms).

Deliberately left out: owl:sameAs reasoning (eq-*, prp-fp, prp-ifp,
cls-maxc): the shapes already forbid two values of a functional property, and
merging resources would hide that error; consistency checks (cax-dw,
prp-irp, ...): `kg reason` reports them; membership of anonymous class
expressions (a blank node has no identity outside the store that parsed it);
`rdf:type owl:Thing`, which holds for every resource; datatype axioms.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.foundation.namespaces import OWL, RDF, RDFS

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Fact = tuple[int, int, int]

TYPE = ox.NamedNode(RDF + "type")
FIRST = ox.NamedNode(RDF + "first")
REST = ox.NamedNode(RDF + "rest")
NIL = ox.NamedNode(RDF + "nil")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
SUBPROPERTY = ox.NamedNode(RDFS + "subPropertyOf")
DOMAIN = ox.NamedNode(RDFS + "domain")
RANGE = ox.NamedNode(RDFS + "range")
EQUIVALENT_CLASS = ox.NamedNode(OWL + "equivalentClass")
EQUIVALENT_PROPERTY = ox.NamedNode(OWL + "equivalentProperty")
INVERSE = ox.NamedNode(OWL + "inverseOf")
TRANSITIVE = ox.NamedNode(OWL + "TransitiveProperty")
SYMMETRIC = ox.NamedNode(OWL + "SymmetricProperty")
CHAIN = ox.NamedNode(OWL + "propertyChainAxiom")
INTERSECTION = ox.NamedNode(OWL + "intersectionOf")
UNION = ox.NamedNode(OWL + "unionOf")
ON_PROPERTY = ox.NamedNode(OWL + "onProperty")
SOME = ox.NamedNode(OWL + "someValuesFrom")
ALL = ox.NamedNode(OWL + "allValuesFrom")
HAS_VALUE = ox.NamedNode(OWL + "hasValue")
THING = ox.NamedNode(OWL + "Thing")

#: Predicates whose triples make up the schema the rules are compiled from.
SCHEMA_PREDICATES = frozenset(
    {
        FIRST,
        REST,
        SUBCLASS,
        SUBPROPERTY,
        DOMAIN,
        RANGE,
        EQUIVALENT_CLASS,
        EQUIVALENT_PROPERTY,
        INVERSE,
        CHAIN,
        INTERSECTION,
        UNION,
        ON_PROPERTY,
        SOME,
        ALL,
        HAS_VALUE,
    }
)


class Inference:
    """The entailed triples that were not asserted.

    Triples are made on demand by `triples()`: at 1M asserted triples the 1.7M
    entailed ones would take about 0.4 GB as Python objects, and a store only
    needs to stream them once.
    """

    def __init__(self, facts: list[Fact], terms: list[Term]) -> None:
        self._facts = facts
        self._terms = terms

    def triples(self) -> Iterator[ox.Triple]:
        table = self._terms
        for s, p, o in self._facts:
            yield ox.Triple(table[s], table[p], table[o])  # type: ignore[arg-type]


class _Terms:
    """Terms as small integers: sets of int tuples hash and compare fast."""

    def __init__(self) -> None:
        self.ids: dict[Term, int] = {}
        self.terms: list[Term] = []
        self.literals: set[int] = set()

    def id(self, term: Term) -> int:
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.terms)
            self.terms.append(term)
            if isinstance(term, ox.Literal):
                self.literals.add(found)
        return found

    def fresh(self) -> int:
        """An id for an internal property (a link of a long property chain); never written out."""
        return self.id(ox.BlankNode())


def _closure(edges: dict[int, set[int]]) -> dict[int, set[int]]:
    """For every node, the nodes reachable from it (itself only through a cycle)."""
    result: dict[int, set[int]] = {}
    for start in edges:
        seen: set[int] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = seen
    return result


@dataclass
class _Schema:
    """The T-box as lookup tables keyed by term id (see the module docstring for the rules)."""

    superclasses: dict[int, set[int]] = field(default_factory=dict)
    superproperties: dict[int, set[int]] = field(default_factory=dict)
    inverses: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    transitive: set[int] = field(default_factory=set)
    symmetric: set[int] = field(default_factory=set)
    #: p -> [(result, q)] for result <- p o q, seen from either side of the chain link.
    chain_left: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    chain_right: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    internal: set[int] = field(default_factory=set)
    intersections: dict[int, list[int]] = field(default_factory=dict)
    in_intersection: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    has_value_of_class: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    has_value_of_property: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    some_of_property: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    some_of_filler: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    all_of_class: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    all_of_property: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def rule_properties(self) -> set[int]:
        """Properties whose triples some rule reads."""
        found = set(self.superproperties) | set(self.inverses) | set(self.domains) | set(self.ranges)
        found |= self.symmetric | set(self.has_value_of_property)
        return found | self.join_properties()

    def expression_classes(self) -> set[int]:
        """Classes whose members some class-expression rule (hasValue, all/someValuesFrom, and) reads."""
        return (
            set(self.has_value_of_class)
            | set(self.all_of_class)
            | set(self.some_of_filler)
            | set(self.in_intersection)
        )

    def join_properties(self) -> set[int]:
        """Properties whose triples must be indexed because a rule joins two triples on them."""
        joined = set(self.transitive) | set(self.chain_left) | set(self.chain_right)
        joined |= set(self.some_of_property) | set(self.all_of_property)
        return joined


class _SchemaReader:
    """Reads the schema's triples (axioms may sit in any graph) into a `_Schema`."""

    def __init__(self, terms: _Terms, schema_triples: list[tuple[int, int, int]]) -> None:
        self.terms = terms
        self.by_subject: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in schema_triples:
            self.by_subject[s][p].append(o)

    def values(self, subject: int, predicate: Term) -> list[int]:
        return self.by_subject.get(subject, {}).get(self.terms.id(predicate), [])

    def one(self, subject: int, predicate: Term) -> int | None:
        found = self.values(subject, predicate)
        return found[0] if found else None

    def rdf_list(self, head: int) -> list[int]:
        items: list[int] = []
        nil = self.terms.id(NIL)
        seen: set[int] = set()
        while head != nil and head not in seen:
            seen.add(head)
            first = self.one(head, FIRST)
            rest = self.one(head, REST)
            if first is None or rest is None:
                break
            items.append(first)
            head = rest
        return items

    def read(self, types: dict[int, set[int]]) -> _Schema:
        schema = _Schema()
        subclass: dict[int, set[int]] = defaultdict(set)
        subproperty: dict[int, set[int]] = defaultdict(set)
        tid = self.terms.id
        for subject, by_predicate in self.by_subject.items():
            for predicate, objects in by_predicate.items():
                term = self.terms.terms[predicate]
                for obj in objects:
                    if term == SUBCLASS:
                        subclass[subject].add(obj)
                    elif term == EQUIVALENT_CLASS:
                        subclass[subject].add(obj)
                        subclass[obj].add(subject)
                    elif term == SUBPROPERTY:
                        subproperty[subject].add(obj)
                    elif term == EQUIVALENT_PROPERTY:
                        subproperty[subject].add(obj)
                        subproperty[obj].add(subject)
                    elif term == INVERSE:
                        schema.inverses[subject].add(obj)
                        schema.inverses[obj].add(subject)
                    elif term == DOMAIN:
                        schema.domains[subject].add(obj)
                    elif term == RANGE:
                        schema.ranges[subject].add(obj)
                    elif term == CHAIN:
                        self._chain(schema, subject, self.rdf_list(obj))
                    elif term == INTERSECTION:
                        members = self.rdf_list(obj)
                        schema.intersections[subject] = members
                        for member in members:
                            subclass[subject].add(member)  # scm-int, cls-int2
                            schema.in_intersection[member].append(subject)
                    elif term == UNION:
                        for member in self.rdf_list(obj):
                            subclass[member].add(subject)  # scm-uni, cls-uni
            self._restriction(schema, subject)
        schema.transitive = {p for p, classes in types.items() if tid(TRANSITIVE) in classes}
        schema.symmetric = {p for p, classes in types.items() if tid(SYMMETRIC) in classes}
        schema.superclasses = {c: found - {c} for c, found in _closure(subclass).items()}
        schema.superproperties = {p: found - {p} for p, found in _closure(subproperty).items()}
        return schema

    def _chain(self, schema: _Schema, result: int, links: list[int]) -> None:
        """result <- p1 o p2 o ... o pn, as binary links through internal properties."""
        if len(links) < 2:
            return
        left = links[0]
        for position, right in enumerate(links[1:], start=2):
            target = result if position == len(links) else self.terms.fresh()
            if target != result:
                schema.internal.add(target)
            schema.chain_left[left].append((target, right))
            schema.chain_right[right].append((target, left))
            left = target

    def _restriction(self, schema: _Schema, restriction: int) -> None:
        prop = self.one(restriction, ON_PROPERTY)
        if prop is None:
            return
        for value in self.values(restriction, HAS_VALUE):
            schema.has_value_of_class[restriction].append((prop, value))
            schema.has_value_of_property[prop].append((value, restriction))
        for filler in self.values(restriction, SOME):
            schema.some_of_property[prop].append((filler, restriction))
            schema.some_of_filler[filler].append((prop, restriction))
        for filler in self.values(restriction, ALL):
            schema.all_of_class[restriction].append((prop, filler))
            schema.all_of_property[prop].append((restriction, filler))


class _Closure:
    """The semi-naive fixpoint over integer triples."""

    def __init__(self, terms: _Terms, schema: _Schema, facts: set[Fact]) -> None:
        self.terms = terms
        self.schema = schema
        self.type = terms.id(TYPE)
        self.thing = terms.id(THING)
        self.known = facts
        self.joined = schema.join_properties()
        self.out: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.into: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.types: dict[int, set[int]] = defaultdict(set)
        #: Predicates some rule applies to; the triples of all others (labels, ...) are passed over.
        self.active = schema.rule_properties()
        self.classes_in_expressions = schema.expression_classes()

    def run(self) -> set[Fact]:
        """Apply the rules until nothing new comes; returns what was not known before."""
        delta = set(self.known)
        new: set[Fact] = set()
        while delta:
            # One pass per predicate: its rules are looked up once, then applied to all its pairs.
            by_predicate: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for s, p, o in delta:
                by_predicate[p].append((s, o))
            self._index(by_predicate)
            derived: set[Fact] = set()
            for p, pairs in by_predicate.items():
                if p == self.type:
                    self._apply_types(pairs, derived)
                elif p in self.active:
                    self._apply_property(p, pairs, derived)
            delta = derived - self.known
            self.known |= delta
            new |= delta
        return new

    def _index(self, by_predicate: dict[int, list[tuple[int, int]]]) -> None:
        for p, pairs in by_predicate.items():
            if p == self.type:
                types = self.types
                for s, c in pairs:
                    types[s].add(c)
            elif p in self.joined:
                out, into = self.out[p], self.into[p]
                for s, o in pairs:
                    out[s].add(o)
                    into[o].add(s)

    def _apply_property(self, p: int, pairs: list[tuple[int, int]], derived: set[Fact]) -> None:
        schema, t, update = self.schema, self.type, derived.update
        literals = self.terms.literals
        resources = [(s, o) for s, o in pairs if o not in literals]
        for q in schema.superproperties.get(p, ()):
            update((s, q, o) for s, o in pairs)
        for c in schema.domains.get(p, ()):
            update((s, t, c) for s, _ in pairs)
        for q in schema.inverses.get(p, ()):
            update((o, q, s) for s, o in resources)
        for c in schema.ranges.get(p, ()):
            update((o, t, c) for _, o in resources)
        if p in schema.symmetric:
            update((o, p, s) for s, o in resources)
        if p in schema.transitive:
            out, into = self.out[p], self.into[p]
            for s, o in pairs:
                update((s, p, y) for y in out.get(o, ()))
                update((x, p, o) for x in into.get(s, ()))
        for result, right in schema.chain_left.get(p, ()):
            out = self.out[right]
            for s, o in pairs:
                update((s, result, y) for y in out.get(o, ()))
        for result, left in schema.chain_right.get(p, ()):
            into = self.into[left]
            for s, o in pairs:
                update((x, result, o) for x in into.get(s, ()))
        for value, restriction in schema.has_value_of_property.get(p, ()):
            update((s, t, restriction) for s, o in pairs if o == value)
        types = self.types
        for filler, restriction in schema.some_of_property.get(p, ()):
            update(
                (s, t, restriction) for s, o in pairs if filler == self.thing or filler in types.get(o, ())
            )
        for restriction, filler in schema.all_of_property.get(p, ()):
            update((o, t, filler) for s, o in resources if restriction in types.get(s, ()))

    def _apply_types(self, pairs: list[tuple[int, int]], derived: set[Fact]) -> None:
        schema, t, update = self.schema, self.type, derived.update
        for s, c in pairs:
            supers = schema.superclasses.get(c)
            if supers:
                update((s, t, d) for d in supers)
            if c not in self.classes_in_expressions:
                continue
            for prop, value in schema.has_value_of_class.get(c, ()):
                update(((s, prop, value),))
            for prop, filler in schema.all_of_class.get(c, ()):
                update((y, t, filler) for y in self.out[prop].get(s, ()) if y not in self.terms.literals)
            for prop, restriction in schema.some_of_filler.get(c, ()):
                update((x, t, restriction) for x in self.into[prop].get(s, ()))
            types = self.types.get(s, ())
            for intersection in schema.in_intersection.get(c, ()):
                if all(member in types for member in schema.intersections[intersection]):
                    update(((s, t, intersection),))


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Millions of new tuples make Python's cycle collector rescan them again and again (3x slower
    at 300k triples); they hold no cycles, so it is paused while the closure is computed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def infer(triples: Iterable[ox.Triple]) -> Inference:
    """The triples the ontology entails from `triples` (schema and data together), minus those given."""
    with _without_cycle_collection():
        return _infer(triples)


def _infer(triples: Iterable[ox.Triple]) -> Inference:
    terms = _Terms()
    tid = terms.id
    facts: set[Fact] = set()
    schema_triples: list[Fact] = []
    property_types: dict[int, set[int]] = defaultdict(set)
    schema_ids = {tid(p) for p in SCHEMA_PREDICATES}
    type_id = tid(TYPE)
    characteristics = {tid(TRANSITIVE), tid(SYMMETRIC)}
    for triple in triples:
        fact = (tid(triple.subject), tid(triple.predicate), tid(triple.object))  # type: ignore[arg-type]
        facts.add(fact)
        if fact[1] in schema_ids:
            schema_triples.append(fact)
        elif fact[1] == type_id and fact[2] in characteristics:
            property_types[fact[0]].add(fact[2])
    schema = _SchemaReader(terms, schema_triples).read(property_types)
    closure = _Closure(terms, schema, facts)
    new = closure.run()
    new |= _schema_closure(terms, schema) - closure.known
    written = _written(terms, schema, new)
    return Inference(written, terms.terms)


def _schema_closure(terms: _Terms, schema: _Schema) -> set[Fact]:
    """scm-sco and scm-spo between named terms: lets queries skip `rdfs:subClassOf*` paths."""
    named = {i for i, term in enumerate(terms.terms) if isinstance(term, ox.NamedNode)}
    found: set[Fact] = set()
    for link, table in (
        (terms.id(SUBCLASS), schema.superclasses),
        (terms.id(SUBPROPERTY), schema.superproperties),
    ):
        for sub, supers in table.items():
            if sub in named:
                found.update((sub, link, sup) for sup in supers if sup in named and sup != sub)
    return found


def _written(terms: _Terms, schema: _Schema, facts: Iterable[Fact]) -> list[Fact]:
    """The facts to write: without internal chain links, anonymous classes or owl:Thing."""
    type_id = terms.id(TYPE)
    thing = terms.id(THING)
    table = terms.terms
    return [
        (s, p, o)
        for s, p, o in facts
        if p not in schema.internal
        and s not in terms.literals
        and not (p == type_id and (o == thing or not isinstance(table[o], ox.NamedNode)))
    ]
