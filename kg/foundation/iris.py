"""Forming IRIs by the project's IRI scheme, and reading strings that should be IRIs.

Here because both ends of the graph need them: the importer and the synthetic
data mint IRIs from names (`slug`), and the readers of the graph check an IRI
a client sent before it goes into a query (`named_node`).
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox


def slug(text: str) -> str:
    """Lower-case ASCII with hyphens, as docs/integrator/data-model.md says (æ→ae, ø→o, å→a)."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def named_node(iri: str) -> ox.NamedNode | None:
    """The IRI as a term, or None when it is not a valid IRI (never put into a query then)."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None
