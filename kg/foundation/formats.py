"""The one registry of formats: RDF syntaxes and SPARQL results formats, and writing RDF in them.

Every layer looks formats up here (reading files by suffix, a remote store's
answers by media type, the endpoint's negotiation, `kg export` and `kg query`
names, the catalogue's and VoID's format IRIs) instead of keeping a table of
its own. pyoxigraph does the writing (fast, streaming).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from kg.foundation.namespaces import PREFIXES

#: The EU file-type authority table (dct:format in DCAT-AP).
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
#: W3C's format IRIs (https://www.w3.org/ns/formats/), for service descriptions and VoID.
W3C_FORMATS = "http://www.w3.org/ns/formats/"
GZIP = "application/gzip"

#: File names of the dumps are this stem plus the format's extension (and .gz).
DUMP_STEM = "strategigraf"


@dataclass(frozen=True, kw_only=True)
class Syntax:
    """A format by its names: what negotiation and the command line look it up by."""

    label: str
    #: The media type written, then aliases accepted when reading or in a `format` parameter.
    media_types: tuple[str, ...]
    #: Short names (`kg ... --format`, the `format` parameter); the first is the file extension.
    names: tuple[str, ...]
    #: Local name under W3C_FORMATS; empty when W3C names none.
    w3c: str = ""

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def extension(self) -> str:
        return self.names[0]

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    @property
    def media_type_iri(self) -> str:
        return IANA_MEDIA_TYPES + self.media_type

    @property
    def w3c_iri(self) -> str:
        return W3C_FORMATS + self.w3c

    def known_as(self, name: str) -> bool:
        """Whether `name` (a short name or a media type, any case) names this format."""
        wanted = name.strip().lower()
        return wanted in self.names or wanted in self.media_types


S = TypeVar("S", bound=Syntax)


@dataclass(frozen=True, kw_only=True)
class RdfSyntax(Syntax):
    """An RDF syntax: how it is read, written, and named in catalogues."""

    #: File suffixes read as this syntax.
    suffixes: tuple[str, ...]
    rdflib: str
    oxigraph: ox.RdfFormat
    #: Local name under FILE_TYPE.
    file_type: str
    #: True when the syntax keeps named graphs (TriG, N-Quads).
    quads: bool = False

    @property
    def file_type_iri(self) -> str:
        return FILE_TYPE + self.file_type

    @property
    def file_name(self) -> str:
        """The dump's file name."""
        return f"{DUMP_STEM}.{self.extension}"

    @property
    def gzip_name(self) -> str:
        return f"{self.file_name}.gz"


@dataclass(frozen=True, kw_only=True)
class ResultsSyntax(Syntax):
    """A SPARQL 1.1 results format (SELECT and ASK answers)."""

    oxigraph: ox.QueryResultsFormat


TURTLE = RdfSyntax(
    label="Turtle",
    media_types=("text/turtle", "application/x-turtle"),
    names=("ttl", "turtle", "n3"),  # Turtle is N3 too (SPARQLWrapper asks format=n3)
    suffixes=(".ttl",),
    rdflib="turtle",
    oxigraph=ox.RdfFormat.TURTLE,
    file_type="RDF_TURTLE",
    w3c="Turtle",
)
N_TRIPLES = RdfSyntax(
    label="N-Triples",
    media_types=("application/n-triples", "text/plain"),
    names=("nt", "ntriples", "n-triples"),
    suffixes=(".nt",),
    rdflib="nt",
    oxigraph=ox.RdfFormat.N_TRIPLES,
    file_type="RDF_N_TRIPLES",
    w3c="N-Triples",
)
JSON_LD = RdfSyntax(
    label="JSON-LD",
    media_types=("application/ld+json",),
    names=("jsonld", "json-ld"),
    suffixes=(".jsonld",),
    rdflib="json-ld",
    oxigraph=ox.RdfFormat.JSON_LD,
    file_type="JSON_LD",
    w3c="JSON-LD",
)
RDF_XML = RdfSyntax(
    label="RDF/XML",
    media_types=("application/rdf+xml",),
    names=("rdf", "rdfxml", "rdf+xml", "xml"),
    suffixes=(".rdf", ".owl", ".xml"),
    rdflib="xml",
    oxigraph=ox.RdfFormat.RDF_XML,
    file_type="RDF_XML",
    w3c="RDF_XML",
)
TRIG = RdfSyntax(
    label="TriG",
    media_types=("application/trig",),
    names=("trig",),
    suffixes=(".trig",),
    rdflib="trig",
    oxigraph=ox.RdfFormat.TRIG,
    file_type="RDF_TRIG",
    w3c="TriG",
    quads=True,
)
N_QUADS = RdfSyntax(
    label="N-Quads",
    media_types=("application/n-quads",),
    names=("nq", "nquads", "n-quads"),
    suffixes=(".nq",),
    rdflib="nquads",
    oxigraph=ox.RdfFormat.N_QUADS,
    file_type="RDF_N_QUADS",
    w3c="N-Quads",
    quads=True,
)

SPARQL_JSON = ResultsSyntax(
    label="SPARQL results in JSON",
    media_types=("application/sparql-results+json", "application/json"),
    names=("json", "srj"),
    oxigraph=ox.QueryResultsFormat.JSON,
    w3c="SPARQL_Results_JSON",
)
SPARQL_XML = ResultsSyntax(
    label="SPARQL results in XML",
    media_types=("application/sparql-results+xml", "application/xml"),
    names=("xml", "srx"),
    oxigraph=ox.QueryResultsFormat.XML,
    w3c="SPARQL_Results_XML",
)
CSV = ResultsSyntax(
    label="SPARQL results in CSV",
    media_types=("text/csv",),
    names=("csv",),
    oxigraph=ox.QueryResultsFormat.CSV,
    w3c="SPARQL_Results_CSV",
)
TSV = ResultsSyntax(
    label="SPARQL results in TSV",
    media_types=("text/tab-separated-values",),
    names=("tsv",),
    oxigraph=ox.QueryResultsFormat.TSV,
    w3c="SPARQL_Results_TSV",
)
#: Not RDF: the pages for people, offered beside RDF by negotiation.
HTML = Syntax(label="HTML", media_types=("text/html",), names=("html",))
#: Not RDF: a source text itself (`/doc/id/kilde/x.txt`).
TEXT = Syntax(label="Plain text", media_types=("text/plain",), names=("txt", "text"))

#: Every RDF syntax, triples first; the whole dataset is dumped in each.
RDF_SYNTAXES: tuple[RdfSyntax, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS)
GRAPH_SYNTAXES: tuple[RdfSyntax, ...] = tuple(s for s in RDF_SYNTAXES if not s.quads)
DATASET_SYNTAXES: tuple[RdfSyntax, ...] = tuple(s for s in RDF_SYNTAXES if s.quads)
RESULTS_SYNTAXES: tuple[ResultsSyntax, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)

#: Suffixes of the RDF files read (kg validate, the repository's folders, --graph).
RDF_SUFFIXES: dict[str, RdfSyntax] = {suffix: s for s in RDF_SYNTAXES for suffix in s.suffixes}
#: Every name an RDF syntax goes by (`kg export --format`, `kg query --format`).
RDF_NAMES: tuple[str, ...] = tuple(name for s in RDF_SYNTAXES for name in s.names)


def rdf_syntax(name: str) -> RdfSyntax:
    """The RDF syntax a short name or media type names; KeyError naming the choices."""
    found = find_syntax(name, RDF_SYNTAXES)
    if found is not None:
        return found
    raise KeyError(f"unknown RDF format {name!r}: use one of {', '.join(RDF_NAMES)}")


def rdf_syntax_of(media_type: str) -> RdfSyntax | None:
    """The RDF syntax of a media type, aliases included (e.g. a store's answer); None: not RDF."""
    return _of_media_type(media_type, RDF_SYNTAXES)


def results_syntax(media_type: str) -> ResultsSyntax:
    """The results format of a media type (aliases included); KeyError when it is none."""
    found = _of_media_type(media_type, RESULTS_SYNTAXES)
    if found is None:
        raise KeyError(f"not a SPARQL results format: {media_type!r}")
    return found


def _of_media_type(media_type: str, syntaxes: Iterable[S]) -> S | None:
    wanted = media_type.strip().lower()
    return next((candidate for candidate in syntaxes if wanted in candidate.media_types), None)


def serialize_triples(
    triples: Iterable[ox.Triple], syntax: RdfSyntax | str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in an RDF syntax (or the syntax of a media type); a dataset syntax (TriG,
    N-Quads) holds them in its default graph."""
    chosen = syntax if isinstance(syntax, RdfSyntax) else rdf_syntax(syntax)
    written = _prefixes(chosen, prefixes)
    if chosen.quads:
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        return serialized(quads, chosen.oxigraph, written)
    return serialized(triples, chosen.oxigraph, written)


def serialized(
    items: Iterable[ox.Triple] | Iterable[ox.Quad],
    rdf_format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """`pyoxigraph.serialize` into bytes (it returns None only when given an output)."""
    data = ox.serialize(items, format=rdf_format, prefixes=prefixes)
    if data is None:
        raise RuntimeError("pyoxigraph.serialize wrote nowhere: it returns bytes when given no output")
    return data


def find_syntax(name: str, syntaxes: Iterable[S]) -> S | None:
    """The one of `syntaxes` that a short name or media type names; None: none of them."""
    return next((candidate for candidate in syntaxes if candidate.known_as(name)), None)


def _prefixes(syntax: RdfSyntax, extra: dict[str, str] | None) -> dict[str, str] | None:
    if syntax in (N_TRIPLES, N_QUADS):
        return None
    return {**PREFIXES, **(extra or {})}
