"""Linked Data: the graph's IRIs dereference on this server (docs/integrator/linked-data.md).

* `{base}id/x` (a thing: a plan, a focus area, an organisation) answers
  `303 See Other` to the document that describes it, `/doc/id/x.{html,ttl,nt,
  jsonld,rdf}`, chosen by the Accept header (`Vary: Accept`).
* A source text (`{base}id/kilde/x`) has one document format more, the text
  itself (`/doc/id/kilde/x.txt`, `text/plain`, the file's bytes); its page
  shows the text with numbered lines and highlights the lines an RFC 5147
  fragment (`#line=8,13`) names.
* `{base}graph/g` (a named graph) answers with the graph itself.
* The ontology (`https://w3id.org/strategigraf/ontology`, a hash namespace)
  answers at `/ontology` with its documentation or its RDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, request
from werkzeug.urls import iri_to_uri
from werkzeug.wrappers import Response as BaseResponse

from kg.foundation.formats import HTML, TEXT
from kg.foundation.settings import Settings
from kg.provenance.texts import PAGE_BREAK, line_pages, source_text_file, text_lines
from kg.publishing.describe import ResourceView, describe, is_known, resource_view
from kg.publishing.dumps import canonical_quads
from kg.publishing.jsonld import compact_iri
from kg.publishing.ontology_doc import ontology_doc
from kg.publishing.rdf import graph_bytes
from kg.publishing.site import DOC_PREFIX, resource_iri
from kg.publishing.state import described_graphs
from kg.publishing.versions import plan_changes
from kg.store import Store
from server.context import app_state, settings
from server.http_cache import cacheable
from server.negotiation import RDF_GRAPH, Format, Table, negotiate
from server.rendering import page_language, render_page
from server.site_root import current_site
from server.time_limit import read

linked_data = Blueprint("linked_data", __name__)

#: A resource's description: a page for people first, then the RDF formats.
DESCRIPTION = Table((HTML, *RDF_GRAPH.formats))
DESCRIPTION_EXTENSIONS = [f.extension for f in DESCRIPTION.formats]
#: A source text: its page, the text itself, then the RDF formats of its description.
SOURCE_TEXT = Table((HTML, TEXT, *RDF_GRAPH.formats))


@linked_data.get("/id/<path:rest>")
def thing(rest: str) -> BaseResponse:
    """303 from the IRI of a thing to the document in the format the client accepts."""
    path = f"id/{rest}"
    conf = settings()
    iri = resource_iri(path, conf)
    known, text = read(lambda store: _known_with_text(store, conf, iri))
    if not known:
        abort(404, f"the graph says nothing about {iri}")
    chosen = _choose(SOURCE_TEXT if text is not None else DESCRIPTION)
    query = request.query_string.decode()
    location = current_site().url(f"{DOC_PREFIX}{path}.{chosen.extension}") + (f"?{query}" if query else "")
    response = redirect(location, 303)
    response.vary.add("Accept")
    return response


@linked_data.get("/doc/<path:rest>")
def document(rest: str) -> Response:
    """The document describing a resource, in the format its extension names."""
    stem, dot, extension = rest.rpartition(".")
    conf = settings()
    iri = resource_iri(stem, conf)
    text = read(lambda store: _source_text(store, conf, iri)) if dot else None
    table = SOURCE_TEXT if text is not None else DESCRIPTION
    chosen = table.by_name(extension) if dot else None
    if chosen is None or chosen.extension != extension:
        extensions = ",".join(f.extension for f in table.formats)
        abort(404, f"no document {rest!r}: use {stem or 'id/...'}.{{{extensions}}}")
    if chosen == TEXT and text is not None:
        body = text.read_bytes()
    elif chosen == HTML:
        view, source = read(lambda store: _view_with_source(store, conf, iri))
        if view is None:
            abort(404, f"the graph says nothing about {iri}")
        lines = _numbered_lines(text) if text is not None else None
        formats = table.formats[1:]
        language = page_language()
        changes = read(lambda store: plan_changes(store, conf, iri, language))
        body = render_page(
            "resource.html",
            view=view,
            formats=formats,
            stem=stem,
            text_lines=lines,
            on_pages=_pages_of(view, source),
            changes=changes,
        ).encode()
    else:
        described = read(lambda store: _description(store, conf, iri))
        if described is None:
            abort(404, f"the graph says nothing about {iri}")
        body = graph_bytes(described, chosen.media_type, context=_context())
    response = cacheable(body, chosen.content_type)
    response.headers["Link"] = f'<{iri_to_uri(iri)}>; rel="describes"'
    return response


def _numbered_lines(path: Path) -> list[tuple[str, int | None]]:
    """The source text's lines, each with its page number where it begins a page after the first."""
    lines = text_lines(path.read_text(encoding="utf-8", errors="replace"))
    pages = line_pages(lines)
    return [
        (line.removeprefix(PAGE_BREAK), page if index and line.startswith(PAGE_BREAK) else None)
        for index, (line, page) in enumerate(zip(lines, pages, strict=True))
    ]


def _pages_of(view: ResourceView, path: Path | None) -> tuple[int, int] | None:
    """The pages a resource's lines are on, when its source text (at `path`) has pages (a PDF's)."""
    if path is None or view.lines is None:
        return None
    pages = line_pages(text_lines(path.read_text(encoding="utf-8", errors="replace")))
    first, last = view.lines
    if pages[-1:] == [1] or not 1 <= first <= last <= len(pages):
        return None
    return pages[first - 1], pages[last - 1]


@linked_data.get("/graph/<path:name>")
def named_graph(name: str) -> Response:
    """A named graph: its content in RDF, or a page that says what it holds."""
    iri = resource_iri(f"graph/{name}", settings())
    if not read(lambda store: iri in store.graph_names()):
        abort(404, f"no named graph {iri}")
    chosen = _choose()
    if chosen == HTML:
        count = read(lambda store: store.triple_count(iri))
        body = render_page("graph.html", iri=iri, count=count, formats=RDF_GRAPH.formats).encode()
    else:
        triples = read(lambda store: [quad.triple for quad in canonical_quads(store, [iri])])
        body = graph_bytes(triples, chosen.media_type, context=_context())
    return cacheable(body, chosen.content_type, vary_accept=True)


@linked_data.get("/ontology")
def ontology() -> Response:
    chosen = _choose()
    response = _ontology(chosen)
    response.vary.add("Accept")
    response.headers["Content-Location"] = current_site().url(f"/ontology.{chosen.extension}")
    return response


@linked_data.get("/ontology.<extension>")
def ontology_file(extension: str) -> Response:
    chosen = DESCRIPTION.by_name(extension)
    if chosen is None or chosen.extension != extension:
        abort(404, f"the ontology is at /ontology.{{{','.join(DESCRIPTION_EXTENSIONS)}}}")
    return _ontology(chosen)


def _ontology(chosen: Format) -> Response:
    conf = settings()
    if chosen == HTML:
        doc = read(lambda store: ontology_doc(store, conf.ontology_graph, conf.ontology_iri))
        body = render_page("ontology.html", doc=doc, formats=RDF_GRAPH.formats, curie=compact_iri).encode()
    else:
        triples = read(lambda store: [quad.triple for quad in canonical_quads(store, [conf.ontology_graph])])
        body = graph_bytes(triples, chosen.media_type, context=_context())
    return cacheable(body, chosen.content_type)


def _known_with_text(store: Store, conf: Settings, iri: str) -> tuple[bool, Path | None]:
    """Whether the graph speaks of the IRI, and the file of the source text it names, if any."""
    graphs = described_graphs(store, conf)
    if not is_known(store, graphs, iri):
        return False, None
    return True, source_text_file(store, graphs, iri, conf)


def _source_text(store: Store, conf: Settings, iri: str) -> Path | None:
    return source_text_file(store, described_graphs(store, conf), iri, conf)


def _view_with_source(store: Store, conf: Settings, iri: str) -> tuple[ResourceView | None, Path | None]:
    """A resource's page, and the file of the source text it comes from (if it names one that is there)."""
    graphs = described_graphs(store, conf)
    inferred = conf.inferred_graph if conf.inferred_graph in store.graph_names() else None
    view = resource_view(store, graphs, iri, inferred)
    if view is None or view.source is None:
        return view, None
    return view, source_text_file(store, graphs, view.source.iri, conf)


def _description(store: Store, conf: Settings, iri: str) -> list[ox.Triple] | None:
    """The resource's description; None when the graph says nothing about it."""
    graphs = described_graphs(store, conf)
    return describe(store, graphs, iri) if is_known(store, graphs, iri) else None


def _choose(table: Table = DESCRIPTION) -> Format:
    return negotiate(table, request.headers.get("Accept"), request.args.getlist("format"))


def _context() -> dict[str, Any]:
    return app_state().context.get(read, settings())
