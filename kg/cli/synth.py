"""`kg synth`: write a synthetic graph of many organisations' strategies."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.progress import Progress

from kg.cli.common import err, fail, make_settings, out, settings_options
from kg.synth.generate import synthesise


@click.command()
@click.option("--organisations", type=click.IntRange(min=1), required=True, help="How many organisations.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same files.")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("synth"),
    show_default=True,
    help="Folder to write the Turtle files into (new or empty).",
)
@settings_options
def synth(
    organisations: int, seed: int, output: Path, project_dir: Path | None, base_iri: str | None
) -> None:
    """Write synthetic strategies of many organisations, for tests and benchmarks.

    Each organisation gets 2-4 consecutive plans, each written like data/:
    one Turtle file per plan, with a vision and its directions, roles, focus
    areas, activities with themes or means, a period, referenced documents,
    actors and source-text lines. About 1 150 triples per organisation
    (--organisations 870 gives about a million). Check them with
    `kg validate OUTPUT`; serve them with `kg serve --project-dir` on a folder
    whose data/ they are.
    """
    if output.exists() and any(output.iterdir()):
        fail(f"{output} is not empty: choose a new folder, or empty it first")
    settings = make_settings(project_dir, base_iri, need_project=False)
    started = time.perf_counter()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("writing", total=None)
        files, triples = synthesise(
            organisations,
            output,
            seed=seed,
            base_iri=settings.base_iri,
            progress=lambda written: progress.update(task, description=f"{written} triples"),
        )
    out.print(
        f"wrote {files} files, {triples} triples, for {organisations} organisations "
        f"to {output} in {time.perf_counter() - started:.1f} s"
    )
