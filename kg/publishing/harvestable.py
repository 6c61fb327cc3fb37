"""What kg publishes for harvesting, as one set of documents: the input of the harvest check.

The same functions the server's /catalog, /catalog/information-models and /catalog/concepts call,
on the same store and site, so `kg validate --profile dcat-ap-no` checks exactly what a portal
would fetch.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.publishing.catalog import catalog_triples, publisher_node
from kg.publishing.concepts import concept_triples
from kg.publishing.information_models import information_model_triples
from kg.publishing.metadata import DatasetMetadata
from kg.publishing.site import Site
from kg.store import Store


@dataclass(frozen=True)
class Harvestable:
    """The documents by name, their URLs, and which resources in them are kg's own."""

    documents: dict[str, list[ox.Triple]]
    urls: dict[str, str]
    #: publisher, contact and dataset IRIs: where strategigraf.toml's values show.
    roles: dict[str, str]

    def ours(self, iri: str) -> bool:
        """A resource a published document describes (not a code list's concept it names)."""
        return iri in self._subjects

    @property
    def _subjects(self) -> set[str]:
        return {
            t.subject.value
            for triples in self.documents.values()
            for t in triples
            if isinstance(t.subject, ox.NamedNode)
        }


def harvestable(store: Store, site: Site) -> Harvestable:
    meta = DatasetMetadata.from_config(site.settings.config)
    return Harvestable(
        documents={
            "catalog": catalog_triples(store, site, sparql_endpoint=True, metadata=meta),
            "information-models": information_model_triples(store, site, meta),
            "concepts": concept_triples(store, site, meta),
        },
        urls={
            "catalog": site.catalog,
            "information-models": site.information_models,
            "concepts": site.concepts,
        },
        roles={
            "publisher": publisher_node(site, meta).value,
            "contact": site.catalog + "#contact",
            "dataset": site.dataset,
        },
    )
