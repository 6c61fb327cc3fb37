"""The shipped subject vocabularies as Python data: which IRIs are subjects, their labels, and
the nearest concept to an IRI that is not one.

A subject is a Los theme (`https://psi.norge.no/los/tema/...`, the 14 top themes and their
sub-themes), or an SDG goal or target (`http://metadata.un.org/sdg/N`, `.../N.M`). Los keywords
(`https://psi.norge.no/los/ord/...`) are not subjects: DCAT-AP-NO classifies by theme, and each
keyword names the themes it belongs to (`skos:broader`), which the classifier reads.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from kg.foundation.namespaces import LOS, RDF, SDG, SKOS
from kg.foundation.vocabulary import subject_vocabulary

LOS_THEME = LOS + "tema/"
LOS_KEYWORD = LOS + "ord/"
#: Turtle prefixes for the concepts (kg classify --write declares them where it needs them).
PREFIXES = {"los": LOS_THEME, "sdg": SDG}
#: The namespaces a subject may be misspelt in (either scheme, with or without www.).
_FAMILIES = {
    "los": re.compile(r"^https?://(?:www\.)?psi\.norge\.no/los/(.*)$"),
    "sdg": re.compile(r"^https?://(?:www\.)?metadata\.un\.org/sdg/?(.*)$"),
}
_SDG_CODE = re.compile(r"^0*(\d+)(?:\.0*(\w+))?$")
_CONCEPT = ox.NamedNode(SKOS + "Concept")


@dataclass(frozen=True)
class Concept:
    """A concept a subject may be: a Los theme, an SDG goal or an SDG target."""

    iri: str
    #: "los" or "sdg".
    scheme: str
    #: skos:prefLabel by language.
    labels: dict[str, str]
    #: skos:altLabel by language (an SDG goal's short name).
    short: dict[str, str] = field(default_factory=dict)
    broader: tuple[str, ...] = ()
    #: The SDG code ("11", "11.2"); empty for Los.
    notation: str = ""

    def label(self, language: str = "nb") -> str:
        return self.labels.get(language) or self.labels.get("en") or self.labels.get("nb") or self.iri

    def name(self, language: str = "nb") -> str:
        """How a person reads it in one line: «Trafikk og transport», «SDG 11 Bærekraftige byer ...»."""
        if self.scheme == "los":
            return self.label(language)
        text = self.short.get(language) or self.short.get("en") or self.label(language)
        return f"SDG {self.notation} {text}"


@dataclass(frozen=True)
class Keyword:
    """A Los keyword: its labels and synonyms in Norwegian, and the themes it belongs to."""

    iri: str
    words: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass
class Vocabularies:
    """The concepts a subject may be, and the Los keywords that lead to them."""

    concepts: dict[str, Concept]
    keywords: dict[str, Keyword]
    _ancestors: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def is_subject(self, iri: str) -> bool:
        return iri in self.concepts

    def scheme_of(self, iri: str) -> str | None:
        """ "los" or "sdg" when the IRI is in (or looks like it means) one of their namespaces."""
        for name, pattern in _FAMILIES.items():
            if pattern.match(iri):
                return name
        return None

    def ancestors(self, iri: str) -> list[str]:
        """The concept and every concept above it (a target's goal, a sub-theme's theme)."""
        known = self._ancestors.get(iri)
        if known is None:
            known = []
            todo = [iri]
            while todo:
                current = todo.pop()
                if current in known or current not in self.concepts:
                    continue
                known.append(current)
                todo.extend(self.concepts[current].broader)
            self._ancestors[iri] = known
        return list(known)

    def nearest(self, iri: str, limit: int = 3) -> list[Concept]:
        """The concepts an IRI that is not a subject most likely means ("did you mean")."""
        scheme = self.scheme_of(iri)
        if scheme is None:
            return []
        rest = _FAMILIES[scheme].match(iri).group(1)  # type: ignore[union-attr]
        rest = rest.strip("/").removesuffix(".html")
        if scheme == "sdg":
            return self._nearest_sdg(rest.removeprefix("goal").removeprefix("target"), limit)
        kind, _, slug = rest.partition("/")
        if kind == "ord" and LOS_KEYWORD + slug in self.keywords:
            return [self.concepts[theme] for theme in self.keywords[LOS_KEYWORD + slug].themes][:limit]
        slug = slug if kind in ("tema", "ord") else rest
        if LOS_THEME + slug in self.concepts:  # the right slug in the wrong place (http:, no tema/)
            return [self.concepts[LOS_THEME + slug]]
        return self._nearest_los(slug, limit)

    def _nearest_los(self, slug: str, limit: int) -> list[Concept]:
        themes = {iri.removeprefix(LOS_THEME): iri for iri, c in self.concepts.items() if c.scheme == "los"}
        words = [word for word in re.split(r"[-_\s]+", slug) if len(word) > 3]
        # a word of it is a word of a theme's name («transport» → trafikk-og-transport), then one
        # that is spelt alike, then one that holds the word (yrkestransport), then a keyword's theme
        ranked = [c for c in sorted(themes) if set(words) & set(c.split("-"))]
        ranked += difflib.get_close_matches(slug, list(themes), n=limit, cutoff=0.6)
        ranked += [c for c in sorted(themes) if any(w in c for w in words)]
        keyword = difflib.get_close_matches(slug, [k.removeprefix(LOS_KEYWORD) for k in self.keywords], n=1)
        if keyword:
            ranked += [t.removeprefix(LOS_THEME) for t in self.keywords[LOS_KEYWORD + keyword[0]].themes]
        return [self.concepts[themes[c]] for c in list(dict.fromkeys(ranked))[:limit]]

    def _nearest_sdg(self, code: str, limit: int) -> list[Concept]:
        codes = {c.notation: c for c in self.concepts.values() if c.scheme == "sdg"}
        match = _SDG_CODE.match(code)
        if match:  # zero-padded (the UN's "11.02") or a target of a known goal
            goal, target = match.groups()
            exact = goal if target is None else f"{goal}.{target.lower()}"
            if exact in codes:
                return [codes[exact]]
            if target is None:
                return []  # no such goal: the message says the goals are 1–17
            if goal in codes:
                siblings = [c for c in codes if c.startswith(goal + ".")]
                close = difflib.get_close_matches(exact, siblings, n=limit - 1, cutoff=0.5)
                return [codes[goal], *(codes[c] for c in close)]
        return [codes[c] for c in difflib.get_close_matches(code, list(codes), n=limit, cutoff=0.5)]


@cache
def vocabularies() -> Vocabularies:
    """The shipped vocabularies, read once (about 50 ms)."""
    quads = [
        *ox.parse(path=str(subject_vocabulary("los")), format=ox.RdfFormat.RDF_XML),
        *ox.parse(path=str(subject_vocabulary("sdg")), format=ox.RdfFormat.TURTLE),
    ]
    return _index(quads)


def _index(triples: Iterable[ox.Triple | ox.Quad]) -> Vocabularies:
    facts: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = {}
    for triple in triples:
        if isinstance(triple.subject, ox.NamedNode) and not isinstance(triple.object, ox.BlankNode):
            by_property = facts.setdefault(triple.subject.value, {})
            by_property.setdefault(triple.predicate.value, []).append(triple.object)  # type: ignore[arg-type]

    def texts(statements: dict[str, list[ox.NamedNode | ox.Literal]], prop: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for value in sorted(statements.get(SKOS + prop, []), key=str):
            if isinstance(value, ox.Literal) and value.language:
                found.setdefault(value.language, value.value)
        return found

    def links(statements: dict[str, list[ox.NamedNode | ox.Literal]], prop: str) -> tuple[str, ...]:
        return tuple(sorted(v.value for v in statements.get(SKOS + prop, []) if isinstance(v, ox.NamedNode)))

    concepts: dict[str, Concept] = {}
    keywords: dict[str, Keyword] = {}
    for iri, statements in facts.items():
        if _CONCEPT not in statements.get(RDF + "type", []):
            continue
        if iri.startswith(LOS_THEME) or iri.startswith(SDG):
            notations = [v.value for v in statements.get(SKOS + "notation", []) if isinstance(v, ox.Literal)]
            concepts[iri] = Concept(
                iri=iri,
                scheme="los" if iri.startswith(LOS) else "sdg",
                labels=texts(statements, "prefLabel"),
                short=texts(statements, "altLabel"),
                broader=links(statements, "broader"),
                notation=notations[0] if notations else "",
            )
        elif iri.startswith(LOS_KEYWORD):
            words = [
                v.value
                for prop in ("prefLabel", "altLabel", "hiddenLabel")
                for v in statements.get(SKOS + prop, [])
                if isinstance(v, ox.Literal) and v.language in ("nb", "nn")
            ]
            themes = tuple(t for t in links(statements, "broader") if t.startswith(LOS_THEME))
            keywords[iri] = Keyword(iri, tuple(dict.fromkeys(words)), themes)
    return Vocabularies(concepts, keywords)
