"""Is the catalogue ready to be harvested? What strategigraf.toml still leaves to the publisher.

A portal such as data.norge.no lists a catalogue under its publisher: the publisher's name, its
organisation number (Enhetsregisteret), a contact e-mail, and IRIs under the publisher's own
domain. `kg init` asks for them; until they are given, `kg validate`, `kg serve` and `kg export`
say, one line per missing item, that the catalogue is not ready (`warnings`), in the steward's
words, Norwegian and English, with the line of strategigraf.toml to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.foundation.config import CONFIG_FILE, STRATEGIGRAF_BASE_IRI, key_line
from kg.foundation.organisation_number import is_valid
from kg.foundation.settings import Settings


@dataclass(frozen=True)
class Missing:
    """One thing the publisher has still to say, and where."""

    key: str
    path: Path
    line: int | None
    messages: dict[str, str]

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        """One line: where, then the message in English and Norwegian."""
        return (
            f"{self.location()}: not ready to be harvested: {self.messages['en']} "
            f"/ ikke klar for høsting: {self.messages['nb']}"
        )


_MESSAGES = {
    "publisher.name": {
        "en": "publisher.name is empty: write the publishing organisation's name (kg init --publisher)",
        "nb": "publisher.name er tom: skriv navnet på organisasjonen som publiserer (kg init --publisher)",
    },
    "publisher.id": {
        "en": "publisher.id has no organisation number: write the publisher's nine digits from "
        "Enhetsregisteret (kg init --org-number)",
        "nb": "publisher.id mangler organisasjonsnummer: skriv utgiverens ni sifre fra Enhetsregisteret "
        "(kg init --org-number)",
    },
    "contact.email": {
        "en": "contact.email is empty: write an address users can write to about the data "
        "(kg init --contact-email)",
        "nb": "contact.email er tom: skriv en adresse brukerne kan skrive til om dataene "
        "(kg init --contact-email)",
    },
    "project.base-iri": {
        "en": f"project.base-iri is Strategigraf's own namespace {STRATEGIGRAF_BASE_IRI}: mint IRIs under "
        "your organisation's domain (kg base-iri https://data.example.no/strategier/)",
        "nb": f"project.base-iri er Strategigrafs eget navnerom {STRATEGIGRAF_BASE_IRI}: lag IRI-er under "
        "organisasjonens eget domene (kg base-iri https://data.example.no/strategier/)",
    },
}


def missing_for_harvest(settings: Settings) -> list[Missing]:
    """What strategigraf.toml (and --base-iri) leave unsaid that a harvested catalogue needs."""
    config = settings.config
    missing = []
    if not any(text.strip() for text in config.get("publisher.name").values()):
        missing.append("publisher.name")
    if not is_valid(str(config.get("publisher.id"))):
        missing.append("publisher.id")
    if not str(config.get("contact.email")).strip():
        missing.append("contact.email")
    if settings.base_iri == STRATEGIGRAF_BASE_IRI:
        missing.append("project.base-iri")
    path = config.path or settings.project_dir / CONFIG_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return [Missing(key, path, key_line(text, key), _MESSAGES[key]) for key in missing]
