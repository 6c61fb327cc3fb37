"""Reference pages of the documentation site, as Markdown, read from their one source.

The configuration keys come from `kg.foundation.config.KEYS` (what `strategigraf.toml` may
say), the ontology's terms from the ontology graph (as its /ontology page is). The site's
build (docs/_hooks/generated.py) puts them into docs/reference/ each time it runs, so the pages
cannot drift from the code; nothing generated is committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.foundation.config import KEYS, toml_value
from kg.foundation.namespaces import SGO
from kg.foundation.rdf_files import parse_files, triples
from kg.foundation.sources import turtle_files
from kg.publishing.jsonld import compact_iri
from kg.publishing.ontology_doc import Graph, OntologyDoc, TermDoc, document

LANGUAGES = {"nb": "Norwegian Bokmål", "en": "English"}


def configuration_markdown() -> str:
    """One table row per key of `strategigraf.toml`: its type, default (as TOML) and meaning."""
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, spec in KEYS.items():
        default = "(none)" if spec.default is None else f"`{toml_value(spec.default)}`"
        rows.append(f"| `{key}` | {spec.kind} | {default} | {spec.doc.replace('|', '&#124;')} |")
    return "\n".join(rows) + "\n"


def undocumented_keys() -> list[str]:
    """Keys without a meaning to show: the build fails on any."""
    return [key for key, spec in KEYS.items() if not spec.doc.strip()]


def read_ontology(ontology: Path) -> OntologyDoc:
    """The documentation model of the ontology in a Turtle file or folder."""
    parsed, errors = parse_files(turtle_files(ontology))
    if errors:
        raise ValueError("; ".join(error.location() + ": " + error.message for error in errors))
    return document(Graph(triples(parsed)), SGO.removesuffix("#"))


def ontology_markdown(doc: OntologyDoc) -> str:
    """Every class and property: labels and definitions in nb and en, and how it relates."""
    parts = [
        f"**{doc.titles.get('en', doc.iri)}** ({doc.titles.get('nb', '')}): `{doc.iri}`, "
        f"namespace `{doc.namespace}` (prefix `{doc.prefix}`), version {doc.version}.\n",
        doc.descriptions.get("en", ""),
        "",
    ]
    for title, terms in (
        ("Classes", doc.classes),
        ("Object properties", doc.object_properties),
        ("Datatype properties", doc.datatype_properties),
    ):
        parts.append(f"## {title}\n")
        parts.append(" · ".join(f"[{_label(term)}](#{term.local})" for term in terms) + "\n")
        parts.extend(_term_markdown(doc, term) for term in terms)
    return "\n".join(parts)


def _term_markdown(doc: OntologyDoc, term: TermDoc) -> str:
    lines = [f"### {_label(term)} `sgo:{term.local}` {{#{term.local}}}\n"]
    for language, name in LANGUAGES.items():
        if term.labels.get(language):
            lines.append(f"- *{term.labels[language]}* ({name}): {term.definitions.get(language, '')}")
    is_class = term.kind == "class"
    facts = [
        ("subclass of" if is_class else "subproperty of", _refs(doc, term.supers)),
        ("superclass of" if is_class else "superproperty of", _refs(doc, term.subs)),
        ("domain", "; ".join(" or ".join(_refs(doc, [iri]) for iri in union) for union in term.domains)),
        ("range", "; ".join(" or ".join(_refs(doc, [iri]) for iri in union) for union in term.ranges)),
        ("inverse of", _refs(doc, term.inverses)),
        ("disjoint with", _refs(doc, term.disjoint)),
        *(("property chain", " ∘ ".join(_refs(doc, [iri]) for iri in chain)) for chain in term.chains),
        ("characteristics", ", ".join(english for _nb, english in term.characteristics)),
    ]
    lines.extend(f"- {what}: {value}" for what, value in facts if value)
    return "\n".join(lines) + "\n"


def _label(term: TermDoc) -> str:
    return term.labels.get("en", term.local)


def _refs(doc: OntologyDoc, iris: Iterable[str]) -> str:
    """Links to the page's own terms, prefixed names for everything else."""
    return ", ".join(
        f"[{doc.labels[iri].get('en', iri)}](#{iri.removeprefix(SGO)})"
        if iri in doc.labels
        else f"`{compact_iri(iri)}`"
        for iri in iris
    )
