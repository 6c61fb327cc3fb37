"""What we, the publishers, state about the dataset (not about the strategies in it).

Everything a catalogue needs that the graph itself does not say: titles,
publisher, contact, licence, themes. Values that the graph does say (the
temporal coverage) are read from it instead, see `kg.publishing.catalog`.
Update `modified` when a new version of the data is released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

EU = "http://publications.europa.eu/resource/authority/"


@dataclass(frozen=True)
class DatasetMetadata:
    title: dict[str, str] = field(
        default_factory=lambda: {
            "nb": "Strategigraf: offentlige strategidokumenter som lenkede data",
            "en": "Strategigraf: public strategy documents as linked data",
        }
    )
    description: dict[str, str] = field(
        default_factory=lambda: {
            "nb": "Visjon, roller og arbeidsformer, innsatsområder, prioriterte aktiviteter, refererte "
            "dokumenter og aktører i offentlige strategidokumenter, på norsk og engelsk, med hvert "
            "utsagn sporbart til linjene i kildeteksten. Første dokument: Osloregionens «Strategiske "
            "føringer og tematiske innsatsområder» (2017).",
            "en": "Vision, roles and working methods, focus areas, prioritised activities, referenced "
            "documents and actors of public strategy documents, in Norwegian and English, every "
            "statement traceable to its lines in the source text. First document: Osloregionen's "
            "“Strategic guidelines and thematic focus areas” (2017).",
        }
    )
    catalog_title: dict[str, str] = field(
        default_factory=lambda: {"nb": "Strategigraf-katalogen", "en": "The Strategigraf catalogue"}
    )
    catalog_description: dict[str, str] = field(
        default_factory=lambda: {
            "nb": "Datasett og datatjenester som denne Strategigraf-tjeneren publiserer.",
            "en": "Datasets and data services published by this Strategigraf server.",
        }
    )
    publisher_name: dict[str, str] = field(
        default_factory=lambda: {"nb": "Strategigraf-prosjektet", "en": "The Strategigraf project"}
    )
    keywords: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "nb": ("strategi", "innsatsområder", "regional utvikling", "lenkede data"),
            "en": ("strategy", "focus areas", "regional development", "linked data"),
        }
    )
    issued: date = date(2026, 11, 26)
    modified: date = date(2026, 11, 26)
    licence: str = EU + "licence/CC_BY_4_0"
    access_rights: str = EU + "access-right/PUBLIC"
    #: EU data themes: the strategies concern government and public sector, and regions and cities.
    themes: tuple[str, ...] = (EU + "data-theme/GOVE", EU + "data-theme/REGI")
    theme_taxonomy: str = EU + "data-theme"
    #: The texts are Norwegian Bokmål with English translations.
    languages: tuple[str, ...] = (EU + "language/NOB", EU + "language/ENG")
    #: The strategies are Norwegian public strategies.
    spatial: tuple[str, ...] = (EU + "country/NOR",)
    frequency: str = EU + "frequency/IRREG"
    #: DCAT-AP 3's code list (DCAT-AP-NO names another one; see README, Publishing).
    availability: str = EU + "planned-availability/STABLE"
