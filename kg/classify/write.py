"""Writing proposals into a data file, as lines a steward decides on one at a time.

Each proposal is a statement of one line at the end of the file, under a heading that says what
to do, with its score and the words that matched as a comment:

    osr:aktivitet-2.2 sgo:proposedSubject los:naringsutvikling . # 0.99 Næringsutvikling: «næringsklynger»

Accepting it is writing `dcterms:subject` in place of `sgo:proposedSubject` on that line;
rejecting it, `sgo:rejectedSubject` (kg classify does not propose it again). The file is written
whole or not at all, and only if it then holds exactly what it held and the proposals; a file in
the house style stays in it (`kg fmt`), others get the lines appended as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.classify.classifier import Proposal, classify
from kg.classify.elements import read_elements
from kg.foundation.atomic import write_atomically
from kg.foundation.namespaces import SGO
from kg.foundation.rdf_files import parse_bytes
from kg.steward.turtle_format import MeaningChanged, format_turtle, graph_of, same_graph
from kg.subjects.vocabularies import PREFIXES, Vocabularies, vocabularies

PROPOSED = SGO + "proposedSubject"
HEADING = """\
# ---------------------------------------------------------------------------
# Subjects proposed by kg classify, one a line, with its score and the words
# that matched. Accept one by writing dcterms:subject in place of
# sgo:proposedSubject on its line; reject it with sgo:rejectedSubject.
# ---------------------------------------------------------------------------
"""
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_PREFIX_LINE = re.compile(r"^@prefix\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>\s*\.", re.MULTILINE)


def with_proposals(
    text: str, path: Path, proposals: Sequence[Proposal], known: Vocabularies, order: Sequence[str] = ()
) -> str:
    """The file's text with the proposals appended (raises MeaningChanged if that would change
    anything else, TurtleSyntaxError when the text does not parse). `order` is the house order of
    predicates (`kg.steward.house_order`), for a file in the house style to stay in it."""
    base = path.resolve().as_uri()
    before = graph_of(text, base)
    declared = {name: iri for name, iri in _PREFIX_LINE.findall(text)}
    needed = {"sgo": SGO, **PREFIXES}
    missing = {name: iri for name, iri in needed.items() if name not in declared}
    usable = {**declared, **missing}
    lines = []
    for proposal in proposals:
        concept = known.concepts[proposal.subject]
        words = ", ".join(dict.fromkeys(f"«{m.word}»" for m in proposal.matches))
        element, subject = _name(proposal.element, usable), _name(proposal.subject, usable)
        comment = f"# {proposal.score:.2f} {concept.name('nb')[:60]}: {words}"
        lines.append(f"{element} {_name(PROPOSED, usable)} {subject} . {comment}")
    if not lines:
        return text
    head = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in missing.items())
    body = text if text.endswith("\n") or not text else text + "\n"
    if head:
        last = list(_PREFIX_LINE.finditer(body))
        at = body.index("\n", last[-1].start()) + 1 if last else 0
        body = body[:at] + head + body[at:]
    section = "" if HEADING in body else "\n" + HEADING + "\n"
    result = body + section + "\n".join(lines) + "\n"
    if _in_house_style(text, path, order):
        result = format_turtle(result, path, order)
    after = graph_of(result, base)
    expected = ox.Dataset(before)
    for proposal in proposals:
        statement = (ox.NamedNode(proposal.element), ox.NamedNode(PROPOSED), ox.NamedNode(proposal.subject))
        expected.add(ox.Quad(*statement))
    if not same_graph(expected, after):
        raise MeaningChanged(f"{path}: writing the proposals would change more than them; nothing written")
    return result


def propose_in_text(text: str, path: Path, order: Sequence[str] = ()) -> tuple[str, int]:
    """A data file's text (not yet written, e.g. a draft of kg import-text) with proposals for its
    elements, and how many there are."""
    parsed = parse_bytes(path, text.encode("utf-8"))
    known = vocabularies()
    proposals = classify(item.element for item in read_elements([parsed]))
    return with_proposals(text, path, proposals, known, order), len(proposals)


def write_proposals(path: Path, text: str) -> None:
    write_atomically(path, lambda file: file.write(text.encode("utf-8")))


def _in_house_style(text: str, path: Path, order: Sequence[str]) -> bool:
    try:
        return format_turtle(text, path, order) == text
    except MeaningChanged:
        return False


def _name(iri: str, prefixes: dict[str, str]) -> str:
    """A prefixed name where a declared prefix fits, else the IRI in angle brackets."""
    best = ""
    for name, namespace in prefixes.items():
        local = iri[len(namespace) :]
        longer = not best or len(namespace) > len(prefixes[best])
        if iri.startswith(namespace) and _LOCAL.match(local) and longer:
            best = name
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else f"<{iri}>"
