"""A remote SPARQL 1.1 store: Virtuoso, Fuseki, GraphDB, Oxigraph's server, ...

Queries go through SPARQLWrapper as form-encoded POSTs: Virtuoso never
answers a direct POST of application/sparql-query. Answers are turned into
the same pyoxigraph terms the embedded stores return, so everything above the
store works unchanged.

A push keeps the dataset as a new version in graphs of its own and makes it
live with one small insert (`kg.store.pointer`). A store opened with its
version graph shows the live version under kg's graph names: the dataset of
each query names that version's graphs, kg's graph IRIs in the query text
are written as theirs (`kg.foundation.sparql_text.rename_iris`), and the
answers are read back under kg's names. `snapshot` reads the pointer once
for a whole request; a store used without one reads it for each query.

The dataset is always explicit when the caller names one: without
default-graph-uri, Virtuoso's default graph is the union of every graph it
holds, its system graphs and every version kg keeps included
(../shared/notes/virtuoso.md).

Virtuoso, once known by its Server header, is told kg's time limit with each
query: left untold, it goes on working on a query kg stopped waiting for.
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from SPARQLWrapper import DIGEST, POST, SPARQLWrapper
from SPARQLWrapper.Wrapper import BASIC, URLENCODED

from kg.foundation.formats import N_TRIPLES, RDF_XML, SPARQL_JSON, SPARQL_XML, TURTLE, rdf_syntax_of
from kg.foundation.sparql_text import rename_iris
from kg.store import pointer
from kg.store.base import (
    GraphResult,
    QueryResult,
    SelectResult,
    StepHook,
    Store,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    Term,
)
from kg.store.oxigraph import OxigraphStore, from_pyoxigraph
from kg.store.pointer import History, Version
from kg.store.sparql_http import (
    Body,
    Connection,
    KeepAlive,
    Refused,
    UploadProgress,
    http_error,
    is_virtuoso,
    results_from_json,
    stopped_at_time_limit,
    store_errors,
    temporary_file,
)
from kg.store.version import DatasetVersion, read_version

__all__ = ["Connection", "SparqlStore", "UploadProgress"]

#: Triples per SPARQL Update request when a graph is uploaded without the Graph Store Protocol:
#: Virtuoso's SPARQL compiler runs out of memory on an update of some thousands of triples (Los,
#: 8 000: "SP030 ... memory exhausted"). Triples linked by blank nodes stay in one request.
UPDATE_CHUNK = 500
#: Virtuoso's pragma for writes nobody reads yet (a new version's graphs, dropped old ones): row by
#: row, outside a transaction, so its transaction time-out cannot stop a large one half-way.
VIRTUOSO_NO_TRANSACTION = "DEFINE sql:log-enable 3\n"
#: Seconds kg waits past its time limit for Virtuoso's own answer to it. Virtuoso goes on working on
#: a query whose client stopped waiting, and slows every query after it (measured: a query of 8 s
#: took 25-30 s after one abandoned); told the limit (its `timeout` parameter, in ms), it stops the
#: query there itself and answers, 0.5-2 s late on two busy cores.
VIRTUOSO_GRACE = 10.0

_RESULTS_ACCEPT = f"{SPARQL_JSON.media_type}, {SPARQL_XML.media_type};q=0.8"
_GRAPH_ACCEPT = f"{N_TRIPLES.media_type}, {TURTLE.media_type};q=0.8, {RDF_XML.media_type};q=0.5"


class SparqlStore(Store):
    """A store reached over the SPARQL 1.1 Protocol and Graph Store HTTP Protocol."""

    def __init__(
        self,
        query_url: str,
        connection: Connection | None = None,
        *,
        graphs: Sequence[str] = (),
        version_graph: str | None = None,
        read_only: bool = False,
        on_upload: UploadProgress | None = None,
        on_step: StepHook | None = None,
    ) -> None:
        """`graphs` are kg's own graphs: what a query sees as named graphs when the
        caller names none, so that another tenant's graphs (or Virtuoso's system
        graphs) stay out of sight. `version_graph` is where pushes keep their
        versions (`kg.store.pointer`); without it the graphs are read as named."""
        if not query_url.startswith(("http://", "https://")):
            raise ValueError(f"sparql:{query_url}: the store's query URL must start with http:// or https://")
        self.query_url = query_url
        self.connection = connection or Connection()
        self.graphs = list(graphs)
        self.version_graph = version_graph
        self.read_only = read_only
        self.on_upload = on_upload
        self.on_step = on_step
        self.label = f"sparql:{query_url}"
        self._pinned = False
        self._version: Version | None = None
        #: Records of versions this store has shown, by IRI (a record never changes; shared by snapshots).
        self._records: dict[str, Version] = {}
        self._lookup: KeepAlive | None = KeepAlive(self.label, query_url, self.connection.timeout)
        self._session: requests.Session | None = None
        self._virtuoso = False

    # -- the version a reader reads ----------------------------------------

    def snapshot(self) -> SparqlStore:
        if self.version_graph is None or self._pinned:
            return self
        view = copy.copy(self)
        view._version, view._pinned = self._live(), True
        return view

    def _live(self) -> Version | None:
        """The version this store shows: the pinned one, else the live one (one small query)."""
        if self._pinned or self.version_graph is None:
            return self._version
        graphs = [self.version_graph]
        live = pointer.read_live(self._select(pointer.LIVE_QUERY, graphs, fast=True))
        if live is None:
            return None
        if live not in self._records:
            if len(self._records) >= _RECORDS_KEPT:
                self._records.clear()
            rows = self._select(pointer.record_query(live), graphs, fast=True)
            self._records[live] = pointer.read_record(rows, self.version_graph, live)
        return self._records[live]

    def record_subject(self, version_graph: str) -> str:
        version = self._live()
        return version.iri if version is not None else version_graph

    def change_marker(self, graphs: Sequence[str]) -> Hashable:
        version = self._live()
        return version.iri if version is not None else super().change_marker(graphs)

    def _stored(self, graph: str, version: Version | None) -> str:
        return version.graphs.get(graph, graph) if version is not None else graph

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
        version = self._live()
        if default_graphs is not None and named_graphs is None:
            named_graphs = self.graphs
        if version is None:
            return self._query(sparql, default_graphs, named_graphs, timeout, base_iri)
        names = version.graphs
        result = self._query(
            rename_iris(sparql, names, base_iri),
            None if default_graphs is None else [names.get(g, g) for g in default_graphs],
            None if named_graphs is None else [names.get(g, g) for g in named_graphs],
            timeout,
            base_iri,
        )
        return _renamed(result, version.renames)

    def _query(
        self,
        sparql: str,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        timeout: float | None,
        base_iri: str | None,
    ) -> QueryResult:
        """One query, with exactly this dataset, under the store's own graph names."""
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        # The protocol has no parameter for the base; a BASE before the query's own prologue does it.
        wrapper.setQuery(sparql if base_iri is None else f"BASE <{base_iri}>\n{sparql}")
        for iri in default_graphs or ():
            wrapper.addDefaultGraph(iri)
        for iri in named_graphs or ():
            wrapper.addNamedGraph(iri)
        graph_form = wrapper.queryType in ("CONSTRUCT", "DESCRIBE")
        wrapper.addCustomHttpHeader("Accept", _GRAPH_ACCEPT if graph_form else _RESULTS_ACCEPT)
        seconds = min(timeout or self.connection.timeout, self.connection.timeout)
        waited = seconds
        if self._virtuoso:  # told the limit, Virtuoso stops the query there itself (VIRTUOSO_GRACE)
            wrapper.addParameter("timeout", str(math.ceil(seconds * 1000)))
            waited += VIRTUOSO_GRACE
        wrapper.setTimeout(max(1, math.ceil(waited)))
        if self.connection.user is not None and self.connection.password is not None:
            wrapper.setHTTPAuth(DIGEST if self.connection.auth == "digest" else BASIC)
            wrapper.setCredentials(self.connection.user, self.connection.password)
        with store_errors(self.label, "query", waited):
            response = wrapper.query()
            body = response.response.read()
            headers = response.info()
        self._virtuoso = is_virtuoso(headers.get("server"))
        if headers.get("x-sql-state", "").strip() == "S1TAT":
            # Virtuoso's "anytime" answer: what it found before the time limit ran out.
            raise StoreTimeout(stopped_at_time_limit(self.label))
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

    def _select(
        self, sparql: str, default_graphs: list[str], *, fast: bool = False
    ) -> list[tuple[Term | None, ...]]:
        """The rows of a SELECT on the store's own graphs; `fast`: over a kept-open connection if it may."""
        result: QueryResult | None = None
        if fast and self._lookup is not None:
            try:
                with store_errors(self.label, "query", self.connection.timeout):
                    result = results_from_json(self._lookup.select(sparql, default_graphs))
                self._virtuoso = is_virtuoso(self._lookup.server)
            except Refused:
                if self.connection.user is None:
                    raise
                self._lookup = None  # the store wants the credentials for reading too
        if result is None:
            result = self._query(sparql, default_graphs, [], None, None)
        if not isinstance(result, SelectResult):
            raise StoreUnavailable(f"{self.label} answered a SELECT query with {type(result).__name__}")
        return list(result.rows)

    def _count(self, stored: str) -> int:
        """Triples in a graph, by the store's own name for it."""
        (row,) = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{stored}> {{ ?s ?p ?o }} }}", [])
        return int(row[0].value) if isinstance(row[0], ox.Literal) else 0

    def triple_count(self, graph: str) -> int:
        return self._count(self._stored(graph, self._live()))

    def graph_names(self) -> list[str]:
        version = self._live()
        if version is not None:
            held = {name for name, count in version.counts.items() if count}
            held.add(str(self.version_graph))
            return sorted(held & set(self.graphs) if self.graphs else held)
        if self.graphs:
            values = " ".join(f"<{iri}>" for iri in self.graphs)
            sparql = (
                f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
            )
        else:
            sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        result = self._query(sparql, [], self.graphs or None, None, None)
        if not isinstance(result, SelectResult):
            raise StoreUnavailable(f"{self.label} answered a SELECT query with {type(result).__name__}")
        return sorted(row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode))

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        stored = self._stored(graph, self._live())
        if self.connection.graph_store_url is None:
            sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{stored}> {{ ?s ?p ?o }} }}"
            result = self._query(sparql, [], [stored], None, None)
            if not isinstance(result, GraphResult):
                raise StoreUnavailable(
                    f"{self.label} answered a CONSTRUCT query with {type(result).__name__}"
                )
            yield from result.triples
            return
        response = self._graph_store("GET", stored, headers={"Accept": _GRAPH_ACCEPT})
        if response.status_code == 404:
            return
        self._check(response, "read graph")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        syntax = rdf_syntax_of(media_type)
        if syntax is None:
            raise StoreUnavailable(f"{self.label} sent graph <{graph}> as {media_type or 'no type'}")
        for quad in ox.parse(response.content, syntax.oxigraph):
            yield quad.triple

    # -- pushes ------------------------------------------------------------

    def _replace(self, graph: str, triples: list[ox.Triple]) -> None:
        """A new version in which this one graph is replaced and the others are the live version's."""
        staged = self.staging()
        self._push(staged, {graph: staged.replace_graph(graph, triples)}, None)

    def staging(self) -> Store:
        """A fresh memory store: the graphs are assembled here, then uploaded."""
        return OxigraphStore()

    def replace_graphs(self, staged: Store, counts: Mapping[str, int]) -> dict[str, int]:
        """Upload the graphs as a new version and make it live with one small insert (`kg.store.pointer`).

        The record of the push (the version graph's content in `staged`) goes
        into the new version's record. Graphs of the live version not in
        `counts` are kept, as they are.
        """
        version_graph = self._require_version_graph()
        record = read_version(staged, version_graph) if version_graph in counts else None
        graphs = {graph: count for graph, count in counts.items() if graph != version_graph}
        return self._push(staged, graphs, record)

    def _push(
        self, staged: Store, counts: Mapping[str, int], record: DatasetVersion | None
    ) -> dict[str, int]:
        """Record a new version, upload its graphs, switch to it (`remove_unused` drops the old ones)."""
        version_graph = self._require_version_graph()
        self._update_url("push")
        history = self.history()
        version = pointer.new_version(version_graph, counts, history.live)
        about = record.about(version.iri) if record else []
        self._update(pointer.record_update(version_graph, version, about), "record the new version", "record")
        try:
            held = {
                graph: self._upload(staged, graph, version.graphs[graph], n) for graph, n in counts.items()
            }
        except BaseException:
            with suppress(StoreError):
                self._drop([version.graphs[graph] for graph in counts])
                self._forget([version])
            raise
        self._switch(history, version)
        return held

    def _switch(self, history: History, version: Version) -> None:
        """The one small write that makes `version` live."""
        update = pointer.switch_update(str(self.version_graph), version.iri, history.next_serial)
        self._update(update, "switch to the new version", "switch")

    def _upload(self, staged: Store, graph: str, stored: str, count: int) -> int:
        """Put one graph under the store graph `stored` (never used before) and check its count."""
        if count and self.connection.graph_store_url is not None:
            with temporary_file(".nt") as path:
                staged.dump_graph(graph, path)
                self._put(graph, stored, path)
        elif count:
            self._insert(graph, stored, staged.graph_triples(graph))
        held = self._count(stored)
        if held != count:
            raise StoreError(
                f"{self.label}: graph <{graph}> holds {held} triples after the write, "
                f"but {count} were sent; nothing was switched"
            )
        self.reached(f"uploaded {graph}")
        return held

    def _insert(self, graph: str, stored: str, triples: Iterable[ox.Triple]) -> None:
        """Write `graph` under `stored` by SPARQL Update, in parts of UPDATE_CHUNK triples."""
        bodies = ["".join(f"{t} .\n" for t in part) for part in _chunks(triples, UPDATE_CHUNK)]
        size, sent = sum(map(len, bodies)), 0
        self._report(graph, sent, size)  # named before the first part is written
        for part, body in enumerate(bodies, start=1):
            # INSERT ... WHERE {} rather than INSERT DATA: Virtuoso refuses blank nodes in INSERT DATA.
            update = f"INSERT {{ GRAPH <{stored}> {{\n{body}}} }} WHERE {{}}"
            self._update(self._unlogged(update), f"upload graph <{graph}>", f"{graph} part {part}")
            sent += len(body)
            self._report(graph, sent, size)

    def remove_unused(self) -> list[str]:
        """Check that kg can push here; drop what interrupted pushes left and versions nobody reads.

        Returns what went (`_clean`).
        """
        self._require_version_graph()
        self._update_url("push")
        return self._clean(self.history())

    def rollback(self) -> str:
        """Make the version live before the live one live again, after checking its graphs are whole."""
        self._update_url("roll back")
        history = self.history()
        live, previous = history.live, history.previous
        if previous is None:
            raise StoreError(f"{self.label} keeps no version before the live one: nothing to roll back to")
        for graph, stored in previous.graphs.items():
            held = self._count(stored)
            if held != previous.counts[graph]:
                raise StoreError(
                    f"{self.label}: cannot roll back to <{previous.iri}>: graph <{graph}> holds {held} "
                    f"triples, its push recorded {previous.counts[graph]}"
                )
        self._switch(history, previous)
        was = f" (was <{live.iri}>)" if live is not None else ""
        return f"<{previous.iri}> is live again{was}"

    def history(self) -> History:
        """Every version the store records, every switch, and the store's time: what a push decides by."""
        version_graph = self._require_version_graph()
        graphs = [version_graph]
        return pointer.read_history(
            version_graph,
            self._select(pointer.SWITCHES_QUERY, graphs),
            self._select(pointer.RECORDS_QUERY, graphs),
            self._select(pointer.NOW_QUERY, []),
            self._select(pointer.legacy_query(version_graph), graphs),
        )

    def _clean(self, history: History) -> list[str]:
        """Drop the graphs and records of versions nobody reads (`History.unused`).

        Returns what went: the graphs dropped that held triples, and the versions whose record went.
        """
        plan = history.unused(timedelta(seconds=self.connection.grace))
        removed = [graph for graph in plan.graphs if self._count(graph)]
        if plan.graphs:
            self._drop(plan.graphs)
        if plan.forget:
            self._forget(plan.forget)
        return removed + [f"the record of {version.iri}" for version in plan.forget]

    def _forget(self, versions: list[Version]) -> None:
        update = pointer.forget_update(str(self.version_graph), versions)
        self._update(update, "remove the records of old versions", "forget")

    def _drop(self, graphs: Iterable[str]) -> None:
        drops = " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs)
        if drops:
            self._update(self._unlogged(drops), "drop graphs of old versions", "drop")

    def _unlogged(self, update: str) -> str:
        """An update of graphs nobody reads, outside a transaction where the store has a way to say so."""
        return VIRTUOSO_NO_TRANSACTION + update if self._virtuoso else update

    def _require_version_graph(self) -> str:
        if self.version_graph is None:
            raise StoreError(f"{self.label}: kg pushes only to a store opened with its version graph")
        return self.version_graph

    def _update_url(self, doing: str) -> str:
        if self.read_only:
            raise StoreError(f"{self.label} is open read-only")
        if self.connection.update_url is None:
            raise StoreError(
                f"{self.label}: to {doing}, kg needs the store's SPARQL Update URL "
                "(--update-url; Virtuoso: /sparql-auth, Oxigraph: /update, Fuseki: /DATASET/update)"
            )
        return self.connection.update_url

    def _update(self, update: str, doing: str, step: str) -> None:
        """One SPARQL Update request, trying to do `doing`.

        The push reaches the step `sent {step}` once the store has the whole
        request, and `_DONE[step]` once it has answered.
        """
        url = self._update_url(doing)
        data = urlencode({"update": update}).encode()
        body = Body(io.BytesIO(data), len(data), on_sent=lambda: self.reached(f"sent {step}"))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        with store_errors(self.label, f"update {url}", self.connection.write_timeout):
            response = self._http().post(url, data=body, headers=headers, timeout=self._timeouts())
        self._check(response, doing)
        if step in _DONE:
            self.reached(_DONE[step])

    def _put(self, graph: str, stored: str, path: Path) -> None:
        """Replace the store graph `stored` by the N-Triples file (a Graph Store Protocol PUT)."""
        size = path.stat().st_size
        with path.open("rb") as file:
            body = Body(
                file,
                size,
                lambda sent: self._report(graph, sent, size),
                lambda: self.reached(f"sent {graph}"),
            )
            response = self._graph_store(
                "PUT", stored, data=body, headers={"Content-Type": N_TRIPLES.media_type}
            )
        self._check(response, f"replace graph <{stored}>")

    def _report(self, graph: str, sent: int, size: int) -> None:
        if self.on_upload is not None:
            self.on_upload(graph, sent, size)

    def _graph_store(self, method: str, graph: str, **kwargs: object) -> requests.Response:
        url = self.connection.graph_store_url
        if url is None:
            raise StoreError(
                f"{self.label}: writing needs the store's Graph Store Protocol URL (--graph-store-url; "
                "Virtuoso: /sparql-graph-crud-auth, Fuseki: /DATASET/data, Oxigraph: /store) "
                "or its SPARQL Update URL (--update-url)"
            )
        with store_errors(self.label, f"{method} {url}", self.connection.write_timeout):
            return self._http().request(
                method,
                url,
                params={"graph": graph},
                timeout=self._timeouts(),
                **kwargs,  # type: ignore[arg-type]
            )

    def _timeouts(self) -> tuple[float, float]:
        return (self.connection.timeout, self.connection.write_timeout)

    def _http(self) -> requests.Session:
        """One session for the writes of a push: one connection, and digest auth's nonce learnt once.

        With the nonce known, every request carries its credentials the first
        time; else each would be sent twice (once to be refused).
        """
        if self._session is None:
            self._session = requests.Session()
            self._session.auth = self._auth()
            if isinstance(self._session.auth, HTTPDigestAuth) and self.connection.update_url:
                with store_errors(self.label, "sign in", self.connection.timeout):
                    self._session.get(self.connection.update_url, timeout=self.connection.timeout)
        return self._session

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
        if not response.ok:
            raise http_error(response.url.split("?")[0], response.status_code, response.content, doing)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def before_fork(self) -> None:
        """Kept-open connections must not be shared by forked workers: each opens its own."""
        self.close()
        self._lookup = KeepAlive(self.label, self.query_url, self.connection.timeout)

    def after_fork(self) -> None:
        self.before_fork()


#: Records of versions a store remembers (one per push seen; forgotten all at once beyond this).
_RECORDS_KEPT = 16
#: The step a push reaches when an update has been answered, by the name of its request.
_DONE = {"record": "recorded", "switch": "switched", "drop": "dropped", "forget": "forgot"}


def _renamed(result: QueryResult, names: Mapping[str, str]) -> QueryResult:
    """A result with the store's graph names written as kg's."""
    if not names or not isinstance(result, SelectResult | GraphResult):
        return result

    def term(value: Term | None) -> Term | None:
        if isinstance(value, ox.NamedNode) and value.value in names:
            return ox.NamedNode(names[value.value])
        if isinstance(value, ox.Triple):
            return ox.Triple(term(value.subject), term(value.predicate), term(value.object))  # type: ignore[arg-type]
        return value

    if isinstance(result, GraphResult):
        return GraphResult(term(triple) for triple in result.triples)  # type: ignore[misc]
    return SelectResult(result.variables, (tuple(term(value) for value in row) for row in result.rows))


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """The triples in lists of about `size`, the triples of connected blank nodes in one list.

    A blank node label means one node only within one request: split over
    two, one node would become two.
    """
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    plain: list[ox.Triple] = []
    linked: list[tuple[str, ox.Triple]] = []
    for triple in triples:
        labels = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if not labels:
            plain.append(triple)
            if len(plain) == size:
                yield plain
                plain = []
            continue
        for label in labels[1:]:
            parent[root(label)] = root(labels[0])
        linked.append((labels[0], triple))
    groups: dict[str, list[ox.Triple]] = {}
    for label, triple in linked:
        groups.setdefault(root(label), []).append(triple)
    chunk = plain
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk += group
    if chunk:
        yield chunk
