"""`format_turtle` on Turtle that Hypothesis writes: nested blank nodes, lists, long
literals with quotes and newlines, language tags, datatypes, and comments between any
two tokens. Whatever the input, the output must parse (with rdflib's own parser, not the
one the formatter checks with) to an isomorphic graph, format to itself, and hold every
comment of the input.

Isomorphism is decided by RDFC-1.0 canonicalization (pyoxigraph), not rdflib.compare:
on these graphs rdflib.compare.isomorphic calls a graph different from itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.steward import format_turtle
from tests.support.canonical import canonical

PREFIXES = [
    "@prefix ex: <http://example.org/> .",
    "@prefix dct: <http://purl.org/dc/terms/> .",  # known namespace under another name
    "PREFIX : <http://example.org/empty#>",
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
    "@prefix unused: <http://unused.example/> .",
]
IRIS = ["ex:a", "ex:b", "ex:c\\.d", "ex:e-f", ":g", "dct:title", "<http://example.org/h#i>", "<relative>"]
VERBS = ["ex:p", "ex:q", "dct:title", "a", "rdf:type", ":r", "<http://example.org/s>"]
LABELS = ["_:b1", "_:b2", "_:x.y"]
CHARACTERS = st.sampled_from([*"abc æøå\"'\\\n\t#@<>;,.[]()", "«", "»", "—", "😀"])
TEXT = st.text(CHARACTERS, max_size=40) | st.text(CHARACTERS, min_size=100, max_size=300)
COMMENT_TEXT = st.text(alphabet=st.sampled_from(list("abc æ#\"'<>;,.[]()@ ")), max_size=15)


@dataclass
class Writer:
    """Draws the document's tokens and the space or comment between each two of them."""

    draw: st.DrawFn
    comments: list[str] = field(default_factory=list)

    def gap(self) -> str:
        kind = self.draw(st.sampled_from(["space", "space", "newline", "blank", "trailing", "own", "own"]))
        if kind in ("trailing", "own"):
            text = f"# c{len(self.comments)}{self.draw(COMMENT_TEXT)}".rstrip()
            self.comments.append(text)
            return f" {text}\n" if kind == "trailing" else f"\n{text}\n"
        return {"space": " ", "newline": "\n    ", "blank": "\n\n"}[kind]

    def join(self, tokens: list[str]) -> str:
        return tokens[0] + "".join(self.gap() + token for token in tokens[1:])

    def literal(self) -> str:
        kind = self.draw(st.sampled_from(["string", "lang", "typed", "number", "boolean"]))
        if kind == "number":
            return self.draw(st.sampled_from(["1", "-2", "+03", "4.5", ".5", "6e3", "7.0E-2"]))
        if kind == "boolean":
            return self.draw(st.sampled_from(["true", "false"]))
        value = self.draw(TEXT)
        quote = self.draw(st.sampled_from(['"', "'"]))
        escaped = value.replace("\\", "\\\\").replace(quote, "\\" + quote)
        if "\n" in value and self.draw(st.booleans()):
            lexeme = quote * 3 + escaped + quote * 3
        else:
            lexeme = quote + escaped.replace("\n", "\\n") + quote
        if kind == "lang":
            return lexeme + "@" + self.draw(st.sampled_from(["nb", "en", "de", "en-GB", "NB"]))
        if kind == "typed":
            return lexeme + "^^" + self.draw(st.sampled_from(["xsd:string", "ex:dt", "<http://ex.org/t>"]))
        return lexeme

    def node(self, depth: int) -> list[str]:
        kinds = ["iri", "iri", "literal", "literal", "label"] + (["brackets", "list"] if depth < 3 else [])
        kind = self.draw(st.sampled_from(kinds))
        if kind == "iri":
            return [self.draw(st.sampled_from(IRIS))]
        if kind == "literal":
            return [self.literal()]
        if kind == "label":
            return [self.draw(st.sampled_from(LABELS))]
        if kind == "list":
            count = self.draw(st.integers(0, 4))
            return ["(", *(token for _ in range(count) for token in self.node(depth + 1)), ")"]
        if self.draw(st.integers(0, 4)) == 0:
            return ["[", "]"]
        return ["[", *self.entries(depth + 1), "]"]

    def entries(self, depth: int) -> list[str]:
        tokens: list[str] = []
        for n in range(self.draw(st.integers(1, 4))):
            if n:
                tokens += [";"] * self.draw(st.integers(1, 2))
            tokens.append(self.draw(st.sampled_from(VERBS)))
            for m in range(self.draw(st.integers(1, 3))):
                tokens += ([","] if m else []) + self.node(depth)
        if self.draw(st.booleans()):
            tokens.append(";")
        return tokens

    def statement(self) -> list[str]:
        kind = self.draw(st.sampled_from(["iri", "iri", "label", "brackets", "list"]))
        if kind == "brackets":
            subject = ["[", *self.entries(1), "]"]
            if self.draw(st.booleans()):
                return [*subject, "."]
        elif kind == "list":
            items = [token for _ in range(self.draw(st.integers(1, 3))) for token in self.node(2)]
            subject = ["(", *items, ")"]
        else:
            subject = [self.draw(st.sampled_from(IRIS[:-1] if kind == "iri" else LABELS))]
        return [*subject, *self.entries(0), "."]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    writer = Writer(draw)
    prefixes = draw(st.permutations(PREFIXES))
    header = draw(st.sampled_from(["", "# header\n\n", "# header\n# more\n"]))
    if header:
        writer.comments += [line for line in header.splitlines() if line]
    tokens: list[str] = [token for prefix in prefixes for token in prefix.split(" ")]
    for _ in range(draw(st.integers(1, 5))):
        tokens += writer.statement()
    text = header + writer.join(tokens) + writer.gap().rstrip(" ") + "\n"
    return text, writer.comments


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_keeps_its_graph_and_comments_and_formats_to_itself(
    document: tuple[str, list[str]],
) -> None:
    text, comments = document
    formatted = format_turtle(text, "/generated/doc.ttl")
    assert canonical(text) == canonical(formatted)
    assert format_turtle(formatted, "/generated/doc.ttl") == formatted
    for comment in comments:
        assert comment in formatted
