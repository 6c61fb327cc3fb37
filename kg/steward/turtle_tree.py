"""A Turtle document as written: statements, their parts and their comments.

The parser follows the W3C Turtle grammar (statement, triples, predicateObjectList,
objectList, blankNodePropertyList, collection, literal) and keeps what a graph drops: the
order of the document and every comment, attached to the part it stands before (a
statement, a predicate, an object, an item of a list), the one that ends its line, or the
end of the bracket it stands in. Meaning is not decided here: the formatter checks it
with a real RDF parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.steward.turtle_tokens import Comment, Token, TurtleSyntaxError, tokenize


@dataclass
class Term:
    """An IRI, prefixed name, blank node label, number, boolean or the keyword `a`, as written."""

    text: str
    kind: str  # IRI PNAME BNODE NUMBER WORD


@dataclass
class Literal:
    lexeme: str
    lang: str | None = None
    datatype: Term | None = None


@dataclass
class BlankNode:
    """`[ ... ]`; `[]` has no entries."""

    entries: list[Entry]
    dangling: list[Comment] = field(default_factory=list)


@dataclass
class Collection:
    """`( ... )`: an RDF list, whose order is meaning."""

    items: list[Object]
    dangling: list[Comment] = field(default_factory=list)


Node = Term | Literal | BlankNode | Collection


@dataclass
class Commented:
    """A part that comments stand with: before it on lines of their own, or at the end of its line."""

    leading: list[Comment] = field(default_factory=list, kw_only=True)
    trailing: list[Comment] = field(default_factory=list, kw_only=True)


@dataclass
class Object(Commented):
    node: Node


@dataclass
class Entry(Commented):
    """A predicate with its objects (`verb objectList`)."""

    verb: Term
    objects: list[Object]


@dataclass
class Statement(Commented):
    subject: Node
    entries: list[Entry]
    #: comments before the closing `.`, after the last predicate
    dangling: list[Comment] = field(default_factory=list)
    blank_before: bool = False


@dataclass
class Directive(Commented):
    """`@prefix`/`PREFIX` (name set) or `@base`/`BASE` (name None)."""

    name: str | None
    iri: str


@dataclass
class Document:
    items: list[Directive | Statement]
    trailing: list[Comment] = field(default_factory=list)
    #: the text of every comment, in the order written
    comments: list[str] = field(default_factory=list)


def parse_document(text: str) -> Document:
    """The document of `text`; raises TurtleSyntaxError at the first token out of place."""
    tokens = tokenize(text)
    comments = [
        c.text for token in tokens for c in [*token.leading, *([token.trailing] if token.trailing else [])]
    ]
    document = _Parser(tokens).document()
    document.comments = comments
    return document


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        #: comments read but not yet given to a part: they go to the next part that starts
        self.pending: list[Comment] = []

    # -- tokens -----------------------------------------------------------------------------

    def peek(self) -> Token:
        return self.tokens[self.index]

    def at(self, *texts: str) -> bool:
        token = self.peek()
        return token.kind == "PUNCT" and token.text in texts

    def take(self, keep_trailing: bool = False) -> Token:
        """The next token; its comments go to the pending ones unless the caller keeps the trailing one."""
        token = self.tokens[self.index]
        if token.kind == "EOF":
            raise TurtleSyntaxError(token.line, token.column, "unexpected end of file")
        self.index += 1
        self.pending.extend(token.leading)
        token.leading = []
        if token.trailing is not None and not keep_trailing:
            self.pending.append(token.trailing)
            token.trailing = None
        return token

    def expect(self, text: str, keep_trailing: bool = False) -> Token:
        if not self.at(text):
            token = self.peek()
            found = "end of file" if token.kind == "EOF" else repr(token.text)
            raise TurtleSyntaxError(token.line, token.column, f"expected {text!r}, found {found}")
        return self.take(keep_trailing)

    def claim(self) -> list[Comment]:
        """The comments standing before the next token, for the part it starts."""
        token = self.peek()
        comments = self.pending + token.leading
        self.pending, token.leading = [], []
        return comments

    @staticmethod
    def trailing(token: Token) -> list[Comment]:
        comment, token.trailing = token.trailing, None
        return [comment] if comment else []

    def error(self, what: str) -> TurtleSyntaxError:
        token = self.peek()
        found = "end of file" if token.kind == "EOF" else repr(token.text)
        return TurtleSyntaxError(token.line, token.column, f"expected {what}, found {found}")

    # -- grammar ------------------------------------------------------------------------------

    def document(self) -> Document:
        items: list[Directive | Statement] = []
        while self.peek().kind != "EOF":
            token = self.peek()
            if token.kind == "AT" and token.text in ("@prefix", "@base"):
                items.append(self.directive(sparql=False))
            elif token.kind == "WORD" and token.text.upper() in ("PREFIX", "BASE"):
                items.append(self.directive(sparql=True))
            else:
                items.append(self.statement())
        return Document(items, self.claim())

    def directive(self, sparql: bool) -> Directive:
        leading = self.claim()
        keyword = self.take().text.lstrip("@").lower()
        name = None
        if keyword == "prefix":
            if self.peek().kind != "PNAME" or not self.peek().text.endswith(":"):
                raise self.error("a prefix name such as ex:")
            name = self.take().text[:-1]
        if self.peek().kind != "IRI":
            raise self.error("an IRI in <...>")
        iri = self.take(keep_trailing=sparql)
        trailing = self.trailing(iri) if sparql else self.trailing(self.expect(".", keep_trailing=True))
        return Directive(name, iri.text, leading=leading, trailing=trailing)

    def statement(self) -> Statement:
        leading = self.claim()
        blank_before = leading[0].blank_before if leading else self.peek().blank_before
        subject: Node
        if self.at("[", "("):
            subject, last = self.blank_node() if self.at("[") else self.collection()
            self.pending += self.trailing(last)
            entries = [] if isinstance(subject, BlankNode) and self.at(".") else self.entries()
        else:
            subject = self.term(("IRI", "PNAME", "BNODE"), "a subject")
            entries = self.entries()
        dangling = self.claim()
        trailing = self.trailing(self.expect(".", keep_trailing=True))
        return Statement(subject, entries, dangling, blank_before, leading=leading, trailing=trailing)

    def term(self, kinds: tuple[str, ...], what: str) -> Term:
        token = self.peek()
        if token.kind not in kinds:
            raise self.error(what)
        return Term(self.take().text, token.kind)

    def entries(self) -> list[Entry]:
        """predicateObjectList: the comments before each verb stand before its entry."""
        entries = [self.entry()]
        while self.at(";"):
            entries[-1].trailing += self.trailing(self.take(keep_trailing=True))
            while self.at(";"):
                entries[-1].trailing += self.trailing(self.take(keep_trailing=True))
            if self.peek().kind in ("IRI", "PNAME") or (
                self.peek().kind == "WORD" and self.peek().text == "a"
            ):
                entries.append(self.entry())
        return entries

    def entry(self) -> Entry:
        leading = self.claim()
        token = self.peek()
        if token.kind == "WORD" and token.text == "a":
            verb = Term(self.take().text, "WORD")
        else:
            verb = self.term(("IRI", "PNAME"), "a predicate")
        objects = [self.object()]
        while self.at(","):
            objects[-1].trailing += self.trailing(self.take(keep_trailing=True))
            objects.append(self.object())
        return Entry(verb, objects, leading=leading)

    def object(self) -> Object:
        leading = self.claim()
        node, last = self.node()
        return Object(node, leading=leading, trailing=self.trailing(last))

    def node(self) -> tuple[Node, Token]:
        """One object or list item, with the last token it was written with."""
        token = self.peek()
        if self.at("["):
            return self.blank_node()
        if self.at("("):
            return self.collection()
        if token.kind == "STRING":
            return self.literal()
        if token.kind in ("IRI", "PNAME", "BNODE", "NUMBER"):
            self.take(keep_trailing=True)
            return Term(token.text, token.kind), token
        if token.kind == "WORD" and token.text in ("true", "false"):
            self.take(keep_trailing=True)
            return Term(token.text, "WORD"), token
        raise self.error("an object")

    def literal(self) -> tuple[Literal, Token]:
        last = self.take(keep_trailing=True)
        literal = Literal(last.text)
        if self.peek().kind == "AT" or self.at("^^"):
            self.pending += self.trailing(last)  # a comment between a string and its tag
            if self.peek().kind == "AT":
                last = self.take(keep_trailing=True)
                literal.lang = last.text[1:]
            else:
                self.take()
                if self.peek().kind not in ("IRI", "PNAME"):
                    raise self.error("a datatype IRI")
                last = self.take(keep_trailing=True)
                literal.datatype = Term(last.text, last.kind)
        return literal, last

    def blank_node(self) -> tuple[BlankNode, Token]:
        self.take()
        entries = [] if self.at("]") else self.entries()
        dangling = self.claim()
        return BlankNode(entries, dangling), self.expect("]", keep_trailing=True)

    def collection(self) -> tuple[Collection, Token]:
        self.take()
        items = []
        while not self.at(")"):
            if self.peek().kind == "EOF":
                raise self.error("')'")
            items.append(self.object())
        dangling = self.claim()
        return Collection(items, dangling), self.expect(")", keep_trailing=True)
