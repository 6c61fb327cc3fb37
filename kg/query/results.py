"""Writing SELECT and ASK results: SPARQL 1.1 JSON, XML, CSV and TSV.

pyoxigraph can serialize its own result iterators, but the endpoint must cap
the number of rows and must also write results that came from a remote store;
so results are written here from plain rows, whatever store produced them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from json.encoder import encode_basestring as _json_string
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.foundation import formats
from kg.foundation.namespaces import XSD
from kg.store.base import Term

JSON = formats.SPARQL_JSON.media_type
XML = formats.SPARQL_XML.media_type
CSV = formats.CSV.media_type
TSV = formats.TSV.media_type

XSD_STRING = XSD + "string"
Row = Sequence[Term | None]


def write_select(
    variables: Sequence[str], rows: Sequence[Row], media_type: str, links: Sequence[str] = ()
) -> bytes:
    """Solutions in the result format of `media_type` (one of `kg.foundation.formats.RESULTS_SYNTAXES`).

    `links` are IRIs of further information (the formats' head links; JSON and XML only).
    """
    if media_type == JSON:
        return _json_select(variables, rows, links).encode("utf-8")
    if media_type == XML:
        return _xml_select(variables, rows, links).encode("utf-8")
    writer = {CSV: _csv_select, TSV: _tsv_select}[media_type]
    return writer(variables, rows).encode("utf-8")


def write_boolean(value: bool, media_type: str) -> bytes:
    """An ASK answer in the result format of `media_type`."""
    word = "true" if value else "false"
    if media_type == JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    # CSV and TSV define no boolean form; this is what Jena and rdflib write.
    return f"_askResult\r\n{word}\r\n".encode() if media_type == CSV else f"?_askResult\n{word}\n".encode()


def term_json(term: Term) -> dict[str, str]:
    """One RDF term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
            if term.direction is not None:
                binding["its:dir"] = str(term.direction.value)
        elif term.datatype.value != XSD_STRING:
            binding["datatype"] = term.datatype.value
        return binding
    if isinstance(term, ox.Triple):  # an RDF 1.2 triple term, as SPARQL 1.2 results write it
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {name: term_json(part) for name, part in parts.items()}}  # type: ignore[dict-item]
    raise TypeError(f"cannot write {term!r} as a result")


def _json_select(variables: Sequence[str], rows: Sequence[Row], links: Sequence[str]) -> str:
    # Written as text term by term: about half the time of json.dumps on a structure of dicts,
    # on the path every SELECT answer takes.
    names = [_json_string(name) for name in variables]
    bindings = ",".join(
        "{"
        + ",".join(
            name + ":" + _json_term(term) for name, term in zip(names, row, strict=True) if term is not None
        )
        + "}"
        for row in rows
    )
    head: dict[str, list[str]] = {"vars": list(variables)}
    if links:
        head["link"] = list(links)
    return '{"head":' + json.dumps(head, ensure_ascii=False) + ',"results":{"bindings":[' + bindings + "]}}"


def _json_term(term: Term) -> str:
    """`term_json(term)` as JSON text; IRIs and plain literals without building a dict."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.Literal) and term.direction is None:
        value = _json_string(term.value)
        if term.language:
            return '{"type":"literal","value":' + value + ',"xml:lang":' + _json_string(term.language) + "}"
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return '{"type":"literal","value":' + value + "}"
        return '{"type":"literal","value":' + value + ',"datatype":' + _json_string(datatype) + "}"
    return json.dumps(term_json(term), ensure_ascii=False)


def _xml_select(variables: Sequence[str], rows: Sequence[Row], links: Sequence[str]) -> str:
    out = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"'
        ' xmlns:its="http://www.w3.org/2005/11/its">\n<head>'
    ]
    out.extend(f"<variable name={quoteattr(name)}/>" for name in variables)
    out.extend(f"<link href={quoteattr(link)}/>" for link in links)
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            direction = "" if term.direction is None else f" its:dir={quoteattr(str(term.direction.value))}"
            return f"<literal xml:lang={quoteattr(term.language)}{direction}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"cannot write {term!r} as a result")


def _csv_select(variables: Sequence[str], rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return _nt_term(term)
    return term.value


def _tsv_select(variables: Sequence[str], rows: Sequence[Row]) -> str:
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join("" if term is None else _nt_term(term) for term in row) for row in rows)
    return "\n".join(lines) + "\n"


def _nt_term(term: Term) -> str:
    """A term in N-Triples syntax; a triple term as RDF 1.2 writes it (pyoxigraph's str omits <<( )>>)."""
    if isinstance(term, ox.Triple):
        return f"<<( {_nt_term(term.subject)} {_nt_term(term.predicate)} {_nt_term(term.object)} )>>"
    return str(term)
