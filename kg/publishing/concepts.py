"""The ontology's classes as concepts (SKOS-AP-NO-Begrep v2), for data.norge.no's concept catalogue.

Each `sgo:` class is a `skos:Concept` of its own IRI under /catalog/concepts (a term and its
definition, not the OWL class): the class's labels are the recommended terms (Bokmål and
English; Nynorsk, which the profile asks for too, from reference/nynorsk-terms.ttl), its
definitions the definitions, its name in the data (`sgo:FocusArea`) the data-structure term
(`skosno:dataStructureLabel`; the profile allows no link to a non-concept, and the information
model links class to concept); a subclass's concept specialises its superclass's
(`xkos:specializes`). The concepts form one `skos:Collection`.
Publisher and contact point are the dataset catalogue's.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import Terms, dcat, dcterms, rdf, skos, xsd
from kg.publishing.catalog import last_modified, publisher_and_contact, publisher_node
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.ontology_doc import TermDoc, ontology_doc
from kg.publishing.rdf import Statements
from kg.publishing.site import Site
from kg.store import Store

XKOS = "http://rdf-vocabulary.ddialliance.org/xkos#"
UNESKOS = "http://purl.org/umu/uneskos#"
SKOSNO = "https://data.norge.no/vocabulary/skosno#"
xkos, uneskos, skosno = Terms(XKOS), Terms(UNESKOS), Terms(SKOSNO)
CONCEPT_PREFIXES = {"xkos": XKOS, "uneskos": UNESKOS, "skosno": SKOSNO}
NYNORSK_TERMS = Path(__file__).parent / "reference" / "nynorsk-terms.ttl"


@cache
def nynorsk_terms() -> dict[str, str]:
    """The Nynorsk term of each class, by its IRI (a class without one is a finding of the check)."""
    return {
        quad.subject.value: quad.object.value
        for quad in ox.parse(path=str(NYNORSK_TERMS), format=ox.RdfFormat.TURTLE)
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal)
    }


def concept_iri(site: Site, term: TermDoc) -> str:
    return site.concepts + "#" + term.local


def concept_triples(store: Store, site: Site, metadata: DatasetMetadata | None = None) -> list[ox.Triple]:
    """The concept catalogue at `site.concepts`."""
    settings = site.settings
    meta = metadata or DatasetMetadata.from_config(settings.config)
    doc = ontology_doc(store, settings.ontology_graph, settings.ontology_iri)
    g = Statements()
    collection = ox.NamedNode(site.concepts)
    publisher, contact = publisher_node(site, meta), ox.NamedNode(site.concepts + "#contact")
    publisher_and_contact(g, publisher, contact, ox.NamedNode(site.url("/")), meta)
    modified = ox.Literal(
        (last_modified(store, settings.ontology_graph) or date.today()).isoformat(), datatype=xsd.date
    )
    g.add(collection, rdf.type, skos.Collection)
    g.texts(
        collection,
        dcterms.title,
        {"nb": "Begreper i Strategigraf-ontologien", "en": "Concepts of the Strategigraf ontology"},
    )
    g.texts(
        collection,
        dcterms.description,
        {
            "nb": "Klassene i ontologien som grafens data følger, som begreper med definisjoner.",
            "en": "The classes of the ontology the graph's data follow, as concepts with definitions.",
        },
    )
    g.add(collection, dcterms.identifier, ox.Literal(collection.value, datatype=xsd.anyURI))
    g.add(collection, dcterms.publisher, publisher)
    g.add(collection, dcat.contactPoint, contact)
    classes = {term.iri: term for term in doc.classes}
    for term in doc.classes:
        concept = ox.NamedNode(concept_iri(site, term))
        g.add(concept, rdf.type, skos.Concept)
        terms = {lang: text for lang, text in term.labels.items() if lang in ("nb", "en")}
        if term.iri in nynorsk_terms():
            terms["nn"] = nynorsk_terms()[term.iri]
        g.texts(concept, skos.prefLabel, terms)
        g.texts(concept, skos.definition, term.definitions)
        g.add(concept, dcterms.identifier, ox.Literal(concept.value, datatype=xsd.anyURI))
        g.add(concept, dcterms.publisher, publisher)
        g.add(concept, dcat.contactPoint, contact)
        g.add(concept, dcterms.modified, modified)
        g.add(concept, skosno.dataStructureLabel, ox.Literal("sgo:" + term.local))
        g.add(concept, uneskos.memberOf, collection)
        g.add(collection, skos.member, concept)
        for broader in term.supers:
            if broader in classes:
                g.add(concept, xkos.specializes, ox.NamedNode(concept_iri(site, classes[broader])))
    return g
