"""What changed between two versions of the graph, in the strategy's own terms.

Statements are compared as a graph, not as lines: reformatting and reordering
change nothing. Statements about blank nodes are compared as molecules (a
blank-node tree with the statements that hold it), each put in canonical form
on its own (RDFC-1.0), so relabelling blank nodes changes nothing either, and
a change to one molecule does not relabel the others.

The changed statements are then given to the element of the strategy they
describe. The structure comes from the ontology: every subproperty of
`sgo:isPartOf` links an element to its parent (a focus area to its plan, an
activity to its focus area, ...), and `sgo:position` numbers siblings, so an
element is named as the document numbers it: "activity 2.4".
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.foundation.namespaces import DCTERMS, OWL, PREFIXES, RDF, RDFS, SGO, SKOS, XSD
from kg.foundation.rdf_files import RdfSyntaxError, SyntaxErrors, parse_bytes, parse_files
from kg.steward.revisions import Side

#: An object of a statement (a quoted triple in RDF 1.2)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: (predicate IRI, object) pairs: what a statement says about a subject
Values = list[tuple[str, Term]]

IS_PART_OF = SGO + "isPartOf"
POSITION = SGO + "position"
PROVENANCE = (SGO + "sourceText", SGO + "firstLine", SGO + "lastLine")
#: Properties whose value names a resource, most preferred first.
LABELS = (SKOS + "prefLabel", DCTERMS + "title", RDFS + "label")

#: What the kinds of element are called, (en, nb), the more specific classes first.
KINDS: dict[str, tuple[str, str]] = {
    SGO + "StrategicPlan": ("plan", "plan"),
    SGO + "Vision": ("vision", "visjon"),
    SGO + "VisionDirection": ("direction", "føring"),
    SGO + "WorkingMethod": ("role", "rolle"),
    SGO + "FocusArea": ("focus area", "innsatsområde"),
    SGO + "Theme": ("theme", "tema"),
    SGO + "Means": ("means", "tiltak"),
    SGO + "Activity": ("activity", "aktivitet"),
}
#: Datatypes whose values are shown as Turtle writes them, without quotes.
_BARE = frozenset(XSD + name for name in ("integer", "decimal", "double", "boolean"))
#: Texts that are named for what they are rather than by the property's label, (en, nb).
TEXTS: dict[str, tuple[str, str]] = {
    SKOS + "prefLabel": ("title", "tittel"),
    DCTERMS + "title": ("title", "tittel"),
    DCTERMS + "description": ("description", "beskrivelse"),
    SKOS + "editorialNote": ("editorial note", "redaksjonell merknad"),
    SKOS + "definition": ("definition", "definisjon"),
    RDFS + "label": ("label", "navn"),
}


@dataclass(frozen=True)
class Graph:
    """One side's statements (in the default graph) and the prefixes its files declare."""

    quads: frozenset[ox.Quad]
    prefixes: dict[str, str]


def parse_side(side: Side, scope: str) -> Graph:
    """Every statement of the side's files.

    Blank nodes are kept apart file by file and from the other side (`scope`
    starts their labels): a Turtle file that writes no `_:label` has only the
    parser's anonymous blank nodes, whose random labels are apart already.
    Raises `SyntaxErrors` naming each file that does not parse (file:line:column).
    """
    found: set[ox.Quad] = set()
    prefixes: dict[str, str] = {}
    errors: list[RdfSyntaxError] = []
    for number, (path, data) in enumerate(side.files.items()):
        try:
            parsed = parse_bytes(path, data)
        except RdfSyntaxError as error:
            errors.append(error)
            continue
        for prefix, namespace in parsed.prefixes.items():
            prefixes.setdefault(prefix, namespace)
        if path.suffix.lower() in _TRIPLE_SUFFIXES and b"_:" not in data:
            found.update(parsed.quads)
        else:
            found.update(_scoped(quad, f"{scope}{number}_") for quad in parsed.quads)
    if errors:
        raise SyntaxErrors(errors)
    return Graph(frozenset(found), prefixes)


#: Formats whose statements are all in the default graph and whose blank nodes, unless
#: labelled `_:x`, get random labels from the parser; other files are relabelled statement
#: by statement (named graphs are dropped: the diff compares statements).
_TRIPLE_SUFFIXES = frozenset({".ttl", ".nt"})


def _scoped(quad: ox.Quad, scope: str) -> ox.Quad:
    """The statement in the default graph, its blank-node labels starting with `scope`."""
    subject, obj = quad.subject, quad.object
    if isinstance(subject, ox.BlankNode):
        subject = ox.BlankNode(scope + subject.value)
    if isinstance(obj, ox.BlankNode):
        obj = ox.BlankNode(scope + obj.value)
    return ox.Quad(subject, quad.predicate, obj)


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def molecules(quads: Iterable[ox.Quad]) -> dict[str, tuple[ox.Triple, ...]]:
    """Statements with blank nodes, grouped into molecules by canonical form.

    A molecule is a connected set of blank nodes with every statement about
    them or pointing to them.
    """
    components: dict[str, list[ox.Quad]] = defaultdict(list)
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.get(label, label) != label:
            parent[label] = parent.get(parent[label], parent[label])
            label = parent[label]
        return label

    blank = list(quads)
    for quad in blank:
        subject, obj = quad.subject, quad.object
        if isinstance(subject, ox.BlankNode) and isinstance(obj, ox.BlankNode):
            first, second = root(subject.value), root(obj.value)
            if first != second:
                parent[second] = first
    for quad in blank:
        node = quad.subject if isinstance(quad.subject, ox.BlankNode) else quad.object
        components[root(_key(node))].append(quad)
    return dict(_canonical(component) for component in components.values())


def _canonical(quads: list[ox.Quad]) -> tuple[str, tuple[ox.Triple, ...]]:
    """The molecule's canonical text (its identity) and its statements with stable blank-node labels."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(f"{quad.triple} ." for quad in dataset)
    key = "\n".join(lines)
    stamp = hashlib.sha1(key.encode()).hexdigest()[:6]
    canonical = tuple(
        sorted((_relabel(quad.triple, stamp) for quad in dataset), key=lambda t: (str(t.subject), str(t)))
    )
    return key, canonical


def _relabel(triple: ox.Triple, stamp: str) -> ox.Triple:
    subject, obj = triple.subject, triple.object
    if isinstance(subject, ox.BlankNode):
        subject = ox.BlankNode(f"{stamp}{subject.value.removeprefix('c14n')}")
    if isinstance(obj, ox.BlankNode):
        obj = ox.BlankNode(f"{stamp}{obj.value.removeprefix('c14n')}")
    return ox.Triple(subject, triple.predicate, obj)


class Index:
    """One side's statements by subject and by predicate.

    Plain dictionaries: pyoxigraph's Dataset indexes every order of the
    terms and takes five times as long to build at 100k statements.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.by_subject: dict[Term, list[ox.Quad]] = {}
        self.by_predicate: dict[ox.NamedNode, list[ox.Quad]] = {}
        for quad in quads:
            self.by_subject.setdefault(quad.subject, []).append(quad)
            self.by_predicate.setdefault(quad.predicate, []).append(quad)

    def with_predicate(self, iri: str) -> list[ox.Quad]:
        return self.by_predicate.get(ox.NamedNode(iri), [])

    def about(self, iri: str) -> list[ox.Quad]:
        return self.by_subject.get(ox.NamedNode(iri), [])


class Vocabulary:
    """What the ontology says that the diff needs: part-of properties, names of classes and properties."""

    def __init__(self, indexes: Iterable[Index]) -> None:
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.classes: set[str] = set()
        super_properties: dict[str, set[str]] = defaultdict(set)
        for index in indexes:
            for quad in index.with_predicate(RDF + "type"):
                if isinstance(quad.subject, ox.NamedNode) and quad.object == ox.NamedNode(OWL + "Class"):
                    self.classes.add(quad.subject.value)
            for quad in index.with_predicate(RDFS + "subPropertyOf"):
                if isinstance(quad.object, ox.NamedNode):
                    super_properties[_key(quad.subject)].add(quad.object.value)
            for quad in index.with_predicate(RDFS + "label"):
                if isinstance(quad.object, ox.Literal):
                    self.labels[_key(quad.subject)].setdefault(quad.object.language or "", quad.object.value)
        self.part_of = frozenset(p for p in super_properties if _reaches(p, IS_PART_OF, super_properties))

    def label(self, iri: str, lang: str) -> str | None:
        texts = self.labels.get(iri, {})
        return texts.get(lang) or texts.get("en") or texts.get("")


def _split(quads: Iterable[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """Statements without blank nodes, and those with."""
    ground: list[ox.Quad] = []
    blank: list[ox.Quad] = []
    for quad in quads:
        (blank if _has_blank_node(quad) else ground).append(quad)
    return ground, blank


def _key(term: Term) -> str:
    """A term as text: an IRI, a blank-node label, a literal's lexical form, a quoted triple in N-Triples."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _reaches(start: str, goal: str, edges: dict[str, set[str]]) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for up in edges.get(todo.pop(), ()):
            if up == goal:
                return True
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return False


class Structure:
    """One side's strategy: which element is part of which, their kinds, numbers and names."""

    def __init__(self, index: Index, vocabulary: Vocabulary) -> None:
        self.index = index
        self.parent: dict[str, str] = {}
        for link in sorted(vocabulary.part_of):
            for quad in index.with_predicate(link):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                    self.parent.setdefault(quad.subject.value, quad.object.value)
        self.elements = set(self.parent) | set(self.parent.values())
        self._about: dict[str, dict[str, list[Term]]] = {}

    def about(self, iri: str) -> dict[str, list[Term]]:
        """What the side says about the resource: objects by predicate (empty: nothing)."""
        found = self._about.get(iri)
        if found is None:
            found = {}
            for quad in self.index.about(iri):
                found.setdefault(quad.predicate.value, []).append(quad.object)
            self._about[iri] = found
        return found

    def values(self, iri: str, predicate: str) -> list[Term]:
        return self.about(iri).get(predicate, [])

    def kind(self, iri: str) -> str | None:
        types = {t.value for t in self.values(iri, RDF + "type") if isinstance(t, ox.NamedNode)}
        return next((kind for kind in KINDS if kind in types), min(types, default=None))

    def position(self, iri: str) -> str | None:
        found = self.values(iri, POSITION)
        return _key(found[0]) if found else None

    def number(self, iri: str) -> str | None:
        """The number the document gives it (positions down from the plan): "2.4" for activity 4 of area 2."""
        parts: list[str] = []
        seen: set[str] = set()
        node: str | None = iri
        while node is not None and node not in seen:
            seen.add(node)
            position = self.position(node)
            if position is None:
                break
            parts.append(position)
            node = self.parent.get(node)
        return ".".join(reversed(parts)) or None

    def text(self, iri: str, lang: str) -> str | None:
        """The resource's label in `lang`, else in another language."""
        for predicate in LABELS:
            texts = {
                t.language or "": t.value for t in self.values(iri, predicate) if isinstance(t, ox.Literal)
            }
            if texts:
                return texts.get(lang) or texts.get("en") or next(iter(texts.values()))
        return None

    def ancestors(self, iri: str) -> list[str]:
        chain: list[str] = []
        node = self.parent.get(iri)
        while node is not None and node not in chain and node != iri:
            chain.append(node)
            node = self.parent.get(node)
        return list(reversed(chain))


@dataclass(frozen=True)
class Name:
    """How an element is called in the report: kind, number and label."""

    iri: str
    kind: str
    number: str | None
    label: str | None

    def as_json(self) -> dict[str, str | None]:
        return {"iri": self.iri, "kind": self.kind, "number": self.number, "label": self.label}


@dataclass(frozen=True)
class Change:
    """One thing that changed about an element.

    `what` is one of: added, removed (the element itself), renamed (its IRI),
    moved, position, text, provenance, value, statements (of blank nodes it holds).
    """

    what: str
    property: str | None = None
    language: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass
class ElementDiff:
    name: Name
    changes: list[Change] = field(default_factory=list)
    children: list[ElementDiff] = field(default_factory=list)

    def count(self) -> int:
        return len(self.changes) + sum(child.count() for child in self.children)


@dataclass
class Diff:
    """The changes by element, as a forest under the plans, and the statements about no element."""

    old: str
    new: str
    elements: list[ElementDiff]
    added: list[ox.Triple]
    removed: list[ox.Triple]
    prefixes: dict[str, str]
    vocabulary: Vocabulary

    @property
    def changed(self) -> bool:
        return bool(self.elements or self.added or self.removed)

    def count(self) -> int:
        return sum(element.count() for element in self.elements) + len(self.added) + len(self.removed)


class Words:
    """Turns terms into the short forms the report shows, in one language."""

    def __init__(self, lang: str, vocabulary: Vocabulary, prefixes: dict[str, str]) -> None:
        self.lang = lang
        self.vocabulary = vocabulary
        self.namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))

    def iri(self, iri: str) -> str:
        for namespace, prefix in self.namespaces:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term: Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Triple):
            return f"<< {self.triple(term).removesuffix(' .')} >>"
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if term.language:
            return f"«{term.value}»@{term.language}"
        if term.datatype.value == XSD + "string":
            return f"«{term.value}»"
        if term.datatype.value in _BARE:
            return term.value
        return f'"{term.value}"^^{self.iri(term.datatype.value)}'

    def triple(self, triple: ox.Triple) -> str:
        return f"{self.term(triple.subject)} {self.term(triple.predicate)} {self.term(triple.object)} ."

    def property(self, iri: str) -> str:
        if iri == RDF + "type":
            return "type"
        label = self.vocabulary.label(iri, self.lang)
        return label or self.iri(iri)

    def kind(self, iri: str | None) -> str:
        if iri in KINDS:
            en, nb = KINDS[iri]
            return nb if self.lang == "nb" else en
        if iri is None:
            return "element"
        label = self.vocabulary.label(iri, self.lang)
        # a class without a label by its local name: org:Organization -> "organization"
        return (label or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", re.split(r"[#/:]", iri)[-1])).lower()


def compare(
    old: Graph, new: Graph, vocabulary: Iterable[ox.Quad], *, lang: str, names: tuple[str, str]
) -> Diff:
    """The semantic diff of two graphs.

    `vocabulary` is the ontology's statements; those of both sides count as vocabulary too.
    """
    before, after = Index(old.quads), Index(new.quads)
    terms = Vocabulary([Index(vocabulary), before, after])
    prefixes = {**PREFIXES, **old.prefixes, **new.prefixes}
    words = Words(lang, terms, prefixes)
    was, now = Structure(before, terms), Structure(after, terms)
    # the plans' elements, and resources of a class the ontology declares (a period, an actor, a document)
    known = (
        was.elements | now.elements | _of_ontology_classes(before, terms) | _of_ontology_classes(after, terms)
    )

    # Every statement with a blank node differs (the sides' labels are apart); molecules compare them.
    removed, removed_blank = _split(old.quads - new.quads)
    added, added_blank = _split(new.quads - old.quads)
    changed: dict[str, tuple[Values, Values]] = defaultdict(lambda: ([], []))
    plain_removed: list[ox.Triple] = []
    plain_added: list[ox.Triple] = []
    for triples, index, plain in ((removed, 0, plain_removed), (added, 1, plain_added)):
        for triple in triples:
            subject = _key(triple.subject)
            if subject in known:
                changed[subject][index].append((triple.predicate.value, triple.object))
            else:
                plain.append(triple.triple)
    blank_changes: dict[str, list[Change]] = defaultdict(list)
    was_said, now_said = molecules(removed_blank), molecules(added_blank)
    for these, other, what, plain in (
        (was_said, now_said, "removed", plain_removed),
        (now_said, was_said, "added", plain_added),
    ):
        for key, molecule in these.items():
            if key in other:
                continue
            holder = next((_key(t.subject) for t in molecule if _key(t.subject) in known), None)
            if holder is None:
                plain.extend(molecule)
                continue
            changed.setdefault(holder, ([], []))
            for statement in molecule:
                text = words.triple(statement)
                before_text, after_text = (text, None) if what == "removed" else (None, text)
                blank_changes[holder].append(
                    Change("statements", statement.predicate.value, None, before_text, after_text)
                )

    renames = _renames(changed, was, now)
    describe = _Describer(was, now, words, renames)
    diffs: dict[str, ElementDiff] = {}
    previous = {new_iri: old_iri for old_iri, new_iri in renames.items()}
    for gone_iri, new_iri in renames.items():
        changed[new_iri] = (_described(was, gone_iri), _described(now, new_iri))
    for gone_iri in renames.keys() - previous.keys():
        if now.about(gone_iri):  # the IRI now names another element: a new one
            changed[gone_iri] = ([], _described(now, gone_iri))
        else:
            del changed[gone_iri]
    for iri, (gone, came) in changed.items():
        old_iri = previous.get(iri) or (None if iri in renames else iri)
        changes = describe.changes(iri, *_cancel(gone, came, renames), old_iri)
        if not changes or changes[0].what not in ("added", "removed"):
            changes += blank_changes[iri]
        if changes:
            diffs[iri] = ElementDiff(describe.name(iri), changes)
    forest = _forest(diffs, was, now, describe)
    return Diff(
        names[0],
        names[1],
        forest,
        sorted(plain_added, key=str),
        sorted(plain_removed, key=str),
        prefixes,
        terms,
    )


def _of_ontology_classes(index: Index, vocabulary: Vocabulary) -> set[str]:
    """Resources typed with a class the ontology declares."""
    return {
        quad.subject.value
        for quad in index.with_predicate(RDF + "type")
        if isinstance(quad.subject, ox.NamedNode)
        and isinstance(quad.object, ox.NamedNode)
        and quad.object.value in vocabulary.classes
    }


def _described(side: Structure, iri: str) -> Values:
    return [
        (predicate, obj)
        for predicate, objects in side.about(iri).items()
        for obj in objects
        if not isinstance(obj, ox.BlankNode)  # compared as molecules
    ]


def _renames(changed: dict[str, tuple[Values, Values]], was: Structure, now: Structure) -> dict[str, str]:
    """Elements whose IRI changed (e.g. renumbered, an IRI shifted to the next element): old -> new IRI.

    An element of OLD is the element of NEW with the same kind and the same
    texts (labels in every language) under another IRI, where those texts
    single out one changed element on each side and the old IRI no longer has them.
    """

    def signature(side: Structure, iri: str) -> tuple[str | None, frozenset[str]] | None:
        texts = frozenset(str(obj) for predicate in LABELS for obj in side.values(iri, predicate))
        return (side.kind(iri), texts) if texts else None

    olds: dict[tuple[str | None, frozenset[str]], list[str]] = defaultdict(list)
    news: dict[tuple[str | None, frozenset[str]], list[str]] = defaultdict(list)
    for iri in changed:
        for side, found in ((was, olds), (now, news)):
            key = signature(side, iri)
            if key is not None:
                found[key].append(iri)
    renames = {}
    for key, gone in olds.items():
        came = news.get(key, [])
        if len(gone) == 1 and len(came) == 1 and gone != came and signature(now, gone[0]) != key:
            renames[gone[0]] = came[0]
    return renames


def _cancel(gone: Values, came: Values, renames: dict[str, str]) -> tuple[Values, Values]:
    """What changed once renamed elements are called by their new IRI on the old side too."""

    def renamed(value: tuple[str, Term]) -> tuple[str, Term]:
        predicate, obj = value
        if isinstance(obj, ox.NamedNode) and obj.value in renames:
            return predicate, ox.NamedNode(renames[obj.value])
        return value

    old = [renamed(value) for value in gone]
    return [v for v in old if v not in came], [v for v in came if v not in old]


class _Describer:
    """Words for the changes of one element, looked up on the side where each value is."""

    def __init__(self, was: Structure, now: Structure, words: Words, renames: dict[str, str]) -> None:
        self.was, self.now, self.words, self.renames = was, now, words, renames

    def side(self, iri: str) -> Structure:
        return self.now if self.now.about(iri) or iri in self.now.elements else self.was

    def name(self, iri: str, side: Structure | None = None) -> Name:
        structure = side or self.side(iri)
        return Name(
            iri,
            self.words.kind(structure.kind(iri)),
            structure.number(iri),
            structure.text(iri, self.words.lang),
        )

    def value(self, term: Term, side: Structure) -> str:
        """A resource by its label where it has one («...»), a literal by its text."""
        if isinstance(term, ox.NamedNode):
            if term.value in side.elements:
                return called(self.name(term.value, side))
            label = side.text(term.value, self.words.lang)
            return f"{self.words.iri(term.value)} «{label}»" if label else self.words.iri(term.value)
        return self.words.term(term)

    def changes(self, iri: str, gone: Values, came: Values, old_iri: str | None) -> list[Change]:
        """The changes of element `iri`, called `old_iri` in OLD (another IRI when renamed, None when new)."""
        if old_iri is None or not self.was.about(old_iri):
            return [Change("added", new=self.now.text(iri, self.words.lang))]
        if not self.now.about(iri):
            return [Change("removed", old=self.was.text(iri, self.words.lang))]
        changes: list[Change] = []
        if old_iri != iri:
            changes.append(Change("renamed", old=self.words.iri(old_iri), new=self.words.iri(iri)))
        by_property: dict[str, tuple[list[Term], list[Term]]] = defaultdict(lambda: ([], []))
        for predicate, obj in gone:
            by_property[predicate][0].append(obj)
        for predicate, obj in came:
            by_property[predicate][1].append(obj)
        old_parent, new_parent = self.was.parent.get(old_iri), self.now.parent.get(iri)
        if old_parent is not None and self.renames.get(old_parent, old_parent) != new_parent:
            changes.append(
                Change(
                    "moved",
                    old=called(self.name(old_parent, self.was)),
                    new=called(self.name(new_parent, self.now)) if new_parent else None,
                )
            )
        moved = bool(changes) and changes[-1].what == "moved"
        if POSITION in by_property:
            changes.append(
                Change("position", POSITION, None, self.was.position(old_iri), self.now.position(iri))
            )
        if any(p in by_property for p in PROVENANCE[1:]):
            lines = _lines(self.was, old_iri), _lines(self.now, iri)
            changes.append(Change("provenance", SGO + "firstLine", None, *lines))
        for predicate, (olds, news) in sorted(by_property.items()):
            if predicate == POSITION or predicate in PROVENANCE[1:]:
                continue
            if predicate in self.words.vocabulary.part_of and moved:
                continue
            changes.extend(self._values(predicate, olds, news))
        return changes

    def _values(self, predicate: str, olds: list[Term], news: list[Term]) -> Iterator[Change]:
        texts = [t for t in [*olds, *news] if isinstance(t, ox.Literal) and t.language]
        if texts and len(texts) == len(olds) + len(news):
            for lang in sorted({t.language for t in texts}, key=_language_order):
                old = [t.value for t in olds if isinstance(t, ox.Literal) and t.language == lang]
                new = [t.value for t in news if isinstance(t, ox.Literal) and t.language == lang]
                yield Change("text", predicate, lang, "\n".join(old) or None, "\n".join(new) or None)
            return
        what = "provenance" if predicate in PROVENANCE else "value"
        if len(olds) == 1 and len(news) == 1:
            yield Change(what, predicate, None, self.value(olds[0], self.was), self.value(news[0], self.now))
            return
        for term in olds:
            yield Change(what, predicate, None, self.value(term, self.was), None)
        for term in news:
            yield Change(what, predicate, None, None, self.value(term, self.now))


def _language_order(lang: str | None) -> tuple[int, str]:
    return ({"nb": 0, "en": 1}.get(lang or "", 2), lang or "")


def _lines(side: Structure, iri: str) -> str | None:
    first = [_key(t) for t in side.values(iri, SGO + "firstLine")]
    last = [_key(t) for t in side.values(iri, SGO + "lastLine")]
    if not first and not last:
        return None
    return f"{'/'.join(first) or '?'}–{'/'.join(last) or '?'}"


def called(name: Name) -> str:
    """ "focus area 2 «Verdiskaping og kompetanse»"."""
    text = name.kind + (f" {name.number}" if name.number else "")
    return text + (f" «{shorten(name.label)}»" if name.label else f" <{name.iri}>")


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _forest(
    diffs: dict[str, ElementDiff], was: Structure, now: Structure, describe: _Describer
) -> list[ElementDiff]:
    """The changed elements under their ancestors (as they are now; as they were, for removed ones)."""
    nodes: dict[str, ElementDiff] = dict(diffs)
    roots: list[str] = []
    children: dict[str, list[str]] = defaultdict(list)
    for iri in list(diffs):
        side = now if now.about(iri) else was
        chain = [*side.ancestors(iri), iri]
        if chain[0] not in roots:
            roots.append(chain[0])
        for parent, child in itertools.pairwise(chain):
            if child not in children[parent]:
                children[parent].append(child)
        for ancestor in chain:
            if ancestor not in nodes:
                nodes[ancestor] = ElementDiff(describe.name(ancestor))

    def order(iri: str) -> tuple[int, str, str]:
        side = now if now.about(iri) else was
        kinds = list(KINDS)
        kind = side.kind(iri)
        rank = kinds.index(kind) if kind in kinds else len(kinds)
        number = nodes[iri].name.number or ""
        return (rank, _natural(number), iri)

    def build(iri: str) -> ElementDiff:
        node = nodes[iri]
        node.children = [build(child) for child in sorted(children[iri], key=order)]
        return node

    return [build(root) for root in sorted(roots, key=order)]


def _natural(number: str) -> str:
    """ "2.10" after "2.9": each part zero-padded."""
    return ".".join(part.zfill(6) for part in number.split("."))


def read_vocabulary(paths: Iterable[Path]) -> list[ox.Quad]:
    """The ontology's statements (the project's ontology files); unreadable files are a syntax error."""
    parsed, errors = parse_files(paths)
    if errors:
        raise SyntaxErrors(errors)
    return [quad for one in parsed for quad in one.quads]
