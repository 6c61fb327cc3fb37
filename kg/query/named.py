"""Named queries: `queries/NAME.rq` files with a header a program reads (see queries/README.md).

The header is YAML in `#+ ` comment lines at the top of the file (grlc's
style), so a file stays a plain SPARQL query any tool can run. It answers as
written, too: the top of its WHERE group holds a VALUES block with the
parameters' defaults (UNDEF where a parameter has none), exactly as the
binder writes it. Parameters are checked against their declared types and
bound by replacing that block with one of N-Triples-serialized terms. The
query text is never spliced with a client's input, and a VALUES block works
the same on every SPARQL 1.1 store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg.foundation.errors import FileError
from kg.foundation.namespaces import XSD
from kg.foundation.settings import LANGUAGES
from kg.query.guard import analyse

PARAMETER_TYPES = ("iri", "string", "integer", "language")
#: Names the REST API and the CLI use themselves; a query cannot take them as parameters.
RESERVED_NAMES = frozenset({"format", "infer"})
#: How inference changes a query's answer: the same, more rows, or no answer without it.
INFERENCE_KINDS = ("none", "more", "needed")
FORMS = ("select", "ask", "construct", "describe")

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
PARAMETER_NAME = re.compile(r"[a-z][a-z0-9_]*")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
MAX_STRING = 1000
#: What an IRI parameter takes as an absolute IRI: a scheme and `//`, or a scheme used without (urn:).
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|(?:urn|tag|mailto|did):", re.IGNORECASE)
HEADER_PREFIX = "#+"


class HeaderError(FileError):
    """A named query file that cannot be used, with the file and line to fix."""


class ParameterError(ValueError):
    """A parameter value that does not fit its declaration; names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str = ""
    required: bool = False
    default: str | None = None
    example: str | None = None
    enum: tuple[str, ...] = ()

    def term(self, raw: str, prefixes: Mapping[str, str] | None = None) -> ox.NamedNode | ox.Literal:
        """The RDF term for a value given as text; raises ParameterError naming this parameter.

        An IRI may be written as a prefixed name with one of `prefixes` (`osr:visjon`).
        """
        term = self._typed(raw, prefixes or {})
        if self.enum and term.value not in self.enum:
            raise ParameterError(self.name, f"{raw!r} is not one of {', '.join(self.enum)}")
        return term

    def _typed(self, raw: str, prefixes: Mapping[str, str]) -> ox.NamedNode | ox.Literal:
        value = raw.strip()
        if self.type == "iri":
            return self._iri(raw, value, prefixes)
        if self.type == "integer":
            if not INTEGER.fullmatch(value):
                raise ParameterError(self.name, f"{raw!r} is not an integer")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if self.type == "language":
            if not LANGUAGE_TAG.fullmatch(value):
                raise ParameterError(self.name, f"{raw!r} is not a language tag such as nb or en")
            return ox.Literal(value.lower())
        if len(raw) > MAX_STRING:
            raise ParameterError(self.name, f"longer than {MAX_STRING} characters")
        return ox.Literal(raw)

    def _iri(self, raw: str, value: str, prefixes: Mapping[str, str]) -> ox.NamedNode:
        """A known prefixed name expanded, else an absolute IRI (`scheme://...`, `urn:...`)."""
        prefix, colon, local = value.partition(":")
        if colon and prefix in prefixes and not local.startswith("//"):
            value = prefixes[prefix] + local
        elif not ABSOLUTE_IRI.match(value):
            known = ", ".join(f"{p}:" for p in sorted(prefixes)) or "none"
            raise ParameterError(
                self.name,
                f"not an absolute IRI: {raw!r} (write scheme://... or a prefixed name with a known prefix: "
                f"{known})",
            )
        try:
            return ox.NamedNode(value)
        except ValueError as error:
            raise ParameterError(self.name, f"not an absolute IRI ({error})") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    form: str
    sparql: str
    parameters: tuple[Parameter, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    inference: str = "none"
    tags: tuple[str, ...] = ()

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def bindings(
        self, values: Mapping[str, str], prefixes: Mapping[str, str] | None = None
    ) -> dict[str, ox.NamedNode | ox.Literal]:
        """Checked terms for every parameter given or defaulted; raises ParameterError.

        `prefixes` expand prefixed names given for IRIs (`known_prefixes`).
        """
        for name in values:
            if self.parameter(name) is None:
                known = ", ".join(p.name for p in self.parameters) or "none"
                raise ParameterError(name, f"unknown parameter of query {self.name!r} (known: {known})")
        terms: dict[str, ox.NamedNode | ox.Literal] = {}
        for parameter in self.parameters:
            raw = values.get(parameter.name)
            if raw is None or raw == "":
                if parameter.required:
                    raise ParameterError(parameter.name, "required")
                raw = parameter.default
            if raw is not None:
                terms[parameter.name] = parameter.term(raw, prefixes)
        return terms

    def bind(self, values: Mapping[str, str], prefixes: Mapping[str, str] | None = None) -> str:
        """The query text with the parameters' values bound; raises ParameterError."""
        names = [p.name for p in self.parameters]
        terms = self.bindings(values, prefixes)
        return inject_values(self.sparql, terms, names, written=defaults_block(self.parameters))

    def example_values(self) -> dict[str, str]:
        return {p.name: p.example for p in self.parameters if p.example is not None}

    def describe(self) -> dict[str, Any]:
        """The header as plain data, for `kg query --list` and /api/queries."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "form": self.form,
            "inference": self.inference,
            "tags": list(self.tags),
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "description": p.description,
                    "required": p.required,
                    "default": p.default,
                    "example": p.example,
                    "enum": list(p.enum) or None,
                }
                for p in self.parameters
            ],
            "columns": [{"name": name, "description": text} for name, text in self.columns.items()],
        }


# ---------------------------------------------------------------------------
# Binding: a VALUES block at the top of the WHERE group
# ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[?$]?[A-Za-z0-9_:][A-Za-z0-9_:.\-]*)
    | (?P<brace>[{}])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(sparql: str) -> list[tuple[str, str, int]]:
    """(kind, text, end offset) of each token that matters: words and braces."""
    found = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind in ("word", "brace"):
            found.append((kind, match.group(), match.end()))
    return found


def query_form(sparql: str) -> str | None:
    """select, ask, construct or describe: the first keyword after the prologue."""
    words = [text.lower() for kind, text, _ in _tokens(sparql) if kind == "word"]
    index = 0
    while index < len(words):
        if words[index] == "prefix":
            index += 2
        elif words[index] == "base":
            index += 1
        else:
            return words[index] if words[index] in FORMS else None
    return None


def where_group_start(sparql: str) -> int | None:
    """Offset just after the `{` that opens the outermost WHERE group, or None if there is none."""
    depth = 0
    tokens = _tokens(sparql)
    for index, (kind, text, _end) in enumerate(tokens):
        if kind == "brace":
            depth += 1 if text == "{" else -1
        elif depth == 0 and text.lower() == "where" and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following[1] == "{":
                return following[2]
    return None


def values_block(names: Sequence[str], bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """`VALUES (?a ?b) { (<x> UNDEF) } FILTER(BOUND(?a))`: every name, UNDEF where unbound.

    The FILTER is always true. It is there for Virtuoso 7, which does not pass
    a VALUES variable that nothing else in the group uses into the FILTER of an
    OPTIONAL (`OPTIONAL { ... FILTER(LANG(?x) = ?lang) }`).
    """
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(bindings[name]) if name in bindings else "UNDEF" for name in names)
    block = f"VALUES ({variables}) {{ ({terms}) }}"
    bound = " && ".join(f"BOUND(?{name})" for name in names if name in bindings)
    return f"{block} FILTER({bound})" if bound else block


def defaults_block(parameters: Sequence[Parameter]) -> str:
    """The VALUES block a named query holds at the top of its WHERE group: the defaults."""
    if not parameters:
        return ""
    defaults = {p.name: p.term(p.default) for p in parameters if p.default is not None}
    return values_block([p.name for p in parameters], defaults)


def inject_values(
    sparql: str,
    bindings: Mapping[str, ox.NamedNode | ox.Literal],
    names: Sequence[str] | None = None,
    *,
    written: str = "",
) -> str:
    """Bind variables by a VALUES block at the top of the WHERE group (same on every store).

    `names` are the variables of the block (default: those bound); `written`,
    the block the query holds there already (its defaults), which is replaced.
    """
    names = list(bindings) if names is None else list(names)
    if not names:
        return sparql
    start = where_group_start(sparql)
    if start is None:
        raise ValueError("the query has no WHERE { ... } group to bind parameters in")
    rest = sparql[start:]
    body = rest.lstrip()
    end = start + len(rest) - len(body) + len(written) if written and body.startswith(written) else start
    return f"{sparql[:start]}\n  {values_block(names, bindings)}{sparql[end:]}"


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping (for error messages)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
        return mapping


def split_header(text: str) -> tuple[list[str], str]:
    """The header's YAML lines (prefix removed) and the query text below them."""
    lines = text.splitlines(keepends=True)
    header: list[str] = []
    for line in lines:
        if not line.startswith(HEADER_PREFIX):
            break
        content = line[len(HEADER_PREFIX) :]
        header.append(content[1:] if content.startswith(" ") else content)
    return header, "".join(lines[len(header) :])


def load_query(path: Path, *, check_name: bool = True) -> NamedQuery:
    """Read and check one named query; raises HeaderError naming the file and line.

    `check_name` False accepts any file name (a user's own file given to `kg query --file`).
    """
    name = path.stem
    if check_name and not NAME.fullmatch(name):
        raise HeaderError(path, None, "file names are lower-case letters, digits and '-' (the query's name)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HeaderError(path, None, f"cannot read: {error}") from None
    header_lines, sparql = split_header(text)
    if not header_lines:
        raise HeaderError(path, 1, f"no header: the file must start with '{HEADER_PREFIX} title: ...' lines")
    try:
        header = yaml.load("".join(header_lines), Loader=_LineLoader)  # _LineLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark:
            problem = f"{problem} ({context} on line {context_mark.line + 1})"
        raise HeaderError(
            path, mark.line + 1 if mark else None, f"header is not valid YAML: {problem}"
        ) from None
    if not isinstance(header, dict):
        raise HeaderError(path, 1, "the header must be a mapping of keys (title, description, ...)")
    return _Header(path, header, len(header_lines)).query(name, sparql)


class _Header:
    """Checks one header's keys and values, pointing at the line of each mistake."""

    KEYS = frozenset({"title", "description", "params", "columns", "inference", "tags"})

    def __init__(self, path: Path, header: dict[str, Any], length: int) -> None:
        self.path = path
        self.header = header
        self.length = length

    def error(self, where: dict[str, Any], key: str | None, message: str) -> HeaderError:
        line = where.get("__lines__", {}).get(key) if key else None
        return HeaderError(self.path, line or where.get("__line__"), message)

    def text(self, where: dict[str, Any], key: str, *, required: bool = True) -> str:
        value = where.get(key)
        if value is None:
            if required:
                raise self.error(where, None, f"'{key}' is missing")
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.error(where, key, f"'{key}' must be text")
        return str(value).strip()

    def query(self, name: str, sparql: str) -> NamedQuery:
        title = self.text(self.header, "title")
        description = self.text(self.header, "description")
        for key in map(str, self.header):
            if not key.startswith("__") and key not in self.KEYS:
                raise self.error(
                    self.header, key, f"unknown key '{key}' (known: {', '.join(sorted(self.KEYS))})"
                )
        parameters = self.parameters()
        form = query_form(sparql)
        if form is None:
            raise HeaderError(
                self.path, self.length + 1, "no SELECT, ASK, CONSTRUCT or DESCRIBE query below the header"
            )
        inference = self.text(self.header, "inference", required=False) or "none"
        if inference not in INFERENCE_KINDS:
            raise self.error(
                self.header, "inference", f"'inference' must be one of {', '.join(INFERENCE_KINDS)}"
            )
        columns = self.columns(form)
        self.check_sparql(sparql, parameters, columns, form)
        tags = self.header.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise self.error(self.header, "tags", "'tags' must be a list of words")
        return NamedQuery(
            name=name,
            path=self.path,
            title=title,
            description=description,
            form=form,
            sparql=sparql,
            parameters=parameters,
            columns=columns,
            inference=inference,
            tags=tuple(tags),
        )

    def parameters(self) -> tuple[Parameter, ...]:
        declared = self.header.get("params") or []
        if not isinstance(declared, list):
            raise self.error(self.header, "params", "'params' must be a list of parameters")
        parameters: list[Parameter] = []
        for entry in declared:
            if not isinstance(entry, dict):
                raise self.error(self.header, "params", "each parameter is a mapping with name, type, ...")
            parameters.append(self.parameter(entry, {p.name for p in parameters}))
        return tuple(parameters)

    def parameter(self, entry: dict[str, Any], taken: set[str]) -> Parameter:
        allowed = {"name", "type", "description", "required", "default", "example", "enum"}
        for key in map(str, entry):
            if not key.startswith("__") and key not in allowed:
                raise self.error(
                    entry, key, f"unknown parameter key '{key}' (known: {', '.join(sorted(allowed))})"
                )
        name = self.text(entry, "name")
        if not PARAMETER_NAME.fullmatch(name) or name in RESERVED_NAMES:
            raise self.error(
                entry,
                "name",
                f"bad parameter name {name!r}: lower-case letters, digits, '_'; not format or infer",
            )
        if name in taken:
            raise self.error(entry, "name", f"parameter {name!r} is declared twice")
        kind = self.text(entry, "type")
        if kind not in PARAMETER_TYPES:
            raise self.error(entry, "type", f"type of {name!r} must be one of {', '.join(PARAMETER_TYPES)}")
        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise self.error(entry, "required", "'required' must be true or false")
        enum = entry.get("enum") or []
        if not isinstance(enum, list):
            raise self.error(entry, "enum", "'enum' must be a list of values")
        if kind == "language":
            # Every language parameter takes the graph's languages, no more and no fewer.
            if enum and [str(v) for v in enum] != list(LANGUAGES):
                raise self.error(
                    entry,
                    "enum",
                    f"a language parameter takes exactly {', '.join(LANGUAGES)}: leave out 'enum'",
                )
            enum = list(LANGUAGES)
        parameter = Parameter(
            name=name,
            type=kind,
            description=self.text(entry, "description", required=False),
            required=required,
            default=self.text(entry, "default", required=False) or None,
            example=self.text(entry, "example", required=False) or None,
            enum=tuple(str(v) for v in enum),
        )
        if required and parameter.default is not None:
            raise self.error(entry, "default", f"{name!r} is required, so it cannot have a default")
        if parameter.example is None:
            raise self.error(
                entry, None, f"parameter {name!r} needs an example (used by the API page and tests)"
            )
        for key in ("default", "example"):
            value = getattr(parameter, key)
            if value is not None:
                try:
                    parameter.term(value)
                except ParameterError as error:
                    raise self.error(
                        entry, key, f"{key} of {name!r} does not fit its type: {error}"
                    ) from None
        return parameter

    def columns(self, form: str) -> dict[str, str]:
        declared = self.header.get("columns")
        if form != "select":
            if declared is not None:
                raise self.error(self.header, "columns", f"a {form.upper()} query has no columns")
            return {}
        columns = {str(k): str(v).strip() for k, v in (declared or {}).items() if not str(k).startswith("__")}
        if not isinstance(declared, dict) or not columns:
            where = "columns" if declared is not None else None
            raise self.error(
                self.header, where, "'columns' must map each column of the answer to a description"
            )
        return columns

    def check_sparql(
        self, sparql: str, parameters: tuple[Parameter, ...], columns: dict[str, str], form: str
    ) -> None:
        """Syntax, parameters used, and columns as declared: checked on an empty store."""
        refusal = analyse(sparql).refusal  # the endpoint's own rule (SERVICE)
        if refusal:
            raise HeaderError(self.path, None, refusal)
        start = where_group_start(sparql)
        if parameters and start is None:
            raise HeaderError(
                self.path, self.length + 1, "a query with parameters needs an explicit WHERE { ... }"
            )
        defaults = defaults_block(parameters)
        if start is not None and not sparql[start:].lstrip().startswith(defaults):
            raise HeaderError(
                self.path,
                self.length + sparql.count("\n", 0, start) + 1,
                "the WHERE group must start with the parameters' defaults, so that the query "
                f"answers as written in any SPARQL tool: {defaults}",
            )
        body = sparql.replace(defaults, "", 1)
        for parameter in parameters:
            if not re.search(rf"[?$]{parameter.name}\b", body):
                raise HeaderError(self.path, None, f"parameter {parameter.name!r} is not used in the query")
        try:
            variables = _variables(sparql)
        except SyntaxError as error:
            raise self._syntax_error(error, sparql.count("\n") + 1) from None
        if form == "select" and variables != list(columns):
            raise self.error(
                self.header,
                "columns",
                f"'columns' ({', '.join(columns)}) differ from the query's ({', '.join(variables)})",
            )

    def _syntax_error(self, error: SyntaxError, sparql_lines: int) -> HeaderError:
        found = re.match(r"error at (\d+):(\d+): (.*)", str(error.msg), re.DOTALL)
        if not found:
            return HeaderError(self.path, None, f"SPARQL syntax error: {error.msg}")
        # pyoxigraph may place an error at the end of the input, past the last line.
        line = min(self.length + int(found.group(1)), self.length + sparql_lines)
        return HeaderError(
            self.path, line, f"SPARQL syntax error at column {found.group(2)}: {found.group(3)}"
        )


def _variables(sparql: str) -> list[str]:
    """The variables a query selects (none for other forms); raises SyntaxError.

    The result is evaluated on an empty store and dropped here, on the thread that made it:
    pyoxigraph's results may not be freed on another thread, as a cycle collector could.
    """
    result = ox.Store().query(sparql)
    return [v.value for v in result.variables] if isinstance(result, ox.QuerySolutions) else []


def query_files(*directories: Path) -> dict[str, Path]:
    """The `.rq` files of the folders by name; a later folder's file replaces an earlier one's."""
    files: dict[str, Path] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
            files[path.stem] = path
    return dict(sorted(files.items()))


def load_queries(*directories: Path) -> tuple[dict[str, NamedQuery], list[HeaderError]]:
    """Every named query of the folders, by name; broken files are reported, the others still load.

    kg's own queries come first and a project's folder after them: a project query replaces the
    packaged one of the same name.
    """
    queries: dict[str, NamedQuery] = {}
    errors: list[HeaderError] = []
    for path in query_files(*directories).values():
        try:
            query = load_query(path)
        except HeaderError as error:
            errors.append(error)
        else:
            queries[query.name] = query
    return queries, errors
