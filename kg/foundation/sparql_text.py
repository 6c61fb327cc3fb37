"""A SPARQL query's text read as tokens: escapes undone, and IRIs written under other names.

`rename_iris` is how a `sparql:` store shows kg's graph names while keeping
each version of the dataset in graphs of its own (`kg.store.pointer`): a
query that names `<…/graph/data>` (written as an IRI, a prefixed name or an
IRI relative to BASE) is sent naming the live version's graph instead. Only
whole IRIs equal to a name being renamed change; strings, comments and
everything else are sent as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urljoin

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

#: The tokens that matter for IRIs, in the order they are tried; anything else is one character.
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<skip>\s+|#[^\n]*"  # white space, a comment
            r"|'{3}(?:[^'\\]|\\.|'(?!''))*(?:'{3}|$)"  # long strings
            r'|"{3}(?:[^"\\]|\\.|"(?!""))*(?:"{3}|$)'
            r"|'(?:[^'\\\n]|\\.)*'?"  # short strings
            r'|"(?:[^"\\\n]|\\.)*"?'
            r"|[?$]\w+"  # a variable
            r"|_:[\w.-]*"  # a blank node's label
            r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",  # a language tag
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            r"(?P<pname>(?:[^\W\d_][\w.-]*)?:(?:(?:[\w:%-]|\\[_~.!$&'()*+,;=/?#@%-])"
            r"(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?#@%-])*)?)",
            r"(?P<word>\w+)",
        ]
    )
)
#: The characters a prefixed name's local part may escape with a backslash.
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def unescape_codepoints(text: str) -> str:
    """The query text as the SPARQL grammar sees it (\\u and \\U escapes replaced)."""
    if "\\u" not in text and "\\U" not in text:
        return text
    return _ESCAPE.sub(lambda m: _codepoint(m.group(1) or m.group(2)), text)


def _codepoint(hex_digits: str) -> str:
    value = int(hex_digits, 16)
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def rename_iris(sparql: str, names: Mapping[str, str], base_iri: str | None = None) -> str:
    """The query with each IRI that is a key of `names` written as `<value>`.

    IRIs are compared resolved: a prefixed name by its PREFIX, a relative
    IRI against the query's BASE (else `base_iri`). The IRIs of PREFIX and
    BASE declarations name namespaces, not graphs, and stay. A query that
    needs no change is returned as it is.
    """
    text = unescape_codepoints(sparql)
    prefixes: dict[str, str] = {}
    base = base_iri
    out: list[str] = []
    before: list[str] = ["", ""]  # the two significant tokens before this one
    changed = False
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        token = match.group() if match else text[position]
        kind = match.lastgroup if match else None
        if kind == "pname":
            token = token.rstrip(".")  # a local name ends before the dot that ends a triple
        position += len(token)
        iri: str | None = None
        if kind == "iri":
            iri = urljoin(base, token[1:-1]) if base else token[1:-1]
            if before[-1].upper() == "BASE":
                base, iri = iri, None
            elif before[-2].upper() == "PREFIX":
                prefixes[before[-1].removesuffix(":")] = iri
                iri = None
        elif kind == "pname" and before[-1].upper() != "PREFIX":
            prefix, _, local = token.partition(":")
            if prefix in prefixes:
                iri = prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        if kind != "skip":
            before = [before[-1], token]
        renamed = names.get(iri) if iri is not None else None
        out.append(token if renamed is None else f"<{renamed}>")
        changed = changed or renamed is not None
    return "".join(out) if changed else sparql
