"""A syntax error told with the line of the query it is on, and a caret under the place.

The parser's own message is kept ("error at 2:7: expected ..."); the line and
caret are added below it. A query whose first word after PREFIX and BASE is
no query form (`SELEC * ...`) gets the caret under that word and the forms
there are, since a parser reports what it tried last, not what was meant.
"""

from __future__ import annotations

import re

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def syntax_message(sparql: str, message: str) -> str:
    """`message`, then the query's line and a caret where the parser stopped (when it says where)."""
    start = _PROLOGUE.match(sparql)
    word = _WORD.match(sparql, start.end() if start else 0)
    if word is not None and word.group().upper() not in FORMS:
        line = sparql.count("\n", 0, word.start()) + 1
        column = word.start() - (sparql.rfind("\n", 0, word.start()) + 1)
        hint = f"{message} ('{word.group()}' is not {', '.join(FORMS[:-1])} or {FORMS[-1]})"
        return _with_caret(hint, sparql, line, column)
    found = _POSITION.search(message)
    if found is None:
        return message
    line = int(found.group(1))
    lines = sparql.split("\n")
    if not 1 <= line <= len(lines):
        return message
    # The parser counts bytes of UTF-8 from 1; the caret goes under the character.
    prefix = lines[line - 1].encode()[: max(int(found.group(2)) - 1, 0)]
    return _with_caret(message, sparql, line, len(prefix.decode(errors="ignore")))


def _with_caret(message: str, sparql: str, line: int, column: int) -> str:
    text = sparql.split("\n")[line - 1].rstrip("\r")
    column = min(column, len(text))
    return f"{message}\n  {line} | {text}\n  {' ' * len(str(line))} | {' ' * column}^"
