"""`kg classify`: Los and SDG subjects proposed for every focus area and activity."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import click
from rich.markup import escape

from kg.classify.classifier import MIN_SCORE, Proposal, classify
from kg.classify.elements import FileElement, read_elements
from kg.classify.write import with_proposals, write_proposals
from kg.cli.common import env_option, exit_on_syntax_errors, fail, make_settings, out, settings_options
from kg.foundation.rdf_files import display_path, parse_files
from kg.foundation.sources import discover
from kg.steward import TurtleSyntaxError, house_order
from kg.steward.turtle_format import MeaningChanged
from kg.subjects.vocabularies import Vocabularies, vocabularies


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@env_option(
    "--format",
    "output_format",
    env="KG_CLASSIFY_FORMAT",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people; json: a list of objects (element, subject, score, reason, ...).",
)
@env_option(
    "--min-score",
    env="KG_CLASSIFY_MIN_SCORE",
    type=click.FloatRange(0, 1),
    default=MIN_SCORE,
    help="Propose only subjects scoring at least this (0–1).",
)
@env_option(
    "--write/--no-write",
    env="KG_CLASSIFY_WRITE",
    default=False,
    help="Record the proposals in the files (sgo:proposedSubject, one a line, at the end), "
    "for a steward to accept or reject.",
)
@settings_options
def classify_command(
    files: tuple[Path, ...],
    output_format: str,
    min_score: float,
    write: bool,
    project_dir: Path | None,
    base_iri: str | None,
) -> None:
    """Propose subjects (Los themes, SDG goals and targets) for the focus areas and activities of
    FILES (default: the project's data files), from their Norwegian text and their parent's.

    Each proposal has a score (0–1) and the words that matched. With --write they go into the
    files as sgo:proposedSubject lines: accept one by writing dcterms:subject in place of
    sgo:proposedSubject on its line, reject it with sgo:rejectedSubject (it is not proposed
    again); kg validate lists those not yet decided. Exit code 0: done; 2: a file does not parse
    (nothing written) or cannot be written.
    """
    settings = make_settings(project_dir, base_iri)
    paths = list(files) or list(discover(settings).data)
    parsed, errors = parse_files(paths)
    if errors:
        exit_on_syntax_errors(errors)
    elements = read_elements(parsed)
    known = vocabularies()
    proposals = classify((e.element for e in elements), min_score=min_score)
    if write:
        _write(elements, proposals, known, house_order(settings))
    if output_format == "json":
        click.echo(json.dumps(_as_json(elements, proposals, known), ensure_ascii=False, indent=2))
    else:
        _print(elements, proposals, known)


def _write(
    elements: list[FileElement], proposals: list[Proposal], known: Vocabularies, order: list[str]
) -> None:
    """Every file's new text first, then the files: one that cannot take them leaves all as they were."""
    where = {e.element.iri: e.path for e in elements}
    by_file: dict[Path, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_file[where[proposal.element]].append(proposal)
    texts = {}
    for path, mine in by_file.items():
        try:
            texts[path] = with_proposals(path.read_text(encoding="utf-8"), path, mine, known, order)
        except (MeaningChanged, TurtleSyntaxError) as problem:
            fail(f"{escape(display_path(path))}: {escape(str(problem))}; nothing written")
    for path, text in texts.items():
        try:
            write_proposals(path, text)
        except OSError as problem:
            fail(f"{escape(display_path(path))}: cannot write: {escape(problem.strerror or str(problem))}")


def _as_json(
    elements: list[FileElement], proposals: list[Proposal], known: Vocabularies
) -> list[dict[str, object]]:
    where = {e.element.iri: e.path for e in elements}
    return [
        {
            "element": p.element,
            "subject": p.subject,
            "score": p.score,
            "reason": p.reason,
            "label": {lang: known.concepts[p.subject].name(lang) for lang in ("nb", "en")},
            "vocabulary": known.concepts[p.subject].scheme,
            "file": display_path(where[p.element]),
            "matches": [
                {"word": m.word, "term": m.term, "source": m.source, "inParent": m.in_parent}
                for m in p.matches
            ],
        }
        for p in proposals
    ]


def _print(elements: list[FileElement], proposals: list[Proposal], known: Vocabularies) -> None:
    by_element: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_element[proposal.element].append(proposal)
    for item in elements:
        element = item.element
        out.print(f"[bold]{escape(element.iri)}[/]  {escape(element.text[:80])}")
        for p in by_element.get(element.iri, []):
            concept = known.concepts[p.subject]
            out.print(f"  {p.score:.2f}  {escape(concept.name('nb')[:70])}  [dim]<{escape(p.subject)}>[/]")
            out.print(f"        [dim]{escape(p.reason)}[/]")
        if element.iri not in by_element:
            out.print("  [dim](no proposal)[/]")
    count = len(proposals)
    out.print(f"{count} proposal{'s' * (count != 1)} for {len(elements)} elements")
