"""kg.documents on documents written for these tests: page furniture, divided words, reading order,
Word's styles and numbering."""

from __future__ import annotations

from pathlib import Path

from kg.documents.furniture import join_hyphenated, remove_furniture
from kg.documents.model import DEFAULT_LIMITS, Role
from kg.documents.pdf import read_pdf
from kg.documents.word import read_docx
from kg.textimport.importer import import_text
from tests.support.documents import Page, Paragraph, text_pdf, word_file


def test_running_headers_footers_and_page_numbers_are_taken_off() -> None:
    pages = [
        ["Regional plan 2024, side 1", "Innledning", "", "Teksten begynner her.", "- 1 -"],
        ["Regional plan 2024, side 2", "Mer tekst.", "Innledning", "", "Enda mer tekst her.", "- 2 -"],
        ["Regional plan 2024, side 3", "Siste side.", "", "Slutt på teksten.", "Side 3 av 3"],
    ]
    assert remove_furniture(pages) == [
        ["Innledning", "", "Teksten begynner her."],
        ["Mer tekst.", "Innledning", "", "Enda mer tekst her."],  # «Innledning» repeats, not on an edge
        ["Siste side.", "", "Slutt på teksten."],
    ]


def test_one_page_keeps_its_lines_but_its_page_number() -> None:
    assert remove_furniture([["Plan for Bygda", "Tekst.", "1"]]) == [["Plan for Bygda", "Tekst."]]


def test_words_divided_at_line_ends_are_joined() -> None:
    lines = [
        "Vi skal styrke utvik-",
        "lingen av regionen og arbeide med areal-",
        "og transportplanlegging, EU-",
        "midler og utred-",
        "ninger.",
    ]
    assert join_hyphenated(lines) == [
        "Vi skal styrke utviklingen",
        "av regionen og arbeide med areal-",  # «areal- og»: the hyphen is the text's
        "og transportplanlegging, EU-midler",  # after capitals the hyphen stays
        "og",
        "utredninger.",  # the next line was that word alone: the divided word moves down
    ]


def test_two_columns_are_read_one_after_the_other_whatever_order_the_file_draws_them(tmp_path: Path) -> None:
    left = ["Venstre spalte begynner", "og fortsetter her", "til den slutter."]
    right = ["Høyre spalte kommer", "etterpå og slutter", "til slutt."]
    pdf = text_pdf(
        tmp_path / "spalter.pdf", [Page([*left, *right], split=3, reverse=True)], page_numbers=None
    )
    document = read_pdf(pdf, DEFAULT_LIMITS)
    assert [line.text for line in document.lines] == [*left, "", *right]
    assert document.kind == "pdf" and document.pages == 1


def test_word_styles_and_numbering_give_the_roles(tmp_path: Path) -> None:
    docx = word_file(
        tmp_path / "plan.docx",
        [
            Paragraph("Plan for Bygda", "Title"),
            Paragraph("Mål", "Heading 1"),
            Paragraph("- ikke et punkt, et avsnitt som begynner med strek", "Normal"),
            Paragraph("første", "List Number"),
            Paragraph("andre", "List Number"),
            Paragraph("under andre", "List Bullet 2"),
            Paragraph("tredje", "List Number"),
        ],
    )
    lines = [line for line in read_docx(docx, DEFAULT_LIMITS).lines if line.text]
    assert [(line.text, line.role, line.level, line.ordinal) for line in lines] == [
        ("Plan for Bygda", Role.PARAGRAPH, 0, None),
        ("Mål", Role.HEADING, 1, None),
        ("- ikke et punkt, et avsnitt som begynner med strek", Role.PARAGRAPH, 0, None),
        ("1. første", Role.NUMBERED, 1, 1),
        ("2. andre", Role.NUMBERED, 1, 2),
        ("• under andre", Role.BULLET, 2, None),
        ("3. tredje", Role.NUMBERED, 1, 3),
    ]


def test_a_word_file_s_numbered_list_gives_focus_areas_and_its_inner_bullets_their_parts(
    tmp_path: Path,
) -> None:
    docx = word_file(
        tmp_path / "bygda.docx",
        [
            Paragraph("Strategi for Bygda 2026–2029", "Title"),
            Paragraph("Bygdarådet i Bygda vedtar strategien fra 2026.", "Normal"),
            Paragraph("Innsatsområder 2026–2029", "Heading 1"),
            Paragraph("Levende sentrum", "List Number"),
            Paragraph("Fornye torget", "List Bullet 2"),
            Paragraph("Samle tjenestene:", "List Bullet 2"),
            Paragraph("helse", "List Bullet 3"),
            Paragraph("skole", "List Bullet 3"),
            Paragraph("Trygg oppvekst", "List Number"),
            Paragraph("Bygge ny barnehage", "List Bullet 2"),
        ],
    )
    result = import_text(docx, "https://w3id.org/strategigraf/")
    areas = result.structure.focus_areas
    assert [(area.number, area.title.text) for area in areas] == [
        (1, "Levende sentrum"),
        (2, "Trygg oppvekst"),
    ]
    first = areas[0].activities
    assert [activity.text.text for activity in first] == ["Fornye torget", "Samle tjenestene:"]
    assert [child.text.text for child in first[1].children] == ["helse", "skole"]
    assert [activity.text.text for activity in areas[1].activities] == ["Bygge ny barnehage"]
    assert result.structure.period is not None and result.structure.period[:2] == ("2026", "2029")
