"""Namespaces of the vocabularies the graph uses: plain IRI prefixes, and their terms as pyoxigraph IRIs.

The one place a namespace is written. `Terms` gives the IRIs of one as
pyoxigraph terms (`dcterms.title`, `void["class"]`), the term model of
everything outside the rdflib boundary (pySHACL and owlrl, see
`kg.validation.rdflib_bridge`).
"""

from __future__ import annotations

import pyoxigraph as ox

SGO = "https://w3id.org/strategigraf/ontology#"
#: The shapes' own namespace (sgosh: in shapes/), where the checks beside SHACL are named too.
SGOSH = "https://w3id.org/strategigraf/shapes#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
SH = "http://www.w3.org/ns/shacl#"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DCATAP = "http://data.europa.eu/r5r/"
#: ModellDCAT-AP-NO: information models for data.norge.no.
MODELLDCATNO = "https://data.norge.no/vocabulary/modelldcatno#"
#: kg's own bookkeeping in a store: which version of the dataset is live (kg.store.pointer).
KG = "https://w3id.org/strategigraf/kg#"
#: The subject vocabularies kg ships (kg/subjects): Los (themes under tema/) and the UN SDGs.
LOS = "https://psi.norge.no/los/"
SDG = "http://metadata.un.org/sdg/"

PREFIXES: dict[str, str] = {
    "sgo": SGO,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "foaf": FOAF,
    "org": ORG,
    "prov": PROV,
    "time": TIME,
    "vann": VANN,
}


class Terms:
    """The terms of one namespace as IRIs: `Terms(DCTERMS).title`, or `["class"]` for keywords."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self.namespace + name)


# Written as the prefixes are in Turtle: `dcterms.title` is dcterms:title.
rdf = Terms(RDF)
rdfs = Terms(RDFS)
owl = Terms(OWL)
xsd = Terms(XSD)
skos = Terms(SKOS)
dcterms = Terms(DCTERMS)
dcat = Terms(DCAT)
foaf = Terms(FOAF)
vann = Terms(VANN)
void = Terms(VOID)
sd = Terms(SD)
vcard = Terms(VCARD)
org = Terms(ORG)
dcatap = Terms(DCATAP)
modelldcatno = Terms(MODELLDCATNO)
