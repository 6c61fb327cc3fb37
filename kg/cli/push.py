"""`kg push`: validate the repository, then replace its named graphs in a store."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TransferSpeedColumn
from rich.table import Table

from kg.cli.common import err, fail, graph_option, make_settings, out, settings_options
from kg.cli.loading import load, require_valid
from kg.cli.store_options import StoreChoice, dataset_version, store_options
from kg.foundation.settings import Settings
from kg.store import StoreError


@click.command()
@store_options
@click.option("--validate/--no-validate", default=True, show_default=True, help="Validate before pushing.")
@click.option(
    "--rollback",
    is_flag=True,
    help="Push nothing: make the dataset live before the last push live again (once more: forward).",
)
@graph_option("Push an RDF file as a further named graph, as `kg serve --graph` loads it.")
@settings_options
def push(
    store: StoreChoice,
    validate: bool,
    rollback: bool,
    graphs: tuple[tuple[str, Path], ...],
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Validate the graph, then load it into a store that keeps it, as a new version made live at once.

    kg's named graphs ({base}graph/ontology, /data, /inferred, --graph ones)
    and a record of this push ({base}graph/version) change together: an
    oxigraph:DIR store gets a new database made live by one rename; a sparql:
    store gets the graphs under names never used before (Graph Store
    Protocol PUT with --graph-store-url, else SPARQL Update), and then one
    small SPARQL Update (--update-url) makes them live. The triple counts are
    read back and must match. The version before stays for --rollback; older
    ones, and what an interrupted push left behind, are removed (and named)
    once no reader can be using them (--store-grace).

    Exit codes: 0 pushed; 1 invalid data (nothing pushed); 2 the store failed
    (down, refused, timed out): the store holds the old dataset or the new
    one, whole, and pushing again finishes the job.
    """
    if store.spec == "memory":
        fail("kg push needs a store that keeps the graph: --store oxigraph:DIR or --store sparql:URL")
    started = time.perf_counter()
    settings = make_settings(project_dir, base_iri, extra_graphs=graphs)
    if rollback:
        _roll_back(store, settings)
        return
    if validate:
        require_valid(settings, "not pushing invalid data")
    with Progress(
        TextColumn("[dim]uploading {task.description}[/]"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def uploaded(graph: str, sent: int, total: int) -> None:
            if graph not in tasks:
                tasks[graph] = progress.add_task(graph, total=total)
            progress.update(tasks[graph], completed=sent)

        target = store.open(settings, on_upload=uploaded)
        try:
            target.query("ASK {}")
        except StoreError as problem:
            fail(f"{problem}; nothing was pushed")
        report = load(target, settings)
        target.close()
    table = Table("graph", "triples", box=None, header_style="bold")
    for graph, count in report.graphs.items():
        table.add_row(graph, f"{count:,}".replace(",", " "))
    out.print(table)
    out.print(
        f"pushed {report.triples} triples in {len(report.graphs)} graphs to {target.label} "
        f"in {time.perf_counter() - started:.1f} s, made live at once; counts read back and checked"
    )
    if report.version is not None:
        out.print(f"{report.version.describe()} (recorded in <{settings.version_graph}>)")


def _roll_back(store: StoreChoice, settings: Settings) -> None:
    """Make the previous version live again, and say which dataset the store now shows."""
    target = store.open(settings)
    try:
        said = target.rollback()
    except StoreError as problem:
        fail(f"{problem}; nothing was changed")
    out.print(said)
    out.print(dataset_version(target, settings))
    target.close()
