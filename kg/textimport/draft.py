"""The draft data file: resources with IRIs and provenance, written as house-style Turtle.

Same structure, IRIs and provenance as data/osloregionen-2017.ttl
(docs/integrator/data-model.md): a prefix block, then one commented block per
resource in document order (plan, vision and directions, roles, focus
areas with their activities, period, referenced documents, actors, the
source text), then formatted by kg.steward as `kg fmt` does. Texts are
Norwegian only; the plan carries adms:status UnderDevelopment until the
English is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.foundation.iris import slug
from kg.foundation.names import name_key
from kg.foundation.organisation_number import ORGANISATION_CATALOGUE
from kg.textimport.actors import Mention, mentions
from kg.textimport.repair import Change, Flag
from kg.textimport.structure import Activity, FocusArea, Span, Structure, Text, Vision

UNDER_DEVELOPMENT = "<http://purl.org/adms/status/UnderDevelopment>"
_RULE = "# " + "-" * 75
_CHILD = {
    "theme": ("tema", "sgo:Theme", "sgo:themeOf"),
    "means": ("tiltak", "sgo:Means", "sgo:meansOf"),
    "part": ("aktivitet", "sgo:Activity", "sgo:subActivityOf"),
}


@dataclass
class Resource:
    """One block of the draft: subject, type, properties in order, the lines it comes from."""

    name: str
    type: str
    properties: list[tuple[str, list[str]]]
    first: int
    last: int
    texts: list[str] = field(default_factory=list)  # its Norwegian texts, to attach repairs to
    comment: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (nb, en) sentences


@dataclass
class Group:
    """Resources under one section comment."""

    title: str
    resources: list[Resource]


def literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def year(value: str) -> str:
    return f'"{value}"^^xsd:gYear'


@dataclass
class Draft:
    """Builds the draft's resources from a text's structure."""

    structure: Structure
    publisher: str
    plan_year: str
    source_name: str
    line_count: int
    base_iri: str
    #: Organisations the project describes already, name as written → IRI: reused, not described again.
    known: dict[str, str] = field(default_factory=dict)
    #: IRIs of the documents the project describes already: followed up, not described again.
    known_documents: frozenset[str] = frozenset()
    groups: list[Group] = field(default_factory=list)
    actors: dict[str, Resource] = field(default_factory=dict)

    @property
    def plan_id(self) -> str:
        return f"{slug(self.publisher)}-{self.plan_year}"

    @property
    def plan(self) -> str:
        return f"id:{self.plan_id}"

    def element(
        self, name: str, kind: str, link: tuple[str, str], text: Text, position: int | None = None
    ) -> Resource:
        """An element of the plan: its type, the link to its parent, its place and its text."""
        properties: list[tuple[str, list[str]]] = [(link[0], [link[1]])]
        if position is not None:
            properties.append(("sgo:position", [str(position)]))
        properties.append(("skos:prefLabel", [literal(text.text, "nb")]))
        return Resource(name, kind, properties, text.first, text.last, [text.text])

    def build(self) -> list[Group]:
        """The draft's resources in document order, grouped under the comments of the file."""
        plan = self._plan()
        self.groups.append(Group(f"The plan (lines {plan.first}–{plan.last})", [plan]))
        if self.structure.vision is not None:
            self.groups.append(self._vision(self.structure.vision))
        if self.structure.roles:
            self.groups.append(self._roles(self.structure.roles_heading))
        self.groups += self._focus_areas()
        if self.structure.period is not None:
            self.groups.append(self._period(*self.structure.period))
        documents = self._documents()
        if documents:
            self.groups.append(Group("Referenced strategy documents", documents))
        actors = list(self.actors.values())
        self.groups.append(Group("Organisations and actor groups, in order of first mention", actors))
        self.groups.append(Group("The source text itself", [self._source()]))
        return self.groups

    def _roles(self, heading: Text | None) -> Group:
        roles = [
            self._involving(
                self.element(
                    f"plan:rolle-{n}",
                    "sgo:WorkingMethod",
                    ("sgo:workingMethodOf", self.plan),
                    span.whole(),
                    n,
                ),
                span,
            )
            for n, span in enumerate(self.structure.roles, start=1)
        ]
        if heading is None:
            return Group(f"Working methods (lines {roles[0].first}–{roles[-1].last})", roles)
        return Group(f"{heading.text} (lines {heading.first}–{roles[-1].last})", roles)

    def _focus_areas(self) -> list[Group]:
        groups = [self._focus_area(area) for area in self.structure.focus_areas]
        heading = self.structure.focus_heading
        if groups and heading is not None:
            groups[0].title = f"{heading.text} (line {heading.first})\n{groups[0].title}"
        return groups

    def _period(self, start: str, end: str, line: int) -> Group:
        name = f"{start}–{end}"
        period = Resource(
            f"plan:periode-{start}-{end}",
            "sgo:StrategyPeriod",
            [
                ("skos:prefLabel", [f"{literal(name, 'nb')} , {literal(name, 'en')}"]),
                ("dcat:startDate", [year(start)]),
                ("dcat:endDate", [year(end)]),
            ],
            line,
            line,
        )
        return Group(f"Strategy period (line {line})", [period])

    def _plan(self) -> Resource:
        s = self.structure
        last = (s.description or s.title).last
        properties: list[tuple[str, list[str]]] = [("dcterms:title", [literal(s.title.text, "nb")])]
        texts = [s.title.text]
        if s.description is not None:
            properties.append(("dcterms:description", [literal(s.description.text, "nb")]))
            texts.append(s.description.text)
        publisher = self._publisher()
        properties += [("dcterms:publisher", [publisher]), ("dcterms:language", ["lang:NOB"])]
        if s.in_effect_from:
            properties.append(("sgo:inEffectFrom", [year(s.in_effect_from)]))
        if s.period is not None:
            properties.append(("sgo:period", [f"plan:periode-{s.period[0]}-{s.period[1]}"]))
        properties.append(("adms:status", [UNDER_DEVELOPMENT]))
        return Resource(self.plan, "sgo:StrategicPlan", properties, s.title.first, last, texts)

    def _publisher(self) -> str:
        """The publisher as an actor: a cooperation alliance where the text calls it one; the
        project's own IRI for it when the project describes it already."""
        s = self.structure
        known = self._known(self.publisher)
        if known is not None:
            return known
        name = f"aktor:{slug(self.publisher)}"
        kind, line = "org:Organization", None
        pattern = re.compile(rf"(samarbeidsalliansen\s+)?(?<![\w]){re.escape(self.publisher)}")
        for span in s.front:
            found = pattern.search(span.text)
            if found:
                line = span.lines_of(found.start(), found.end())[1]
                kind = "sgo:CooperationAlliance" if found.group(1) else kind
                break
        properties: list[tuple[str, list[str]]] = [("skos:prefLabel", [literal(self.publisher, "nb")])]
        texts = [self.publisher]
        if kind == "sgo:CooperationAlliance":
            texts.append(f"samarbeidsalliansen {self.publisher}")
            properties.append(("dcterms:description", [literal(texts[-1], "nb")]))
        first = line if line is not None else s.title.first
        resource = Resource(name, kind, properties, first, first, texts)
        if line is None:
            resource.notes.append(
                (
                    "Utgiveren er oppgitt ved import (--publisher), ikke funnet i innledningen.",
                    "The publisher was given on import (--publisher), not found in the opening.",
                )
            )
        self.actors[name] = resource
        return name

    def _vision(self, vision: Vision) -> Group:
        resource = self.element("plan:visjon", "sgo:Vision", ("sgo:visionOf", self.plan), vision.statement)
        resource.first, resource.last = vision.first, vision.last
        if vision.elaboration is not None:
            resource.properties.append(("dcterms:description", [literal(vision.elaboration.text, "nb")]))
            resource.texts.append(vision.elaboration.text)
        resources = [resource]
        for n, direction in enumerate(vision.directions, start=1):
            resources.append(
                self.element(
                    f"plan:foring-{n}", "sgo:VisionDirection", ("sgo:underpins", "plan:visjon"), direction, n
                )
            )
        if vision.directions:
            first, last = vision.directions[0].first, vision.directions[-1].last
            count = len(vision.directions)
            comment = (
                f"The {count} directions of the elaboration (lines {first}–{last}), in the text's order."
            )
            resources[1].comment = comment
        return Group(f"VISJON (lines {vision.first}–{vision.last})", resources)

    def _focus_area(self, area: FocusArea) -> Group:
        resource = self.element(
            f"plan:innsatsomrade-{area.number}",
            "sgo:FocusArea",
            ("sgo:focusAreaOf", self.plan),
            area.title,
            area.number,
        )
        resource.first, resource.last = area.first, area.last
        resources = [resource]
        for n, activity in enumerate(area.activities, start=1):
            number = f"{area.number}.{n}"
            resources.extend(
                self._activity(
                    f"plan:aktivitet-{number}",
                    "sgo:Activity",
                    ("sgo:activityOf", resource.name),
                    activity,
                    n,
                    number,
                )
            )
        return Group(f"Focus area {area.number} (lines {area.first}–{area.last})", resources)

    def _activity(
        self, name: str, kind: str, link: tuple[str, str], activity: Activity, position: int, number: str
    ) -> list[Resource]:
        resource = self.element(name, kind, link, activity.text, position)
        for reference in activity.references:
            resource.properties.append(
                ("sgo:followsUp", [self._document_name(reference.title, reference.year)])
            )
        self._involving(resource, activity.span)
        if activity.span.lost_bullet:
            resource.comment = (
                f"The scan lost this item's bullet (line {activity.span.first}); taken as the next item."
            )
        resources = [resource]
        if activity.children_kind is not None:
            prefix, child_kind, child_link = _CHILD[activity.children_kind]
            for n, child in enumerate(activity.children, start=1):
                resources.extend(
                    self._activity(
                        f"plan:{prefix}-{number}.{n}",
                        child_kind,
                        (child_link, name),
                        child,
                        n,
                        f"{number}.{n}",
                    )
                )
        return resources

    def _document_name(self, title: str, issued: str) -> str:
        return f"dok:{slug(title)}-{issued}"

    def _documents(self) -> list[Resource]:
        documents: dict[str, Resource] = {}
        for activity in self._all_activities():
            for reference in activity.references:
                name = self._document_name(reference.title, reference.year)
                described = f"{self.base_iri}id/dokument/{name.removeprefix('dok:')}" in self.known_documents
                if name in documents or described:
                    continue
                properties: list[tuple[str, list[str]]] = [
                    ("dcterms:title", [literal(reference.title, "nb")]),
                    ("dcterms:issued", [year(reference.year)]),
                ]
                if reference.revised:
                    properties.append(("sgo:isRevisedVersion", ["true"]))
                documents[name] = Resource(
                    name,
                    "sgo:StrategyDocument",
                    properties,
                    reference.first,
                    reference.last,
                    [reference.title],
                )
        return list(documents.values())

    def _all_activities(self) -> Iterable[Activity]:
        def walk(activities: Sequence[Activity]) -> Iterable[Activity]:
            for activity in activities:
                yield activity
                yield from walk(activity.children)

        for area in self.structure.focus_areas:
            yield from walk(area.activities)

    def _involving(self, resource: Resource, span: Span) -> Resource:
        """The element with sgo:involves for each actor its text names (actors described once)."""
        names: list[str] = []
        for mention in mentions(span, self.publisher, list(self.known)):
            name = self._actor(mention)
            if name not in names:
                names.append(name)
        if names:
            resource.properties.append(("sgo:involves", [" , ".join(names)]))
        return resource

    def _actor(self, mention: Mention) -> str:
        """The actor's IRI: a name (capitalised) is one organisation wherever it is named, under aktor:;
        a common noun («kommunene», «fylkeskommunen», «nasjonale myndigheter») names those of this
        plan's region, so it is scoped to the plan (plan:aktor-…), not shared with other plans."""
        if mention.kind == "publisher":
            return self._known(self.publisher) or f"aktor:{slug(self.publisher)}"
        known = self._known(mention.name)
        if known is not None:
            return known
        scoped = not mention.name[:1].isupper()
        name = f"plan:aktor-{slug(mention.name)}" if scoped else f"aktor:{slug(mention.name)}"
        if name not in self.actors:
            kind = "sgo:ActorGroup" if mention.kind == "group" else "org:Organization"
            self.actors[name] = Resource(
                name,
                kind,
                [("skos:prefLabel", [literal(mention.name, "nb")])],
                mention.line,
                mention.line,
                [mention.name],
            )
        return name

    def _known(self, name: str) -> str | None:
        """The IRI of the organisation of this name the project describes, if any (aktor:x for one
        under the project's aktor/, orgnr:N for one by organisation number, <…> for any other)."""
        key = name_key(name)
        iri = next((iri for known, iri in self.known.items() if name_key(known) == key), None)
        if iri is None:
            return None
        for prefix, namespace in (("aktor", f"{self.base_iri}id/aktor/"), ("orgnr", ORGANISATION_CATALOGUE)):
            local = iri.removeprefix(namespace)
            if iri.startswith(namespace) and re.fullmatch(r"[\w-]+", local):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def _source(self) -> Resource:
        return Resource(
            f"kilde:{self.source_name}",
            "sgo:SourceText",
            [
                ("dcterms:title", [literal(f"Kildetekst for «{self.structure.title.text}»", "nb")]),
                ("dcterms:identifier", [literal(f"{self.source_name}.txt")]),
                ("dcterms:isFormatOf", [self.plan]),
                ("sgo:lineCount", [str(self.line_count)]),
            ],
            1,
            self.line_count,
        )


def attach_notes(groups: Sequence[Group], changes: Sequence[Change], flags: Sequence[Flag]) -> None:
    """Each repair and flag becomes part of an editorial note on every resource whose text it touches.

    What touches no resource's text (a heading) goes on the source text.
    """
    resources = [resource for group in groups for resource in group.resources]
    source = resources[-1]
    touched: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}

    def holders(line: int, word: str) -> list[Resource]:
        pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
        found = [
            resource
            for resource in resources
            if resource.first <= line <= resource.last
            and any(pattern.search(text) for text in resource.texts)
        ]
        return found or [source]

    for change in changes:
        for resource in holders(change.line, change.after):
            nb, en, _, _ = touched.setdefault(resource.name, ([], [], [], []))
            nb.append(f"linje {change.line}: «{change.before}» → «{change.after}»")
            en.append(f"line {change.line}: «{change.before}» → «{change.after}»")
    for flag in flags:
        for resource in holders(flag.line, flag.word):
            _, _, nb, en = touched.setdefault(resource.name, ([], [], [], []))
            maybe_nb = (
                f" (kanskje {' / '.join(f'«{c}»' for c in flag.candidates)})" if flag.candidates else ""
            )
            maybe_en = (
                f" (perhaps {' / '.join(f'«{c}»' for c in flag.candidates)})" if flag.candidates else ""
            )
            nb.append(f"linje {flag.line}: «{flag.word}»{maybe_nb}")
            en.append(f"line {flag.line}: «{flag.word}»{maybe_en}")
    for resource in resources:
        if resource.name not in touched:
            continue
        changed_nb, changed_en, flagged_nb, flagged_en = touched[resource.name]
        if changed_nb:
            resource.notes.append(
                (
                    "OCR-feil rettet ved import, sjekk mot kilden: " + "; ".join(changed_nb) + ".",
                    "OCR damage repaired on import, check against the source: " + "; ".join(changed_en) + ".",
                )
            )
        if flagged_nb:
            resource.notes.append(
                (
                    "Kan være OCR-feil, ikke endret: " + "; ".join(flagged_nb) + ".",
                    "May be OCR damage, left as it is: " + "; ".join(flagged_en) + ".",
                )
            )


def prefixes(base_iri: str, plan_id: str) -> list[tuple[str, str]]:
    return [
        ("sgo", "https://w3id.org/strategigraf/ontology#"),
        ("id", f"{base_iri}id/"),
        ("plan", f"{base_iri}id/{plan_id}/"),
        ("dok", f"{base_iri}id/dokument/"),
        ("aktor", f"{base_iri}id/aktor/"),
        ("orgnr", ORGANISATION_CATALOGUE),
        ("kilde", f"{base_iri}id/kilde/"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("org", "http://www.w3.org/ns/org#"),
        ("adms", "http://www.w3.org/ns/adms#"),
        ("lang", "http://publications.europa.eu/resource/authority/language/"),
    ]


def turtle(
    header: Sequence[str], prefix_list: Sequence[tuple[str, str]], groups: Sequence[Group], source: str
) -> str:
    """The draft in the house style of data/: header comment, prefixes, commented blocks."""
    out = [f"# {line}".rstrip() for line in header]
    out.append("")
    width = max(len(prefix) for prefix, _ in prefix_list) + 2
    out += [f"@prefix {(prefix + ':').ljust(width)}<{iri}> ." for prefix, iri in prefix_list]
    for group in groups:
        if not group.resources:
            continue
        out += ["", _RULE, *(f"# {line}" for line in group.title.split("\n")), _RULE]
        for resource in group.resources:
            out.append("")
            out += _block(resource, source)
    return "\n".join(out) + "\n"


def _block(resource: Resource, source: str) -> list[str]:
    properties = list(resource.properties)
    if resource.notes:
        nb = " ".join(note for note, _ in resource.notes)
        en = " ".join(note for _, note in resource.notes)
        properties.append(("skos:editorialNote", [f"{literal(nb, 'nb')} ,\n        {literal(en, 'en')}"]))
    if resource.type != "sgo:SourceText":
        properties += [
            ("sgo:sourceText", [f"kilde:{source}"]),
            ("sgo:firstLine", [str(resource.first)]),
            ("sgo:lastLine", [str(resource.last)]),
        ]
    lines = [f"# {resource.comment}"] if resource.comment else []
    lines.append(f"{resource.name} a {resource.type} ;")
    for index, (predicate, objects) in enumerate(properties):
        value = " , ".join(objects)
        end = " ." if index == len(properties) - 1 else " ;"
        if "\n" in value or len(value) > 100:
            lines.append(f"    {predicate}\n        {value}{end}")
        else:
            lines.append(f"    {predicate} {value}{end}")
    return lines
