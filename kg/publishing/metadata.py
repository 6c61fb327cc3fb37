"""What the publishers state about the dataset (not about the strategies in it).

Everything a catalogue needs that the graph itself does not say: titles, publisher, contact,
licence, themes. It comes from the project's strategigraf.toml (`kg.foundation.config`, with its
defaults); values the graph does say (the temporal coverage, dct:modified) are read from it
instead, see `kg.publishing.catalog`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.foundation.config import EU, ProjectConfig, defaults
from kg.foundation.organisation_number import is_valid, normalise, organisation_iri

#: The publisher's name while strategigraf.toml gives none: a placeholder that says so, never
#: Strategigraf's own name (this project does not publish other organisations' data).
UNNAMED_PUBLISHER = {
    "nb": "Utgiver ikke oppgitt (publisher.name i strategigraf.toml)",
    "en": "Publisher not stated (publisher.name in strategigraf.toml)",
}


@dataclass(frozen=True)
class DatasetMetadata:
    title: dict[str, str]
    description: dict[str, str]
    publisher_name: dict[str, str]
    #: The publisher's IRI (an organisation number becomes DCAT-AP-NO's IRI for it, the one the data
    #: give the organisation too); None: local.
    publisher_iri: str | None
    organisation_number: str | None
    #: ADMS publisher type.
    publisher_type: str
    contact_name: str
    contact_email: str | None
    contact_url: str | None
    keywords: dict[str, tuple[str, ...]]
    #: First release; None: the date the data last changed.
    issued: date | None
    licence: str
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    spatial: tuple[str, ...]
    catalog_title: dict[str, str]
    catalog_description: dict[str, str]
    access_rights: str = EU + "access-right/PUBLIC"
    theme_taxonomy: str = EU + "data-theme"
    frequency: str = EU + "frequency/IRREG"
    #: DCAT-AP 3's code list (DCAT-AP-NO names another one; see docs/portal/catalogue.md).
    availability: str = EU + "planned-availability/STABLE"

    @classmethod
    def from_config(cls, config: ProjectConfig | None = None) -> DatasetMetadata:
        get = (config or defaults()).get
        name: dict[str, str] = {lang: text for lang, text in get("publisher.name").items() if text.strip()}
        name = name or UNNAMED_PUBLISHER
        identifier = str(get("publisher.id")).strip()
        number = normalise(identifier) if is_valid(identifier) else None
        return cls(
            title=dict(get("catalogue.title")),
            description=dict(get("catalogue.description")),
            publisher_name=name,
            publisher_iri=organisation_iri(number) if number else identifier or None,
            organisation_number=number,
            publisher_type=get("publisher.type"),
            contact_name=get("contact.name") or name.get("nb") or next(iter(name.values())),
            contact_email=get("contact.email") or None,
            contact_url=get("contact.url") or None,
            keywords={language: tuple(words) for language, words in get("catalogue.keywords").items()},
            issued=get("catalogue.issued"),
            licence=get("catalogue.licence"),
            themes=tuple(get("catalogue.themes")),
            languages=tuple(get("catalogue.languages")),
            spatial=tuple(get("catalogue.spatial")),
            catalog_title={"nb": "Strategigraf-katalogen", "en": "The Strategigraf catalogue"},
            catalog_description={
                "nb": "Datasett og datatjenester som denne Strategigraf-tjeneren publiserer.",
                "en": "Datasets and data services published by this Strategigraf server.",
            },
        )
