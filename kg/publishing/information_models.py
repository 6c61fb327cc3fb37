"""The ontology as an information model (ModellDCAT-AP-NO), in a catalogue of its own.

data.norge.no harvests information models separately from datasets (harvest type
`informationmodel`, ModellDCAT-AP-NO v1): a `dcat:Catalog` whose `modelldcatno:model` is a
`modelldcatno:InformationModel`. Ours is the ontology: each `sgo:` class a
`modelldcatno:ObjectType` (its own IRI, labels as titles, definitions as descriptions, its concept
in /catalog/concepts as `dct:subject`), each object property whose domain and range are `sgo:`
classes a `modelldcatno:Role` of its domain pointing to its range, each datatype property a
`modelldcatno:Attribute` of a simple type (the XSD datatype of its range). The publisher and
contact point are the dataset catalogue's (`kg.publishing.catalog`).
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from kg.foundation.namespaces import XSD, dcat, dcterms, foaf, modelldcatno, rdf, skos, xsd
from kg.publishing.catalog import last_modified, publisher_and_contact, publisher_node
from kg.publishing.concepts import concept_iri
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.ontology_doc import TermDoc, ontology_doc
from kg.publishing.rdf import Statements
from kg.publishing.site import Site
from kg.store import Store

_TITLE = {"nb": "Informasjonsmodeller fra {}", "en": "Information models from {}"}


def information_model_triples(
    store: Store, site: Site, metadata: DatasetMetadata | None = None
) -> list[ox.Triple]:
    """The information-model catalogue at `site.information_models`."""
    settings = site.settings
    meta = metadata or DatasetMetadata.from_config(settings.config)
    doc = ontology_doc(store, settings.ontology_graph, settings.ontology_iri)
    g = Statements()
    catalog = ox.NamedNode(site.information_models)
    model = ox.NamedNode(site.information_models + "#model")
    publisher, contact = publisher_node(site, meta), ox.NamedNode(site.information_models + "#contact")
    homepage = ox.NamedNode(site.url("/"))
    publisher_and_contact(g, publisher, contact, homepage, meta)
    modified = ox.Literal(
        (last_modified(store, settings.ontology_graph) or date.today()).isoformat(), datatype=xsd.date
    )
    named = next(iter(meta.publisher_name.values()))

    g.add(catalog, rdf.type, dcat.Catalog)
    g.texts(catalog, dcterms.title, {lang: text.format(named) for lang, text in _TITLE.items()})
    g.texts(
        catalog,
        dcterms.description,
        {
            "nb": "Ontologien som grafens data følger, beskrevet etter ModellDCAT-AP-NO.",
            "en": "The ontology the graph's data follow, described by ModellDCAT-AP-NO.",
        },
    )
    g.add(catalog, dcterms.identifier, ox.Literal(catalog.value))
    g.add(catalog, dcterms.publisher, publisher)
    g.add(catalog, dcat.contactPoint, contact)
    g.add(catalog, foaf.homepage, homepage)
    g.add(homepage, rdf.type, foaf.Document)
    g.add(catalog, dcterms.license, ox.NamedNode(meta.licence))
    g.add(catalog, dcterms.modified, modified)
    g.add(catalog, modelldcatno.model, model)

    ontology_page = ox.NamedNode(site.ontology)
    g.add(model, rdf.type, modelldcatno.InformationModel)
    g.texts(model, dcterms.title, doc.titles)
    g.texts(model, dcterms.description, doc.descriptions)
    g.add(model, dcterms.identifier, ox.Literal(doc.iri))
    g.add(model, modelldcatno.informationModelIdentifier, ox.Literal(doc.iri))
    g.add(model, dcterms.publisher, publisher)
    g.add(model, dcat.contactPoint, contact)
    g.add(model, dcterms.license, ox.NamedNode(meta.licence))
    g.add(model, dcterms.modified, modified)
    g.add(model, foaf.homepage, ontology_page)
    g.add(ontology_page, rdf.type, foaf.Document)
    for extension in ("ttl", "rdf", "jsonld"):
        document = ox.NamedNode(f"{site.ontology}.{extension}")
        g.add(model, dcterms.hasFormat, document)
        g.add(document, rdf.type, foaf.Document)
    for theme in meta.themes:
        g.add(model, dcat.theme, ox.NamedNode(theme))
    for language, words in meta.keywords.items():
        for word in words:
            g.add(model, dcat.keyword, ox.Literal(word, language=language))

    classes = {term.iri for term in doc.classes}
    for term in doc.classes:
        element = ox.NamedNode(term.iri)
        concept = ox.NamedNode(concept_iri(site, term))
        g.add(model, modelldcatno.containsModelElement, element)
        g.add(model, dcterms.subject, concept)
        _element(g, element, modelldcatno.ObjectType, term)
        g.add(element, dcterms.subject, concept)
        g.add(concept, rdf.type, skos.Concept)
        g.texts(concept, skos.prefLabel, term.labels)
    for term in doc.object_properties:
        ranges = [r[0] for r in term.ranges if len(r) == 1 and r[0] in classes]
        for domain in _single_domains(term, classes):
            if ranges:
                role = _property_node(g, domain, term, modelldcatno.Role)
                g.add(role, modelldcatno.hasObjectType, ox.NamedNode(ranges[0]))
    for term in doc.datatype_properties:
        simple = [r[0] for r in term.ranges if len(r) == 1 and r[0].startswith(XSD)]
        for domain in _single_domains(term, classes):
            attribute = _property_node(g, domain, term, modelldcatno.Attribute)
            if simple:
                kind = ox.NamedNode(site.information_models + "#" + simple[0][len(XSD) :])
                g.add(attribute, modelldcatno.hasSimpleType, kind)
                g.add(kind, rdf.type, modelldcatno.SimpleType)
                g.add(kind, dcterms.title, ox.Literal(simple[0][len(XSD) :], language="en"))
                g.add(kind, dcterms.identifier, ox.Literal(simple[0]))
    return g


def _element(g: Statements, node: ox.NamedNode, kind: ox.NamedNode, term: TermDoc) -> None:
    """A model element; ModellDCAT-AP-NO's ObjectType, Role and Attribute are ModelElements (and
    Roles and Attributes Properties), said here for harvesters that do not read its ontology."""
    g.add(node, rdf.type, kind)
    g.add(node, rdf.type, modelldcatno.ModelElement)
    if kind != modelldcatno.ObjectType:
        g.add(node, rdf.type, modelldcatno.Property)
    g.texts(node, dcterms.title, term.labels)
    g.texts(node, dcterms.description, term.definitions)
    g.add(node, dcterms.identifier, ox.Literal(term.iri))


def _single_domains(term: TermDoc, classes: set[str]) -> list[str]:
    """The `sgo:` classes that are the property's domain on their own (a union is left out)."""
    return [d[0] for d in term.domains if len(d) == 1 and d[0] in classes]


def _property_node(g: Statements, domain: str, term: TermDoc, kind: ox.NamedNode) -> ox.NamedNode:
    node = ox.NamedNode(term.iri)
    g.add(ox.NamedNode(domain), modelldcatno.hasProperty, node)
    _element(g, node, kind, term)
    return node
