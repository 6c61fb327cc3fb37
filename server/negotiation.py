"""Content negotiation as explicit tables, one per kind of answer.

A table lists the formats an answer can take, preferred first, taken from
the registry `kg.foundation.formats`. `choose` picks one from the request's Accept
header (with q-values, via werkzeug) or from a `format` parameter for clients
that cannot set headers; None means nothing acceptable (406).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

from kg.foundation.formats import DATASET_SYNTAXES, GRAPH_SYNTAXES, RESULTS_SYNTAXES, Syntax

#: A format on offer: one of the registry's (kg.foundation.formats), or HTML.
Format = Syntax


@dataclass(frozen=True)
class Table:
    formats: tuple[Format, ...]

    def choose(self, accept: str | None, format_param: str | None = None) -> Format | None:
        if format_param:
            return self.by_name(format_param)
        if not accept or not accept.strip():
            return self.formats[0]
        offered = parse_accept_header(accept, MIMEAccept)
        best = offered.best_match([f.media_type for f in self.formats])
        return self.by_media_type(best) if best else None

    def by_name(self, name: str) -> Format | None:
        wanted = name.strip().lower()
        for candidate in self.formats:
            if wanted in candidate.names or wanted == candidate.media_type:
                return candidate
        return None

    def by_media_type(self, media_type: str) -> Format | None:
        for candidate in self.formats:
            if candidate.media_type == media_type:
                return candidate
        return None

    def media_types(self) -> list[str]:
        return [f.media_type for f in self.formats]


#: SELECT and ASK answers.
RESULTS = Table(RESULTS_SYNTAXES)

#: A graph (CONSTRUCT/DESCRIBE answers, resource descriptions, the catalog).
RDF_GRAPH = Table(GRAPH_SYNTAXES)
#: A dataset with named graphs (dumps, CONSTRUCT when a dataset is asked for).
RDF_DATASET = Table(DATASET_SYNTAXES)


def best(table: Table, accept: str | None, format_names: Sequence[str] = ()) -> Format | None:
    """The format named by the first known `format` value, else the best by Accept; None: none fits."""
    if format_names:
        return next((found for name in format_names if (found := table.by_name(name))), None)
    return _by_accept(table, accept)


def negotiate(table: Table, accept: str | None, format_names: Sequence[str] = ()) -> Format:
    """Like `best`, but 406 naming what is on offer when nothing fits.

    That is: an Accept header nothing matches, or a `format` that is unknown
    or does not fit this kind of answer (e.g. csv for a graph).
    """
    chosen = best(table, accept, format_names)
    if chosen is None:
        asked = f"format={format_names[0]}" if format_names else f"Accept: {accept}"
        raise NotAcceptable(f"{asked}: this answer is available as {', '.join(table.media_types())}")
    return chosen


@lru_cache(maxsize=512)
def _by_accept(table: Table, accept: str | None) -> Format | None:
    # Clients send the same few Accept headers again and again; parsing one costs ~10 µs.
    return table.choose(accept)
