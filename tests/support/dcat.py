"""Validating a DCAT catalogue as data.norge.no and the EU validator do, offline.

The shape sets come from ../shared/standards (see its README): DCAT-AP 3.0.1
(the html/shacl files that load: base, ranges, controlled vocabularies,
recommended, deprecated), DCAT-AP-NO 2.2 and the three files of DCAT-AP-NO 3.0.
The background facts (EU code-list membership, DCTERMS/DCAT/FOAF ranges) are
merged into the data graph and pySHACL runs with RDFS inference, as the
standards README says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyshacl import validate
from rdflib.namespace import SH

DCAT_AP_3 = (
    "dcat-ap-3.0.1/shapes.ttl",
    "dcat-ap-3.0.1/range.ttl",
    "dcat-ap-3.0.1/mdr-vocabularies.shape.ttl",
    "dcat-ap-3.0.1/shapes_recommended.ttl",
    "dcat-ap-3.0.1/deprecateduris.ttl",
)
DCAT_AP_NO = ("dcat-ap-no-2/DCAT-AP-NO-shacl_shapes_2.00.ttl",)
DCAT_AP_NO_3 = (
    "dcat-ap-no-3/dcatapno3-core-shapes.ttl",
    "dcat-ap-no-3/dcatapno3-range-shapes.ttl",
    "dcat-ap-no-3/dcatapno3-vocabulary-shapes.ttl",
)
PROFILES = {"DCAT-AP 3.0.1": DCAT_AP_3, "DCAT-AP-NO 2.2": DCAT_AP_NO, "DCAT-AP-NO 3.0": DCAT_AP_NO_3}
MODELLDCAT_AP_NO = ("modelldcat-ap-no/modelldcat-ap-no_v1_SHACL-shapes.ttl",)
#: data.norge.no's current concept validator (its id "4").
SKOS_AP_NO_2 = ("skos-ap-no-begrep/SKOS-AP-NO-Begrep-shape_shape_v2.ttl",)
#: ModellDCAT-AP-NO v1's catalogue shape checks dcat:contactPoint with `sh:nodeKind vcard:Organization`,
#: a class where a node kind (sh:IRI, sh:BlankNode, ...) belongs: no value can pass. docs/portal/.
MODELLDCAT_CONTACT_POINT = "http://www.w3.org/ns/dcat#contactPoint"
#: The one shape of the DCAT-AP-NO 3.0 draft the catalogue departs from, on purpose: its pattern
#: "^https://www.w3.org/ns/iana/media-types/application/*" refuses text/turtle (a regular
#: expression read as a glob) and every IANA registry IRI, which DCAT-AP 3.0.1 requires of the
#: same property (at most one value in both). docs/portal/ says so.
NO_3_MEDIA_TYPE = "https://data.norge.no/vocabulary/dcatno/shacl/ranges#hasShapeCVPattern-mediaType"
BACKGROUND = ("background/eu-nal-subset.ttl", "background/dcterms-dcat-foaf-ranges-subset.ttl")

#: Code-list facts for the EU and ADMS concepts a catalogue uses beyond the shared subset, written
#: by hand and shipped with kg for its own harvest check (kg/validation/standards/background/).
EXTRA_BACKGROUND = (
    Path(__file__).resolve().parents[2] / "kg/validation/standards/background/code-lists-kg.ttl"
)


@dataclass
class Finding:
    severity: str
    focus: str
    path: str
    message: str
    shape: str = ""

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


def load_shapes(standards: Path, files: tuple[str, ...]) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for name in files:
        shapes.parse(standards / name, format="turtle")
    return shapes


def with_background(catalog: rdflib.Graph, standards: Path) -> rdflib.Graph:
    data = rdflib.Graph()
    data += catalog
    for name in BACKGROUND:
        data.parse(standards / name, format="turtle")
    data.parse(EXTRA_BACKGROUND, format="turtle")
    return data


def findings(
    catalog: rdflib.Graph, standards: Path, shape_files: tuple[str, ...], *, background: bool = True
) -> list[Finding]:
    """Every result of validating the catalogue (with background facts) against the shapes.

    SKOS-AP-NO's shapes target every skos:Concept, the EU code lists' too: concept catalogues are
    validated without background (its README says to keep them on their own graph).
    """
    data = with_background(catalog, standards) if background else catalog
    _conforms, report, _text = validate(
        data, shacl_graph=load_shapes(standards, shape_files), inference="rdfs", allow_warnings=True
    )
    found = []
    # Top-level results only: nested sh:detail results belong to the result that holds them.
    for result in report.objects(None, SH.result):
        found.append(
            Finding(
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath)),
                message=str(report.value(result, SH.resultMessage)),
                shape=str(report.value(result, SH.sourceShape)),
            )
        )
    return sorted(found, key=str)


def violations(
    catalog: rdflib.Graph, standards: Path, shape_files: tuple[str, ...], *, background: bool = True
) -> list[Finding]:
    found = findings(catalog, standards, shape_files, background=background)
    return [f for f in found if f.severity == "Violation"]


def undocumented_violations(
    catalog: rdflib.Graph, standards: Path, shape_files: tuple[str, ...]
) -> list[Finding]:
    """The violations, less the documented departure from the DCAT-AP-NO 3.0 draft's media types."""
    return [f for f in violations(catalog, standards, shape_files) if f.shape != NO_3_MEDIA_TYPE]
