"""The dump formats: one table shared by `kg export`, /download/ and the catalog."""

from __future__ import annotations

from dataclasses import dataclass

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
GZIP = "application/gzip"

#: File names of the dumps are this stem plus the format's extension (and .gz).
DUMP_STEM = "strategigraf"


@dataclass(frozen=True)
class DumpFormat:
    """One RDF format the whole dataset is offered in."""

    #: `kg export --format` value and file extension.
    name: str
    media_type: str
    label: str
    #: The EU file-type NAL concept (dct:format in the catalog).
    file_type: str
    #: True when the format keeps named graphs (TriG, N-Quads).
    quads: bool = False

    @property
    def file_name(self) -> str:
        return f"{DUMP_STEM}.{self.name}"

    @property
    def gzip_name(self) -> str:
        return f"{self.file_name}.gz"

    @property
    def media_type_iri(self) -> str:
        return IANA_MEDIA_TYPES + self.media_type


DUMP_FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("ttl", "text/turtle", "Turtle", FILE_TYPE + "RDF_TURTLE"),
    DumpFormat("nt", "application/n-triples", "N-Triples", FILE_TYPE + "RDF_N_TRIPLES"),
    DumpFormat("jsonld", "application/ld+json", "JSON-LD", FILE_TYPE + "JSON_LD"),
    DumpFormat("rdf", "application/rdf+xml", "RDF/XML", FILE_TYPE + "RDF_XML"),
    DumpFormat("trig", "application/trig", "TriG", FILE_TYPE + "RDF_TRIG", quads=True),
    DumpFormat("nq", "application/n-quads", "N-Quads", FILE_TYPE + "RDF_N_QUADS", quads=True),
)


def dump_format(name: str) -> DumpFormat:
    """The format named `name` (ttl, nt, jsonld, rdf, trig, nq); KeyError naming the choices."""
    for candidate in DUMP_FORMATS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"unknown dump format {name!r}: use one of {', '.join(f.name for f in DUMP_FORMATS)}")
