"""The house style: one Turtle document written the way `data/osloregionen-2017.ttl` is.

The header comment stays on top; then `@base`, then the prefixes, sorted, aligned,
unused ones dropped and the known vocabularies under their usual names; then the
statements in the document's order, one predicate a line (`a` first, then the order of
`predicate_order`, the rest alphabetical), the objects of a predicate sorted (nb, en,
other languages, then the rest) on one line when they fit in LIST_WIDTH, else the first
on the predicate's line (if it fits in WIDTH) and one a line after it, indented twice.
Every comment goes where it stood: before its statement, predicate, object or list item,
at the end of its line, or before the closing bracket. The result's meaning is checked by
the caller (turtle_format.py). docs/steward/formatting.md says the same for stewards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin

from kg.foundation.namespaces import PREFIXES, RDF, SD, SH, VOID
from kg.steward.turtle_tokens import Comment
from kg.steward.turtle_tree import (
    BlankNode,
    Collection,
    Directive,
    Document,
    Entry,
    Literal,
    Node,
    Object,
    Statement,
    Term,
)

#: Longest line the layout aims for (a longer term still stands on a line of its own).
WIDTH = 110
#: Longest line on which several objects of one predicate share a line.
LIST_WIDTH = 80
INDENT = "    "
#: Prefix name -> namespace, spelled this way in every file of the project.
KNOWN_PREFIXES: dict[str, str] = {**PREFIXES, "sh": SH, "void": VOID, "sd": SD}
_RDF_TYPE = RDF + "type"
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class MeaningAtRisk(ValueError):
    """The document uses something the house style cannot keep without changing meaning."""


def write_document(document: Document, predicate_order: Sequence[str] = (), base: str = "") -> str:
    """The text of `document` in house style (its meaning is checked by the caller)."""
    return _Writer(document, predicate_order, base).document()


def document_namespaces(document: Document, base: str) -> tuple[dict[str, str], str]:
    """Prefix name -> `<namespace>` as declared, and the base IRI.

    A prefix declared twice with different namespaces is refused: the house style
    declares each prefix once, at the top.
    """
    namespaces: dict[str, str] = {}
    for item in document.items:
        if isinstance(item, Directive) and item.name is not None:
            known = namespaces.setdefault(item.name, item.iri)
            if known != item.iri:
                raise MeaningAtRisk(
                    f"prefix {item.name}: is declared twice, as {known} and as {item.iri}: "
                    "give one of them another name"
                )
        elif isinstance(item, Directive):
            base = urljoin(base, item.iri[1:-1])
    return namespaces, base


def resolve(term: Term, namespaces: dict[str, str], base: str) -> str | None:
    """The IRI a term names (for ordering), None for other terms."""
    if term.kind == "IRI":
        return urljoin(base, term.text[1:-1])
    if term.kind == "PNAME":
        prefix, _, local = term.text.partition(":")
        namespace = namespaces.get(prefix, "<>")[1:-1]
        return urljoin(base, namespace) + _LOCAL_ESCAPE.sub(r"\1", local)
    if term.kind == "WORD" and term.text == "a":
        return _RDF_TYPE
    return None


class _Writer:
    def __init__(self, document: Document, predicate_order: Sequence[str], base: str) -> None:
        self.doc = document
        self.rank = {iri: n for n, iri in enumerate(predicate_order)}
        self.namespaces, self.base = document_namespaces(document, base)
        by_namespace = {namespace: name for name, namespace in KNOWN_PREFIXES.items()}
        self.rename: dict[str, str] = {}
        for name, iri in self.namespaces.items():
            usual = by_namespace.get(iri[1:-1])
            if usual and usual != name and self.namespaces.get(usual, iri) == iri:
                self.rename[name] = usual
        self.used: set[str] = set()
        self.iris: dict[tuple[str, str], str | None] = {}

    # -- terms --------------------------------------------------------------------------------

    def iri(self, term: Term) -> str | None:
        key = (term.kind, term.text)
        if key not in self.iris:
            self.iris[key] = resolve(term, self.namespaces, self.base)
        return self.iris[key]

    def term(self, term: Term) -> str:
        if term.kind != "PNAME":
            return term.text
        prefix, _, local = term.text.partition(":")
        prefix = self.rename.get(prefix, prefix)
        self.used.add(prefix)
        return f"{prefix}:{local}"

    def verb(self, term: Term) -> str:
        return "a" if self.iri(term) == _RDF_TYPE else self.term(term)

    def flat(self, node: Node, comments: bool = False) -> str | None:
        """`node` on one line; None when it holds a comment or a line break (unless `comments`)."""
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Literal):
            if "\n" in node.lexeme and not comments:
                return None
            if node.lang is not None:
                return f"{node.lexeme}@{node.lang}"
            return node.lexeme + (f"^^{self.term(node.datatype)}" if node.datatype else "")
        if not comments and node.dangling:
            return None
        if isinstance(node, Collection):
            items = _joined([self.flat_object(item, comments) for item in node.items], " ")
            return None if items is None else f"( {items} )" if items else "()"
        entries = _joined([self.flat_entry(entry, comments) for entry in self.merged(node.entries)], " ; ")
        return None if entries is None else f"[ {entries} ]" if entries else "[]"

    def flat_object(self, obj: Object, comments: bool = False) -> str | None:
        if not comments and (obj.leading or obj.trailing):
            return None
        return self.flat(obj.node, comments)

    def flat_entry(self, entry: Entry, comments: bool = False) -> str | None:
        if not comments and (entry.leading or entry.trailing):
            return None
        objects = self.sorted_objects(entry.objects)
        joined = _joined([self.flat_object(obj, comments) for obj in objects], " , ")
        return None if joined is None else f"{self.verb(entry.verb)} {joined}"

    # -- order --------------------------------------------------------------------------------

    def merged(self, entries: list[Entry]) -> list[Entry]:
        """One entry per predicate, `a` first, then the shapes' order, then alphabetical."""
        by_verb: dict[str, Entry] = {}
        for entry in entries:
            key = self.iri(entry.verb) or entry.verb.text
            if key not in by_verb:
                by_verb[key] = Entry(
                    entry.verb, list(entry.objects), leading=entry.leading, trailing=list(entry.trailing)
                )
                continue
            first = by_verb[key]
            moved = [
                Object(o.node, leading=list(o.leading), trailing=list(o.trailing)) for o in entry.objects
            ]
            moved[0].leading[:0] = entry.leading
            moved[-1].trailing += entry.trailing
            first.objects += moved

        def order(item: tuple[str, Entry]) -> tuple[int, int, str]:
            iri, entry = item
            if iri == _RDF_TYPE:
                return (0, 0, "")
            if iri in self.rank:
                return (1, self.rank[iri], "")
            return (2, 0, self.verb(entry.verb))

        return [entry for _, entry in sorted(by_verb.items(), key=order)]

    def sorted_objects(self, objects: list[Object]) -> list[Object]:
        """Texts in Norwegian Bokmål first, then English, then other languages, then the rest."""

        def order(obj: Object) -> tuple[int, str, str]:
            node = obj.node
            text = self.flat(node, comments=True) or ""
            if isinstance(node, Literal) and node.lang is not None:
                lang = node.lang.lower()
                primary = lang.split("-")[0]
                return ({"nb": 0, "en": 1}.get(primary, 2), lang, text)
            return (3, "", text)

        return sorted(objects, key=order)

    # -- layout -------------------------------------------------------------------------------

    def document(self) -> str:
        items = self.doc.items
        directives = [item for item in items if isinstance(item, Directive)]
        statements = [item for item in items if isinstance(item, Statement)]
        header: list[Comment] = []
        if items:
            leading = items[0].leading
            cut = max((n + 1 for n, c in enumerate(leading) if c.blank_after), default=0)
            header, items[0].leading = leading[:cut], leading[cut:]
        body = self.statements(statements)
        if self.doc.trailing:
            if body and self.doc.trailing[0].blank_before:
                body.append("")
            body += self.comments(self.doc.trailing, "")
        sections = [self.comments(header, ""), self.directives(directives), body]
        lines: list[str] = []
        for section in sections:
            while section and section[-1] == "":
                section.pop()
            if section:
                lines += ([""] if lines else []) + section
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""

    def statements(self, statements: list[Statement]) -> list[str]:
        """The blocks in order: a blank line between two unless both are one line written together."""
        body: list[str] = []
        previous_lines = 0
        for statement in statements:
            lines = self.statement(statement)
            if body and (statement.blank_before or previous_lines > 1 or len(lines) > 1):
                body.append("")
            body += lines
            previous_lines = len(lines) - len(self.comments(statement.leading, ""))
        return body

    @staticmethod
    def comments(comments: list[Comment], indent: str, blank_lines: bool = True) -> list[str]:
        lines: list[str] = []
        for comment in comments:
            lines.append(indent + comment.text)
            if blank_lines and comment.blank_after:
                lines.append("")
        return lines

    @staticmethod
    def trail(line: str, comments: list[Comment]) -> str:
        return " ".join([line, *(comment.text for comment in comments)])

    def directives(self, directives: list[Directive]) -> list[str]:
        lines: list[str] = []
        bases = [d for d in directives if d.name is None]
        for base in bases:
            lines += self.comments(base.leading, "", blank_lines=False)
            lines.append(self.trail(f"@base {base.iri} .", base.trailing))
        prefixes: dict[str, Directive] = {}
        for directive in directives:
            if directive.name is not None:
                name = self.rename.get(directive.name, directive.name)
                kept = prefixes.setdefault(name, Directive(name, directive.iri))
                kept.leading += directive.leading
                kept.trailing += directive.trailing
        shown = [
            directive
            for name, directive in sorted(prefixes.items())
            if name in self.used or directive.leading or directive.trailing
        ]
        width = max((len(d.name or "") for d in shown), default=0) + 1
        for directive in shown:
            lines += self.comments(directive.leading, "", blank_lines=False)
            label = f"{directive.name}:".ljust(width)
            lines.append(self.trail(f"@prefix {label} {directive.iri} .", directive.trailing))
        return lines

    def statement(self, statement: Statement) -> list[str]:
        lines = self.comments(statement.leading, "")
        subject = self.node(statement.subject, "", "", 2)
        entries = self.merged(statement.entries)
        if not entries:
            if statement.dangling:
                subject += [*self.comments(statement.dangling, "", blank_lines=False), ""]
            subject[-1] = self.trail(subject[-1] + " .", statement.trailing).lstrip()
            return lines + subject
        if entries[0].leading:
            lines += subject
            head = None
        else:
            lines += subject[:-1]
            head = subject[-1] + " "
        for n, entry in enumerate(entries):
            last = n == len(entries) - 1
            end = " ." if last and not statement.dangling else " ;"
            lines += self.entry(entry, INDENT, head if n == 0 else None, end)
        if statement.dangling:
            lines += self.comments(statement.dangling, INDENT, blank_lines=False)
            lines.append(INDENT + ".")
        lines[-1] = self.trail(lines[-1], statement.trailing)
        return lines

    def entry(self, entry: Entry, indent: str, head: str | None, end: str) -> list[str]:
        """Lines of one predicate and its objects; `head` is what stands before it on its first line."""
        lines = [] if head is not None else self.comments(entry.leading, indent, blank_lines=False)
        start = (head if head is not None else indent) + self.verb(entry.verb)
        objects = self.sorted_objects(entry.objects)
        inner = indent + INDENT
        last = objects[-1]
        texts = [self.flat_object(obj) for obj in objects[:-1]]
        texts.append(None if last.leading else self.flat(last.node))
        joined = _joined(texts, " , ")
        if joined is not None:
            one_line = f"{start} {joined}{end}"
            if len(one_line) <= (LIST_WIDTH if len(objects) > 1 else WIDTH):
                return [*lines, self.trail(one_line, last.trailing + entry.trailing)]
        rest = objects
        if not objects[0].leading:
            first_end = " ," if len(objects) > 1 else end
            first = self.node(objects[0].node, start + " ", indent, len(first_end))
            # a term (even a long string's first line) beside the predicate when it fits;
            # an opened bracket when it is the only object
            text_lines = isinstance(objects[0].node, Literal) or len(first) == 1
            fits = len(first[0]) + (len(first_end) if len(first) == 1 else 0) <= WIDTH
            if fits if text_lines else len(objects) == 1:
                first[-1] = self.trail(first[-1] + first_end, objects[0].trailing)
                lines += first
                rest = objects[1:]
        if rest is objects:
            lines.append(start)
        for n, obj in enumerate(rest):
            obj_end = end if n == len(rest) - 1 else " ,"
            lines += self.comments(obj.leading, inner, blank_lines=False)
            item = self.node(obj.node, inner, inner, len(obj_end))
            item[-1] = self.trail(item[-1] + obj_end, obj.trailing)
            lines += item
        lines[-1] = self.trail(lines[-1], entry.trailing)
        return lines

    def node(self, node: Node, head: str, indent: str, reserve: int) -> list[str]:
        """Lines of one term, blank node or list starting after `head`; its closing bracket at `indent`."""
        flat = self.flat(node)
        if flat is not None and (
            len(head) + len(flat) + reserve <= WIDTH or isinstance(node, Term | Literal)
        ):
            return [head + flat]
        if isinstance(node, Literal):
            return (head + (self.flat(node, comments=True) or "")).split("\n")
        inner = indent + INDENT
        if isinstance(node, Collection):
            lines = [head + "("]
            for item in node.items:
                lines += self.comments(item.leading, inner, blank_lines=False)
                rendered = self.node(item.node, inner, inner, 0)
                rendered[-1] = self.trail(rendered[-1], item.trailing)
                lines += rendered
            return [*lines, *self.comments(node.dangling, inner, blank_lines=False), indent + ")"]
        if not isinstance(node, BlankNode):
            raise TypeError(f"no house style for a {type(node).__name__}")
        lines = [head + "["]
        for entry in self.merged(node.entries):
            lines += self.entry(entry, inner, None, " ;")
        return [*lines, *self.comments(node.dangling, inner, blank_lines=False), indent + "]"]


def _joined(parts: list[str | None], separator: str) -> str | None:
    """The parts joined, or None when one of them cannot stand on one line."""
    if any(part is None for part in parts):
        return None
    return separator.join(part for part in parts if part is not None)
