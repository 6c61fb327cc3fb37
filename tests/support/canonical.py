"""Graphs compared as RDF compares them: blank nodes labelled by W3C RDF canonicalization.

The file is read by rdflib's own Turtle parser (not pyoxigraph's, with which the code under
test reads it) and the triples are labelled by RDFC-1.0 (pyoxigraph): two files hold
isomorphic graphs exactly when their canonical datasets are equal. rdflib.compare is not
used: it calls some graphs different from themselves (see kg/steward/turtle_format.py).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib


def canonical(source: str | Path, base: str = "file:///generated/doc.ttl") -> ox.Dataset:
    """The graph of a Turtle text (str) or file (Path), canonically labelled."""
    graph = rdflib.Graph()
    if isinstance(source, Path):
        graph.parse(source, format="turtle")
    else:
        graph.parse(data=source, format="turtle", publicID=base)
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset
