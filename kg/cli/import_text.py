"""`kg import-text`: a strategy's text becomes a draft data file, every repair reported."""

from __future__ import annotations

import re
from pathlib import Path

import click
from rich.markup import escape

from kg.classify.write import propose_in_text
from kg.cli.common import env_option, err, fail, make_settings, out, settings_options, write_whole
from kg.documents.model import DEFAULT_LIMITS, Limits
from kg.foundation.rdf_files import display_path, stream_files
from kg.foundation.settings import Settings
from kg.foundation.sources import discover
from kg.portfolio.register import Organisation, documents, organisations
from kg.steward import TurtleSyntaxError, house_order
from kg.textimport.importer import ImportResult, import_text
from kg.textimport.source import TextImportError


def _year(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}", value):
        raise click.BadParameter(f"{value!r}: a year of four digits, e.g. 2017 / et år med fire sifre")
    return value


@click.command("import-text")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@env_option(
    "--publisher", env="KG_PUBLISHER", default=None, help="Who published it, when the opening does not say."
)
@env_option(
    "--year",
    env="KG_YEAR",
    default=None,
    callback=_year,
    help="Year of the plan (its IRI), when the text gives none.",
)
@env_option(
    "--out",
    env="KG_OUT",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    show_default=False,
    help="The draft data file to write [default: data/{publisher}-{year}.ttl].",
)
@env_option("--force/--no-force", env="KG_FORCE", default=False, help="Replace an existing output file.")
@env_option(
    "--max-pages",
    env="KG_MAX_PAGES",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_pages,
    help="Refuse a PDF with more pages.",
)
@env_option(
    "--max-expanded-mb",
    env="KG_MAX_EXPANDED_MB",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMITS.max_expanded_bytes // 2**20,
    help="Refuse a Word file whose zip expands to more megabytes.",
)
@settings_options
def import_text_command(
    source: Path,
    publisher: str | None,
    year: str | None,
    out: Path | None,
    force: bool,
    max_pages: int,
    max_expanded_mb: int,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Write a draft data file from SOURCE, a strategy: a text (OCR'd or pasted,
    UTF-8), a PDF (its text layer, or scanned: OCR with Tesseract) or a Word file (.docx).

    Finds the plan, vision, roles, focus areas, activities with their themes
    or means and the documents they follow up, repairs Norwegian OCR damage
    (æ, ø, å; real words too where the text's own damage and the context
    make it near certain), and records every repair as an editorial note.
    An organisation the project's data describes already is linked by its
    IRI, not described again, and so is a document it follows up that the
    project describes; a group («kommunene») is the plan's own
    (plan:aktor-…). The draft has Norwegian texts only and adms:status
    UnderDevelopment: translate, check, then remove the status
    (docs/steward/importing.md). The text is kept in the project's sources
    folder (project.sources of strategigraf.toml): a plain text as it is, the
    text read from a PDF or Word file as NAME.txt. Exit code 0: written; 2:
    bad input (empty, binary, encrypted or damaged PDF, not a Word file, over
    a limit, no text, no sections, output exists), nothing written.
    """
    settings = make_settings(project_dir, base_iri)
    limits = Limits(max_pages=max_pages, max_expanded_bytes=max_expanded_mb * 2**20)
    known, documents = _known(settings)
    try:
        order = house_order(settings)

        def draft(known: list[Organisation], documents: dict[str, frozenset[Path]]) -> ImportResult:
            return import_text(
                source,
                settings.base_iri,
                publisher=publisher,
                year=year,
                predicate_order=order,
                known={organisation.name: organisation.iri for organisation in known},
                known_documents=frozenset(documents),
                limits=limits,
                progress=_progress,
            )

        result = draft(known, documents)
        target = out or settings.data_dir / f"{result.plan_id}.ttl"
        # What only the file this draft replaces describes is described anew in it.
        elsewhere = [o for o in known if {f.resolve() for f in o.files} != {target.resolve()}]
        cited = {iri: f for iri, f in documents.items() if {p.resolve() for p in f} != {target.resolve()}}
        if force and (len(elsewhere) < len(known) or len(cited) < len(documents)):
            result = draft(elsewhere, cited)
    except TextImportError as error:
        fail(escape(str(error)))
    except TurtleSyntaxError as error:
        fail(f"the project's shapes do not parse: {escape(str(error))}")
    if target.exists() and not force:
        fail(
            f"{escape(str(target))} exists: give --force to replace it / "
            "finnes fra før: bruk --force for å erstatte den"
        )
    if not target.parent.is_dir():
        fail(f"{escape(str(target.parent))}: no such folder / mappen finnes ikke")
    kept = _keep_source(result, settings)
    turtle, proposed = propose_in_text(result.turtle, target, order)
    write_whole(target, lambda file: file.write(turtle.encode("utf-8")))
    _report(result, target, kept, proposed)


def _known(settings: Settings) -> tuple[list[Organisation], dict[str, frozenset[Path]]]:
    """The organisations and referenced documents the project's data files describe (a file that
    does not parse is passed over with a warning: the draft then describes anew what it describes)."""
    files = discover(settings)
    ontology, _ = stream_files(list(files.ontology))
    data, errors = stream_files(list(files.data))
    for error in errors:
        err.print(
            f"[yellow]warning:[/] {escape(str(error))}: what it describes is not reused / "
            "det den beskriver, blir ikke gjenbrukt"
        )
    return organisations(ontology, data), documents(data)


def _progress(what: str, done: int, of: int) -> None:
    err.print(f"{what}: page {done} of {of} / side {done} av {of}")


def _keep_source(result: ImportResult, settings: Settings) -> str:
    """Keep the source text where the project keeps its sources, unless it is there already."""
    folder = settings.sources_dir
    source = result.source
    kept = folder / source.kept_name
    if kept.resolve() == source.path.resolve():
        return f"{display_path(kept)} (already there / finnes der)"
    data = source.kept_bytes()
    if kept.exists():
        if kept.read_bytes() != data:
            fail(
                f"{escape(str(kept))}: another text of that name is kept there; rename the source / "
                "en annen tekst med samme navn ligger der; gi kilden et nytt navn"
            )
        return f"{display_path(kept)} (the same text was there / samme tekst lå der)"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{escape(str(folder))}: cannot create: {error.strerror}")
    write_whole(kept, lambda file: file.write(data))
    if source.document.kind == "text":
        return f"{display_path(kept)} (copied / kopiert)"
    return (
        f"{display_path(kept)} (the text read from {source.path.name} / teksten lest fra {source.path.name})"
    )


def _report(result: ImportResult, target: Path, kept: str, proposed: int) -> None:
    name = result.source.kept_name
    out.print(f"wrote / skrev {escape(display_path(target))}: {escape(_counts(result))}")
    out.print(f"source text / kildetekst: {escape(kept)}")
    out.print(f"repairs / rettelser ({len(result.changes)}), each in a skos:editorialNote:")
    for change in result.changes:
        out.print(f"  {escape(name)}:{change.line}: «{escape(change.before)}» → «{escape(change.after)}»")
    if result.flags:
        out.print(f"[yellow]left as they are / ikke endret[/] ({len(result.flags)}): check by hand")
        for flag in result.flags:
            maybe = (
                f" (perhaps / kanskje {' / '.join(f'«{c}»' for c in flag.candidates)})"
                if flag.candidates
                else ""
            )
            out.print(f"  {escape(name)}:{flag.line}: «{escape(flag.word)}»{escape(maybe)}")
    for remark in result.remarks:
        err.print(f"[yellow]check / sjekk:[/] {escape(remark)}")
    out.print(
        f"subjects / emner: {proposed} proposed by kg classify, at the end of the file: accept each by "
        "writing dcterms:subject in place of sgo:proposedSubject, reject it with sgo:rejectedSubject"
    )
    out.print(
        "next / neste: check the repairs, translate (@en), decide on the subjects, remove adms:status, "
        "kg validate (docs/steward/importing.md)"
    )


def _counts(result: ImportResult) -> str:
    counts = result.counts()
    return ", ".join(f"{number} {what}" for what, number in counts.items() if number)
