"""kg.load.inference: the same data entailments as owlrl's OWL-RL closure, kept in a graph of their own.

owlrl is the reference: every data (A-box) triple it entails must be in ours,
and everything ours entails must be in owlrl's closure. What is left out on
purpose (kg/load/inference.py) is filtered from owlrl's side: literal subjects,
reflexive owl:sameAs, membership of owl:Thing and of anonymous classes,
typing with RDF/RDFS/OWL vocabulary classes, and schema triples other than
the subClassOf/subPropertyOf closure between named terms.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef

from kg.foundation.namespaces import SGO
from kg.foundation.rdf_files import parse_files, triples
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.load.inference import infer
from kg.load.repository import load_repository
from kg.store import open_store
from kg.validation.rdflib_bridge import rdflib_graph, to_rdflib

RdfTriple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]
SCHEMA_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.disjointWith,
    OWL.inverseOf,
}
VOCABULARIES = (str(RDF), str(RDFS), str(OWL))
ID = "https://w3id.org/strategigraf/id/"
PLAN = ID + "osloregionen-2017"
OSR = PLAN + "/"
TRANSPORT_2016 = ID + "dokument/samordnet-areal-og-transportstrategi-for-osloregionen-2016"


def _ours(graph: list[ox.Triple]) -> set[RdfTriple]:
    return {
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in infer(graph).triples()
    }


def _owlrl(graph: list[ox.Triple]) -> tuple[set[RdfTriple], set[RdfTriple]]:
    """owlrl's new triples, as (data entailments, schema closure between named terms)."""
    closure = rdflib_graph(graph)
    before = set(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    data: set[RdfTriple] = set()
    schema: set[RdfTriple] = set()
    for s, p, o in set(closure) - before:
        if isinstance(s, Literal) or (p == OWL.sameAs and s == o):
            continue
        if p in (RDFS.subClassOf, RDFS.subPropertyOf):
            named = isinstance(s, URIRef) and isinstance(o, URIRef) and s != o
            if named and OWL.Thing not in (s, o) and OWL.Nothing not in (s, o):
                schema.add((s, p, o))
        elif p not in SCHEMA_PREDICATES and not _class_typing(p, o):
            data.add((s, p, o))
    return data, schema


def _class_typing(p: rdflib.term.Node, o: rdflib.term.Node) -> bool:
    """Membership of an anonymous class, or of a class of the RDF/RDFS/OWL vocabularies."""
    return p == RDF.type and (isinstance(o, BNode) or str(o).startswith(VOCABULARIES))


def _assert_same_as_owlrl(graph: list[ox.Triple]) -> set[RdfTriple]:
    ours = _ours(graph)
    data, schema = _owlrl(graph)
    assert data - ours == set(), "data entailments owlrl finds and we do not"
    assert ours - (data | schema) == set(), "entailments we make that owlrl does not"
    assert schema <= ours
    return ours


@pytest.fixture(scope="module")
def repository_graph(settings: Settings) -> list[ox.Triple]:
    files = discover(settings)
    ontology, _ = parse_files(files.ontology)
    data, _ = parse_files(files.data)
    return list(triples([*ontology, *data]))


def _n(iri: str) -> rdflib.URIRef:
    return rdflib.URIRef(iri)


def test_repository_entailments_match_owlrl(repository_graph: list[ox.Triple]) -> None:
    ours = _assert_same_as_owlrl(repository_graph)
    # From the document: area 1's activity follows up the 2016 transport strategy "within the
    # themes" (lines 32-42), so each of its five themes follows it up too (the property chain).
    followers = {s for s, p, o in ours if p == _n(SGO + "followsUp") and o == _n(TRANSPORT_2016)}
    assert followers == {_n(f"{OSR}tema-1.1.{n}") for n in range(1, 6)}
    # The means of area 3's activity (lines 54-56) are parts of the plan (transitive, inverse).
    assert (_n(PLAN), _n(SGO + "hasPart"), _n(OSR + "tiltak-3.1.2")) in ours
    assert (_n(OSR + "tiltak-3.1.2"), RDF.type, _n(SGO + "StrategicElement")) in ours


SMALL_ONTOLOGY = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

:knows a owl:SymmetricProperty .
:friendOf owl:equivalentProperty :knows .
:Person owl:equivalentClass :Human .
:Parent owl:intersectionOf ( :Person :HasChild ) .
:HasChild owl:onProperty :child ; owl:someValuesFrom owl:Thing .
:Norwegian owl:onProperty :country ; owl:hasValue :Norway .
:Careful owl:onProperty :drives ; owl:allValuesFrom :SafeCar .
:Driver owl:onProperty :drives ; owl:someValuesFrom :Car .
:greatUncle owl:propertyChainAxiom ( :parent :parent :brother ) .
:child owl:inverseOf :parent .
:brother rdfs:range :Person .

:ada a :Human ; :child :bob ; :friendOf :cid ; :country :Norway ; :drives :car1 .
:ada a :Careful .
:car1 a :Car .
:bob :parent :ada .
:ada :parent :eve .
:eve :brother :fred .
:gus a :Norwegian .
"""


def test_rules_the_repository_does_not_use_match_owlrl(tmp_path: Path) -> None:
    parsed = list(ox.parse(SMALL_ONTOLOGY.encode(), ox.RdfFormat.TURTLE))
    ours = _assert_same_as_owlrl([quad.triple for quad in parsed])
    ex = rdflib.Namespace("http://example.org/")
    for expected in [
        (ex.cid, ex.knows, ex.ada),  # equivalent property, then symmetric
        (ex.ada, RDF.type, ex.Parent),  # equivalent class, someValuesFrom Thing, intersection
        (ex.ada, RDF.type, ex.Norwegian),  # hasValue, one way
        (ex.gus, ex.country, ex.Norway),  # hasValue, the other way
        (ex.car1, RDF.type, ex.SafeCar),  # allValuesFrom
        (ex.ada, RDF.type, ex.Driver),  # someValuesFrom a class
        (ex.bob, ex.greatUncle, ex.fred),  # a chain of three
        (ex.fred, RDF.type, ex.Human),  # range, then equivalent class
    ]:
        assert expected in ours


def test_inferred_graph_is_apart_holds_only_new_triples_and_is_rebuilt(settings: Settings) -> None:
    store = open_store("memory")
    report = load_repository(store, settings)
    inferred = set(store.graph_triples(settings.inferred_graph))
    asserted = {t for g in settings.asserted_graphs() for t in store.graph_triples(g)}
    assert inferred and not inferred & asserted
    assert report.inferred == len(inferred) and report.inference_seconds is not None
    assert f"inferred {len(inferred)} triples" in report.summary()
    hidden = ox.Triple(ox.NamedNode(PLAN), ox.NamedNode(SGO + "hasPart"), ox.NamedNode(OSR + "tema-1.1.3"))
    assert hidden in inferred

    off = load_repository(store, settings.with_(infer=False))
    assert store.triple_count(settings.inferred_graph) == 0
    assert off.inference_seconds is None and "inference off" in off.summary()
