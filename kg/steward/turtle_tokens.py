"""A Turtle tokenizer that keeps comments and positions.

rdflib's and pyoxigraph's parsers drop comments, and the highlighters that keep them
(Pygments' TurtleLexer) lose their place after some long strings, so the formatter reads
the text with these terminals of the W3C Turtle grammar (https://www.w3.org/TR/turtle/#sec-grammar).
Each significant token carries the comments written on lines of their own before it
(`leading`) and the comment that ends its line (`trailing`): what a comment stands
before or after is then a question for the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf"'\\]"""

_TOKENS = [
    ("SPACE", r"[ \t\r\n]+"),
    ("COMMENT", r"#[^\r\n]*"),
    ("IRI", rf"<(?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*>"),
    ("STRING", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'),
    ("STRING", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"),
    ("STRING", rf'"(?:[^"\\\r\n]|{_ECHAR}|{_UCHAR})*"'),
    ("STRING", rf"'(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'"),
    ("BNODE", f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("PNAME", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("NUMBER", r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)"),
    ("NUMBER", r"[+-]?[0-9]*\.[0-9]+"),
    ("NUMBER", r"[+-]?[0-9]+"),
    ("AT", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("WORD", r"[A-Za-z]+(?![\w:-])"),
    ("PUNCT", r"\^\^|[.;,\[\]()]"),
]
#: One alternative (a capturing group) per terminal: `match.lastindex` says which matched.
_SCANNER = re.compile("|".join(f"({pattern})" for _, pattern in _TOKENS))
_KINDS = [""] + [kind for kind, _ in _TOKENS]


class TurtleSyntaxError(ValueError):
    """Text that is not Turtle, with the 1-based line and column where reading stopped."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"{line}:{column}: {message}")


@dataclass
class Comment:
    text: str
    #: a blank line separates it from what came before / after it
    blank_before: bool = False
    blank_after: bool = False


@dataclass
class Token:
    kind: str  # IRI STRING BNODE PNAME NUMBER AT WORD PUNCT EOF
    text: str
    line: int
    column: int
    blank_before: bool = False
    leading: list[Comment] = field(default_factory=list)
    trailing: Comment | None = None


def tokenize(text: str) -> list[Token]:
    """The significant tokens of `text`, comments attached, ending with an EOF token."""
    tokens: list[Token] = []
    pending: list[Comment] = []
    position, line, line_start, newlines_before = 0, 1, 0, 0
    scan, end = _SCANNER.match, len(text)
    while position < end:
        match = scan(text, position)
        if match is None:
            raise TurtleSyntaxError(line, position - line_start + 1, f"unexpected {text[position]!r}")
        kind, value = _KINDS[match.lastindex or 0], match.group()
        if kind == "SPACE":
            newlines_before += value.count("\n")
        elif kind == "COMMENT":
            comment = Comment(value.rstrip(), blank_before=newlines_before > 1)
            if tokens and newlines_before == 0 and tokens[-1].trailing is None and not pending:
                tokens[-1].trailing = comment
            else:
                if pending:
                    pending[-1].blank_after = comment.blank_before
                pending.append(comment)
            newlines_before = 0
        else:
            if pending:
                pending[-1].blank_after = newlines_before > 1
            tokens.append(Token(kind, value, line, position - line_start + 1, newlines_before > 1, pending))
            pending, newlines_before = [], 0
        if "\n" in value:
            line += value.count("\n")
            line_start = position + value.rindex("\n") + 1
        position = match.end()
    tokens.append(Token("EOF", "", line, position - line_start + 1, newlines_before > 1, pending))
    return tokens


def iri_spans(text: str) -> list[tuple[int, int]]:
    """Where each IRI reference (`<…>`) of the text starts and ends, brackets included.

    Read with the same terminals as `tokenize`, so an IRI inside a string or comment is not one.
    Raises TurtleSyntaxError where no terminal matches.
    """
    spans, position, end = [], 0, len(text)
    while position < end:
        match = _SCANNER.match(text, position)
        if match is None:
            line = text.count("\n", 0, position) + 1
            raise TurtleSyntaxError(
                line, position - text.rfind("\n", 0, position), f"unexpected {text[position]!r}"
            )
        if _KINDS[match.lastindex or 0] == "IRI":
            spans.append(match.span())
        position = match.end()
    return spans
