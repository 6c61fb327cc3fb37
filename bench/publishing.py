"""Times of the publishing work on synthetic graphs: dumps per format, VoID figures, pages.

The synthetic graphs are copies of data/osloregionen-2017.ttl under renamed
plan IRIs (about 316 triples each) plus the ontology. Run:

    .venv/bin/python bench/publishing.py [--sizes 1500,10000,100000]

Prints a Markdown table (seconds, median of --repeat runs); the last one
measured is in bench/README.md. Baselines in the same run: the JSON-LD
writer held to one process, and rdflib writing Turtle and JSON-LD.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from functools import partial

import pyoxigraph as ox

from kg.foundation.formats import RDF_SYNTAXES
from kg.foundation.project_settings import project_settings
from kg.foundation.rdf_files import parse_file
from kg.foundation.settings import Settings, available_processes
from kg.publishing.describe import resource_view
from kg.publishing.dumps import SortedDataset, read_dataset, write_dump
from kg.publishing.overview import plan_overviews
from kg.publishing.state import dataset_graphs
from kg.publishing.void import dataset_figures
from kg.store import Store
from kg.store.oxigraph import OxigraphStore
from kg.validation.rdflib_bridge import rdflib_graph
from tests.support.shared import PROJECT_DIR


def synthetic_store(settings: Settings, triples: int) -> Store:
    store = OxigraphStore()
    ontology = [q.triple for q in parse_file(settings.ontology_dir / "strategigraf.ttl").quads]
    store.replace_graph(settings.ontology_graph, ontology)
    text = (settings.data_dir / "osloregionen-2017.ttl").read_text(encoding="utf-8")
    copies = max(1, (triples - len(ontology)) // 316)
    data: list[ox.Triple] = []
    for copy in range(copies):
        renamed = text.replace("osloregionen-2017", f"osloregionen-2017-{copy}")
        data.extend(q.triple for q in ox.parse(renamed.encode(), ox.RdfFormat.TURTLE))
    store.replace_graph(settings.data_graph, data)
    return store


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timings(store: Store, settings: Settings, repeat: int) -> tuple[int, list[float]]:
    """Triples of the dataset, and seconds for each column of the table."""
    graphs = dataset_graphs(store, settings)
    read = read_dataset(store, settings)
    context = read.context
    data = SortedDataset(read.texts)
    processes = available_processes()  # as kg serve and kg export write them
    # Reading the graphs from the store, canonical blank nodes, sorted lines.
    row = [median_seconds(lambda: SortedDataset(read_dataset(store, settings).texts), repeat)]
    for dump in RDF_SYNTAXES:
        row.append(
            median_seconds(
                partial(lambda d: write_dump(data, d, context, io.BytesIO(), processes), dump), repeat
            )
        )
    row.append(median_seconds(lambda: dataset_figures(store, settings), repeat))
    row.append(median_seconds(lambda: plan_overviews(store, graphs), repeat))
    iri = settings.resource_base + "osloregionen-2017-0/innsatsomrade-1"
    row.append(median_seconds(lambda: resource_view(store, graphs, iri), repeat))
    # Baselines: JSON-LD compacted in this process only (as before the pool of processes), and
    # rdflib writing the same triples (not deterministic, not used).
    jsonld = next(dump for dump in RDF_SYNTAXES if dump.name == "jsonld")
    row.append(median_seconds(lambda: write_dump(data, jsonld, context, io.BytesIO()), repeat))
    graph = rdflib_graph(ox.parse(b"".join(data.triple_lines()), format=ox.RdfFormat.N_TRIPLES))
    row.append(median_seconds(lambda: graph.serialize(format="turtle"), repeat))
    row.append(
        median_seconds(lambda: graph.serialize(format="json-ld", context=context, auto_compact=True), repeat)
    )
    return len(data), row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1500,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = project_settings(PROJECT_DIR)
    columns = ["canonicalise", *(f.name for f in RDF_SYNTAXES), "VoID", "front page", "resource page"]
    columns += ["jsonld, 1 process", "rdflib ttl", "rdflib jsonld"]
    print("| triples | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for size in (int(s) for s in args.sizes.split(",")):
        total, row = timings(synthetic_store(settings, size), settings, args.repeat)
        print(f"| {total} | " + " | ".join(f"{seconds:.3f}" for seconds in row) + " |", flush=True)


if __name__ == "__main__":
    main()
