"""`kg reason`: is the ontology, with the data, consistent under OWL 2 DL?"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from kg.cli.common import (
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    err,
    exit_on_syntax_errors,
    make_settings,
    out,
    settings_options,
)
from kg.foundation.rdf_files import parse_files, triples
from kg.foundation.sources import discover
from kg.validation.locate import SourceIndex
from kg.validation.reason import ReasonerUnavailable, check_consistency


@click.command()
@click.option(
    "--reasoner",
    type=click.Choice(["hermit", "pellet"]),
    default="hermit",
    show_default=True,
    help="HermiT runs on Java 8+; owlready2's Pellet needs Java 25+.",
)
@settings_options
def reason(reasoner: str, project_dir: Path | None, base_iri: str | None) -> None:
    """Check that ontology/ and data/ together are consistent (owlready2 + HermiT).

    Prints "consistent", or the unsatisfiable classes and the resources whose
    descriptions make the graph inconsistent, each with the file and line
    where it is described. xsd:gYear values are left to `kg validate`
    (HermiT does not support that datatype). Exit code 0: consistent;
    1: inconsistent; 2: the reasoner cannot run (e.g. no Java) or a file does
    not parse.
    """
    files = discover(make_settings(project_dir, base_iri))
    ontology, errors = parse_files(files.ontology)
    data, data_errors = parse_files(files.data)
    if errors or data_errors:
        exit_on_syntax_errors([*errors, *data_errors])
    try:
        with err.status("reasoning (HermiT)" if reasoner == "hermit" else "reasoning (Pellet)") as status:
            result = check_consistency(
                list(triples(ontology)),
                list(triples(data)),
                reasoner=reasoner,
                progress=lambda message: status.update(escape(message)),
            )
    except ReasonerUnavailable as problem:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")
        raise SystemExit(EXIT_ERROR) from None
    for note in result.notes:
        out.print(f"[dim]note: {escape(note)}[/]")
    if result.consistent:
        out.print(f"[green]consistent[/] ({result.reasoner}, {result.seconds:.1f} s)")
        raise SystemExit(EXIT_OK)
    out.print(f"[bold red]inconsistent[/] ({result.reasoner}, {result.seconds:.1f} s)")
    index = SourceIndex.build([*data, *ontology])
    for iri in result.unsatisfiable_classes:
        out.print(f"  unsatisfiable class: {escape(_where(index, iri))}{escape(iri)}")
    for iri in result.culprits:
        out.print(f"  inconsistent resource: {escape(_where(index, iri))}{escape(iri)}")
    raise SystemExit(EXIT_INVALID)


def _where(index: SourceIndex, iri: str) -> str:
    location = index.find(iri)
    return f"{location}  " if location else ""
