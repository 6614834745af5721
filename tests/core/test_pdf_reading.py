"""PDF drafts read into the paragraphs and clauses their Word originals have (issue 9, item 7).

The fixtures in tests/data/pdf are LibreOffice's PDF exports of corpus .docx files committed
beside them (tests/data/SOURCES.md), so a PDF's clauses can be held against the .docx's. The
small PDFs built in `pdf_maker` pin down each layout rule: running heads, page numbers,
hyphens, numbering, indents and headings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.clauses import split_clauses
from desktop.core.pipeline import compare_clauses, load_draft
from desktop.core.reading import read_draft
from tests.core.pdf_maker import Text, paragraph_lines, pdf

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = ("commonpaper-csa-v2.0-2024-02-02", "bonterms-cloud-terms-v1.0-2022-02-04", "commonpaper-mutual-nda-v1.0")
FEES = ("Customer will pay all fees described in the Order Form within thirty days of the invoice date, "
        "and late amounts bear interest at one percent per month until paid in full.")


def pdf_and_docx(name: str):
    """Return the drafts of a fixture's PDF and of the .docx it was exported from."""
    return load_draft(DATA / "pdf" / f"{name}.pdf"), load_draft(DATA / "docx" / f"{name}.docx")


# ---- the acceptance: a corpus contract's PDF has its .docx's clauses ------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_a_corpus_pdf_has_the_clause_count_of_its_docx_within_5_percent(name):
    from_pdf, from_docx = pdf_and_docx(name)
    assert abs(len(from_pdf.clauses) - len(from_docx.clauses)) <= 0.05 * len(from_docx.clauses)
    assert from_pdf.document.kind == "pdf" and not from_pdf.document.warnings


def test_the_csa_pdf_recovers_word_numbering_headings_and_citations():
    from_pdf, from_docx = pdf_and_docx("commonpaper-csa-v2.0-2024-02-02")
    assert from_pdf.document.title == "Cloud Service Agreement"
    shape = [(c.number, c.heading, c.level) for c in from_pdf.clauses]
    assert shape == [(c.number, c.heading, c.level) for c in from_docx.clauses]
    cap = next(c for c in from_pdf.clauses if c.number == "8.1(a)")
    assert cap.text.startswith("Except as provided in Section 8.4 (Exceptions), each party’s total")


@pytest.mark.parametrize("name", FIXTURES)
def test_comparing_a_docx_with_its_own_pdf_finds_nothing_substantive(name):
    from_pdf, from_docx = pdf_and_docx(name)
    pairs = compare_clauses(from_docx.clauses, from_pdf.clauses)
    changed = [pair for pair in pairs if pair.kind != "unchanged"]
    assert not [pair for pair in changed if pair.substantive]
    assert len(changed) <= 2  # a hyphenated word broken over a line ("Third- Party" stays joined)


def test_counterdraft_clauses_and_import_accept_a_pdf(capsys, tmp_path):
    path = DATA / "pdf" / "commonpaper-csa-v2.0-2024-02-02.pdf"
    assert cli_main(["clauses", str(path), "--json"]) == 0
    clauses = json.loads(capsys.readouterr().out)["clauses"]
    assert len(clauses) == len(load_draft(DATA / "docx" / f"{path.stem}.docx").clauses)
    db = tmp_path / "deals.db"
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "them", str(path)]) == 0
    capsys.readouterr()
    docx = DATA / "docx" / f"{path.stem}.docx"
    assert cli_main(["compare", str(docx), str(path), "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert len(pairs) == len(clauses) and not any(pair["substantive"] for pair in pairs)


# ---- layout rules, on PDFs built line by line -----------------------------------------------


def read(pages: list[list[Text]]):
    """Return the Document of a PDF holding `pages`."""
    return read_draft("draft.pdf", pdf(pages))


def test_running_heads_and_page_numbers_go_and_a_paragraph_runs_over_the_page():
    head = Text("ACME CONFIDENTIAL - DRAFT", 72, 760, 9)
    first = [head, Text("Master Services Agreement", 72, 700, 16, True)]
    first += paragraph_lines("1.1 Payment. " + FEES + " Amounts in dispute are", 72, 660)
    second = [head] + paragraph_lines("excluded until the dispute is resolved.", 72, 700)
    doc = read([first + [Text("Page 1 of 2", 280, 40, 9)], second + [Text("Page 2 of 2", 280, 40, 9)]])
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Master Services Agreement" and doc.paragraphs[0].outline_level == 0
    assert texts[1].startswith("1.1 Payment. Customer will pay") and texts[1].endswith(
        "Amounts in dispute are excluded until the dispute is resolved.")
    assert len(texts) == 2 and not any("CONFIDENTIAL" in t or "Page" in t for t in texts)


def test_line_break_hyphens_go_only_where_the_document_spells_the_word_whole():
    lines = paragraph_lines("1. Indemnity. The indemnification below covers claims. Provider's indemnifi-", 72, 700)
    lines += paragraph_lines("cation duty is a third-", 72, 687)
    lines += paragraph_lines("party duty too.", 72, 674)
    [para] = read([lines]).paragraphs
    assert "Provider's indemnification duty is a third-party duty too." in para.text


def test_typed_numbers_start_paragraphs_and_nest_by_their_shape():
    lines = [Text("1. Fees", 72, 700, 11, True)]
    lines += paragraph_lines("1.1 Payment. " + FEES, 72, 684)
    lines += paragraph_lines("(a) Invoices are sent monthly;", 90, 645)
    lines += paragraph_lines("(b) Credits are applied first.", 90, 632)
    lines += paragraph_lines("1.2 Taxes. Customer pays taxes on the Fees, as described in (a) and", 72, 612)
    lines += paragraph_lines("(b) above, when due.", 72, 599)
    doc = read([lines])
    clauses = split_clauses(doc)
    assert [(c.number, c.heading) for c in clauses] == [
        ("1", "Fees"), ("1.1", "Payment"), ("1.1(a)", ""), ("1.1(b)", ""), ("1.2", "Taxes")]
    assert clauses[-1].text.endswith("as described in (a) and (b) above, when due.")


def test_the_same_number_at_deeper_indents_becomes_a_multilevel_list():
    lines, y = [], 720.0
    for section in (1, 2):
        lines.append(Text(f"{section}.", 72, y, 11))
        lines.append(Text(f"Heading {section}", 96, y, 11))
        y -= 16
        for item in (1, 2):
            lines.append(Text(f"{item}.", 96, y, 11))
            lines.append(Text(f"Item {section}-{item} text. The parties agree to it.", 120, y, 11))
            y -= 16
    doc = read([lines])
    assert [(p.label, p.num_level) for p in doc.paragraphs][:3] == [("1.", 0), ("1.", 1), ("2.", 1)]
    assert [c.number for c in split_clauses(doc)] == ["1", "1.1", "1.2", "2", "2.1", "2.2"]


def test_a_taller_gap_or_a_short_finished_line_ends_a_paragraph_and_an_indent_starts_one():
    lines = paragraph_lines("Background. " + FEES, 72, 700)  # three lines, pitch 13
    lines += paragraph_lines("The parties also agree.", 72, 640)  # a taller gap
    lines += paragraph_lines("Short line ends here.", 72, 627)  # after a short finished line
    lines += paragraph_lines(FEES, 72, 614, first_x=90)  # a first-line indent
    texts = [p.text for p in read([lines]).paragraphs]
    assert texts == ["Background. " + FEES, "The parties also agree.", "Short line ends here.", FEES]


def test_headings_are_told_by_size_and_weight():
    lines = [Text("Cloud Terms", 72, 720, 18, True), Text("Definitions", 72, 690, 14, True)]
    lines += paragraph_lines("“Fees” means the amounts in the Order Form.", 72, 670)
    lines += [Text("Payment Terms", 72, 640, 11, True)]
    lines += paragraph_lines(FEES, 72, 620)
    doc = read([lines])
    assert [(p.text, p.outline_level) for p in doc.paragraphs][:2] == [("Cloud Terms", 0), ("Definitions", 1)]
    payment = doc.paragraphs[3]
    assert payment.text == payment.bold_prefix == "Payment Terms" and payment.outline_level is None
    clauses = split_clauses(doc)
    assert [c.heading for c in clauses] == ["Cloud Terms", "Definitions", "Fees", "Payment Terms", ""]


def test_side_by_side_cells_are_table_paragraphs():
    row = [Text("A. Definitions", 72, 700), Text("Some basic terms, defined to help.", 306, 700)]
    row += [Text("B. Account Terms", 72, 680), Text("The basic requirements.", 306, 680)]
    doc = read([row + paragraph_lines(FEES, 72, 650)])
    assert [(p.text, p.in_table) for p in doc.paragraphs][:4] == [
        ("A. Definitions", True), ("Some basic terms, defined to help.", True),
        ("B. Account Terms", True), ("The basic requirements.", True)]
    assert not doc.paragraphs[-1].in_table
