"""Where things are on the site, and how the graph's IRIs map to its URLs.

The IRI scheme (docs/integrator/linked-data.md): the configured base IRI
stands for the site's root, so `{base}id/x` is served at `/id/x` and
`{base}graph/data` at `/graph/data`. The ontology's IRI is fixed
(`https://w3id.org/strategigraf/ontology`, a hash namespace) and is served at
`/ontology`, its terms at `/ontology#Term`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.foundation.namespaces import SGO
from kg.foundation.organisation_number import is_valid, number_of, organisation_iri
from kg.foundation.settings import Settings

#: Documents describing a resource: `/doc/{path}.{extension}`.
DOC_PREFIX = "/doc/"
#: Where the site describes an organisation known by its organisation number, whose IRI is not
#: the site's (DCAT-AP-NO's, kg.foundation.organisation_number): `/doc/organisasjon/{number}.{ext}`.
ORGANISATION_DOCS = "organisasjon/"


@dataclass(frozen=True)
class Site:
    """The site's URLs, from its public root (no trailing slash)."""

    root: str
    settings: Settings

    def url(self, path: str) -> str:
        return self.root + path

    @property
    def catalog(self) -> str:
        return self.url("/catalog")

    @property
    def information_models(self) -> str:
        """The catalogue of the ontology as an information model (ModellDCAT-AP-NO)."""
        return self.url("/catalog/information-models")

    @property
    def concepts(self) -> str:
        """The ontology's classes as concepts (SKOS-AP-NO-Begrep)."""
        return self.url("/catalog/concepts")

    @property
    def dataset(self) -> str:
        """The dataset's IRI, shared by the DCAT catalog and the VoID description."""
        return self.catalog + "#dataset"

    @property
    def void(self) -> str:
        return self.url("/.well-known/void")

    @property
    def sparql(self) -> str:
        return self.url("/sparql")

    @property
    def downloads(self) -> str:
        return self.url("/download/")

    def download(self, file_name: str) -> str:
        return self.downloads + file_name

    @property
    def ontology(self) -> str:
        return self.url("/ontology")

    def link(self, iri: str) -> str | None:
        """The URL where this server describes `iri`, or None when it is not one of ours: its
        own IRIs, and an organisation by number (which the graph names, but another site serves)."""
        number = number_of(iri)
        if number is not None and is_valid(number):
            return self.url(f"{DOC_PREFIX}{ORGANISATION_DOCS}{number}.html")
        path = iri_path(iri, self.settings)
        return None if path is None else self.url(path)


def iri_path(iri: str, settings: Settings) -> str | None:
    """The site path (with any #fragment) that dereferences `iri`; None for foreign IRIs."""
    ontology = settings.ontology_iri
    if iri == ontology or iri.startswith(SGO) or iri.startswith(ontology + "/"):
        fragment = iri[len(SGO) :] if iri.startswith(SGO) else ""
        return "/ontology" + (f"#{fragment}" if fragment else "")
    if iri.startswith(settings.base_iri):
        return "/" + iri[len(settings.base_iri) :]
    return None


def resource_iri(path: str, settings: Settings) -> str:
    """The IRI a site path (`id/x`, without the leading slash) stands for; `organisasjon/N` under
    /doc/ stands for the organisation with number N."""
    number = path.removeprefix(ORGANISATION_DOCS) if path.startswith(ORGANISATION_DOCS) else None
    if number is not None and is_valid(number):
        return organisation_iri(number)
    return settings.base_iri + path
