"""Deciding, before a query runs, whether a read-only endpoint that never fetches may run it.

pyoxigraph follows a SERVICE clause with an outbound HTTP request, and a
remote store might load the graphs a FROM clause names; so SERVICE is refused
and FROM may only name graphs the store holds. Both are decided from the text
before any store sees it.

The check must be exact and cheap. SPARQL processes \\uXXXX escapes before
parsing, so they are undone first; after that a text without the substring
"service" (any case) holds no SERVICE clause and one without "from" no dataset
clause: that settles nearly every query in microseconds. Only a text with one
of those substrings is parsed precisely (rdflib's parser, 2-17 ms, in
`kg.query.sparql_parser`), and the verdict is cached by query text, so
repeated queries never pay twice.

Before all that, the nesting depth is measured (`nesting_depth`): pyoxigraph's
and rdflib's parsers recurse once per level, and a query a few thousand levels
deep overflows the C stack and kills the process (SIGSEGV) instead of raising.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.foundation.settings import Settings
from kg.foundation.sparql_text import unescape_codepoints
from kg.query.sparql_parser import UnreadableQuery, is_update, read_query
from kg.store import QuerySyntaxError

SERVICE_REFUSED = "SERVICE is not allowed: kg never sends requests to other servers (federated query is off)"
UPDATE_REFUSED = "SPARQL Update is not accepted: kg's endpoint and kg query only read"
#: Texts longer than this are analysed each time rather than kept in the cache.
CACHE_TEXT_LIMIT = 16_384


class QueryRefused(ValueError):
    """The query is well-formed but asks for something this endpoint never does (HTTP 400)."""


@dataclass(frozen=True)
class Analysis:
    """What the guard learnt from a query text: its dataset clause, or why it is refused."""

    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    refusal: str | None = None
    malformed: str | None = None

    @property
    def has_dataset_clause(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)

    def raise_if_refused(self) -> None:
        # A fresh exception each time: a cached one would keep every traceback it was raised with.
        if self.refusal:
            raise QueryRefused(self.refusal)
        if self.malformed:
            raise QuerySyntaxError(self.malformed)


@dataclass(frozen=True)
class Dataset:
    """The graphs to hand the store; None means the store's own rule (see `Store.query`)."""

    default_graphs: list[str] | None
    named_graphs: list[str] | None


def analyse(text: str, base_iri: str | None = None, max_nesting: int = Settings.max_nesting) -> Analysis:
    """The guard's verdict on a query text (cached by text, base and nesting limit)."""
    if len(text) > CACHE_TEXT_LIMIT:
        return _analyse(text, base_iri, max_nesting)
    return _analyse_cached(text, base_iri, max_nesting)


@lru_cache(maxsize=2048)
def _analyse_cached(text: str, base_iri: str | None, max_nesting: int) -> Analysis:
    return _analyse(text, base_iri, max_nesting)


def _analyse(text: str, base_iri: str | None, max_nesting: int) -> Analysis:
    plain = unescape_codepoints(text).lower()
    too_deep = nesting_refusal(plain, max_nesting)
    if too_deep:
        return Analysis(refusal=too_deep)
    if not _mentions_clause(plain):
        return Analysis()
    return _analyse_parsed(text, base_iri)


def _mentions_clause(plain: str) -> bool:
    """Whether a (lower-cased, unescaped) text has SERVICE or FROM as a word of the query, not only
    in a comment, string, IRI, variable (`?from`) or prefixed name: only then is it parsed (58 ms
    for sdg-coverage, or plans-in-effect with its ?from, against 0.2 ms for the scan)."""
    if "service" not in plain and "from" not in plain:
        return False
    return any(
        token.lastgroup == "word" and token.group() in _CLAUSE_WORDS
        for token in _NESTING_TOKEN.finditer(plain)
    )


#: Tokens of a query text as far as nesting goes: what is skipped whole (comments, strings, IRIs,
#: names, numbers), words, and the brackets and operators that make the parsers recurse.
_NESTING_TOKEN = re.compile(
    "|".join(
        [
            r"#[^\n]*",  # a comment
            r"'{3}(?:[^'\\]|\\.|'(?!''))*(?:'{3}|$)",  # long strings
            r'"{3}(?:[^"\\]|\\.|"(?!""))*(?:"{3}|$)',
            r"'(?:[^'\\\n]|\\.)*'?",  # short strings
            r'"(?:[^"\\\n]|\\.)*"?',
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # an IRI
            r"\^\^",  # a literal's datatype
            r"[?$]\w+",  # a variable
            r"\d+(?:\.\d+)?(?:e[+-]?\d+)?",  # a number
            r"(?P<word>[\w:][\w\-.:%\\]*[\w\-:%\\]|[\w:])",  # a keyword or prefixed name
            r"(?P<open>[{(\[])",
            r"(?P<close>[})\]])",
            r"(?P<chain>\|\||&&|!=|<=|>=|[|/+\-*!^=<>.;,])",
        ]
    )
)
#: The words that make the guard parse a query (`_mentions_clause`).
_CLAUSE_WORDS = frozenset({"service", "from"})
#: Keywords that add one more element to a chain the parsers build as a nested tree.
_CHAIN_WORDS = frozenset({"union", "optional", "minus", "filter", "bind", "graph", "service", "values"})
#: Characters that may open a level or lengthen a chain: a text with fewer of them than the limit
#: (and no chain keyword) is within it, without a scan.
_NESTING_CHARS = "{([|&!=<>/+-*^.;,"


def nesting_refusal(text: str, limit: int) -> str | None:
    """Why a (lower-cased, unescaped) query text is refused for its nesting, or None.

    Checked before any parser sees the text; `limit` 0 switches it off.
    """
    if limit <= 0 or sum(map(text.count, (*_NESTING_CHARS, *_CHAIN_WORDS))) < limit:
        return None  # fewer marks (characters and chain words) than the limit: no deeper than it
    depth = nesting_depth(text, limit)
    if depth <= limit:
        return None
    return (
        f"the query is nested deeper than the limit of {limit} levels (--max-nesting, KG_MAX_NESTING): "
        "each bracket, and each further element of a chain (UNION, OPTIONAL, operators, the parts "
        "of a path, the patterns of a group), is one level. Flatten the query or split it"
    )


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """How deep a (lower-cased) query text nests, as the parsers recurse into it.

    Each open bracket ({ ( [) is a level; within a bracket each chain element
    (an operator, `.`, `;` or `,`, a UNION/OPTIONAL/... keyword, a group after
    a group) adds one: pyoxigraph builds chains as left-deep trees, and 10 000
    UNIONs or triple patterns in a row overflow its stack as nesting does. The
    count errs on the high side (a `*` of `SELECT *` counts too). Scanning
    stops once `stop_above` is passed.
    """
    levels: list[int] = [0]  # per open bracket: chain elements seen in it
    depth = deepest = 0  # depth: open brackets + chain elements in all of them
    closed_group = False
    for token in _NESTING_TOKEN.finditer(text):
        kind = token.lastgroup
        if kind is None or (kind == "word" and token.group() not in _CHAIN_WORDS):
            closed_group = False
            continue
        if kind == "open":
            grew = 2 if closed_group and token.group() == "{" else 1
            levels[-1] += grew - 1
            levels.append(0)
            depth += grew
        elif kind == "close":
            if len(levels) > 1:
                depth -= levels.pop() + 1
            closed_group = token.group() == "}"
            continue
        else:  # an operator or a chain keyword
            levels[-1] += 1
            depth += 1
        closed_group = False
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


def _analyse_parsed(text: str, base_iri: str | None) -> Analysis:
    """The slow path: parse the query and look at what it really says."""
    try:
        reading = read_query(text, base_iri)
    except UnreadableQuery as error:
        if not error.syntax_error:
            return Analysis(malformed=str(error))
        if is_update(text):
            return Analysis(refusal=UPDATE_REFUSED)
        return Analysis(
            malformed=f"{error} (read by the endpoint's safety check, which parses every query that "
            "mentions SERVICE or FROM)"
        )
    if reading.has_service:
        return Analysis(refusal=SERVICE_REFUSED)
    return Analysis(from_graphs=reading.from_graphs, from_named_graphs=reading.from_named_graphs)


def plan_dataset(
    analysis: Analysis,
    *,
    default_graph_uris: Sequence[str],
    named_graph_uris: Sequence[str],
    held: Collection[str],
    repository_default: Sequence[str],
) -> Dataset:
    """The dataset a query runs on, by the SPARQL 1.1 Protocol's precedence rules.

    1. `default-graph-uri` / `named-graph-uri` given: exactly those graphs
       (the protocol overrides the query's FROM). A graph the store does not
       hold is an empty graph; it is never handed to the store, so nothing is
       ever fetched.
    2. FROM / FROM NAMED in the query: those graphs, each of which the store
       must hold (refused otherwise, with a message saying why).
    3. Neither: the default graph is the union of the repository's graphs
       (`repository_default`) and every graph the store holds is named.
    """
    if default_graph_uris or named_graph_uris:
        return Dataset(
            default_graphs=[iri for iri in default_graph_uris if iri in held],
            named_graphs=[iri for iri in named_graph_uris if iri in held],
        )
    if analysis.has_dataset_clause:
        missing = [iri for iri in (*analysis.from_graphs, *analysis.from_named_graphs) if iri not in held]
        if missing:
            raise QueryRefused(
                "FROM / FROM NAMED may only name graphs this endpoint holds; it never fetches remote "
                f"data. Not held: {', '.join(f'<{iri}>' for iri in missing)}"
            )
        return Dataset(default_graphs=None, named_graphs=None)
    return Dataset(default_graphs=list(repository_default), named_graphs=None)
