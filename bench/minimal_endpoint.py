"""The baseline for bench/endpoint.py: the least a Flask + pyoxigraph SPARQL endpoint can be.

No negotiation, limits, guard or logging: GET ?query=, the default graph as
the union of every named graph, SPARQL JSON results written by pyoxigraph.
It reads the N-Quads file named by KG_BENCH_NQUADS; run it as
`gunicorn bench.minimal_endpoint:app`.
"""

from __future__ import annotations

import os

import pyoxigraph as ox
from flask import Flask, Response, request

store = ox.Store()
store.bulk_load(path=os.environ["KG_BENCH_NQUADS"], format=ox.RdfFormat.N_QUADS)
app = Flask(__name__)


@app.get("/sparql")
def sparql() -> Response:
    result = store.query(request.args["query"], use_default_graph_as_union=True)
    assert not isinstance(result, ox.QueryTriples), "the benchmark's queries are SELECT queries"
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    return Response(body, content_type="application/sparql-results+json")
