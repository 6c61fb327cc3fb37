"""`strategigraf.toml`: what a project says about itself and its publisher, checked key by key.

The file holds what belongs to the publishing organisation and its deployment, not to the tool:
base IRI, folders, the catalogue's publisher, contact point, licence, themes, places, the date of
first release and the public URL. Every key has a default (see `KEYS`); an unknown key or a value
of the wrong type is an error naming the file, the line and the key, as a steward needs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kg.foundation.errors import FileError
from kg.foundation.organisation_number import InvalidOrganisationNumber, normalise

#: Strategigraf's own namespace: the default base IRI, never a publisher's (kg base-iri changes it).
STRATEGIGRAF_BASE_IRI = "https://w3id.org/strategigraf/"

CONFIG_FILE = "strategigraf.toml"
EU = "http://publications.europa.eu/resource/authority/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


class ConfigError(FileError):
    """A `strategigraf.toml` that cannot be used: FILE:LINE: what is wrong."""


@dataclass(frozen=True)
class Key:
    """One documented key: its kind of value, its default, and what it means."""

    kind: str
    default: Any
    doc: str


def _texts(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}


#: Every key of strategigraf.toml, dotted as written under its table. The documentation's reference
#: (docs/reference/configuration.md) is made from here.
KEYS: dict[str, Key] = {
    "project.base-iri": Key(
        "base",
        STRATEGIGRAF_BASE_IRI,
        "Base of resource and graph IRIs: your organisation's domain (kg base-iri NEW changes it).",
    ),
    "project.data": Key("path", "data", "Folder of the Turtle data files."),
    "project.sources": Key("path", "sources", "Folder of the source texts (sgo:sourceText)."),
    "project.shapes": Key("path", "shapes", "Folder of the project's own SHACL shapes, used beside kg's."),
    "project.queries": Key("path", "queries", "Folder of the project's own named queries (.rq)."),
    "project.vocabulary": Key(
        "path",
        "packaged",
        '"packaged" (the ontology, shapes and queries kg ships) or a folder holding ontology/, '
        "shapes/ and queries/ that replace them.",
    ),
    "project.ontology": Key(
        "path", "", "A different ontology: a Turtle file or folder (empty: the vocabulary's)."
    ),
    "catalogue.title": Key(
        "texts",
        _texts(
            "Strategigraf: offentlige strategidokumenter som lenkede data",
            "Strategigraf: public strategy documents as linked data",
        ),
        "The dataset's title, by language.",
    ),
    "catalogue.description": Key(
        "texts",
        _texts(
            "Visjon, roller og arbeidsformer, innsatsområder, prioriterte aktiviteter, refererte dokumenter "
            "og aktører i offentlige strategidokumenter, på norsk og engelsk, med hvert utsagn sporbart til "
            "linjene i kildeteksten.",
            "Vision, roles and working methods, focus areas, prioritised activities, referenced documents "
            "and actors of public strategy documents, in Norwegian and English, every statement traceable "
            "to its lines in the source text.",
        ),
        "The dataset's description, by language.",
    ),
    "catalogue.keywords": Key(
        "keywords",
        {
            "nb": ["strategi", "innsatsområder", "regional utvikling", "lenkede data"],
            "en": ["strategy", "focus areas", "regional development", "linked data"],
        },
        "Keywords, by language.",
    ),
    "catalogue.issued": Key("date", None, "Date of the first release (TOML date). Empty: the data's date."),
    "catalogue.licence": Key("iri", EU + "licence/CC_BY_4_0", "Licence IRI (EU licence code list)."),
    "catalogue.themes": Key(
        "iris", [EU + "data-theme/GOVE", EU + "data-theme/REGI"], "EU data themes of the dataset."
    ),
    "catalogue.spatial": Key("iris", [EU + "country/NOR"], "Places the strategies concern (IRIs)."),
    "catalogue.languages": Key(
        "iris", [EU + "language/NOB", EU + "language/ENG"], "Languages of the texts (EU language IRIs)."
    ),
    "publisher.name": Key(
        "texts",
        {},
        "Publisher's name, by language. Empty: not ready to be harvested.",
    ),
    "publisher.id": Key(
        "organisation",
        "",
        "Publisher's organisation number (9 digits, Enhetsregisteret, check digit checked) or IRI. "
        "Empty: a local IRI, not ready to be harvested.",
    ),
    "publisher.type": Key(
        "iri",
        ADMS_PUBLISHER_TYPE + "LocalAuthority",
        "Publisher type (ADMS publisher types: LocalAuthority, RegionalAuthority, NationalAuthority, ...).",
    ),
    "contact.name": Key("str", "", "Contact point's name. Empty: the publisher's Norwegian name."),
    "contact.email": Key("email", "", "Contact point's e-mail address. Empty: not ready to be harvested."),
    "contact.url": Key("str", "", "Contact point's web page. Empty: the server's front page."),
    "server.public-url": Key("str", "", "The server's URL as clients see it, e.g. https://data.example.no."),
}


def toml_value(value: Any) -> str:
    """A value as it is written in strategigraf.toml (for `kg init` and the documentation)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")
_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, eq=False)
class ProjectConfig:
    """A project's configuration: every key of `KEYS` with the file's value or the default.

    Compared and hashed by identity (its values hold dicts), so Settings stay usable as cache keys.
    """

    path: Path | None
    values: Mapping[str, Any]

    def get(self, key: str) -> Any:
        return self.values[key]

    def folder(self, key: str, root: Path) -> Path:
        return (root / str(self.values[key])).resolve()


def defaults() -> ProjectConfig:
    return ProjectConfig(None, {key: spec.default for key, spec in KEYS.items()})


def load_config(path: Path) -> ProjectConfig:
    """The configuration in `path`; `ConfigError` with the line for bad syntax, keys or types."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, None, f"cannot read: {error}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _DECODE_POSITION.search(str(error))
        message = _DECODE_POSITION.sub("", str(error)).strip()
        raise ConfigError(path, int(found.group(1)) if found else None, f"TOML syntax: {message}") from None
    values = dict(defaults().values)
    for key, value in _flatten(document):
        spec = KEYS.get(key)
        line = key_line(text, key)
        if spec is None:
            raise ConfigError(path, line, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        problem = _problem(spec.kind, value)
        if problem:
            raise ConfigError(path, line, f"{key}: {problem}")
        values[key] = value
    return ProjectConfig(path, values)


def _flatten(document: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) for every key; tables of texts stay whole where a key expects them."""
    pairs: list[tuple[str, Any]] = []
    for name, value in document.items():
        key = prefix + name
        if isinstance(value, dict) and not (key in KEYS and KEYS[key].kind in ("texts", "keywords")):
            pairs.extend(_flatten(value, key + "."))
        else:
            pairs.append((key, value))
    return pairs


def key_line(text: str, key: str) -> int | None:
    """The line (from 1) where `key` (dotted, as in KEYS) is set, or its table starts."""
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1).replace(" ", "")
            if table == key or (key.startswith(table + ".") and table.count(".") >= key.count(".")):
                return number
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            name = assignment.group(1).replace(" ", "")
            full = f"{table}.{name}" if table else name
            if full == key or key.startswith(full + ".") or full.startswith(key + "."):
                return number
    return None


def _is_text_map(value: Any, item: Callable[[Any], bool]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(language, str) and re.fullmatch(r"[a-z]{2,3}", language) and item(text)
        for language, text in value.items()
    )


_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")
_BASE_IRI = re.compile(r"^https?://[^/\s?#<>\"]+(/[^\s<>\"{}|\\^`]*)?[/#]$")
_EMAIL = re.compile(r"^(mailto:)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+$")


def base_iri_problem(value: str) -> str | None:
    """Why `value` cannot be a base IRI (absolute http(s), ending in / or #), or None."""
    if _BASE_IRI.match(value):
        return None
    return f"{value!r} is not a base IRI: an absolute http(s) IRI ending in / or #, e.g. https://data.example.no/strategier/"


def email_problem(value: str) -> str | None:
    """Why `value` is not an e-mail address, or None."""
    if _EMAIL.match(value):
        return None
    return f"{value!r} is not an e-mail address, e.g. postmottak@example.no"


def organisation_problem(value: str) -> str | None:
    """Why `value` is neither an organisation number nor an absolute IRI, or None."""
    if not value.strip() or (_IRI.match(value) and not value.strip().isdigit()):
        return None
    try:
        normalise(value)
    except InvalidOrganisationNumber as problem:
        return str(problem)
    return None


def _problem(kind: str, value: Any) -> str | None:
    """What is wrong with `value` for a key of this kind, or None."""
    if kind in _CHECKED:
        return "expected a string" if not isinstance(value, str) else _CHECKED[kind](value)
    ok = {
        "str": isinstance(value, str),
        "path": isinstance(value, str),
        "iri": isinstance(value, str) and bool(_IRI.match(value)),
        "iris": isinstance(value, list) and all(isinstance(i, str) and _IRI.match(i) for i in value),
        "date": isinstance(value, date),
        "texts": _is_text_map(value, lambda t: isinstance(t, str)),
        "keywords": _is_text_map(value, lambda t: isinstance(t, list) and all(isinstance(w, str) for w in t)),
    }[kind]
    return None if ok else _EXPECTED[kind]


_CHECKED = {
    "base": base_iri_problem,
    "email": lambda value: email_problem(value) if value else None,
    "organisation": organisation_problem,
}
_EXPECTED = {
    "str": "expected a string",
    "path": "expected a path (a string)",
    "iri": "expected an absolute IRI, e.g. http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
    "iris": "expected a list of absolute IRIs",
    "date": "expected a TOML date, e.g. 2026-01-31 (no quotes)",
    "texts": 'expected texts by language, e.g. { nb = "…", en = "…" }',
    "keywords": 'expected lists of words by language, e.g. { nb = ["…"], en = ["…"] }',
}
