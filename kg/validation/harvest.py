"""Would data.norge.no take it? The published catalogues checked as its validator checks them.

Each document kg publishes for harvesting (/catalog, /catalog/information-models,
/catalog/concepts) is validated with pySHACL, RDFS inference and the background facts merged into
the data graph, as data.norge.no's validator does (standards/SOURCE.md says where every shape file
comes from), against the profiles that apply to it: DCAT-AP-NO 3.0 (its three shape files),
DCAT-AP-NO 2.2 and DCAT-AP 3.0.1 for datasets, ModellDCAT-AP-NO for the information model,
SKOS-AP-NO-Begrep v2 (on its own graph) for the concepts.

Findings are told in the steward's words: the profile's own message where it has one in the
language asked for, else one made from the kind of rule broken, in Norwegian and English; and
where a value comes from strategigraf.toml, the key to change. Results about resources kg does not
publish (the EU code lists' own concepts) are left out. Where a shape itself is wrong, the result
is kept but marked a documented departure (`DEPARTURES`), which does not make the catalogue unfit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from kg.foundation.namespaces import DCAT, DCTERMS, FOAF, PREFIXES, VCARD
from kg.validation.rdflib_bridge import rdflib_graph

STANDARDS = Path(__file__).resolve().parent / "standards"
BACKGROUND = (
    "background/eu-nal-subset.ttl",
    "background/dcterms-dcat-foaf-ranges-subset.ttl",
    "background/code-lists-kg.ttl",
)
_SHORT = {
    **PREFIXES,
    "dct": DCTERMS,
    "vcard": VCARD,
    "modelldcatno": "https://data.norge.no/vocabulary/modelldcatno#",
}


@dataclass(frozen=True)
class Profile:
    """An application profile: the document it applies to and its shape files."""

    name: str
    document: str
    shapes: tuple[str, ...]
    #: SKOS-AP-NO targets every skos:Concept, the code lists' too: it runs on the document alone.
    background: bool = True


PROFILES = (
    Profile(
        "DCAT-AP-NO 3.0",
        "catalog",
        (
            "dcat-ap-no-3/dcatapno3-core-shapes.ttl",
            "dcat-ap-no-3/dcatapno3-range-shapes.ttl",
            "dcat-ap-no-3/dcatapno3-vocabulary-shapes.ttl",
        ),
    ),
    Profile("DCAT-AP-NO 2.2", "catalog", ("dcat-ap-no-2/DCAT-AP-NO-shacl_shapes_2.00.ttl",)),
    Profile(
        "DCAT-AP 3.0.1",
        "catalog",
        (
            "dcat-ap-3.0.1/shapes.ttl",
            "dcat-ap-3.0.1/range.ttl",
            "dcat-ap-3.0.1/mdr-vocabularies.shape.ttl",
            "dcat-ap-3.0.1/shapes_recommended.ttl",
            "dcat-ap-3.0.1/deprecateduris.ttl",
        ),
    ),
    Profile(
        "ModellDCAT-AP-NO 1.0",
        "information-models",
        ("modelldcat-ap-no/modelldcat-ap-no_v1_SHACL-shapes.ttl",),
    ),
    Profile(
        "SKOS-AP-NO-Begrep 2.0",
        "concepts",
        ("skos-ap-no-begrep/SKOS-AP-NO-Begrep-shape_shape_v2.ttl",),
        background=False,
    ),
)


@dataclass(frozen=True)
class Departure:
    """A shape of a profile that is itself wrong, and why kg does not bend its data to it."""

    profile: str
    path: str
    #: The shape's IRI, when it has one (else any result on `path` of the profile).
    shape: str | None
    messages: dict[str, str]


DEPARTURES = (
    Departure(
        "DCAT-AP-NO 3.0",
        DCAT + "mediaType",
        "https://data.norge.no/vocabulary/dcatno/shacl/ranges#hasShapeCVPattern-mediaType",
        {
            "en": "the draft's pattern ^https://www.w3.org/ns/iana/media-types/application/* refuses "
            "text/turtle (a glob read as a regular expression) and IANA's own IRIs, which DCAT-AP 3.0.1 "
            "requires; kg keeps IANA's IRIs",
            "nb": "utkastets mønster ^https://www.w3.org/ns/iana/media-types/application/* avviser "
            "text/turtle (et glob lest som regulært uttrykk) og IANAs egne IRI-er, som DCAT-AP 3.0.1 "
            "krever; kg beholder IANAs IRI-er",
        },
    ),
    Departure(
        "DCAT-AP-NO 3.0",
        DCAT + "compressFormat",
        "https://data.norge.no/vocabulary/dcatno/shacl/ranges#hasShapeCVPattern-dcatCompressFormat",
        {
            "en": "the same draft pattern as for dcat:mediaType; kg keeps IANA's own IRI for gzip, as "
            "DCAT-AP 3.0.1 requires",
            "nb": "det samme utkastmønsteret som for dcat:mediaType; kg beholder IANAs egen IRI for gzip, "
            "som DCAT-AP 3.0.1 krever",
        },
    ),
    Departure(
        "ModellDCAT-AP-NO 1.0",
        DCAT + "contactPoint",
        None,
        {
            "en": "the catalogue shape checks the contact point with sh:nodeKind vcard:Organization, a class "
            "where a node kind belongs: no value can pass; kg's contact point is a vcard:Organization",
            "nb": "katalogformen sjekker kontaktpunktet med sh:nodeKind vcard:Organization, en klasse der "
            "det skal stå en nodetype: ingen verdi kan bestå; kgs kontaktpunkt er en vcard:Organization",
        },
    ),
)

#: Where a published value comes from in strategigraf.toml: (property, whose) -> key.
CONFIG_KEYS = {
    (FOAF + "name", "publisher"): "publisher.name",
    (DCTERMS + "identifier", "publisher"): "publisher.id",
    (DCTERMS + "type", "publisher"): "publisher.type",
    (VCARD + "hasEmail", "contact"): "contact.email",
    (VCARD + "fn", "contact"): "contact.name",
    (DCTERMS + "license", ""): "catalogue.licence",
    (DCAT + "theme", ""): "catalogue.themes",
    (DCTERMS + "spatial", ""): "catalogue.spatial",
    (DCTERMS + "language", ""): "catalogue.languages",
    (DCAT + "keyword", ""): "catalogue.keywords",
    (DCTERMS + "issued", ""): "catalogue.issued",
    (DCTERMS + "title", "dataset"): "catalogue.title",
    (DCTERMS + "description", "dataset"): "catalogue.description",
}

_GENERIC = {
    "MinCount": ("{path} is missing, or has too few values", "{path} mangler, eller har for få verdier"),
    "MaxCount": (
        "{path} has more values than the profile allows",
        "{path} har flere verdier enn profilen tillater",
    ),
    "Class": (
        "the value of {path} is not of the class the profile asks for",
        "verdien av {path} er ikke av klassen profilen krever",
    ),
    "Datatype": ("the value of {path} has the wrong datatype", "verdien av {path} har feil datatype"),
    "NodeKind": (
        "the value of {path} is of the wrong kind (IRI or text)",
        "verdien av {path} er av feil slag (IRI eller tekst)",
    ),
    "Pattern": (
        "the value of {path} is not from the list the profile names",
        "verdien av {path} er ikke fra listen profilen krever",
    ),
    "In": (
        "the value of {path} is not from the list the profile names",
        "verdien av {path} er ikke fra listen profilen krever",
    ),
    "HasValue": ("{path} lacks the value the profile requires", "{path} mangler verdien profilen krever"),
    "Node": (
        "the value of {path} does not meet the profile's rules for it",
        "verdien av {path} oppfyller ikke profilens regler for den",
    ),
}


@dataclass(frozen=True)
class HarvestFinding:
    """One result of one profile about one published resource."""

    profile: str
    document: str
    severity: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    messages: dict[str, str]
    key: str | None = None
    departure: Departure | None = None

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")


@dataclass
class HarvestReport:
    """Every finding, by profile, and whether the documents would be taken as they are."""

    findings: list[HarvestFinding] = field(default_factory=list)

    @property
    def violations(self) -> list[HarvestFinding]:
        return [f for f in self.findings if f.severity == "Violation" and f.departure is None]

    @property
    def ready(self) -> bool:
        return not self.violations


def short(iri: str | None) -> str:
    """A property or class as a steward writes it (dct:title), else the IRI."""
    if iri is None:
        return ""
    for prefix, namespace in sorted(_SHORT.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and prefix != "dcterms":
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri.replace(DCTERMS, "dct:")


def check_harvest(
    documents: dict[str, list[ox.Triple]], *, ours: Callable[[str], bool], roles: dict[str, str]
) -> HarvestReport:
    """Validate each document (by name: catalog, information-models, concepts) against its profiles.

    `ours` says whether a focus node is a resource kg publishes; `roles` names the publisher's,
    contact point's and whole dataset's IRIs ("publisher", "contact", "dataset"), to find the key of
    strategigraf.toml behind a value.
    """
    report = HarvestReport()
    whose = {iri: role for role, iri in roles.items()}
    for profile in PROFILES:
        triples = documents.get(profile.document)
        if triples is None:
            continue
        data = rdflib_graph(triples)
        if profile.background:
            for name in BACKGROUND:
                data.parse(STANDARDS / name, format="turtle")
        _conforms, results, _text = validate(
            data, shacl_graph=_shapes(profile.shapes), inference="rdfs", allow_warnings=True
        )
        for result in results.objects(None, SH.result):
            focus = str(results.value(result, SH.focusNode))
            if ours(focus):
                report.findings.append(_finding(profile, results, result, focus, whose))
    report.findings.sort(key=lambda f: (f.profile, f.severity != "Violation", f.focus, f.path or ""))
    return report


@cache
def _shapes(files: tuple[str, ...]) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for name in files:
        shapes.parse(STANDARDS / name, format="turtle")
    return shapes


def _finding(
    profile: Profile, results: rdflib.Graph, result: rdflib.term.Node, focus: str, whose: dict[str, str]
) -> HarvestFinding:
    path_node = results.value(result, SH.resultPath)
    path = str(path_node) if isinstance(path_node, rdflib.URIRef) else None
    value = results.value(result, SH.value)
    shape = str(results.value(result, SH.sourceShape))
    component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
    messages: dict[str, str] = {}
    for text in results.objects(result, SH.resultMessage):
        if isinstance(text, rdflib.Literal):
            messages.setdefault(text.language or "en", str(text))
    generic = _GENERIC.get(component.removesuffix("ConstraintComponent"))
    if generic:
        messages.setdefault("en", generic[0].format(path=short(path)))
        messages.setdefault("nb", generic[1].format(path=short(path)))
    departure = next(
        (
            d
            for d in DEPARTURES
            if d.profile == profile.name and d.path == path and (d.shape is None or d.shape == shape)
        ),
        None,
    )
    role = whose.get(focus, "")
    key = CONFIG_KEYS.get((path or "", role)) or CONFIG_KEYS.get((path or "", ""))
    return HarvestFinding(
        profile=profile.name,
        document=profile.document,
        severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        focus=focus,
        path=path,
        value=str(value) if value is not None else None,
        shape=shape,
        messages=messages,
        key=key,
        departure=departure,
    )
