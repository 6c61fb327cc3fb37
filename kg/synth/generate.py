"""Synthetic strategies of many organisations, for tests and benchmarks at scale.

The graph has the shape of the real data (see data/osloregionen-2017.ttl and
docs/integrator/data-model.md): each organisation publishes several consecutive plans,
each with a vision and the directions underpinning it, roles and working
methods, numbered focus areas with activities (some divided into themes or
means), a strategy period, referenced documents, actors, and provenance lines
into a source text. Every text has one nb and one en version. Output is one
Turtle file per plan, like data/, and the same seed always gives the same files.

Across plans, as a portfolio is: each organisation has an organisation number
(made up: nine digits starting with 1, which no real one does, with the
register's check digit) and so one IRI in all its plans; each plan replaces the
organisation's plan before it (dcterms:replaces, dcat:prev); actor groups are
each plan's own; and some activities involve an organisation of the same
region generated before, or follow up one of its plans (by its title and first
year, which loading links to that plan). A region is five organisations in a
row: what links plans across organisations stays within one, so that `kg
validate` still finds groups of resources to validate apart (a batch holds
whatever links together, kg.validation.batches).

A resource is described in one file only (the first plan that mentions it);
later plans refer to it, as a steward's files would.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.iris import slug
from kg.foundation.namespaces import DCAT, DCTERMS, LOS, ORG, PREFIXES, RDF, SDG, SGO, SKOS, XSD
from kg.foundation.organisation_number import ORGANISATION_CATALOGUE, check_digit, organisation_iri

Pair = tuple[str, str]  # (nb, en)

_STEMS = [
    "Ask", "Berg", "Bjør", "Dal", "Eid", "Fjell", "Fløy", "Gran", "Hamar", "Haug",
    "Hol", "Kvam", "Lier", "Lund", "Mo", "Nes", "Os", "Ringe", "Sand", "Skog",
    "Sol", "Stav", "Strand", "Sunn", "Tved", "Ulle", "Vang", "Vik", "Ås", "Øy",
]  # fmt: skip
_ENDINGS = ["", "dal", "fjord", "vik", "berg", "heim", "nes", "sund", "øy", "land", "stad", "vang"]
_KINDS: list[tuple[Pair, str]] = [
    (("kommune", "Municipality"), ORG + "Organization"),
    (("fylkeskommune", "County Municipality"), ORG + "Organization"),
    (("regionråd", "Regional Council"), SGO + "CooperationAlliance"),
]
_VERBS: list[Pair] = [
    ("Styrke", "Strengthen"), ("Utvikle", "Develop"), ("Kartlegge", "Map"),
    ("Følge opp", "Follow up"), ("Samordne", "Coordinate"), ("Fremme", "Promote"),
    ("Etablere", "Establish"), ("Videreutvikle", "Further develop"), ("Vurdere", "Assess"),
]  # fmt: skip
_TOPICS: list[Pair] = [
    ("klima og miljø", "climate and environment"),
    ("næringsutvikling", "business development"),
    ("kollektivtransport", "public transport"),
    ("boligbygging", "housing"),
    ("kompetanse og utdanning", "competence and education"),
    ("folkehelse", "public health"),
    ("digitale tjenester", "digital services"),
    ("kultur og frivillighet", "culture and volunteering"),
    ("reiseliv", "tourism"),
    ("samarbeid over kommunegrensene", "cooperation across municipal borders"),
    ("areal- og transportplanlegging", "land use and transport planning"),
    ("beredskap", "emergency preparedness"),
    ("inkludering", "inclusion"),
    ("forskning og innovasjon", "research and innovation"),
]
#: The subjects of each topic (kg/subjects), chosen by hand: a focus area on the topic gets the Los
#: themes and the SDG goal, each of its activities the Los themes and the SDG target.
_SUBJECTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "klima og miljø": (("los:natur-klima-og-miljo", "sdg:13"), ("los:natur-klima-og-miljo", "sdg:13.2")),
    "næringsutvikling": (("los:naringsutvikling", "sdg:8"), ("los:naringsutvikling", "sdg:8.3")),
    "kollektivtransport": (("los:mobilitetstilbud", "sdg:11"), ("los:mobilitetstilbud", "sdg:11.2")),
    "boligbygging": (("los:bygg-og-eiendom", "sdg:11"), ("los:bygg-og-eiendom", "sdg:11.1")),
    "kompetanse og utdanning": (("los:skole-og-utdanning", "sdg:4"), ("los:skole-og-utdanning", "sdg:4.4")),
    "folkehelse": (("los:folkehelse", "sdg:3"), ("los:folkehelse", "sdg:3.4")),
    "digitale tjenester": (("sdg:16",), ("sdg:16.6",)),
    "kultur og frivillighet": (("los:kultur", "sdg:11"), ("los:kultur", "sdg:11.4")),
    "reiseliv": (("los:naringsutvikling", "sdg:8"), ("los:naringsutvikling", "sdg:8.9")),
    "samarbeid over kommunegrensene": (("sdg:17",), ("sdg:17.17",)),
    "areal- og transportplanlegging": (("los:planer", "sdg:11"), ("los:planer", "sdg:11.3")),
    "beredskap": (
        ("los:samfunnssikkerhet-og-beredskap", "sdg:11"),
        ("los:samfunnssikkerhet-og-beredskap", "sdg:11.b"),
    ),
    "inkludering": (("los:kvalifisering-til-arbeid", "sdg:10"), ("los:kvalifisering-til-arbeid", "sdg:10.2")),
    "forskning og innovasjon": (("los:hoyere-utdanning", "sdg:9"), ("los:hoyere-utdanning", "sdg:9.5")),
}
_ROLES: list[Pair] = [
    ("skape møteplasser og nettverk", "create meeting places and networks"),
    ("styrke felles identitet", "strengthen a common identity"),
    ("drive erfaringsoverføring", "carry out transfer of experience"),
    ("utvikle felles holdninger og strategier", "develop common positions and strategies"),
    ("ha dialog med nasjonale myndigheter", "engage in dialogue with national authorities"),
    ("samarbeide med andre organisasjoner", "cooperate with other organisations"),
    ("være pådriver for regional utvikling", "drive regional development"),
    ("dele kunnskap og data", "share knowledge and data"),
]
_GROUPS: list[Pair] = [
    ("næringslivet", "the business community"),
    ("frivillige organisasjoner", "voluntary organisations"),
    ("innbyggerne", "the residents"),
    ("statlige etater", "state agencies"),
    ("universiteter og høgskoler", "universities and university colleges"),
    ("nabokommunene", "the neighbouring municipalities"),
]
_DOCUMENT_KINDS: list[Pair] = [
    ("Regional plan for {topic} i {place}", "Regional plan for {topic} in {place}"),
    ("Handlingsprogram for {topic} i {place}", "Action programme for {topic} in {place}"),
    ("Temaplan for {topic} i {place}", "Thematic plan for {topic} in {place}"),
]


@dataclass
class Organisation:
    name: Pair
    slug: str
    kind: str
    place: str
    number: str


def organisation_number(index: int) -> str:
    """A made-up organisation number: 1, eight digits from `index`, the check digit (skipping the
    numbers whose check digit would be 10, which the register never issues)."""
    candidate = 10_000_000 + index * 2
    while check_digit(str(candidate)) is None:
        candidate += 1
    return f"{candidate}{check_digit(str(candidate))}"


@dataclass
class Plan:
    """One strategy being written: its triples, and a cursor over its source text's lines."""

    iri: str
    slug: str
    source: ox.NamedNode
    triples: list[ox.Triple] = field(default_factory=list)
    line: int = 1

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def texts(self, subject: ox.NamedNode, predicate: str, pair: Pair) -> None:
        self.add(subject, predicate, ox.Literal(pair[0], language="nb"))
        self.add(subject, predicate, ox.Literal(pair[1], language="en"))

    def provenance(self, subject: ox.NamedNode, lines: int) -> None:
        """Cite the next LINES lines of the source text."""
        self.add(subject, SGO + "sourceText", self.source)
        self.add(subject, SGO + "firstLine", _integer(self.line))
        self.add(subject, SGO + "lastLine", _integer(self.line + lines - 1))
        self.line += lines + 1


def _subjects(plan: Plan, element: ox.NamedNode, names: tuple[str, ...]) -> None:
    for name in names:
        prefix, _, local = name.partition(":")
        plan.add(
            element, DCTERMS + "subject", ox.NamedNode({"los": LOS + "tema/", "sdg": SDG}[prefix] + local)
        )


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _year(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "gYear"))


_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


def _type(plan: Plan, subject: ox.NamedNode, cls: str) -> None:
    plan.add(subject, RDF + "type", ox.NamedNode(cls))


class Synthesiser:
    """Writes the plans of N organisations; `plans()` yields (file name, triples)."""

    def __init__(self, organisations: int, seed: int, base_iri: str) -> None:
        self.random = random.Random(seed)
        self.count = organisations
        self.id = base_iri + "id/"
        self.described: set[str] = set()
        #: The titles and first years of the plans of the region written so far, for others to follow up.
        self.written: list[tuple[Pair, int]] = []
        #: The IRIs of the region's organisations written so far, for others' activities to involve.
        self.partners: list[str] = []

    def organisations(self) -> Iterator[Organisation]:
        names = [stem + ending for stem in _STEMS for ending in _ENDINGS]
        self.random.shuffle(names)
        for number in range(self.count):
            place = names[number % len(names)]
            if number >= len(names):
                place += f" {number // len(names) + 1}"
            (kind_nb, kind_en), kind = _KINDS[number % len(_KINDS)]
            yield Organisation(
                (f"{place} {kind_nb}", f"{place} {kind_en}"),
                slug(f"{place} {kind_nb}"),
                kind,
                place,
                organisation_number(number),
            )

    def plans(self) -> Iterator[tuple[str, list[ox.Triple]]]:
        for number, organisation in enumerate(self.organisations()):
            if number % _REGION == 0:
                self.written, self.partners = [], []
            year = self.random.randint(2000, 2014)
            earlier: ox.NamedNode | None = None
            written = []
            for _ in range(self.random.randint(2, 4)):
                length = self.random.choice([4, 4, 4, 5, 6])
                plan = self.plan(organisation, year, year + length - 1, earlier)
                yield plan.slug, _grouped_by_subject(plan.triples)
                earlier = ox.NamedNode(plan.iri)
                written.append((_title(organisation, year, year + length - 1), year))
                year += length
            self.written += written  # followed up by later organisations' plans, not by its own
            self.partners.append(organisation_iri(organisation.number))

    def plan(
        self, organisation: Organisation, start: int, end: int, earlier: ox.NamedNode | None = None
    ) -> Plan:
        """One plan; `earlier` is the organisation's plan it replaces."""
        name = f"{organisation.slug}-{start}"
        plan = Plan(self.id + name, name, ox.NamedNode(self.id + "kilde/" + name))
        node = ox.NamedNode(plan.iri)
        topics = self.random.sample(_TOPICS, 5)
        _type(plan, node, SGO + "StrategicPlan")
        plan.texts(node, DCTERMS + "title", _title(organisation, start, end))
        plan.texts(
            node,
            DCTERMS + "description",
            (
                f"Strategien legges til grunn for arbeidet i {organisation.name[0]} fra {start}.",
                f"The strategy forms the basis for the work of {organisation.name[1]} from {start}.",
            ),
        )
        plan.add(node, DCTERMS + "publisher", self.organisation(plan, organisation))
        plan.add(node, DCTERMS + "language", ox.NamedNode(_NOB))
        plan.add(node, SGO + "inEffectFrom", _year(start))
        period = ox.NamedNode(f"{plan.iri}/periode-{start}-{end}")
        plan.add(node, SGO + "period", period)
        if earlier is not None:
            plan.add(node, DCTERMS + "replaces", earlier)
            plan.add(node, DCAT + "prev", earlier)
        plan.provenance(node, 3)
        self.vision(plan, node, organisation, topics)
        self.roles(plan, node, organisation)
        self.focus_areas(plan, node, organisation, topics, start)
        _type(plan, period, SGO + "StrategyPeriod")
        plan.texts(period, SKOS + "prefLabel", (f"{start}–{end}", f"{start}–{end}"))
        plan.add(period, DCAT + "startDate", _year(start))
        plan.add(period, DCAT + "endDate", _year(end))
        plan.provenance(period, 1)
        self.source_text(plan, node, start, end)
        return plan

    def vision(self, plan: Plan, node: ox.NamedNode, organisation: Organisation, topics: list[Pair]) -> None:
        vision = ox.NamedNode(plan.iri + "/visjon")
        _type(plan, vision, SGO + "Vision")
        plan.add(vision, SGO + "visionOf", node)
        plan.texts(
            vision,
            SKOS + "prefLabel",
            (
                f"{organisation.place} skal være et godt sted å bo, arbeide og besøke.",
                f"{organisation.place} shall be a good place to live, work and visit.",
            ),
        )
        plan.texts(
            vision,
            DCTERMS + "description",
            (
                f"Visjonen skal underbygges med satsing på {topics[0][0]} og {topics[1][0]}.",
                f"The vision is to be underpinned by efforts in {topics[0][1]} and {topics[1][1]}.",
            ),
        )
        plan.provenance(vision, 3)
        for position, topic in enumerate(topics[: self.random.randint(2, 4)], start=1):
            direction = ox.NamedNode(f"{plan.iri}/foring-{position}")
            _type(plan, direction, SGO + "VisionDirection")
            plan.add(direction, SGO + "underpins", vision)
            plan.add(direction, SGO + "position", _integer(position))
            plan.texts(direction, SKOS + "prefLabel", (f"sterkere {topic[0]}", f"stronger {topic[1]}"))
            plan.provenance(direction, 1)

    def roles(self, plan: Plan, node: ox.NamedNode, organisation: Organisation) -> None:
        for position, role in enumerate(self.random.sample(_ROLES, self.random.randint(3, 7)), start=1):
            method = ox.NamedNode(f"{plan.iri}/rolle-{position}")
            _type(plan, method, SGO + "WorkingMethod")
            plan.add(method, SGO + "workingMethodOf", node)
            plan.add(method, SGO + "position", _integer(position))
            plan.texts(method, SKOS + "prefLabel", role)
            if self.random.random() < 0.3:
                plan.add(method, SGO + "involves", self.group(plan, organisation))
            plan.provenance(method, 1)

    def focus_areas(
        self, plan: Plan, node: ox.NamedNode, organisation: Organisation, topics: list[Pair], year: int
    ) -> None:
        for area_number, topic in enumerate(topics[: self.random.randint(2, 5)], start=1):
            area = ox.NamedNode(f"{plan.iri}/innsatsomrade-{area_number}")
            _type(plan, area, SGO + "FocusArea")
            plan.add(area, SGO + "focusAreaOf", node)
            plan.add(area, SGO + "position", _integer(area_number))
            plan.texts(area, SKOS + "prefLabel", (topic[0].capitalize(), topic[1].capitalize()))
            _subjects(plan, area, _SUBJECTS[topic[0]][0])
            plan.provenance(area, 1)
            for number in range(1, self.random.randint(1, 5) + 1):
                self.activity(plan, area, f"{area_number}.{number}", number, organisation, topic, year)

    def activity(
        self,
        plan: Plan,
        area: ox.NamedNode,
        label: str,
        position: int,
        organisation: Organisation,
        topic: Pair,
        year: int,
    ) -> None:
        verb = self.random.choice(_VERBS)
        activity = ox.NamedNode(f"{plan.iri}/aktivitet-{label}")
        _type(plan, activity, SGO + "Activity")
        plan.add(activity, SGO + "activityOf", area)
        plan.add(activity, SGO + "position", _integer(position))
        plan.texts(
            activity,
            SKOS + "prefLabel",
            (
                f"{verb[0]} arbeidet med {topic[0]} i {organisation.place}",
                f"{verb[1]} the work on {topic[1]}",
            ),
        )
        if self.random.random() < 0.3:
            issued = year - self.random.randint(1, 3)
            plan.add(activity, SGO + "followsUp", self.document(plan, organisation, topic, issued))
        if self.random.random() < 0.3:
            plan.add(activity, SGO + "involves", self.group(plan, organisation))
        if self.partners and self.random.random() < 0.15:
            plan.add(activity, SGO + "involves", ox.NamedNode(self.random.choice(self.partners)))
        _subjects(plan, activity, _SUBJECTS[topic[0]][1])
        plan.provenance(activity, 2)
        kind = self.random.choice(["", "", "tema", "tiltak"])
        if not kind:
            return
        cls, link = ("Theme", "themeOf") if kind == "tema" else ("Means", "meansOf")
        for number in range(1, self.random.randint(2, 5) + 1):
            part = ox.NamedNode(f"{plan.iri}/{kind}-{label}.{number}")
            step = self.random.choice(_VERBS)
            _type(plan, part, SGO + cls)
            plan.add(part, SGO + link, activity)
            plan.add(part, SGO + "position", _integer(number))
            plan.texts(
                part,
                SKOS + "prefLabel",
                (
                    f"{step[0].lower()} tiltak {number} for {topic[0]}",
                    f"{step[1].lower()} measure {number} for {topic[1]}",
                ),
            )
            plan.provenance(part, 1)

    def organisation(self, plan: Plan, organisation: Organisation) -> ox.NamedNode:
        """The organisation by its number: one IRI in all its plans, described in the first (its name
        the register's, so without provenance)."""

        def describe(node: ox.NamedNode) -> None:
            _type(plan, node, organisation.kind)
            plan.texts(node, SKOS + "prefLabel", organisation.name)
            plan.add(node, DCTERMS + "identifier", ox.Literal(organisation.number))

        return self._once(organisation_iri(organisation.number), describe)

    def group(self, plan: Plan, organisation: Organisation) -> ox.NamedNode:
        """An actor group of this plan («næringslivet i Askdal»), described in it once."""
        group = self.random.choice(_GROUPS)
        name = (f"{group[0]} i {organisation.place}", f"{group[1]} in {organisation.place}")

        def describe(node: ox.NamedNode) -> None:
            _type(plan, node, SGO + "ActorGroup")
            plan.texts(node, SKOS + "prefLabel", name)
            plan.provenance(node, 1)

        return self._once(f"{plan.iri}/aktor-{slug(name[0])}", describe)

    def document(self, plan: Plan, organisation: Organisation, topic: Pair, year: int) -> ox.NamedNode:
        """A referenced strategy document, described where it is first mentioned: one in five a plan
        of an organisation generated before, by its title and first year."""
        if self.written and self.random.random() < 0.2:
            title, year = self.random.choice(self.written)
        else:
            kind = self.random.choice(_DOCUMENT_KINDS)
            place = organisation.place
            title = (kind[0].format(topic=topic[0], place=place), kind[1].format(topic=topic[1], place=place))
        iri = f"{self.id}dokument/{slug(title[0])}-{year}"

        def describe(node: ox.NamedNode) -> None:
            _type(plan, node, SGO + "StrategyDocument")
            plan.texts(node, DCTERMS + "title", title)
            plan.add(node, DCTERMS + "issued", _year(year))
            if self.random.random() < 0.2:
                plan.add(node, SGO + "isRevisedVersion", _TRUE)
            plan.provenance(node, 1)

        return self._once(iri, describe)

    def _once(self, iri: str, describe: Callable[[ox.NamedNode], None]) -> ox.NamedNode:
        node = ox.NamedNode(iri)
        if iri not in self.described:
            self.described.add(iri)
            describe(node)
        return node

    def source_text(self, plan: Plan, node: ox.NamedNode, start: int, end: int) -> None:
        source = plan.source
        _type(plan, source, SGO + "SourceText")
        plan.texts(
            source,
            DCTERMS + "title",
            (f"Tekst av «Strategi {start}–{end}»", f"Text of “Strategy {start}–{end}”"),
        )
        plan.add(source, DCTERMS + "identifier", ox.Literal(f"{plan.slug}.txt"))
        plan.add(source, DCTERMS + "isFormatOf", node)
        plan.add(source, SGO + "lineCount", _integer(plan.line - 2))


_NOB = "http://publications.europa.eu/resource/authority/language/NOB"
#: Organisations per region (see the module's docstring).
_REGION = 5


def _title(organisation: Organisation, start: int, end: int) -> Pair:
    return (
        f"Strategi for {organisation.name[0]} {start}–{end}",
        f"Strategy for {organisation.name[1]} {start}–{end}",
    )


def _grouped_by_subject(triples: list[ox.Triple]) -> list[ox.Triple]:
    """One block per resource in the file, in the order resources first appear."""
    first: dict[ox.NamedNode, int] = {}
    for index, triple in enumerate(triples):
        first.setdefault(triple.subject, index)  # type: ignore[arg-type]
    return sorted(triples, key=lambda triple: first[triple.subject])  # type: ignore[index]


def synthesise(
    organisations: int,
    directory: Path,
    *,
    seed: int = 1,
    base_iri: str,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Write the plans as Turtle files into DIRECTORY; returns (files, triples)."""
    directory.mkdir(parents=True, exist_ok=True)
    resources = base_iri + "id/"
    prefixes = {name: PREFIXES[name] for name in ("sgo", "dcterms", "dcat", "skos", "xsd")}
    prefixes |= {"id": resources, "aktor": resources + "aktor/", "dok": resources + "dokument/"}
    prefixes |= {"kilde": resources + "kilde/", "lang": _NOB.rsplit("/", 1)[0] + "/"}
    prefixes |= {"orgnr": ORGANISATION_CATALOGUE}
    files = triples = 0
    for name, plan_triples in Synthesiser(organisations, seed, base_iri).plans():
        plan_prefixes = {**prefixes, "plan": f"{resources}{name}/"}
        ox.serialize(plan_triples, directory / f"{name}.ttl", ox.RdfFormat.TURTLE, prefixes=plan_prefixes)
        files += 1
        triples += len(plan_triples)
        if progress:
            progress(triples)
    return files, triples
