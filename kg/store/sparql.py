"""A remote SPARQL 1.1 store: Virtuoso, Fuseki, GraphDB, Oxigraph's server, ...

Queries go through SPARQLWrapper as form-encoded POSTs: Virtuoso never
answers a direct POST of application/sparql-query. Answers are turned into
the same pyoxigraph terms the embedded stores return, so everything above the
store works unchanged. A push uploads each graph into a staging graph (a
SPARQL 1.1 Graph Store Protocol PUT, or SPARQL Update) and then switches them
all in with one SPARQL Update request.

The dataset is always explicit when the caller names one: without
default-graph-uri, Virtuoso's default graph is the union of every graph it
holds, its own system graphs included (../shared/notes/virtuoso.md).
"""

from __future__ import annotations

import ast
import json
import math
import os
import tempfile
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from SPARQLWrapper import DIGEST, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)
from SPARQLWrapper.Wrapper import BASIC, URLENCODED

from kg.foundation.formats import N_TRIPLES, RDF_XML, SPARQL_JSON, SPARQL_XML, TURTLE, rdf_syntax_of
from kg.foundation.namespaces import XSD
from kg.store.base import (
    AskResult,
    GraphResult,
    QueryResult,
    QuerySyntaxError,
    SelectResult,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    Term,
    check_count,
    checkpoint,
)
from kg.store.oxigraph import OxigraphStore, from_pyoxigraph

#: A push stages each graph in `{graph}{STAGING_MARK}` until the switch moves it in. Fixed names:
#: the next push finds what a killed one left without scanning the store's graphs (one push at a time).
STAGING_MARK = "-kg-staging"

#: Called while a graph is uploaded: (graph IRI, bytes sent, bytes in all).
UploadProgress = Callable[[str, int, int], None]

_RESULTS_ACCEPT = f"{SPARQL_JSON.media_type}, {SPARQL_XML.media_type};q=0.8"
_GRAPH_ACCEPT = f"{N_TRIPLES.media_type}, {TURTLE.media_type};q=0.8, {RDF_XML.media_type};q=0.5"


#: Triples per SPARQL Update request when a graph is written without the Graph Store Protocol.
UPDATE_LINES = 500


@dataclass(frozen=True)
class Connection:
    """How to reach a remote store beyond its query URL: where to write, and as whom."""

    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: Literal["digest", "basic"] = "digest"
    #: Seconds to wait for a query's answer (the caller's own limit is used when smaller).
    timeout: float = 60.0
    #: Seconds to wait for the store to take in a whole graph.
    write_timeout: float = 3600.0


def staging_graph(graph: str) -> str:
    """Where a push puts a graph's new content until it switches it in."""
    return graph + STAGING_MARK


class SparqlStore(Store):
    """A store reached over the SPARQL 1.1 Protocol and Graph Store HTTP Protocol."""

    def __init__(
        self,
        query_url: str,
        connection: Connection | None = None,
        *,
        graphs: Sequence[str] = (),
        read_only: bool = False,
        on_upload: UploadProgress | None = None,
    ) -> None:
        """`graphs` are kg's own graphs: what a query sees as named graphs when the
        caller names none, so that another tenant's graphs (or Virtuoso's system
        graphs) stay out of sight."""
        if not query_url.startswith(("http://", "https://")):
            raise ValueError(f"sparql:{query_url}: the store's query URL must start with http:// or https://")
        self.query_url = query_url
        self.connection = connection or Connection()
        self.graphs = list(graphs)
        self.read_only = read_only
        self.on_upload = on_upload
        self.label = f"sparql:{query_url}"

    # -- queries -----------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        # The protocol has no parameter for the base; a BASE before the query's own prologue does it.
        wrapper.setQuery(sparql if base_iri is None else f"BASE <{base_iri}>\n{sparql}")
        if default_graphs is not None:
            for iri in default_graphs:
                wrapper.addDefaultGraph(iri)
            for iri in self.graphs if named_graphs is None else named_graphs:
                wrapper.addNamedGraph(iri)
        elif named_graphs is not None:
            for iri in named_graphs:
                wrapper.addNamedGraph(iri)
        graph_form = wrapper.queryType in ("CONSTRUCT", "DESCRIBE")
        wrapper.addCustomHttpHeader("Accept", _GRAPH_ACCEPT if graph_form else _RESULTS_ACCEPT)
        seconds = min(timeout or self.connection.timeout, self.connection.timeout)
        wrapper.setTimeout(max(1, math.ceil(seconds)))
        if self.connection.user is not None and self.connection.password is not None:
            wrapper.setHTTPAuth(DIGEST if self.connection.auth == "digest" else BASIC)
            wrapper.setCredentials(self.connection.user, self.connection.password)
        with _store_errors(self.label, "query", seconds):
            response = wrapper.query()
            body = response.response.read()
            headers = response.info()
        if headers.get("x-sql-state", "").strip() == "S1TAT":
            # Virtuoso's "anytime" answer: what it found before its own time limit ran out.
            raise StoreTimeout(f"{self.label} ran out of time and answered only in part")
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        return self._parse_answer(body, media_type)

    def _parse_answer(self, body: bytes, media_type: str) -> QueryResult:
        try:
            if media_type in SPARQL_JSON.media_types:
                return results_from_json(body)
            if media_type in SPARQL_XML.media_types:
                return from_pyoxigraph(ox.parse_query_results(body, SPARQL_XML.oxigraph))
            syntax = rdf_syntax_of(media_type)
            if syntax is not None:
                triples = [quad.triple for quad in ox.parse(body, syntax.oxigraph)]
                return GraphResult(iter(triples))
        except (SyntaxError, ValueError, KeyError, TypeError) as error:
            raise StoreUnavailable(f"{self.label} sent an answer that does not parse: {error}") from None
        raise StoreUnavailable(f"{self.label} answered in a format kg does not read: {media_type or 'none'}")

    def triple_count(self, graph: str) -> int:
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        result = self.query(sparql, default_graphs=[], named_graphs=[graph])
        assert isinstance(result, SelectResult)
        (row,) = list(result.rows)
        return int(row[0].value) if row[0] is not None else 0  # type: ignore[union-attr]

    def graph_names(self) -> list[str]:
        if self.graphs:
            values = " ".join(f"<{iri}>" for iri in self.graphs)
            sparql = (
                f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
            )
        else:
            sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        result = self.query(sparql, default_graphs=[], named_graphs=self.graphs or None)
        assert isinstance(result, SelectResult)
        return sorted(row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode))

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        if self.connection.graph_store_url is None:
            sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            result = self.query(sparql, default_graphs=[], named_graphs=[graph])
            assert isinstance(result, GraphResult)
            yield from result.triples
            return
        response = self._graph_store("GET", graph, headers={"Accept": _GRAPH_ACCEPT})
        if response.status_code == 404:
            return
        self._check(response, "read graph")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        syntax = rdf_syntax_of(media_type)
        if syntax is None:
            raise StoreUnavailable(f"{self.label} sent graph <{graph}> as {media_type or 'no type'}")
        for quad in ox.parse(response.content, syntax.oxigraph):
            yield quad.triple

    # -- writes ------------------------------------------------------------

    def _replace(self, graph: str, triples: list[ox.Triple]) -> None:
        with _temporary_file(".nt") as path:
            ox.serialize(triples, str(path), N_TRIPLES.oxigraph)
            self._put(graph, path)

    def staging(self) -> Store:
        """A fresh memory store: the graphs are assembled here, then uploaded."""
        return OxigraphStore()

    def replace_graphs(self, staged: Store, counts: Mapping[str, int]) -> dict[str, int]:
        """Upload each graph into a staging graph, check its count, then switch all in one update.

        The switch is one SPARQL Update request (DROP and MOVE per graph), which
        Virtuoso and Oxigraph apply as one transaction; until it, the live
        graphs are untouched, and a push killed before it leaves only staging
        graphs, which the next push drops (`begin_push`).
        """
        update_url = self._update_url("switch the graphs in one transaction")
        staging = {graph: staging_graph(graph) for graph in counts}
        try:
            for graph, count in counts.items():
                if count:
                    with _temporary_file(".nt") as path:
                        staged.dump_graph(graph, path)
                        self._put(staging[graph], path)
                checkpoint("uploaded")
                held = self.triple_count(staging[graph])
                if held != count:
                    raise StoreError(
                        f"{self.label}: graph <{graph}> holds {held} triples after the write, "
                        f"but {count} were sent; nothing was switched"
                    )
        except BaseException:
            self._drop_quietly(staging.values())
            raise
        checkpoint("staged")
        operations = []
        for graph, count in counts.items():
            operations.append(f"DROP SILENT GRAPH <{graph}>")
            if count:
                operations.append(f"MOVE GRAPH <{staging[graph]}> TO GRAPH <{graph}>")
        self._post_update(update_url, " ;\n".join(operations), "switch the pushed graphs in")
        checkpoint("switched")
        return {graph: check_count(self, graph, count) for graph, count in counts.items()}

    def begin_push(self) -> list[str]:
        """Check that kg can switch graphs here; drop the staging graphs of interrupted pushes."""
        update_url = self._update_url("switch the graphs in one transaction")
        if not self.graphs:
            return []
        staging = [staging_graph(graph) for graph in self.graphs]
        values = " ".join(f"<{graph}>" for graph in staging)
        found = self.query(
            f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
            default_graphs=[],
            named_graphs=staging,
        )
        assert isinstance(found, SelectResult)
        leftovers = sorted(str(row[0].value) for row in found.rows if row[0] is not None)  # type: ignore[union-attr]
        if leftovers:
            drops = " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in leftovers)
            self._post_update(update_url, drops, "drop staging graphs")
        return leftovers

    def _drop_quietly(self, graphs: Iterable[str]) -> None:
        """Drop staging graphs after a failed push; what is left the next push drops."""
        drops = " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs)
        with suppress(StoreError):
            self._post_update(self._update_url("drop staging graphs"), drops, "drop staging graphs")

    def _update_url(self, doing: str) -> str:
        if self.read_only:
            raise StoreError(f"{self.label} is open read-only")
        if self.connection.update_url is None:
            raise StoreError(
                f"{self.label}: to {doing}, kg needs the store's SPARQL Update URL "
                "(--update-url; Virtuoso: /sparql-auth, Oxigraph: /update, Fuseki: /DATASET/update)"
            )
        return self.connection.update_url

    def _post_update(self, url: str, update: str, doing: str) -> None:
        with _store_errors(self.label, f"update {url}", self.connection.write_timeout):
            response = requests.post(
                url,
                data={"update": update},
                auth=self._auth(),
                timeout=(self.connection.timeout, self.connection.write_timeout),
            )
        self._check(response, doing)

    def _put(self, graph: str, path: Path) -> None:
        """Replace the graph by the N-Triples file: a Graph Store PUT, else one SPARQL Update."""
        if self.read_only:
            raise StoreError(f"{self.label} is open read-only")
        if self.connection.graph_store_url is None and self.connection.update_url is not None:
            self._update_graph(graph, path)
            return
        size = path.stat().st_size
        with path.open("rb") as body:
            reader = _ProgressReader(body, size, lambda sent: self._report(graph, sent, size))
            response = self._graph_store(
                "PUT", graph, data=reader, headers={"Content-Type": N_TRIPLES.media_type}
            )
        self._check(response, f"replace graph <{graph}>")

    def _update_graph(self, graph: str, path: Path) -> None:
        """For stores without the Graph Store Protocol: DROP and INSERT, in one request when it can.

        Virtuoso's SPARQL compiler runs out of memory on an update of some thousands of triples
        (Los, 8 000: "SP030 ... memory exhausted"), so a graph without blank nodes goes in parts of
        UPDATE_LINES triples (a blank node must stay in one INSERT to stay one node); the graph
        being written is a staging graph until the push switches them all (`replace_graphs`).
        """
        body = path.read_text(encoding="utf-8")
        lines = body.splitlines(keepends=True)
        steps = range(0, len(lines), UPDATE_LINES)
        parts = [body] if "_:" in body else ["".join(lines[i : i + UPDATE_LINES]) for i in steps]
        url = self._update_url(f"replace graph <{graph}>")
        sent = 0
        self._report(graph, sent, len(body))  # named before the first part is written
        for number, part in enumerate(parts or [""]):
            # INSERT ... WHERE {} rather than INSERT DATA: Virtuoso refuses blank nodes in INSERT DATA.
            insert = f"INSERT {{ GRAPH <{graph}> {{\n{part}}} }} WHERE {{}}"
            update = f"DROP SILENT GRAPH <{graph}> ;\n{insert}" if number == 0 else insert
            self._post_update(url, update, f"replace graph <{graph}>")
            sent += len(part)
            self._report(graph, sent, len(body))

    def _report(self, graph: str, sent: int, size: int) -> None:
        if self.on_upload is not None:
            self.on_upload(graph, sent, size)

    def _graph_store(self, method: str, graph: str, **kwargs: Any) -> requests.Response:
        url = self.connection.graph_store_url
        if url is None:
            raise StoreError(
                f"{self.label}: writing needs the store's Graph Store Protocol URL (--graph-store-url; "
                "Virtuoso: /sparql-graph-crud-auth, Fuseki: /DATASET/data, Oxigraph: /store) "
                "or its SPARQL Update URL (--update-url)"
            )
        timeout = (self.connection.timeout, self.connection.write_timeout)
        with _store_errors(self.label, f"{method} {url}", self.connection.write_timeout):
            return requests.request(
                method, url, params={"graph": graph}, auth=self._auth(), timeout=timeout, **kwargs
            )

    def _auth(self) -> AuthBase | None:
        user, password = self.connection.user, self.connection.password
        if user is None or password is None:
            return None
        return (
            HTTPDigestAuth(user, password)
            if self.connection.auth == "digest"
            else HTTPBasicAuth(user, password)
        )

    def _check(self, response: requests.Response, doing: str) -> None:
        if response.ok:
            return
        where = response.url.split("?")[0]
        if response.status_code in (401, 403):
            raise StoreUnavailable(
                f"{where} refused to {doing} (HTTP {response.status_code}): "
                "check the store user and password, and that the user may write"
            )
        if response.status_code == 504:
            raise StoreTimeout(f"{where} timed out trying to {doing}")
        raise StoreUnavailable(
            f"{where} could not {doing} (HTTP {response.status_code}): {_excerpt(response.content)}"
        )


@contextmanager
def _store_errors(label: str, doing: str, seconds: float) -> Iterator[None]:
    """Turn what the HTTP clients raise into the store errors the CLI and server report."""
    try:
        yield
    except (StoreError, QuerySyntaxError):
        raise
    except Exception as error:
        translated = _translate(error, label, doing, seconds)
        if translated is error:
            raise
        raise translated from None


def _translate(error: Exception, store: str, doing: str, seconds: float) -> Exception:
    if isinstance(error, QueryBadFormed):
        return QuerySyntaxError(f"{store} rejected the query: {_response_text(error)}")
    if isinstance(error, Unauthorized):
        return StoreUnavailable(
            f"{store} refused the credentials (HTTP 401): check the store user and password"
        )
    if isinstance(error, EndPointNotFound):
        return StoreUnavailable(f"{store}: no SPARQL endpoint at that URL (HTTP 404)")
    if isinstance(error, EndPointInternalError):
        text = _response_text(error)
        if "S1T00" in text:  # Virtuoso's own time limit
            return StoreTimeout(f"{store} stopped the query at its time limit")
        return StoreUnavailable(f"{store} failed (HTTP 500): {text}")
    if isinstance(error, SPARQLWrapperException):
        return StoreUnavailable(f"{store} failed: {_response_text(error)}")
    if isinstance(error, urllib.error.HTTPError):
        if error.code == 504:
            return StoreTimeout(f"{store} timed out (HTTP 504)")
        return StoreUnavailable(f"{store} answered HTTP {error.code}: {_excerpt(error.read())}")
    reason = getattr(error, "reason", None)
    if isinstance(error, requests.Timeout | TimeoutError) or isinstance(reason, TimeoutError):
        return StoreTimeout(f"{store} did not answer within {seconds:g} s ({doing})")
    if isinstance(error, requests.ConnectionError | urllib.error.URLError | ConnectionError):
        return StoreUnavailable(f"cannot reach {store}: {_short_reason(reason or error)}")
    if isinstance(error, OSError | requests.RequestException):
        return StoreUnavailable(f"{store}: {error}")
    return error


def _short_reason(reason: object) -> str:
    text = str(reason)
    for known in ("Connection refused", "Name or service not known", "No route to host", "Connection reset"):
        if known in text:
            return known.lower()
    return text


def _response_text(error: SPARQLWrapperException) -> str:
    """The store's own message: SPARQLWrapper keeps it only as a repr of bytes in its text."""
    _, found, raw = str(error).partition("Response:\n")
    if not found:
        return "(no message)"
    try:
        body = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        body = raw
    return _excerpt(body if isinstance(body, bytes | str) else raw)


def _excerpt(body: bytes | str, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class _ProgressReader:
    """A file for `requests` to stream from, reporting how much has been sent.

    `requests` takes its length for Content-Length (Virtuoso does not take
    chunked uploads), and rewinds it when digest auth makes it send again.
    """

    def __init__(self, file: IO[bytes], size: int, report: Callable[[int], None]) -> None:
        self.file, self.size, self.report = file, size, report

    def __len__(self) -> int:
        return self.size

    def read(self, amount: int = -1) -> bytes:
        chunk = self.file.read(amount)
        self.report(self.file.tell())
        return chunk

    def tell(self) -> int:
        return self.file.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)


@contextmanager
def _temporary_file(suffix: str) -> Iterator[Path]:
    """A named temporary file, removed afterwards (also when the upload fails)."""
    descriptor, name = tempfile.mkstemp(suffix=suffix, prefix="kg-")
    os.close(descriptor)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


_BOOLEAN = XSD + "boolean"
#: The canonical forms of xsd:boolean's other lexical forms (Virtuoso writes computed booleans as 0 and 1).
_BOOLEANS = {"1": "true", "0": "false"}


def results_from_json(body: bytes) -> AskResult | SelectResult:
    """SPARQL 1.1 JSON results as pyoxigraph terms.

    Read here rather than by pyoxigraph's parser because stores stretch the
    format: Virtuoso labels blank nodes "nodeID://b10000" (which pyoxigraph
    refuses), still writes the 2008 "typed-literal" type, and writes
    xsd:boolean values as "1" and "0" (made "true" and "false" here, as the
    embedded stores write them).
    """
    document = json.loads(body)
    if "boolean" in document:
        return AskResult(bool(document["boolean"]))
    variables = list(document["head"].get("vars", []))
    blank_nodes: dict[str, ox.BlankNode] = {}
    rows = [
        tuple(_term(binding[name], blank_nodes) if name in binding else None for name in variables)
        for binding in document["results"]["bindings"]
    ]
    return SelectResult(variables, iter(rows))


def _term(value: dict[str, Any], blank_nodes: dict[str, ox.BlankNode]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return blank_nodes.setdefault(value["value"], ox.BlankNode())
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            datatype = value["datatype"]
            text = _BOOLEANS.get(value["value"], value["value"]) if datatype == _BOOLEAN else value["value"]
            return ox.Literal(text, datatype=ox.NamedNode(datatype))
        return ox.Literal(value["value"])
    if kind == "triple":
        parts = value["value"]
        return ox.Triple(
            _term(parts["subject"], blank_nodes),  # type: ignore[arg-type]
            _term(parts["predicate"], blank_nodes),  # type: ignore[arg-type]
            _term(parts["object"], blank_nodes),
        )
    raise ValueError(f"unknown term type {kind!r} in SPARQL JSON results")
