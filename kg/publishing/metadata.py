"""What the publishers state about the dataset (not about the strategies in it).

Everything a catalogue needs that the graph itself does not say: titles, publisher, contact,
licence, themes. It comes from the project's strategigraf.toml (`kg.foundation.config`, with its
defaults); values the graph does say (the temporal coverage, dct:modified) are read from it
instead, see `kg.publishing.catalog`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.foundation.config import EU, ProjectConfig, defaults

#: Where Norwegian organisation numbers dereference (as DCAT-AP-NO's publishers do).
ENHETSREGISTERET = "https://data.brreg.no/enhetsregisteret/api/enheter/"


@dataclass(frozen=True)
class DatasetMetadata:
    title: dict[str, str]
    description: dict[str, str]
    publisher_name: dict[str, str]
    #: The publisher's IRI (an organisation number becomes its Enhetsregisteret IRI); None: local.
    publisher_iri: str | None
    organisation_number: str | None
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
        name: dict[str, str] = dict(get("publisher.name"))
        identifier = str(get("publisher.id")).strip()
        number = identifier.replace(" ", "") if re.fullmatch(r"[\d ]{9,11}", identifier) else None
        return cls(
            title=dict(get("catalogue.title")),
            description=dict(get("catalogue.description")),
            publisher_name=name,
            publisher_iri=ENHETSREGISTERET + number if number else identifier or None,
            organisation_number=number,
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
