"""`kg diff` output: text for the terminal, Markdown for a pull-request comment, JSON for programs.

Every change is one sentence naming the element as the document numbers it
("activity 2.4 «…»"), in English or Norwegian; text and Markdown nest the
sentences under the plan, focus area and activity they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kg.steward.semantic_diff import LABELS, TEXTS, Change, Diff, ElementDiff, Name, Words, called

_WORDS = {
    "en": {
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "moved": "moved from {old} to {new}",
        "position": "position {old} → {new}",
        "lines": "source lines {old} → {new}",
        "none": "none",
        "no changes": "no changes",
        "plain": "statements about no known element",
        "title": "Strategigraf: changes from {old} to {new}",
        "cut": "… and {count} more lines: `kg diff {old} {new}` shows them all.",
        "nb": "Norwegian",
        "en": "English",
    },
    "nb": {
        "added": "lagt til",
        "removed": "fjernet",
        "changed": "endret",
        "moved": "flyttet fra {old} til {new}",
        "position": "posisjon {old} → {new}",
        "lines": "kildelinjer {old} → {new}",
        "none": "ingen",
        "no changes": "ingen endringer",
        "plain": "utsagn som ikke hører til noe kjent element",
        "title": "Strategigraf: endringer fra {old} til {new}",
        "cut": "… og {count} linjer til: `kg diff {old} {new}` viser alle.",
        "nb": "norsk",
        "en": "engelsk",
    },
}


def sentence(name: Name, change: Change, words: Words) -> str:
    """One change as the steward reads it, e.g. "activity 1.1: English title changed: «a» → «b»"."""
    say = _WORDS[words.lang]
    short = f"{name.kind} {name.number or words.iri(name.iri)}"
    if change.what in ("added", "removed"):
        label = change.new if change.what == "added" else change.old
        return f"{short} {say[change.what]}" + (f" «{label}»" if label else f" <{name.iri}>")
    subject = short if change.what == "text" and change.property in LABELS else called(name)
    if change.what == "moved":
        return f"{subject}: " + say["moved"].format(
            old=change.old or say["none"], new=change.new or say["none"]
        )
    if change.what == "renamed":
        return f"{subject}: IRI {change.old} → {change.new}"
    if change.what == "position":
        return f"{subject}: " + say["position"].format(old=change.old or "–", new=change.new or "–")
    if change.what == "provenance" and change.property and change.property.endswith("firstLine"):
        return f"{subject}: " + say["lines"].format(old=change.old or "–", new=change.new or "–")
    if change.what == "statements":
        return f"{subject}: " + (f"- {change.old}" if change.old else f"+ {change.new}")
    prop = _property(change, words)
    if change.what == "text":
        prop = f"{say.get(change.language or '', change.language or '')} {prop}".strip()
        prop = prop[0].upper() + prop[1:] if words.lang == "en" else prop
        old = f"«{change.old}»" if change.old else None
        new = f"«{change.new}»" if change.new else None
    else:
        old, new = change.old, change.new
    if old and new:
        return f"{subject}: {prop} {say['changed']}: {old} → {new}"
    return f"{subject}: {prop} {say['added']}: {new}" if new else f"{subject}: {prop} {say['removed']}: {old}"


def _property(change: Change, words: Words) -> str:
    if change.what == "text" and change.property in TEXTS:
        en, nb = TEXTS[change.property]
        return nb if words.lang == "nb" else en
    return words.property(change.property or "")


def tree_lines(elements: list[ElementDiff], words: Words, depth: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(depth, text, is a heading) for each element in tree order: the text, Markdown and page
    reports (a plan's page, kg.publishing.versions) say the same sentences."""
    for element in elements:
        if element.changes:
            for change in element.changes:
                yield depth, sentence(element.name, change, words), False
        else:
            yield depth, called(element.name), True
        yield from tree_lines(element.children, words, depth + 1)


def as_text(diff: Diff, words: Words) -> str:
    say = _WORDS[words.lang]
    if not diff.changed:
        return say["no changes"]
    lines = ["  " * depth + text for depth, text, _ in tree_lines(diff.elements, words)]
    if diff.removed or diff.added:
        lines.append(f"{say['plain']}:")
        lines += [f"  - {words.triple(t)}" for t in diff.removed]
        lines += [f"  + {words.triple(t)}" for t in diff.added]
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


#: Characters of a Markdown report at most: GitHub refuses comments over 65 536.
MARKDOWN_LIMIT = 60_000


def as_markdown(diff: Diff, words: Words, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: a heading, nested bullets, plain statements in a diff block.

    A report longer than `limit` characters ends where it reaches it, saying how many lines are left out.
    """
    say = _WORDS[words.lang]
    lines = [f"### {say['title'].format(old=f'`{diff.old}`', new=f'`{diff.new}`')}", ""]
    if not diff.changed:
        return "\n".join([*lines, say["no changes"]])
    body = []
    for depth, text, heading in tree_lines(diff.elements, words):
        text = _escape(text)
        body.append("  " * depth + "- " + (f"**{text}**" if heading else text))
    statements = [f"- {words.triple(t)}" for t in diff.removed] + [f"+ {words.triple(t)}" for t in diff.added]
    size = sum(len(line) + 1 for line in lines)
    for number, line in enumerate(body + statements):
        if size + len(line) + 1 > limit - 200:  # room for the closing lines
            left = len(body) + len(statements) - number
            body, statements = body[:number], statements[: max(0, number - len(body))]
            cut = [say["cut"].format(count=left, old=diff.old, new=diff.new)]
            break
        size += len(line) + 1
    else:
        cut = []
    lines += body
    if statements:
        count = len(diff.removed) + len(diff.added)
        lines += ["", f"<details><summary>{say['plain']} ({count})</summary>", "", "```diff"]
        lines += [*statements, "```", "", "</details>"]
    return "\n".join(lines + (["", *cut] if cut else []))


def as_json(diff: Diff) -> dict[str, Any]:
    """The diff for programs (docs/steward/reviewing.md): elements as a tree, statements as N-Triples."""

    def element(node: ElementDiff) -> dict[str, Any]:
        return {
            **node.name.as_json(),
            "changes": [
                {key: value for key, value in vars(change).items() if value is not None}
                for change in node.changes
            ],
            "children": [element(child) for child in node.children],
        }

    def ntriples(triples: list[ox.Triple]) -> list[str]:
        return [f"{triple} ." for triple in triples]

    return {
        "old": diff.old,
        "new": diff.new,
        "changed": diff.changed,
        "count": diff.count(),
        "elements": [element(node) for node in diff.elements],
        "statements": {"removed": ntriples(diff.removed), "added": ntriples(diff.added)},
    }
