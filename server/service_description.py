"""The endpoint's SPARQL 1.1 Service Description: what it speaks, writes and holds.

Clients and harvesters read it at GET /sparql (RDF). It describes this
server as it runs: the endpoint's URL, the result formats the negotiation
tables offer, its limits, and the default dataset with each named graph and
its size (counted on each request, so a reloaded graph is described as it is).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.foundation.formats import RDF_SYNTAXES, RESULTS_SYNTAXES, W3C_FORMATS
from kg.foundation.namespaces import DCTERMS, RDF, SD, VOID, XSD
from kg.foundation.settings import Settings
from kg.store import SelectResult, Store
from kg.store.base import expect

#: What the endpoint writes: every results format and RDF syntax of the registry.
WRITTEN = (*RESULTS_SYNTAXES, *RDF_SYNTAXES)
PREFIXES = {"sd": SD, "formats": W3C_FORMATS, "void": VOID, "dcterms": DCTERMS}

_A = ox.NamedNode(RDF + "type")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, store: Store, settings: Settings) -> list[ox.Triple]:
    service = ox.NamedNode(endpoint + "#service")
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    held = store.graph_names()
    triples = [
        ox.Triple(service, _A, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(
            service, ox.NamedNode(DCTERMS + "description"), ox.Literal(_summary(settings), language="en")
        ),
        *(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(syntax.w3c_iri)) for syntax in WRITTEN),
    ]
    if set(held) <= set(settings.default_graphs()):
        triples.append(ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _A, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, _A, _sd("Graph")),
        ox.Triple(
            default_graph, ox.NamedNode(VOID + "triples"), _integer(_default_graph_size(store, settings))
        ),
    ]
    for iri in held:
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, _A, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(iri)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, _A, _sd("Graph")),
            ox.Triple(graph, ox.NamedNode(VOID + "triples"), _integer(store.triple_count(iri))),
        ]
    # Grouped by subject, so that Turtle writes each resource once.
    return sorted(triples, key=lambda t: (not isinstance(t.subject, ox.NamedNode), str(t.subject)))


def _summary(settings: Settings) -> str:
    rows = f"at most {settings.max_rows} result rows" if settings.max_rows > 0 else "no row limit"
    return (
        "Read-only SPARQL 1.1 query endpoint. The default graph is the union of the repository's "
        "graphs, with the inferred graph; add infer=false for asserted triples only. "
        f"Limits: {settings.query_timeout:g} s per query, {rows}, "
        f"{settings.max_body_bytes} bytes per request body. Never fetches remote data: "
        "SERVICE, and FROM naming a graph it does not hold, are refused."
    )


def _default_graph_size(store: Store, settings: Settings) -> int:
    result = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graphs=settings.default_graphs())
    result = expect(result, SelectResult)
    count = next(result.rows)[0]
    return int(count.value) if isinstance(count, ox.Literal) else 0


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
