"""What the import tests share: the real `kg` command, the names of the draft's terms, its report."""

from __future__ import annotations

import re
import subprocess

from rdflib import URIRef

from kg.foundation import namespaces
from kg.textimport.repair import Change
from tests.support.server import kg_command
from tests.support.shared import PROJECT_DIR

FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "import"
SEED_NAME = "000_bad88d70322fed8d.txt"
PREFIXES = {
    "sgo": namespaces.SGO,
    "skos": namespaces.SKOS,
    "dcterms": namespaces.DCTERMS,
    "org": namespaces.ORG,
    "id": "https://w3id.org/strategigraf/id/",
    "dok": "https://w3id.org/strategigraf/id/dokument/",
    "aktor": "https://w3id.org/strategigraf/id/aktor/",
}
ELEMENT_TYPES = [
    "sgo:StrategicPlan",
    "sgo:Vision",
    "sgo:VisionDirection",
    "sgo:WorkingMethod",
    "sgo:FocusArea",
    "sgo:Activity",
    "sgo:Theme",
    "sgo:Means",
    "sgo:StrategyPeriod",
    "sgo:StrategyDocument",
    "sgo:CooperationAlliance",
    "org:Organization",
    "sgo:ActorGroup",
]
LINKS = [
    "dcterms:publisher",
    "sgo:period",
    "sgo:visionOf",
    "sgo:underpins",
    "sgo:workingMethodOf",
    "sgo:focusAreaOf",
    "sgo:activityOf",
    "sgo:subActivityOf",
    "sgo:themeOf",
    "sgo:meansOf",
    "sgo:followsUp",
    "sgo:involves",
]
REPAIR_LINE = re.compile(r"^  \S+?:(\d+): «(.*)» → «(.*)»$")
FLAG_LINE = re.compile(r"^  \S+?:(\d+): «([^»]*)»")


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kg_command(), *args], capture_output=True, text=True, timeout=300, check=False, cwd=PROJECT_DIR
    )


def iri(name: str, plan: str) -> URIRef:
    prefix, _, local = name.partition(":")
    base = PREFIXES.get(prefix) or f"https://w3id.org/strategigraf/id/{plan}/"
    return URIRef(base + local)


def reported(stdout: str) -> tuple[list[Change], list[list[object]]]:
    """The repairs and the flagged words the command printed, as Changes and [line, word]."""
    repairs: list[Change] = []
    flags: list[list[object]] = []
    section = ""
    for line in stdout.splitlines():
        if line.startswith("repairs"):
            section = "repairs"
        elif line.startswith("left as they are"):
            section = "flags"
        elif section == "repairs" and (match := REPAIR_LINE.match(line)):
            repairs.append(Change(int(match.group(1)), match.group(2), match.group(3)))
        elif section == "flags" and (match := FLAG_LINE.match(line)):
            flags.append([int(match.group(1)), match.group(2)])
    return repairs, flags


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
