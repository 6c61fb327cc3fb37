"""Every SHACL shape catches the mistake it is for, and only that.

Each case edits a copy of data/osloregionen-2017.ttl the way a steward might
get it wrong, validates, and compares the whole report with the results the
edit must cause: focus node, path, shape and constraint component, each at
the line where that resource's block starts in the edited file. The expected
results follow from the edit and from what the source document says (e.g.
the scan has 56 lines, the period is 2017–2020), not from a previous run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import RDFS, SH
from rdflib.paths import Path as PropertyPath

from kg.foundation import namespaces
from kg.foundation.project_settings import project_settings
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.validation.problems import ValidationReport, path_from_rdflib
from kg.validation.shacl import validate
from tests.support.project import DATA_FILE, Project, copy_project
from tests.support.rdf import language

SGO = rdflib.Namespace(namespaces.SGO)
DCAT = rdflib.Namespace(namespaces.DCAT)
DCTERMS = rdflib.Namespace(namespaces.DCTERMS)
SKOS = rdflib.Namespace(namespaces.SKOS)
SGOSH = rdflib.Namespace("https://w3id.org/strategigraf/shapes#")
PREFIXES = {
    "id": "https://w3id.org/strategigraf/id/",
    "osr": "https://w3id.org/strategigraf/id/osloregionen-2017/",
    "dok": "https://w3id.org/strategigraf/id/dokument/",
    "aktor": "https://w3id.org/strategigraf/id/aktor/",
    "kilde": "https://w3id.org/strategigraf/id/kilde/",
}
PARENT = SGO.activityOf | SGO.subActivityOf | SGO.themeOf | SGO.meansOf
FOCUS_AREA_CHAIN = ((SGO.subActivityOf | SGO.themeOf | SGO.meansOf) * "*") / SGO.activityOf
SOURCE = "kilde:000_bad88d70322fed8d"
PROVENANCE = f"    sgo:sourceText {SOURCE} ;\n    sgo:firstLine 9 ;\n    sgo:lastLine 9 ."


@dataclass(frozen=True)
class Expected:
    focus: str
    path: URIRef | PropertyPath | None
    shape: str
    component: str

    def key(self) -> tuple[object, ...]:
        prefix, _, local = self.focus.partition(":")
        return (
            ox.NamedNode(PREFIXES[prefix] + local),
            path_from_rdflib(self.path) if self.path is not None else None,
            ox.NamedNode(SGOSH[self.shape]),
            ox.NamedNode(SH[f"{self.component}ConstraintComponent"]),
        )


@dataclass(frozen=True)
class Case:
    id: str
    edits: tuple[tuple[str, str], ...]
    expected: tuple[Expected, ...]


def case(id: str, old: str, new: str, *expected: Expected) -> Case:
    return Case(id, ((old, new),), expected)


E = Expected
CASES = [
    # --- documents ---------------------------------------------------------
    case(
        "plan title without English",
        '"Strategiske føringer og tematiske innsatsområder"@nb ,\n'
        '        "Strategic guidelines and thematic focus areas"@en ;',
        '"Strategiske føringer og tematiske innsatsområder"@nb ;',
        E("id:osloregionen-2017", None, "EnglishTitleShape", "Or"),
    ),
    case(
        "document title twice in Norwegian",
        '"International promotion strategy for the Oslo Region"@en ;\n    dcterms:issued "2015"',
        '"Internasjonal profileringsstrategi"@nb ;\n    dcterms:issued "2015"',
        E(
            "dok:internasjonal-profileringsstrategi-for-osloregionen-2015",
            DCTERMS.title,
            "StrategyDocument-title",
            "UniqueLang",
        ),
    ),
    case(
        "document title in a third language",
        '"Coordinated land use and transport strategy for the Oslo Region"@en ;\n    dcterms:issued',
        '"Koordinierte Flächennutzungs- und Verkehrsstrategie"@de ;\n    dcterms:issued',
        E(
            "dok:samordnet-areal-og-transportstrategi-for-osloregionen-2016",
            DCTERMS.title,
            "StrategyDocument-title",
            "LanguageIn",
        ),
    ),
    case(
        "year of a document as a plain string",
        'dcterms:issued "2016"^^xsd:gYear',
        'dcterms:issued "2016"',
        E(
            "dok:samordnet-areal-og-transportstrategi-for-osloregionen-2016",
            DCTERMS.issued,
            "StrategyDocument-issued",
            "Datatype",
        ),
    ),
    case(
        "year of a document that is no year",
        'dcterms:issued "2015"^^xsd:gYear',
        'dcterms:issued "20l5"^^xsd:gYear',
        E(
            "dok:internasjonal-profileringsstrategi-for-osloregionen-2015",
            DCTERMS.issued,
            "StrategyDocument-issued",
            "Datatype",
        ),
        E(
            "dok:internasjonal-profileringsstrategi-for-osloregionen-2015",
            DCTERMS.issued,
            "StrategyDocument-issued",
            "Pattern",
        ),
    ),
    case(
        "referenced document without its year",
        '    dcterms:issued "2015"^^xsd:gYear ;\n',
        "",
        E(
            "dok:internasjonal-profileringsstrategi-for-osloregionen-2015",
            DCTERMS.issued,
            "ReferencedDocument-issued",
            "MinCount",
        ),
    ),
    case(
        "in effect from written as a number",
        'sgo:inEffectFrom "2017"^^xsd:gYear',
        "sgo:inEffectFrom 2017",
        E("id:osloregionen-2017", SGO.inEffectFrom, "StrategyDocument-inEffectFrom", "Datatype"),
    ),
    case(
        "revised version written as a word",
        "sgo:isRevisedVersion true",
        'sgo:isRevisedVersion "ja"',
        E(
            "dok:samordnet-areal-og-transportstrategi-for-osloregionen-2016",
            SGO.isRevisedVersion,
            "StrategyDocument-isRevisedVersion",
            "Datatype",
        ),
    ),
    case(
        "plan without publisher",
        "    dcterms:publisher aktor:osloregionen ;\n",
        "",
        E("id:osloregionen-2017", DCTERMS.publisher, "StrategicPlan-publisher", "MinCount"),
    ),
    case(
        "publisher that is no organisation",
        "dcterms:publisher aktor:osloregionen ;",
        "dcterms:publisher osr:visjon ;",
        E("id:osloregionen-2017", DCTERMS.publisher, "StrategicPlan-publisher", "Class"),
    ),
    case(
        "language as a string instead of the EU language IRI",
        "dcterms:language lang:NOB ;",
        'dcterms:language "nb" ;',
        E("id:osloregionen-2017", DCTERMS.language, "StrategicPlan-language", "NodeKind"),
        E("id:osloregionen-2017", DCTERMS.language, "StrategicPlan-language", "Pattern"),
    ),
    case(
        "plan without language",
        "    dcterms:language lang:NOB ;\n",
        "",
        E("id:osloregionen-2017", DCTERMS.language, "StrategicPlan-language", "MinCount"),
    ),
    case(
        "period pointing to a document",
        "sgo:period osr:periode-2017-2020 ;",
        "sgo:period dok:internasjonal-profileringsstrategi-for-osloregionen-2015 ;",
        E("id:osloregionen-2017", SGO.period, "StrategicPlan-period", "Class"),
    ),
    case(
        "second vision for the plan",
        "# The three directions of the elaboration",
        "osr:visjon-2 a sgo:Vision ;\n    sgo:visionOf id:osloregionen-2017 ;\n"
        '    skos:prefLabel "En annen visjon."@nb , "Another vision."@en ;\n'
        f"{PROVENANCE}\n\n# The three directions of the elaboration",
        E("id:osloregionen-2017", ~SGO.visionOf, "StrategicPlan-vision", "MaxCount"),
    ),
    case(
        "source text without Norwegian title",
        '"OCR-skanning av «Strategiske føringer og tematiske innsatsområder»"@nb ,\n        "OCR scan',
        '"OCR scan',
        E(SOURCE, DCTERMS.title, "SourceText-title", "QualifiedMinCount"),
    ),
    case(
        "source text without line count",
        "    sgo:lineCount 56 ;\n",
        "",
        E(SOURCE, SGO.lineCount, "SourceText-lineCount", "MinCount"),
    ),
    case(
        "line count in quotes",
        "sgo:lineCount 56 ;",
        'sgo:lineCount "56" ;',
        E(SOURCE, SGO.lineCount, "SourceText-lineCount", "MinInclusive"),
    ),
    case(
        "truncation of the source text as a word",
        "sgo:isTruncated true ;",
        'sgo:isTruncated "yes" ;',
        E(SOURCE, SGO.isTruncated, "SourceText-isTruncated", "Datatype"),
    ),
    case(
        "source text that renders no document",
        "    dcterms:isFormatOf id:osloregionen-2017 ;\n",
        "",
        E(SOURCE, DCTERMS.isFormatOf, "SourceText-isFormatOf", "MinCount"),
    ),
    # --- strategic elements -------------------------------------------------
    case(
        "position in quotes",
        'sgo:position 3 ;\n    skos:prefLabel "drive',
        'sgo:position "3" ;\n    skos:prefLabel "drive',
        E("osr:rolle-3", SGO.position, "StrategicElement-position", "MinInclusive"),
    ),
    case(
        "position zero",
        'sgo:position 1 ;\n    skos:prefLabel "flerkjernet',
        'sgo:position 0 ;\n    skos:prefLabel "flerkjernet',
        E("osr:foring-1", SGO.position, "StrategicElement-position", "MinInclusive"),
        E("osr:foring-1", SGO.position, "StrategicElement-position", "Pattern"),
    ),
    case(
        "position as a decimal number",
        'sgo:position 3 ;\n    skos:prefLabel\n        "Arbeide for bedre',
        'sgo:position 3.0 ;\n    skos:prefLabel\n        "Arbeide for bedre',
        E("osr:aktivitet-2.3", SGO.position, "StrategicElement-position", "Pattern"),
    ),
    case(
        "two positions",
        'sgo:position 2 ;\n    skos:prefLabel\n        "Støtte',
        'sgo:position 2 , 5 ;\n    skos:prefLabel\n        "Støtte',
        E("osr:aktivitet-2.2", SGO.position, "StrategicElement-position", "MaxCount"),
    ),
    case(
        "follows up a focus area instead of a document",
        "sgo:followsUp dok:samordnet-areal-og-transportstrategi-for-osloregionen-2016 ;",
        "sgo:followsUp osr:innsatsomrade-2 ;",
        E("osr:aktivitet-1.1", SGO.followsUp, "StrategicElement-followsUp", "Class"),
        E("osr:innsatsomrade-2", DCTERMS.issued, "ReferencedDocument-issued", "MinCount"),
    ),
    case(
        "involves a document instead of an actor",
        "sgo:involves aktor:oslo-brand-alliance ;",
        "sgo:involves dok:internasjonal-profileringsstrategi-for-osloregionen-2015 ;",
        E("osr:tiltak-3.1.1", SGO.involves, "StrategicElement-involves", "Class"),
    ),
    case(
        "a subject written as text",
        "dcterms:subject los:hoyere-utdanning , sdg:9.5 ;",
        'dcterms:subject "høyere utdanning"@nb , sdg:9.5 ;',
        E("osr:aktivitet-2.4", DCTERMS.subject, "StrategicElement-subject", "NodeKind"),
    ),
    case(
        "a proposed subject written as text",
        "dcterms:subject los:hoyere-utdanning , sdg:9.5 ;",
        'dcterms:subject los:hoyere-utdanning , sdg:9.5 ;\n    sgo:proposedSubject "forskning" ;',
        E("osr:aktivitet-2.4", SGO.proposedSubject, "StrategicElement-proposedSubject", "NodeKind"),
    ),
    case(
        "a rejected subject written as text",
        "dcterms:subject los:hoyere-utdanning , sdg:9.5 ;",
        'dcterms:subject los:hoyere-utdanning , sdg:9.5 ;\n    sgo:rejectedSubject "forskning" ;',
        E("osr:aktivitet-2.4", SGO.rejectedSubject, "StrategicElement-rejectedSubject", "NodeKind"),
    ),
    case(
        "vision statement without English",
        '"Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."@nb ,\n'
        '        "The Oslo Region shall be a competitive and sustainable region in Europe."@en ;',
        '"Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."@nb ;',
        E("osr:visjon", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "vision statement only in English",
        '"Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."@nb ,\n'
        '        "The Oslo Region',
        '"The Oslo Region',
        E("osr:visjon", SKOS.prefLabel, "Vision-prefLabel", "QualifiedMinCount"),
    ),
    case(
        "direction without any text",
        '    skos:prefLabel "sterkere byer/byklynger"@nb ,\n        "stronger cities/city clusters"@en ;\n',
        "",
        E("osr:foring-2", SKOS.prefLabel, "VisionDirection-prefLabel", "QualifiedMinCount"),
    ),
    case(
        "focus area title only in English",
        '"Verdiskaping og kompetanse"@nb ,\n        "Value creation',
        '"Value creation',
        E("osr:innsatsomrade-2", SKOS.prefLabel, "FocusArea-prefLabel", "QualifiedMinCount"),
    ),
    case(
        "activity text twice in English",
        '"Map regional strengths in the region"@en ;',
        '"Map regional strengths in the region"@en , "Map the region\'s strengths"@en ;',
        E("osr:aktivitet-2.1", SKOS.prefLabel, "Activity-prefLabel", "UniqueLang"),
        E("osr:aktivitet-2.1", SKOS.prefLabel, "Activity-prefLabel", "MaxCount"),
    ),
    case(
        "vision elaboration only in English",
        '"Visjonen skal underbygges med flerkjernet utvikling basert på ulike regionale fortrinn, '
        "kvaliteter og muligheter, sterkere byer/byklynger, og samordnede areal og transportløsninger "
        'som ivaretar klima og miljø."@nb ,\n',
        "",
        E("osr:visjon", DCTERMS.description, "Description-bilingual", "QualifiedMinCount"),
    ),
    case(
        "vision of no plan",
        "    sgo:visionOf id:osloregionen-2017 ;\n",
        "",
        E("osr:visjon", SGO.visionOf, "Vision-visionOf", "MinCount"),
    ),
    case(
        "direction without English",
        '"sterkere byer/byklynger"@nb ,\n        "stronger cities/city clusters"@en ;',
        '"sterkere byer/byklynger"@nb ;',
        E("osr:foring-2", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "direction underpinning the plan instead of the vision",
        "sgo:underpins osr:visjon ;\n    sgo:position 3",
        "sgo:underpins id:osloregionen-2017 ;\n    sgo:position 3",
        E("osr:foring-3", SGO.underpins, "VisionDirection-underpins", "Class"),
    ),
    case(
        "direction without position",
        '    sgo:position 2 ;\n    skos:prefLabel "sterkere',
        '    skos:prefLabel "sterkere',
        E("osr:foring-2", SGO.position, "VisionDirection-position", "MinCount"),
    ),
    case(
        "role text without language tag",
        '"develop common positions and strategies"@en',
        '"develop common positions and strategies"',
        E("osr:rolle-4", SKOS.prefLabel, "WorkingMethod-prefLabel", "LanguageIn"),
    ),
    case(
        "role of no plan",
        "sgo:workingMethodOf id:osloregionen-2017 ;\n    sgo:position 6 ;",
        "sgo:position 6 ;",
        E("osr:rolle-6", SGO.workingMethodOf, "WorkingMethod-workingMethodOf", "MinCount"),
    ),
    case(
        "role without position",
        '    sgo:position 5 ;\n    skos:prefLabel "ha dialog',
        '    skos:prefLabel "ha dialog',
        E("osr:rolle-5", SGO.position, "WorkingMethod-position", "MinCount"),
    ),
    case(
        "focus area title without English",
        '"Verdiskaping og kompetanse"@nb ,\n        "Value creation and competence"@en ;',
        '"Verdiskaping og kompetanse"@nb ;',
        E("osr:innsatsomrade-2", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "focus area of the plan and of the vision",
        "sgo:focusAreaOf id:osloregionen-2017 ;\n    sgo:position 3",
        "sgo:focusAreaOf id:osloregionen-2017 , osr:visjon ;\n    sgo:position 3",
        E("osr:innsatsomrade-3", SGO.focusAreaOf, "FocusArea-focusAreaOf", "MaxCount"),
        E("osr:innsatsomrade-3", SGO.focusAreaOf, "FocusArea-focusAreaOf", "Class"),
    ),
    case(
        "focus area without its number",
        '    sgo:position 1 ;\n    skos:prefLabel "Areal',
        '    skos:prefLabel "Areal',
        E("osr:innsatsomrade-1", SGO.position, "FocusArea-position", "MinCount"),
    ),
    case(
        "theme without English",
        '"internasjonalt samarbeid om transportløsninger til utlandet"@nb ,\n'
        '        "international cooperation on transport solutions to other countries"@en ;',
        '"internasjonalt samarbeid om transportløsninger til utlandet"@nb ;',
        E("osr:tema-1.1.3", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "activity without position",
        '    sgo:position 3 ;\n    skos:prefLabel\n        "Arbeide for bedre',
        '    skos:prefLabel\n        "Arbeide for bedre',
        E("osr:aktivitet-2.3", SGO.position, "Activity-position", "MinCount"),
    ),
    case(
        "activity in no focus area",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 1 ;",
        "sgo:position 1 ;",
        E("osr:aktivitet-2.1", PARENT, "Activity-parent", "MinCount"),
        E("osr:aktivitet-2.1", FOCUS_AREA_CHAIN, "Activity-focusArea", "MinCount"),
    ),
    case(
        "activity in two focus areas",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 2 ;",
        "sgo:activityOf osr:innsatsomrade-2 , osr:innsatsomrade-3 ;\n    sgo:position 2 ;",
        E("osr:aktivitet-2.2", PARENT, "Activity-parent", "MaxCount"),
        E("osr:aktivitet-2.2", FOCUS_AREA_CHAIN, "Activity-focusArea", "MaxCount"),
    ),
    case(
        "activity of an activity through sgo:activityOf",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 4",
        "sgo:activityOf osr:aktivitet-2.1 ;\n    sgo:position 4",
        E("osr:aktivitet-2.4", SGO.activityOf, "Activity-activityOf", "Class"),
    ),
    case(
        "theme of a focus area",
        "sgo:themeOf osr:aktivitet-1.1 ;\n    sgo:position 5",
        "sgo:themeOf osr:innsatsomrade-1 ;\n    sgo:position 5",
        E(
            "osr:tema-1.1.5",
            SGO.subActivityOf | SGO.themeOf | SGO.meansOf,
            "Activity-parentActivity",
            "Class",
        ),
        E("osr:tema-1.1.5", FOCUS_AREA_CHAIN, "Activity-focusArea", "MinCount"),
    ),
    case(
        "theme linked as an activity of the focus area",
        "sgo:themeOf osr:aktivitet-1.1 ;\n    sgo:position 1 ;",
        "sgo:activityOf osr:innsatsomrade-1 ;\n    sgo:position 2 ;",
        E("osr:tema-1.1.1", SGO.themeOf, "Theme-themeOf", "MinCount"),
    ),
    case(
        "means linked with sgo:themeOf",
        "sgo:meansOf osr:aktivitet-3.1 ;\n    sgo:position 2",
        "sgo:themeOf osr:aktivitet-3.1 ;\n    sgo:position 2",
        E("osr:tiltak-3.1.2", SGO.meansOf, "Means-meansOf", "MinCount"),
        E("osr:tiltak-3.1.2", None, "ThemeOfSubjectShape", "Class"),
    ),
    case(
        "theme linked with sgo:meansOf",
        "sgo:themeOf osr:aktivitet-1.1 ;\n    sgo:position 4",
        "sgo:meansOf osr:aktivitet-1.1 ;\n    sgo:position 4",
        E("osr:tema-1.1.4", SGO.themeOf, "Theme-themeOf", "MinCount"),
        E("osr:tema-1.1.4", None, "MeansOfSubjectShape", "Class"),
    ),
    case(
        "direction linked to the plan as a vision",
        "sgo:underpins osr:visjon ;\n    sgo:position 2",
        "sgo:visionOf id:osloregionen-2017 ;\n    sgo:position 2",
        E("osr:foring-2", None, "VisionOfSubjectShape", "Class"),
        E("osr:foring-2", SGO.underpins, "VisionDirection-underpins", "MinCount"),
        E("id:osloregionen-2017", ~SGO.visionOf, "StrategicPlan-vision", "MaxCount"),
    ),
    case(
        "role linked to the vision as a direction",
        'sgo:workingMethodOf id:osloregionen-2017 ;\n    sgo:position 1 ;\n    skos:prefLabel "skape',
        'sgo:underpins osr:visjon ;\n    sgo:position 4 ;\n    skos:prefLabel "skape',
        E("osr:rolle-1", None, "UnderpinsSubjectShape", "Class"),
        E("osr:rolle-1", SGO.workingMethodOf, "WorkingMethod-workingMethodOf", "MinCount"),
    ),
    case(
        "direction linked to the plan as a role",
        "sgo:underpins osr:visjon ;\n    sgo:position 3",
        "sgo:workingMethodOf id:osloregionen-2017 ;\n    sgo:position 7",
        E("osr:foring-3", None, "WorkingMethodOfSubjectShape", "Class"),
        E("osr:foring-3", SGO.underpins, "VisionDirection-underpins", "MinCount"),
    ),
    case(
        "activity linked to the plan as a focus area",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 4",
        "sgo:focusAreaOf id:osloregionen-2017 ;\n    sgo:position 4",
        E("osr:aktivitet-2.4", None, "FocusAreaOfSubjectShape", "Class"),
        E("osr:aktivitet-2.4", PARENT, "Activity-parent", "MinCount"),
        E("osr:aktivitet-2.4", FOCUS_AREA_CHAIN, "Activity-focusArea", "MinCount"),
    ),
    case(
        "new activity without a type",
        "# The scan lost this item's bullet",
        "osr:aktivitet-2.5 sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 5 ;\n"
        '    skos:prefLabel "Ny aktivitet"@nb , "New activity"@en ;\n'
        f"{PROVENANCE}\n\n# The scan lost this item's bullet",
        E("osr:aktivitet-2.5", None, "ActivityOfSubjectShape", "Class"),
    ),
    # --- period, actors, optional texts, dates ------------------------------
    case(
        "period name without language tags",
        'skos:prefLabel "2017–2020"@nb , "2017–2020"@en ;',
        'skos:prefLabel "2017–2020" ;',
        E("osr:periode-2017-2020", SKOS.prefLabel, "StrategyPeriod-prefLabel", "QualifiedMinCount"),
        E("osr:periode-2017-2020", SKOS.prefLabel, "StrategyPeriod-prefLabel", "LanguageIn"),
        E("osr:periode-2017-2020", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "period without start",
        '    dcat:startDate "2017"^^xsd:gYear ;\n',
        "",
        E("osr:periode-2017-2020", DCAT.startDate, "StrategyPeriod-startDate", "MinCount"),
    ),
    case(
        "period end as a date",
        'dcat:endDate "2020"^^xsd:gYear',
        'dcat:endDate "2020-12-31"^^xsd:date',
        E("osr:periode-2017-2020", DCAT.endDate, "StrategyPeriod-endDate", "Datatype"),
        E("osr:periode-2017-2020", DCAT.endDate, "StrategyPeriod-endDate", "Pattern"),
    ),
    case(
        "period start and end swapped",
        'dcat:startDate "2017"^^xsd:gYear ;\n    dcat:endDate "2020"^^xsd:gYear',
        'dcat:startDate "2020"^^xsd:gYear ;\n    dcat:endDate "2017"^^xsd:gYear',
        E("osr:periode-2017-2020", DCAT.startDate, "PeriodOrder-startDate", "SPARQL"),
    ),
    case(
        "organisation without English name",
        'skos:prefLabel "Oslo Brand Alliance"@nb , "Oslo Brand Alliance"@en ;',
        'skos:prefLabel "Oslo Brand Alliance"@nb ;',
        E("aktor:oslo-brand-alliance", None, "EnglishPrefLabelShape", "Or"),
    ),
    case(
        "actor group with two Norwegian names",
        'skos:prefLabel "eksterne aktører"@nb , "external actors"@en ;',
        'skos:prefLabel "eksterne aktører"@nb , "external actors"@nb ;',
        E("osr:aktor-eksterne-aktorer", SKOS.prefLabel, "Agent-prefLabel", "UniqueLang"),
    ),
    case(
        "an extra English name in British English",
        'skos:prefLabel "andre organisasjoner"@nb , "other organisations"@en ;',
        'skos:prefLabel "andre organisasjoner"@nb , "other organisations"@en , "other organisations"@en-GB ;',
        E("osr:aktor-andre-organisasjoner", SKOS.prefLabel, "Agent-prefLabel", "MaxCount"),
    ),
    case(
        "cooperation alliance without name",
        'skos:prefLabel "Osloregionen"@nb , "Osloregionen"@en ;\n',
        "",
        E("aktor:osloregionen", SKOS.prefLabel, "Agent-prefLabel", "QualifiedMinCount"),
    ),
    case(
        "vision elaboration without English",
        'og miljø."@nb ,\n        "The vision is to be underpinned',
        'og miljø."@nb ;\n    skos:scopeNote "The vision is to be underpinned',
        E("osr:visjon", None, "EnglishDescriptionShape", "Or"),
    ),
    case(
        "editorial note twice in Norwegian",
        '"The source text ends after line 56, within this focus area. '
        'The document may list more activities here than the graph shows."@en',
        '"Dokumentet kan ha flere aktiviteter."@nb',
        E("osr:innsatsomrade-3", SKOS.editorialNote, "EditorialNote-bilingual", "UniqueLang"),
    ),
    case(
        "editorial note without English",
        "    skos:editorialNote\n"
        '        "Kildeteksten slutter etter linje 56, midt i innsatsområde 3. Resten av dokumentet, om det '
        'finnes, er ikke med i grafen."@nb ,\n'
        '        "The source text ends after line 56, in the middle of focus area 3. '
        'The rest of the document, if any, is not in the graph."@en ;',
        "    skos:editorialNote\n"
        '        "Kildeteksten slutter etter linje 56, midt i innsatsområde 3. Resten av dokumentet, om det '
        'finnes, er ikke med i grafen."@nb ;',
        E("id:osloregionen-2017", None, "EnglishEditorialNoteShape", "Or"),
    ),
    case(
        "creation date written as a year",
        "    sgo:period osr:periode-2017-2020 ;\n",
        '    sgo:period osr:periode-2017-2020 ;\n    dcterms:created "2017"^^xsd:gYear ;\n',
        E("id:osloregionen-2017", DCTERMS.created, "Dates-created", "Datatype"),
    ),
    case(
        "modification date that does not exist",
        "    sgo:lineCount 56 ;\n",
        '    sgo:lineCount 56 ;\n    dcterms:modified "2017-02-30"^^xsd:date ;\n',
        E(SOURCE, DCTERMS.modified, "Dates-modified", "Datatype"),
    ),
    # --- versions, documents that are plans, organisation numbers -------------
    case(
        "a plan replaces an organisation",
        "    sgo:period osr:periode-2017-2020 ;\n",
        "    sgo:period osr:periode-2017-2020 ;\n"
        "    dcterms:replaces aktor:osloregionen ;\n    dcat:prev aktor:osloregionen ;\n",
        E("id:osloregionen-2017", DCTERMS.replaces, "StrategicPlan-replaces", "Class"),
        E("id:osloregionen-2017", DCAT.prev, "StrategicPlan-prev", "Class"),
    ),
    case(
        "a plan replaces an earlier one without saying it comes after it in the series",
        "    sgo:period osr:periode-2017-2020 ;\n",
        "    sgo:period osr:periode-2017-2020 ;\n"
        "    dcterms:replaces dok:internasjonal-profileringsstrategi-for-osloregionen-2015 ;\n",
        E("id:osloregionen-2017", DCTERMS.replaces, "StrategicPlan-replaces", "Equals"),
    ),
    case(
        "a plan replaces itself",
        "    sgo:period osr:periode-2017-2020 ;\n",
        "    sgo:period osr:periode-2017-2020 ;\n"
        "    dcterms:replaces id:osloregionen-2017 ;\n    dcat:prev id:osloregionen-2017 ;\n",
        E("id:osloregionen-2017", DCTERMS.replaces, "ReplacesOrder-replaces", "SPARQL"),
    ),
    case(
        "a plan with two versions",
        "    sgo:period osr:periode-2017-2020 ;\n",
        '    sgo:period osr:periode-2017-2020 ;\n    dcat:version "1" , "2" ;\n',
        E("id:osloregionen-2017", DCAT.version, "StrategicPlan-version", "MaxCount"),
    ),
    case(
        "a referenced document said to be an organisation",
        '    dcterms:issued "2015"^^xsd:gYear ;\n',
        '    dcterms:issued "2015"^^xsd:gYear ;\n    sgo:isPlan aktor:osloregionen ;\n',
        E(
            "dok:internasjonal-profileringsstrategi-for-osloregionen-2015",
            SGO.isPlan,
            "StrategyDocument-isPlan",
            "Class",
        ),
    ),
    case(
        "an organisation number written as a link",
        'skos:prefLabel "Oslo Brand Alliance"@nb , "Oslo Brand Alliance"@en ;',
        'skos:prefLabel "Oslo Brand Alliance"@nb , "Oslo Brand Alliance"@en ;\n'
        "    dcterms:identifier aktor:osloregionen ;",
        E("aktor:oslo-brand-alliance", DCTERMS.identifier, "Agent-identifier", "NodeKind"),
    ),
    # --- provenance ---------------------------------------------------------
    case(
        "actor group without source text",
        'skos:prefLabel "nasjonale myndigheter"@nb , "national authorities"@en ;\n'
        f"    sgo:sourceText {SOURCE} ;",
        'skos:prefLabel "nasjonale myndigheter"@nb , "national authorities"@en ;',
        E("osr:aktor-nasjonale-myndigheter", SGO.sourceText, "Provenance-sourceText", "MinCount"),
    ),
    case(
        "source text that is the plan itself",
        f'"Coordinated land use and transport strategy for the Oslo Region"@en ;\n'
        '    dcterms:issued "2016"^^xsd:gYear ;\n    sgo:isRevisedVersion true ;\n'
        f"    sgo:sourceText {SOURCE} ;",
        '"Coordinated land use and transport strategy for the Oslo Region"@en ;\n'
        '    dcterms:issued "2016"^^xsd:gYear ;\n    sgo:isRevisedVersion true ;\n'
        "    sgo:sourceText id:osloregionen-2017 ;",
        E(
            "dok:samordnet-areal-og-transportstrategi-for-osloregionen-2016",
            SGO.sourceText,
            "Provenance-sourceText",
            "Class",
        ),
    ),
    case(
        "period without first line",
        "    sgo:firstLine 29 ;\n    sgo:lastLine 29 .\n\n# ----",
        "    sgo:lastLine 29 .\n\n# ----",
        E("osr:periode-2017-2020", SGO.firstLine, "Provenance-firstLine", "MinCount"),
    ),
    case(
        "first line zero",
        "sgo:firstLine 46 ;",
        "sgo:firstLine 0 ;",
        E("osr:aktivitet-2.2", SGO.firstLine, "Provenance-firstLine", "MinInclusive"),
        E("osr:aktivitet-2.2", SGO.firstLine, "Provenance-firstLine", "Pattern"),
    ),
    case(
        "last line in quotes",
        "sgo:firstLine 9 ;\n    sgo:lastLine 13 .",
        'sgo:firstLine 9 ;\n    sgo:lastLine "13" .',
        E("osr:visjon", SGO.lastLine, "Provenance-lastLine", "MinInclusive"),
    ),
    case(
        "two last lines",
        "sgo:lastLine 21 .",
        "sgo:lastLine 21 , 22 .",
        E("osr:rolle-3", SGO.lastLine, "Provenance-lastLine", "MaxCount"),
    ),
    case(
        "first and last line swapped",
        "sgo:firstLine 36 ;\n    sgo:lastLine 38 .",
        "sgo:firstLine 38 ;\n    sgo:lastLine 36 .",
        E("osr:tema-1.1.2", SGO.firstLine, "LineOrder-firstLine", "SPARQL"),
    ),
    case(
        "last line past the end of the 56-line scan",
        "sgo:firstLine 55 ;\n    sgo:lastLine 56 .",
        "sgo:firstLine 55 ;\n    sgo:lastLine 57 .",
        E("osr:tiltak-3.1.2", SGO.lastLine, "WithinSource-lastLine", "SPARQL"),
    ),
    case(
        "truncation as a word",
        '"Joint international promotion of the Oslo Region"@en ;\n    sgo:truncatedInSource true ;',
        '"Joint international promotion of the Oslo Region"@en ;\n    sgo:truncatedInSource "ja" ;',
        E("osr:innsatsomrade-3", SGO.truncatedInSource, "Provenance-truncatedInSource", "Datatype"),
    ),
    # --- positions unique among siblings ------------------------------------
    case(
        "two focus areas numbered 2",
        'sgo:position 3 ;\n    skos:prefLabel "Felles',
        'sgo:position 2 ;\n    skos:prefLabel "Felles',
        E("osr:innsatsomrade-2", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:innsatsomrade-3", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
    case(
        "two activities of a focus area at position 1",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 4",
        "sgo:activityOf osr:innsatsomrade-2 ;\n    sgo:position 1",
        E("osr:aktivitet-2.1", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:aktivitet-2.4", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
    case(
        "a theme and a means of one activity at position 1",
        "a sgo:Means ;\n    sgo:meansOf osr:aktivitet-3.1 ;\n    sgo:position 2",
        "a sgo:Theme ;\n    sgo:themeOf osr:aktivitet-3.1 ;\n    sgo:position 1",
        E("osr:tiltak-3.1.1", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:tiltak-3.1.2", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
    case(
        "two themes at position 3",
        "sgo:themeOf osr:aktivitet-1.1 ;\n    sgo:position 4",
        "sgo:themeOf osr:aktivitet-1.1 ;\n    sgo:position 3",
        E("osr:tema-1.1.3", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:tema-1.1.4", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
    case(
        "two roles at position 5",
        'sgo:position 6 ;\n    skos:prefLabel "samarbeide',
        'sgo:position 5 ;\n    skos:prefLabel "samarbeide',
        E("osr:rolle-5", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:rolle-6", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
    case(
        "two directions at position 1",
        "sgo:underpins osr:visjon ;\n    sgo:position 3",
        "sgo:underpins osr:visjon ;\n    sgo:position 1",
        E("osr:foring-1", SGO.position, "UniquePosition-position", "SPARQL"),
        E("osr:foring-3", SGO.position, "UniquePosition-position", "SPARQL"),
    ),
]


def edited_and_validated(
    edits: tuple[tuple[str, str], ...], tmp_path: Path
) -> tuple[Project, ValidationReport]:
    """A copy of the project with the edits made to the data file, and its validation report."""
    project = copy_project(tmp_path)
    for old, new in edits:
        project.edit(DATA_FILE, old, new)
    return project, validate(discover(project_settings(project.root)))


# --- drafts: a plan under development may wait for its English ----------------

STATUS = "<http://www.w3.org/ns/adms#status> <http://purl.org/adms/status/UnderDevelopment>"
UNDER_DEVELOPMENT = (
    "    sgo:period osr:periode-2017-2020 ;\n",
    f"    sgo:period osr:periode-2017-2020 ;\n    {STATUS} ;\n",
)
DRAFT_CASES = [
    Case(
        "draft vision statement without English",
        (
            UNDER_DEVELOPMENT,
            (
                '"Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."@nb ,\n'
                '        "The Oslo Region shall be a competitive and sustainable region in Europe."@en ;',
                '"Osloregionen skal være en konkurransedyktig og bærekraftig region i Europa."@nb ;',
            ),
        ),
        (E("osr:visjon", None, "DraftPrefLabelShape", "Or"),),
    ),
    Case(
        "draft's referenced document and plan description without English",
        (
            UNDER_DEVELOPMENT,
            (
                '"Internasjonal profileringsstrategi for Osloregionen"@nb ,\n'
                '        "International promotion strategy for the Oslo Region"@en ;',
                '"Internasjonal profileringsstrategi for Osloregionen"@nb ;',
            ),
            (
                'virksomhet fra 2017:"@nb ,\n'
                '        "The following strategic guidelines and thematic focus areas form the basis for the '
                'activities of the cooperation alliance Osloregionen from 2017:"@en ;',
                'virksomhet fra 2017:"@nb ;',
            ),
        ),
        (
            E("dok:internasjonal-profileringsstrategi-for-osloregionen-2015", None, "DraftTitleShape", "Or"),
            E("id:osloregionen-2017", None, "DraftDescriptionShape", "Or"),
        ),
    ),
    Case(
        "draft's source text note without English",
        (
            UNDER_DEVELOPMENT,
            (
                'midt i innsatsområde 3."@nb ,\n'
                '        "OCR scan with damaged Norwegian letters (æ, ø, å) and bullets. '
                'The text ends after line 56, in the middle of focus area 3."@en ;',
                'midt i innsatsområde 3."@nb ;',
            ),
        ),
        (E(SOURCE, None, "DraftEditorialNoteShape", "Or"),),
    ),
]


@pytest.mark.parametrize("draft", DRAFT_CASES, ids=[c.id for c in DRAFT_CASES])
def test_a_draft_plan_may_wait_for_its_english(draft: Case, tmp_path: Path) -> None:
    """Under adms:status UnderDevelopment a missing English text is a warning, counted."""
    _, report = edited_and_validated(draft.edits, tmp_path)

    found = {(p.focus, p.path, p.shape, p.component) for p in report.problems}
    assert found == {e.key() for e in draft.expected}
    assert report.conforms
    assert {p.severity for p in report.problems} == {"Warning"}
    assert report.awaiting_translation == len(draft.expected)
    assert all(set(p.messages) == {"en", "nb"} for p in report.problems)


@pytest.mark.parametrize("status", ["Completed", None])
def test_a_plan_that_is_no_draft_needs_its_english(status: str | None, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    if status:
        old, new = UNDER_DEVELOPMENT
        project.edit(DATA_FILE, old, new.replace("UnderDevelopment", status))
    project.edit(
        DATA_FILE, '"Oslo Brand Alliance"@nb , "Oslo Brand Alliance"@en ;', '"Oslo Brand Alliance"@nb ;'
    )
    report = validate(discover(project_settings(project.root)))

    found = {(p.focus, p.path, p.shape, p.component, p.severity) for p in report.problems}
    expected = E("aktor:oslo-brand-alliance", None, "EnglishPrefLabelShape", "Or")
    assert found == {(*expected.key(), "Violation")}
    assert report.awaiting_translation == 0


@pytest.mark.parametrize("broken", CASES, ids=[c.id for c in CASES])
def test_each_mistake_is_reported_at_its_resource(broken: Case, tmp_path: Path) -> None:
    project, report = edited_and_validated(broken.edits, tmp_path)

    found = {(p.focus, p.path, p.shape, p.component) for p in report.problems}
    assert found == {e.key() for e in broken.expected}
    assert not report.conforms
    data_file = project.path(DATA_FILE)
    for problem in report.problems:
        expected = next(e for e in broken.expected if e.key()[0] == problem.focus)
        assert problem.location is not None
        assert (problem.location.path, problem.location.line) == (
            data_file,
            project.block_line(DATA_FILE, expected.focus),
        )
        assert set(problem.messages) == {"en", "nb"}, problem


def test_roles_and_focus_areas_are_numbered_separately(tmp_path: Path) -> None:
    """Role 1 and focus area 1 share the plan as parent but are different kinds of part."""
    project = copy_project(tmp_path)
    report = validate(discover(project_settings(project.root)))
    assert report.problems == []


# --- the shapes file itself ----------------------------------------------------

_CONSTRAINTS = {
    SH[name]
    for name in (
        *("class", "datatype", "nodeKind", "pattern", "languageIn", "uniqueLang", "or", "sparql"),
        *("minCount", "maxCount", "minInclusive", "qualifiedMinCount", "equals"),
    )
}


@pytest.fixture(scope="module")
def shapes(settings: Settings) -> rdflib.Graph:
    return rdflib.Graph().parse(settings.shapes_dirs[0] / "strategigraf-shapes.ttl")


def _rules(shapes: rdflib.Graph) -> set[URIRef]:
    """Every named shape that states a constraint itself."""
    return {s for s, p, _ in shapes if isinstance(s, URIRef) and p in _CONSTRAINTS}


SCRIPT_IRI = "javascript:alert(1)"
#: Warnings, tested apart from CASES (which are violations: the data then does not conform).
WARNING_RULES = {SGOSH.WebLinkShape, SGOSH.WebResourceShape}


def test_links_with_other_schemes_than_the_web_are_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    actor = f'<{SCRIPT_IRI}> a sgo:ActorGroup ;\n    skos:prefLabel "x"@nb , "x"@en ;\n{PROVENANCE}\n\n'
    project.edit(DATA_FILE, "aktor:osloregionen a sgo:", actor + "aktor:osloregionen a sgo:")
    project.edit(
        DATA_FILE,
        "sgo:firstLine 31 ;\n    sgo:lastLine 42 .",
        f"sgo:firstLine 31 ;\n    sgo:lastLine 42 ;\n    <{RDFS.seeAlso}> <{SCRIPT_IRI}> .",
    )
    report = validate(discover(project_settings(project.root)))
    found = {(p.focus, p.shape, p.severity) for p in report.problems}
    assert found == {(ox.NamedNode(SCRIPT_IRI), ox.NamedNode(rule), "Warning") for rule in WARNING_RULES}
    assert report.conforms  # warnings only
    line = project.block_line(DATA_FILE, f"<{SCRIPT_IRI}>")
    assert {(p.location.path, p.location.line) for p in report.problems if p.location} == {
        (project.path(DATA_FILE), line)
    }


def test_every_rule_has_a_case(shapes: rdflib.Graph) -> None:
    covered = {SGOSH[e.shape] for c in [*CASES, *DRAFT_CASES] for e in c.expected} | WARNING_RULES
    assert _rules(shapes) - covered == set()
    assert len(_rules(shapes)) >= 50


def test_every_rule_speaks_english_and_norwegian(shapes: rdflib.Graph) -> None:
    """The message sits on the shape, or for SPARQL rules on the SPARQL constraint."""
    for rule in _rules(shapes):
        holders = list(shapes.objects(rule, SH.sparql)) or [rule]
        for holder in holders:
            languages = sorted((language(m) for m in shapes.objects(holder, SH.message)), key=str)
            assert languages == ["en", "nb"], rule
