"""Comparison exports: two vendors' papers in columns, two rounds as a redline, as .docx, .pdf and on a printer."""

from __future__ import annotations

import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

import docx
import pytest

from desktop.core.model import Cancelled
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.display.compare_rows import DraftInput, prepare_comparison
from desktop.display.document_redline import DELETED_INK, INSERTED_INK
from desktop.export.comparison import comparison_report, export_comparison
from desktop.export.files import ExportError
from tests.conftest import DATA

PLAYBOOK = load_playbook(default_playbook_path())
SAAS = DATA / "md" / "pairs" / "saas-cloud-terms"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"


def prepared(a: Path, b: Path):
    return prepare_comparison(DraftInput(a.name, path=a), DraftInput(b.name, path=b), PLAYBOOK,
                              lambda done, total: None, threading.Event())


@pytest.fixture(autouse=True)
def _application(qapp):
    """The PDF is drawn by Qt, which needs an application (pytest-qt's, not one of our own)."""
    return qapp


@pytest.fixture(scope="module")
def vendors():
    return prepared(SAAS / "commonpaper-csa-v2.md", SAAS / "bonterms-cloud-terms-v1.0.md")


@pytest.fixture(scope="module")
def rounds():
    return prepared(CSA_V1, CSA_V2)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)  # a font may set "fi" as one ligature glyph


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def a_topic_on_both_sides(report):
    return next(t for t in report.topics if t.a and t.b and t.words == "Same topic" and len(t.a.text[0][1]) > 80)


def test_two_vendors_papers_export_to_word_as_a_table_of_topics(vendors, tmp_path):
    report = comparison_report(vendors)
    assert report.by_topic and len(report.topics) == len(vendors.rows)
    out = export_comparison(report, tmp_path / "vendors.docx")
    document = docx.Document(str(out))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape: two columns of text
    (table,) = document.tables
    head = [cell.text for cell in table.rows[0].cells]
    assert head[0] == "Topic" and vendors.comparison.a in head[1] and vendors.comparison.b in head[2]
    assert len(table.rows) == len(report.topics) + 1
    topic = a_topic_on_both_sides(report)
    # A side read plain starts with its first clause's number and heading ("1.3  User Accounts. …").
    row = next(r for r in table.rows[1:] if words(r.cells[1].text).startswith(words(topic.a.title)))
    assert topic.words in row.cells[0].text
    for side, cell in ((topic.a, row.cells[1]), (topic.b, row.cells[2])):
        texts = [block.text for block in side.blocks] or ["".join(t for op, t in side.text if op in "=" + (
            "-" if side is topic.a else "+"))]
        assert all(words(text) in words(cell.text) for text in texts)
    only_b = next(i for i, t in enumerate(report.topics, start=1) if t.a is None)
    assert "Nothing in A on this topic" in table.rows[only_b].cells[1].text
    assert "Privileged & Confidential" in document.sections[0].header.paragraphs[0].text


def test_two_vendors_papers_export_to_pdf_in_columns(vendors, tmp_path):
    report = comparison_report(vendors)
    out = export_comparison(report, tmp_path / "vendors.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    topic = a_topic_on_both_sides(report)
    # Laid out as columns: A's clause and B's clause start on the same line of the page.
    line = next(line for line in text.splitlines() if topic.a.title in line)
    assert topic.b.title in line and line.index(topic.a.title) < line.index(topic.b.title)
    first_a = " ".join(topic.a.text[0][1].split()[:4])
    first_b = " ".join(next(t for op, t in topic.b.text if t.strip()).split()[:4])
    assert first_a in words(text) and first_b in words(text)
    assert "Page 1 of" in text and "Privileged & Confidential" in text


def test_two_rounds_export_as_a_redline(rounds, tmp_path):
    report = comparison_report(rounds, show_cosmetic=False)
    assert not report.by_topic and report.redline is not None
    out = export_comparison(report, tmp_path / "rounds.docx")
    document = docx.Document(str(out))
    struck = [r for p in document.paragraphs for r in p.runs if r.font.strike]
    underlined = [r for p in document.paragraphs for r in p.runs if r.font.underline]
    assert struck and underlined
    assert all(str(r.font.color.rgb) == DELETED_INK.lstrip("#").upper() for r in struck)
    assert all(str(r.font.color.rgb) == INSERTED_INK.lstrip("#").upper() for r in underlined)
    new = next(c for c in report.redline.clauses if c.note == "New" and c.clause.text)
    assert any(p.text == new.clause.text and all(r.font.underline for r in p.runs) for p in document.paragraphs)
    text = pdf_text(export_comparison(report, tmp_path / "rounds.pdf"))
    assert "Machine Learning" in text and "[Dropped]" in text and "[New]" in text
    assert " ".join(new.clause.text.split()[:6]) in words(text)


def test_a_clause_heading_never_ends_a_page_alone(rounds):
    from desktop.export.comparison.pdf import _HEADING, build_document, keep_headings, layout_device, page_size
    from desktop.qt import QSizeF

    report = comparison_report(rounds)
    paper = page_size(report)
    device = layout_device()
    document = build_document(report, paper.width() - 134, device)
    height = 700.3  # a page height that puts some heading at the foot of a page
    document.setPageSize(QSizeF(paper.width() - 134, height))
    keep_headings(document, height)
    layout, step = document.documentLayout(), round(height * 64) / 64
    block, checked = document.begin(), 0
    while block.isValid():
        if block.blockFormat().property(_HEADING):
            line = block.next().layout().lineAt(0)
            top = layout.blockBoundingRect(block.next()).top() + line.y()
            assert int(layout.blockBoundingRect(block).top() // step) == int(top // step), block.text()
            checked += 1
        block = block.next()
    assert checked > 20


def test_printing_paints_the_same_pages_on_a_printer(vendors, tmp_path):
    from desktop.export.comparison.pdf import paint_report, prepare_printer
    from desktop.qt import QPrinter

    report = comparison_report(vendors)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prepare_printer(report, printer)
    pages = paint_report(report, printer)
    assert pages > 3
    text = pdf_text(tmp_path / "printed.pdf")
    topic = a_topic_on_both_sides(report)
    assert topic.a.title in text and topic.b.title in text and f"Page {pages} of {pages}" in text


def test_an_export_is_atomic_and_refuses_an_unknown_suffix(rounds, tmp_path):
    report = comparison_report(rounds)
    with pytest.raises(ExportError):
        export_comparison(report, tmp_path / "rounds.txt")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_comparison(report, tmp_path / "rounds.pdf", cancel=cancel)
    assert list(tmp_path.iterdir()) == []
