"""`kg export`: the whole dataset in one RDF format, the same bytes /download/ serves."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_OK,
    err,
    fail,
    graph_option,
    make_settings,
    settings_options,
    warn_not_ready,
    write_whole,
)
from kg.cli.loading import load
from kg.foundation.formats import RDF_NAMES, rdf_syntax
from kg.foundation.settings import available_processes
from kg.publishing.dumps import export as export_dataset
from kg.store import open_store


@click.command()
@click.option(
    "--format",
    "format_name",
    type=click.Choice(RDF_NAMES, case_sensitive=False),
    default="ttl",
    show_default=True,
    help="ttl or turtle (Turtle), nt (N-Triples), jsonld (compact JSON-LD), rdf (RDF/XML), "
    "trig or nq (named graphs); every name kg query --format takes for RDF.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (replaced only once complete); standard output when left out.",
)
@graph_option("Add an RDF file as a further named graph, as `kg serve --graph` does.")
@settings_options
def export(
    format_name: str,
    output: Path | None,
    graphs: tuple[tuple[str, Path], ...],
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Write the whole dataset (ontology and data graphs) in one RDF format.

    The output is deterministic (sorted, canonical blank node labels) and
    byte for byte what the server offers under /download/.
    """
    if output is not None and not output.resolve().parent.is_dir():
        fail(f"{output}: folder {output.resolve().parent} does not exist")
    settings = make_settings(
        project_dir, base_iri, extra_graphs=graphs, infer=False, dump_processes=available_processes()
    )
    store = open_store()
    load(store, settings)
    dump = rdf_syntax(format_name)
    if output is None:
        _to_stdout(lambda file: export_dataset(store, settings, dump, file))
    else:
        size = write_whole(output, lambda file: export_dataset(store, settings, dump, file))
        err.print(f"wrote {size} bytes ({dump.name}) to {escape(str(output))}")
    warn_not_ready(settings)


def _to_stdout(write: Callable[[IO[bytes]], None]) -> None:
    """Write to standard output; a reader that stops early (`| head`) is no error: exit 0, quietly."""
    stdout = sys.stdout.buffer
    try:
        write(stdout)
        stdout.flush()
    except BrokenPipeError:
        # Python would complain once more when it flushes stdout at exit: point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_OK) from None
